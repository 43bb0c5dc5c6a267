// Worst-case contacts per window on small hand-made graphs, where the answer
// can be worked out by hand.

#include "compiler/analysis/contact_bound.h"

#include <catch2/catch.hpp>

namespace cobro::analysis {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

// Builds graphs tersely: states with calls, and edges between them.
class GraphBuilder {
 public:
  auto State(const std::string& name, int64_t calls = 0, int64_t every = 0) -> int32_t {
    StateNode state;
    state.name = name;
    if (calls > 0) {
      ContactAction action;
      action.channel = Channel::Voice;
      action.what = "call voice";
      action.retry_count = calls;
      action.retry_interval_ms = every;
      state.contacts.push_back(action);
    }
    graph_.states.push_back(state);
    return static_cast<int32_t>(graph_.states.size() - 1);
  }
  void Event(int32_t from, int32_t to) { Add(from, to, EdgeKind::Event, 0); }
  void Timer(int32_t from, int32_t to, int64_t delay) { Add(from, to, EdgeKind::Timer, delay); }
  auto Build(int32_t start) -> FlowGraph {
    graph_.start_states = {start};
    return graph_;
  }

 private:
  void Add(int32_t from, int32_t to, EdgeKind kind, int64_t delay) {
    Edge edge;
    edge.from = from;
    edge.to = to;
    edge.kind = kind;
    edge.delay_ms = delay;
    edge.label = kind == EdgeKind::Timer ? "after" : "on event";
    graph_.edges.push_back(edge);
  }
  FlowGraph graph_;
};

auto Calls(const FlowGraph& graph, int64_t window) -> ContactBound {
  return WorstCaseContacts(graph, *ChannelMaskByName("call"), window);
}

TEST_CASE("retries within one state", "[analysis]") {
  GraphBuilder builder;
  int32_t s = builder.State("calls", 10, kDay);
  FlowGraph graph = builder.Build(s);
  CHECK(Calls(graph, 7 * kDay).max_contacts == 7);
  // Calls exactly a window apart are in different windows (half-open).
  GraphBuilder weekly;
  FlowGraph weekly_graph = weekly.Build(weekly.State("weekly", 3, 7 * kDay));
  CHECK(Calls(weekly_graph, 7 * kDay).max_contacts == 1);
  CHECK(Calls(weekly_graph, 7 * kDay + 1).max_contacts == 2);
}

TEST_CASE("other channels do not count", "[analysis]") {
  GraphBuilder builder;
  int32_t s = builder.State("calls", 3, kDay);
  FlowGraph graph = builder.Build(s);
  CHECK(WorstCaseContacts(graph, MaskOf(Channel::Email), 7 * kDay).max_contacts == 0);
}

TEST_CASE("a timer cuts retries short, keeping the one due at its instant", "[analysis]") {
  GraphBuilder builder;
  int32_t a = builder.State("a", 5, kDay);
  int32_t b = builder.State("b");
  builder.Timer(a, b, 2 * kDay);
  CHECK(Calls(builder.Build(a), 30 * kDay).max_contacts == 3);
}

TEST_CASE("an event can re-enter a state right after a timer", "[analysis]") {
  GraphBuilder builder;
  int32_t a = builder.State("a", 1);
  int32_t b = builder.State("b");
  builder.Timer(a, b, kDay);
  builder.Event(b, a);
  ContactBound bound = Calls(builder.Build(a), 7 * kDay);
  CHECK(bound.max_contacts == 7);
  CHECK_FALSE(bound.unbounded);
}

TEST_CASE("the window may open in the middle of a state", "[analysis]") {
  GraphBuilder builder;
  int32_t s = builder.State("daily", 10, kDay);
  int32_t t = builder.State("hourly", 5, kHour);
  builder.Timer(s, t, 9 * kDay + 5 * kHour);
  // Opening at the 4th daily call (day 3) catches days 3..9 and 5 hourly calls.
  ContactBound bound = Calls(builder.Build(s), 7 * kDay);
  CHECK(bound.max_contacts == 12);
  CHECK_FALSE(bound.trace.empty());
}

TEST_CASE("a zero-time cycle that contacts is unbounded", "[analysis]") {
  GraphBuilder builder;
  int32_t a = builder.State("a", 1);
  int32_t b = builder.State("b");
  builder.Event(a, b);
  builder.Event(b, a);
  ContactBound bound = Calls(builder.Build(a), 7 * kDay);
  CHECK(bound.unbounded);
  CHECK(bound.cycle.size() == 2);
}

TEST_CASE("a zero-time cycle without contacts is harmless", "[analysis]") {
  GraphBuilder builder;
  int32_t a = builder.State("a", 2, kDay);
  int32_t b = builder.State("b");
  int32_t c = builder.State("c");
  builder.Event(a, b);
  builder.Event(b, c);
  builder.Event(c, b);
  ContactBound bound = Calls(builder.Build(a), 7 * kDay);
  CHECK_FALSE(bound.unbounded);
  CHECK(bound.max_contacts == 2);
}

TEST_CASE("unreachable states do not count", "[analysis]") {
  GraphBuilder builder;
  int32_t a = builder.State("a");
  builder.State("orphan", 50, kHour);
  CHECK(Calls(builder.Build(a), 7 * kDay).max_contacts == 0);
}

TEST_CASE("coarsening stays sound", "[analysis]") {
  GraphBuilder builder;
  int32_t s = builder.State("calls", 100, 7 * 60'000);  // every 7 minutes
  FlowGraph graph = builder.Build(s);
  ContactBound exact = WorstCaseContacts(graph, *ChannelMaskByName("call"), kDay);
  ContactBound coarse = WorstCaseContacts(graph, *ChannelMaskByName("call"), kDay, 10);
  CHECK(exact.max_contacts == 100);
  CHECK(coarse.max_contacts >= exact.max_contacts);
}

}  // namespace
}  // namespace cobro::analysis
