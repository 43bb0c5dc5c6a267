// Soundness of the compliance analysis, checked against a reference
// simulator on random flows.
//
// Random flows are made two ways: as FlowGraph values directly, and as Cobro
// source run through the real pipeline (driver::LoadAndCheck and
// BuildFlowGraph). In both, the simulator runs the flow as the language
// reference describes it (docs/language.md §11): entry actions on entering a
// state, retries every D while the case stays, the earliest constant timer
// leaving the state, computed timers at any instant, events at random times
// taking the first handler whose pattern matches and whose guard holds. At
// equal times a state's due contacts go before its timer, and timers before
// events. Guards are drawn at random, but the atoms of a guard hold or fail
// together at one instant, so contradictory guards are never both true.
//
// Properties, for every random flow:
//  (a) the most contacts the simulator ever makes in a half-open window of
//      length W on a channel mask never exceeds WorstCaseContacts(...);
//  (b) the counterexample trace of WorstCaseContacts is a run of the flow:
//      every step is a real edge or contact at the time its state allows,
//      the counted contact steps equal max_contacts, and they span less than
//      the window; a zero-time cycle is a cycle of zero-time edges with a
//      contact;
//  (c) after a trigger (an opt-out, a dispute, a conversation, the flow's own
//      contact), the simulator never makes a forbidden contact sooner than
//      EarliestContactAfter says, nor any when it says there is none.
//
// Seeds are fixed; the test prints its counts. Every generator feature is
// on: the bugs they once exposed (choice timers with one branch ignored,
// coarse time units, triggers before the start, consent after an opt-out,
// spread-out computed retries, truncated traces, contacts with contradicting
// guards at one instant) are fixed, and the test fails if one comes back.
// Known limitations of the analysis are listed in docs/compliance.md.
//
//   soundness_test [graph-cases [source-cases]]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/analysis/contact_bound.h"
#include "compiler/analysis/flow_graph.h"
#include "compiler/analysis/forbid_after.h"
#include "compiler/analysis/policy_rules.h"
#include "compiler/ast/file.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/sema/program.h"

namespace cobro::analysis {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

// Generator features, each of which once exposed an analysis bug. All are
// on; the source generator turns `coarse` off (see RunSourceCases).
struct KnownBugs {
  bool choice_timer = true;    // `after D -> if c then a else b`: both branches.
  bool coarse = true;          // millisecond delays and small tables (inexact bounds), every other flow.
  bool before_start = true;    // a trigger that arrives before the case starts.
  bool consent = true;         // consent(ch) after opt_out(ch) re-enables guarded actions.
  bool computed_retry = true;  // `every <computed>` retries spread out, not all at entry.
};


// ---------------------------------------------------------------------------
// Events of the model. Event edges carry GlobalDecl{0, Ev}.
// ---------------------------------------------------------------------------

enum Ev : int32_t { kPayment, kOptOut, kTalk, kDispute, kVerify, kConsent, kAttempt, kEventCount };

constexpr const char* kEventNames[] = {"payment", "opt_out", "contact.conversation", "dispute",
                                       "verification_sent", "consent", "contact.attempt"};

auto Keyed(int32_t ev) -> bool { return ev == kOptOut || ev == kTalk || ev == kConsent || ev == kAttempt; }

const Channel kChannels[] = {Channel::Email, Channel::Sms,      Channel::Whatsapp,
                             Channel::Voice, Channel::Voicebot, Channel::Letter};
constexpr int kChannelsUsed = 6;

auto CallMask() -> ChannelMask { return MaskOf(Channel::Voice) | MaskOf(Channel::Voicebot); }
auto TextMask() -> ChannelMask { return MaskOf(Channel::Sms) | MaskOf(Channel::Whatsapp); }

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}
  auto Int(int64_t lo, int64_t hi) -> int64_t { return std::uniform_int_distribution<int64_t>(lo, hi)(engine_); }
  auto Chance(double p) -> bool { return std::bernoulli_distribution(p)(engine_); }
  template <class T>
  auto Pick(const std::vector<T>& values) -> const T& {
    return values[static_cast<size_t>(Int(0, static_cast<int64_t>(values.size()) - 1))];
  }
  auto Channel() -> cobro::Channel { return kChannels[Int(0, kChannelsUsed - 1)]; }
  auto Mask() -> ChannelMask {
    switch (Int(0, 4)) {
      case 0: return CallMask();
      case 1: return TextMask();
      case 2: return kAllChannels;
      default: {
        ChannelMask mask = 0;
        while (mask == 0) {
          for (cobro::Channel c : kChannels) {
            if (Chance(0.4)) mask |= MaskOf(c);
          }
        }
        return mask;
      }
    }
  }

 private:
  std::mt19937 engine_;
};

// ---------------------------------------------------------------------------
// The flow model: a FlowGraph plus what the source generator needs.
// ---------------------------------------------------------------------------

// Guard atoms, as source text when they hold and when they fail.
struct Atom {
  const char* holds;
  const char* fails;
};
const Atom kAtoms[] = {
    {"sms in d.optin", "sms not in d.optin"},
    {"d.dpd >= 30", "d.dpd < 30"},
    {"d.vip", "not d.vip"},
};
constexpr int kAtomCount = 3;

struct Model {
  FlowGraph graph;
  // Per edge: the source condition of the handler's guard (events) or of a
  // choice (the `then` branch is the first edge of the group).
  std::vector<std::string> choice_condition;
  // Edges of a choice share `priority`; the source generator needs to know
  // which edges form one handler.
};

const std::vector<int64_t> kDelays = {1 * kHour, 6 * kHour, 12 * kHour, 1 * kDay, 2 * kDay, 3 * kDay, 7 * kDay};

auto DurationText(int64_t ms) -> std::string {
  if (ms % kDay == 0) return std::to_string(ms / kDay) + "d";
  if (ms % kHour == 0) return std::to_string(ms / kHour) + "h";
  if (ms % kSecond == 0) return std::to_string(ms / kSecond) + "s";
  return std::to_string(ms) + "ms";
}

struct GenOptions {
  bool for_source = false;  // Only what the source generator can write.
  KnownBugs bugs;
};

auto RandomContact(Random& random, int state, int index, bool terminal, const GenOptions& options)
    -> ContactAction {
  ContactAction action;
  action.channel = random.Channel();
  action.what = "a" + std::to_string(state) + "_" + std::to_string(index);
  if (!terminal && random.Chance(0.5)) {
    action.retry_count = random.Int(2, 5);
    if (random.Chance(0.12)) {
      action.retry_interval_exact = false;
      action.retry_interval_ms = 0;
    } else {
      action.retry_interval_ms = random.Pick(kDelays);
      if (options.bugs.coarse && random.Chance(0.3)) action.retry_interval_ms = random.Int(1, 5000);
    }
  }
  if (random.Chance(0.4)) {
    action.guarded = true;
    int literals = static_cast<int>(random.Int(0, 2));
    std::set<int> used;
    for (int i = 0; i < literals; ++i) {
      int atom = static_cast<int>(random.Int(0, kAtomCount - 1));
      if (!used.insert(atom).second) continue;
      action.guard_literals.push_back({std::string("atom") + std::to_string(atom), random.Chance(0.5)});
    }
    if (random.Chance(0.4) || action.guard_literals.empty()) {
      action.skipped_after_opt_out = MaskOf(action.channel);
    }
  }
  return action;
}

auto RandomModel(Random& random, const GenOptions& options) -> Model {
  Model model;
  FlowGraph& graph = model.graph;
  graph.flow_name = "Random";
  int declared = static_cast<int>(random.Int(1, 6));
  for (int s = 0; s < declared; ++s) {
    StateNode state;
    state.name = "s" + std::to_string(s);
    state.terminal = s > 0 && random.Chance(0.12);
    int contacts = static_cast<int>(random.Int(0, state.terminal ? 1 : 3));
    for (int i = 0; i < contacts; ++i) state.contacts.push_back(RandomContact(random, s, i, state.terminal, options));
    graph.states.push_back(std::move(state));
  }
  graph.states.push_back(StateNode{"done", true, {}, {}});
  graph.states.push_back(StateNode{"hold", true, {}, {}});
  int count = static_cast<int>(graph.states.size());

  // A handler: one or two edges (a choice) with one priority.
  struct Handler {
    EdgeKind kind;
    int32_t event = 0;
    ChannelMask channels = kAllChannels;
    bool guarded = false;
    int64_t delay = 0;
    std::vector<int32_t> targets;
  };
  // Targets: often a terminal state, so not every flow loops at once.
  auto random_target = [&]() {
    return static_cast<int32_t>(random.Chance(0.3) ? random.Int(count - 2, count - 1) : random.Int(0, count - 1));
  };
  auto random_targets = [&](bool choice) {
    std::vector<int32_t> targets{random_target()};
    if (choice) {
      int32_t other = random_target();
      if (other != targets[0]) targets.push_back(other);
    }
    return targets;
  };
  std::vector<int32_t> event_pool = {kPayment, kOptOut, kTalk, kDispute, kVerify};
  if (options.bugs.consent) event_pool.push_back(kConsent);
  auto random_event_handler = [&]() {
    Handler handler;
    handler.kind = EdgeKind::Event;
    handler.event = random.Pick(event_pool);
    if (Keyed(handler.event) && random.Chance(0.5)) handler.channels = random.Mask();
    handler.guarded = random.Chance(0.3);
    handler.targets = random_targets(random.Chance(0.2));
    return handler;
  };
  std::vector<Handler> always;
  for (int i = static_cast<int>(random.Int(0, 2)); i > 0; --i) always.push_back(random_event_handler());

  for (int s = 0; s < declared; ++s) {
    if (graph.states[s].terminal) continue;
    std::vector<Handler> handlers = always;
    size_t from_always = always.size();
    for (int i = static_cast<int>(random.Int(0, 2)); i > 0; --i) handlers.push_back(random_event_handler());
    for (int i = static_cast<int>(random.Int(0, 2)); i > 0; --i) {
      Handler timer;
      timer.kind = EdgeKind::Timer;
      timer.delay = random.Chance(0.05) ? 0 : random.Pick(kDelays);
      if (options.bugs.coarse && random.Chance(0.3)) timer.delay = random.Int(1, 5000);
      timer.targets = random_targets(options.bugs.choice_timer && random.Chance(0.3));
      handlers.push_back(timer);
    }
    if (random.Chance(0.15)) {
      Handler dynamic;
      dynamic.kind = EdgeKind::DynamicTimer;
      dynamic.targets = random_targets(random.Chance(0.2));
      handlers.push_back(dynamic);
    }
    for (size_t h = 0; h < handlers.size(); ++h) {
      const Handler& handler = handlers[h];
      for (size_t b = 0; b < handler.targets.size(); ++b) {
        Edge edge;
        edge.from = s;
        edge.to = handler.targets[b];
        edge.kind = handler.kind;
        edge.delay_ms = handler.kind == EdgeKind::Timer ? handler.delay : 0;
        if (handler.kind == EdgeKind::Event) {
          edge.event = sema::GlobalDecl{0, handler.event};
          edge.event_name = kEventNames[handler.event];
          edge.channels = handler.channels;
          edge.guarded = handler.guarded;
          // A guard the analysis cannot decide (as BuildFlowGraph records it).
          if (handler.guarded) edge.conditions.push_back({ast::ExprId{}, true});
        }
        if (handler.targets.size() > 1) edge.conditions.push_back({ast::ExprId{}, b == 0});
        edge.from_always = h < from_always;
        edge.priority = static_cast<int32_t>(h);
        edge.label = "e" + std::to_string(graph.edges.size());
        graph.edges.push_back(std::move(edge));
      }
    }
  }
  graph.start_states = {0};
  if (declared > 1 && random.Chance(0.2)) graph.start_states.push_back(static_cast<int32_t>(random.Int(1, declared - 1)));
  // A start rule with a `when` may start the case after events it never sees.
  graph.start_guarded = options.bugs.before_start && random.Chance(0.5);
  if (graph.start_guarded && random.Chance(0.3)) graph.start_skipped_after_opt_out = MaskOf(random.Channel());
  MarkHandlersThatNeverRun(graph);
  return model;
}

// ---------------------------------------------------------------------------
// The reference simulator
// ---------------------------------------------------------------------------

struct Happening {
  int64_t time = 0;
  int64_t seq = 0;  // Order among happenings at one time.
  bool contact = false;
  Channel channel = Channel::Email;
  int32_t event = -1;  // For events.
};

struct SimOptions {
  int64_t span = 3 * kDay;           // Events arrive within this of the last instant.
  int max_steps = 200;
  std::vector<int32_t> events;       // The event types the environment sends.
  bool before_start = false;         // Send a few events before the case starts.
  bool consent = false;              // consent(ch) re-enables opted-out channels.
  bool computed_retry_random = true; // Computed retry intervals drawn at random (else 0).
  bool fine_times = false;           // Event times in milliseconds, not hours.
};

class Simulator {
 public:
  Simulator(const FlowGraph& graph, Random& random, const SimOptions& options)
      : graph_(graph), random_(random), options_(options) {
    edges_.resize(graph.states.size());
    for (size_t s = 0; s < graph.states.size(); ++s) edges_[s] = graph.EdgesFrom(static_cast<int32_t>(s));
  }

  auto Run() -> std::vector<Happening> {
    log_.clear();
    opted_ = 0;
    seq_ = 0;
    int64_t now = 0;
    if (options_.before_start && graph_.start_guarded) {
      for (int i = static_cast<int>(random_.Int(0, 2)); i > 0; --i) Deliver(now, random_.Pick(options_.events));
      now += random_.Int(0, 2) * kHour;
      // `start when not opted_out(ch)` waits for a consent.
      for (int i = 0; i < 4 && (opted_ & graph_.start_skipped_after_opt_out) != 0; ++i) {
        Deliver(now, random_.Pick(options_.events));
        now += random_.Int(0, 2) * kHour;
      }
      if ((opted_ & graph_.start_skipped_after_opt_out) != 0) return log_;
    }
    int32_t state = graph_.start_states[random_.Int(0, static_cast<int64_t>(graph_.start_states.size()) - 1)];
    for (int step = 0; step < options_.max_steps; ++step) {
      std::optional<std::pair<int32_t, int64_t>> next = Visit(state, now);
      if (!next) break;
      state = next->first;
      now = next->second;
    }
    return log_;
  }

 private:
  struct Due {
    int64_t time;
    size_t action;
    int64_t k;
  };

  // Picks one edge of the priority group starting at `edges[i]`.
  auto Branch(const std::vector<const Edge*>& edges, size_t i) -> const Edge* {
    size_t end = i;
    while (end < edges.size() && edges[end]->priority == edges[i]->priority) ++end;
    return edges[static_cast<size_t>(random_.Int(static_cast<int64_t>(i), static_cast<int64_t>(end) - 1))];
  }

  void Deliver(int64_t time, int32_t event) {
    Channel channel = random_.Channel();
    if (event == kOptOut) opted_ |= MaskOf(channel);
    if (event == kConsent && options_.consent) opted_ &= static_cast<ChannelMask>(~MaskOf(channel));
    Happening happening;
    happening.time = time;
    happening.seq = seq_++;
    happening.channel = channel;
    happening.event = event;
    log_.push_back(happening);
  }

  // Makes the contacts of one instant of a state, with one draw of the atoms.
  void MakeContacts(const StateNode& node, const std::vector<Due>& due, int64_t time) {
    bool atoms[kAtomCount];
    for (bool& atom : atoms) atom = random_.Chance(0.5);
    for (const Due& d : due) {
      const ContactAction& action = node.contacts[d.action];
      if (action.guarded) {
        bool holds = true;
        for (const auto& [key, sign] : action.guard_literals) {
          int atom = key.back() - '0';
          if (atoms[atom] != sign) holds = false;
        }
        if (action.guard_literals.empty() && random_.Chance(0.3)) holds = false;
        if ((action.skipped_after_opt_out & opted_) != 0) holds = false;
        // Guards may hide other conditions too.
        if (holds && random_.Chance(0.1)) holds = false;
        if (!holds) continue;
      }
      Happening happening;
      happening.time = time;
      happening.seq = seq_++;
      happening.contact = true;
      happening.channel = action.channel;
      log_.push_back(happening);
    }
  }

  // The case enters `state` at `entry`; returns the next state and when.
  auto Visit(int32_t state, int64_t entry) -> std::optional<std::pair<int32_t, int64_t>> {
    const StateNode& node = graph_.states[state];
    std::vector<Due> due;
    for (size_t a = 0; a < node.contacts.size(); ++a) {
      const ContactAction& action = node.contacts[a];
      // A terminal state ends the case after its entry actions.
      int64_t count = node.terminal ? 1 : action.retry_count;
      int64_t at = entry;
      for (int64_t k = 0; k < count; ++k) {
        due.push_back({at, a, k});
        // The engine evaluates a computed interval again at every attempt.
        int64_t interval = action.retry_interval_ms;
        if (!action.retry_interval_exact) {
          interval = options_.computed_retry_random
                         ? random_.Pick(std::vector<int64_t>{0, 0, 1, kHour, kDay, random_.Int(0, 3 * kDay / kHour) * kHour})
                         : 0;
        }
        at += interval;
      }
    }
    std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) { return a.time < b.time; });
    size_t next_due = 0;
    auto make_until = [&](int64_t limit) {
      while (next_due < due.size() && due[next_due].time <= limit) {
        size_t end = next_due;
        while (end < due.size() && due[end].time == due[next_due].time) ++end;
        MakeContacts(node, std::vector<Due>(due.begin() + static_cast<ptrdiff_t>(next_due),
                                            due.begin() + static_cast<ptrdiff_t>(end)),
                     due[next_due].time);
        next_due = end;
      }
    };
    if (node.terminal) {
      make_until(entry);
      return std::nullopt;
    }
    const std::vector<const Edge*>& edges = edges_[state];
    // The earliest constant timer (the first handler among equal delays), a
    // branch of it, and the computed timers at random delays.
    int64_t timer_time = kInf;
    const Edge* timer = nullptr;
    for (size_t i = 0; i < edges.size(); ++i) {
      if (edges[i]->kind != EdgeKind::Timer) continue;
      if (entry + edges[i]->delay_ms < timer_time) {
        timer_time = entry + edges[i]->delay_ms;
        timer = Branch(edges, i);
      }
    }
    for (size_t i = 0; i < edges.size(); ++i) {
      if (edges[i]->kind != EdgeKind::DynamicTimer) continue;
      if (i > 0 && edges[i - 1]->priority == edges[i]->priority) continue;
      int64_t delay = random_.Chance(0.4) ? 0 : random_.Int(0, 3 * kDay / kHour) * kHour;
      if (entry + delay < timer_time) {
        timer_time = entry + delay;
        timer = Branch(edges, i);
      }
    }
    int64_t now = entry;
    for (int events = 0; events < 50; ++events) {
      // The next event: none, at once, with a pending contact, or later.
      int64_t event_time = kInf;
      double roll = static_cast<double>(random_.Int(0, 999)) / 1000.0;
      if (options_.events.empty() || roll < 0.15) {
        event_time = kInf;
      } else if (roll < 0.45) {
        event_time = now;
      } else if (roll < 0.75 && next_due < due.size()) {
        event_time = due[static_cast<size_t>(random_.Int(static_cast<int64_t>(next_due),
                                                         static_cast<int64_t>(due.size()) - 1))]
                         .time;
      } else {
        int64_t step = options_.fine_times ? 1 : kHour;
        event_time = now + random_.Int(0, options_.span / step) * step;
      }
      // Timers due at or before the event fire first; contacts due at the
      // timer's instant or the event's are made before either.
      make_until(std::min(timer_time, event_time));
      if (timer_time == kInf && event_time == kInf) return std::nullopt;
      if (timer_time <= event_time) return std::pair{timer->to, timer_time};
      now = event_time;
      int32_t event = random_.Pick(options_.events);
      Deliver(now, event);
      const Happening& delivered = log_.back();
      for (size_t i = 0; i < edges.size();) {
        size_t end = i;
        while (end < edges.size() && edges[end]->priority == edges[i]->priority) ++end;
        const Edge& first = *edges[i];
        bool matches = first.kind == EdgeKind::Event && first.event.index == event &&
                       (first.channels & MaskOf(delivered.channel)) != 0;
        if (matches && (!first.guarded || random_.Chance(0.5))) return std::pair{Branch(edges, i)->to, now};
        i = end;
      }
      // Unhandled: recorded, and the case stays.
    }
    return std::nullopt;
  }

  const FlowGraph& graph_;
  Random& random_;
  SimOptions options_;
  std::vector<std::vector<const Edge*>> edges_;
  std::vector<Happening> log_;
  ChannelMask opted_ = 0;
  int64_t seq_ = 0;
};

// The most contacts on `mask` in any half-open window of `window` ms.
auto MaxInWindow(const std::vector<Happening>& log, ChannelMask mask, int64_t window) -> int64_t {
  std::vector<int64_t> times;
  for (const Happening& h : log) {
    if (h.contact && (MaskOf(h.channel) & mask) != 0) times.push_back(h.time);
  }
  int64_t best = 0;
  size_t j = 0;
  for (size_t i = 0; i < times.size(); ++i) {
    if (j < i) j = i;
    while (j < times.size() && times[j] - times[i] < window) ++j;
    best = std::max<int64_t>(best, static_cast<int64_t>(j - i));
  }
  return best;
}

// ---------------------------------------------------------------------------
// (b) Replaying a counterexample trace against the graph.
// ---------------------------------------------------------------------------

// Parses FormatOffset's `+1d2h3m4s5ms`.
auto ParseOffset(const std::string& text) -> std::optional<int64_t> {
  if (text.empty() || text[0] != '+') return std::nullopt;
  int64_t total = 0;
  size_t i = 1;
  while (i < text.size()) {
    size_t digits = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (digits == i) return std::nullopt;
    int64_t value = std::stoll(text.substr(digits, i - digits));
    std::string unit;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) unit += text[i++];
    if (unit == "d") total += value * kDay;
    else if (unit == "h") total += value * kHour;
    else if (unit == "m") total += value * 60 * kSecond;
    else if (unit == "s") total += value * kSecond;
    else if (unit == "ms") total += value;
    else return std::nullopt;
  }
  return total;
}

// `text` between the first pair of backquotes after `from`.
auto Quoted(const std::string& text, size_t& from) -> std::optional<std::string> {
  size_t open = text.find('`', from);
  if (open == std::string::npos) return std::nullopt;
  size_t close = text.find('`', open + 1);
  if (close == std::string::npos) return std::nullopt;
  from = close + 1;
  return text.substr(open + 1, close - open - 1);
}

class TraceChecker {
 public:
  explicit TraceChecker(const FlowGraph& graph) : graph_(graph) {
    for (size_t s = 0; s < graph.states.size(); ++s) index_[graph.states[s].name] = static_cast<int32_t>(s);
    for (size_t e = 0; e < graph.edges.size(); ++e) edge_by_label_[graph.edges[e].label] = static_cast<int32_t>(e);
  }

  // Returns an error message, or empty when the trace is a valid run.
  auto Check(const ContactBound& bound, ChannelMask mask, int64_t window) -> std::string {
    if (bound.unbounded) return CheckCycle(bound, mask);
    if (bound.max_contacts == 0) return bound.trace.empty() ? "" : "a trace for no contacts";
    if (bound.trace.empty()) return "no trace";
    int32_t state = -1;
    int64_t entry = 0;
    int64_t contacts = 0;
    int64_t last_time = std::numeric_limits<int64_t>::min();
    // Contacts made at one instant in one state visit, for guard checks.
    std::vector<const ContactAction*> instant;
    int64_t instant_time = -1;
    for (const TraceStep& step : bound.trace) {
      const std::string& text = step.text;
      if (!step.time_ms) {
        if (text.starts_with("the case starts in ")) {
          size_t at = 0;
          auto name = Quoted(text, at);
          if (!name || !index_.contains(*name)) return "bad start step: " + text;
          state = index_.at(*name);
          if (std::find(graph_.start_states.begin(), graph_.start_states.end(), state) == graph_.start_states.end()) {
            return "the trace starts in a state the start rule does not enter: " + text;
          }
          continue;
        }
        if (text.starts_with("the case stays in ")) {
          size_t at = 0;
          auto name = Quoted(text, at);
          size_t for_at = text.rfind(" for ");
          auto phase = for_at == std::string::npos ? std::nullopt : ParseOffset("+" + text.substr(for_at + 5));
          if (!name || index_[*name] != state || !phase) return "bad stay step: " + text;
          entry = -*phase;
          continue;
        }
        // A transition before the window: no time to check.
        std::string error = Transition(text, state, std::nullopt, entry);
        if (!error.empty()) return error;
        continue;
      }
      int64_t time = *step.time_ms;
      if (time < last_time) return "time goes back at: " + text;
      last_time = time;
      if (text.find(" -> ") != std::string::npos && text.starts_with("`") && text.find("`: ") == std::string::npos) {
        std::string error = Transition(text, state, time, entry);
        if (!error.empty()) return error;
        instant.clear();
        continue;
      }
      // A contact: "`s`: what (attempt k of n)".
      size_t at = 0;
      auto name = Quoted(text, at);
      if (!name || index_[*name] != state || text.compare(at, 2, ": ") != 0) return "bad contact step: " + text;
      std::string what = text.substr(at + 2);
      int64_t attempt = 1;
      size_t paren = what.find(" (attempt ");
      if (paren != std::string::npos) {
        attempt = std::stoll(what.substr(paren + 10));
        what = what.substr(0, paren);
      }
      const ContactAction* action = nullptr;
      for (const ContactAction& candidate : graph_.states[state].contacts) {
        if (candidate.what == what) action = &candidate;
      }
      if (action == nullptr) return "no such action: " + text;
      if ((MaskOf(action->channel) & mask) == 0) return "an uncounted contact in the trace: " + text;
      if (attempt < 1 || attempt > action->retry_count) return "no such attempt: " + text;
      int64_t offset = time - entry;
      // A retry at a computed interval may come any time in the stay.
      bool fixed = action->retry_interval_exact || attempt == 1;
      if (fixed ? offset != (attempt - 1) * action->retry_interval_ms : offset < 0) {
        return "contact at the wrong offset (" + std::to_string(offset) + " ms): " + text;
      }
      if (offset > EarliestTimer(state)) return "contact after the state's timer: " + text;
      if (time != instant_time) {
        instant.clear();
        instant_time = time;
      }
      for (const ContactAction* other : instant) {
        if (Exclusive(*other, *action)) return "two contacts with contradictory guards at once: " + text;
      }
      instant.push_back(action);
      if (time < 0 || time >= window) return "a contact outside the window: " + text;
      ++contacts;
    }
    if (contacts != bound.traced || (bound.exact && bound.traced != bound.max_contacts)) {
      return "the trace shows " + std::to_string(contacts) + " contacts, the bound says " +
             std::to_string(bound.max_contacts) + (bound.exact ? "" : " (inexact, traced " + std::to_string(bound.traced) + ")");
    }
    return "";
  }

 private:
  auto EarliestTimer(int32_t state) const -> int64_t {
    int64_t earliest = kInf;
    for (const Edge& edge : graph_.edges) {
      if (edge.from == state && edge.kind == EdgeKind::Timer) earliest = std::min(earliest, edge.delay_ms);
    }
    return earliest;
  }

  // The priority of the constant timer that fires: the first of the earliest.
  auto TimerPriority(int32_t state) const -> int32_t {
    int64_t earliest = kInf;
    int32_t priority = std::numeric_limits<int32_t>::max();
    for (const Edge* edge : graph_.EdgesFrom(state)) {
      if (edge->kind == EdgeKind::Timer && edge->delay_ms < earliest) {
        earliest = edge->delay_ms;
        priority = edge->priority;
      }
    }
    return priority;
  }

  // "`a` -> `b` (label...)": the edge exists and, with a time, fires then.
  auto Transition(const std::string& text, int32_t& state, std::optional<int64_t> time, int64_t& entry)
      -> std::string {
    size_t at = 0;
    auto from = Quoted(text, at);
    auto to = Quoted(text, at);
    size_t open = text.find('(', at);
    if (!from || !to || open == std::string::npos) return "bad transition step: " + text;
    std::string label = text.substr(open + 1);
    label = label.substr(0, label.find_first_of(",)"));
    if (!edge_by_label_.contains(label)) return "no edge labelled " + label + ": " + text;
    const Edge& edge = graph_.edges[edge_by_label_[label]];
    if (index_[*from] != state || edge.from != state || index_[*to] != edge.to) return "wrong edge: " + text;
    if (edge.never_fires) return "a handler that never runs: " + text;
    if (time) {
      int64_t elapsed = *time - entry;
      int64_t timer = EarliestTimer(state);
      if (edge.kind == EdgeKind::Timer && (elapsed != edge.delay_ms || edge.delay_ms != timer)) {
        return "a timer fires at the wrong time: " + text;
      }
      // A computed timer written before the constant one may fire with it.
      bool with_timer = edge.kind == EdgeKind::DynamicTimer && elapsed == timer && edge.priority < TimerPriority(state);
      if (edge.kind != EdgeKind::Timer && elapsed >= timer && !with_timer) {
        return "an event after the timer fired: " + text;
      }
      if (elapsed < 0) return "a transition before its state was entered: " + text;
      entry = *time;
    }
    state = edge.to;
    return "";
  }

  auto CheckCycle(const ContactBound& bound, ChannelMask mask) -> std::string {
    if (bound.cycle.empty()) return "an unbounded result without a cycle";
    bool contacts = false;
    for (size_t i = 0; i < bound.cycle.size(); ++i) {
      int32_t state = bound.cycle[i];
      int32_t next = bound.cycle[(i + 1) % bound.cycle.size()];
      for (const ContactAction& action : graph_.states[state].contacts) {
        if ((MaskOf(action.channel) & mask) != 0) contacts = true;
      }
      int64_t timer = EarliestTimer(state);
      bool zero = false;
      for (const Edge& edge : graph_.edges) {
        if (edge.from != state || edge.to != next) continue;
        if (edge.kind == EdgeKind::Timer ? (edge.delay_ms == 0 && timer == 0) : timer > 0) zero = true;
      }
      if (!zero) return "the cycle has no zero-time edge from " + graph_.states[state].name;
    }
    if (!contacts) return "the cycle makes no counted contact";
    if (bound.trace.empty() || bound.trace.back().text != "and round again, with no time passing") {
      return "the cycle trace does not end with the loop";
    }
    return "";
  }

  const FlowGraph& graph_;
  std::map<std::string, int32_t> index_;
  std::map<std::string, int32_t> edge_by_label_;
};

// ---------------------------------------------------------------------------
// (c) Forbid-after rules
// ---------------------------------------------------------------------------

struct RuleCase {
  std::string name;
  Trigger trigger;
  std::optional<Trigger> until;
  ForbiddenChannels forbidden;
};

auto MakeTrigger(int32_t event, ChannelMask channels) -> Trigger {
  Trigger trigger;
  trigger.event = sema::GlobalDecl{0, event};
  trigger.event_name = kEventNames[event];
  trigger.channels = channels;
  trigger.matches_own_contacts = event == kAttempt;
  return trigger;
}

auto RandomRule(Random& random) -> RuleCase {
  RuleCase rule;
  switch (random.Int(0, 4)) {
    case 0: {  // on opt_out(ch) forbid ch
      rule.name = "opt_out";
      rule.trigger = MakeTrigger(kOptOut, kAllChannels);
      rule.trigger.binding = "ch";
      rule.forbidden = [](Channel channel) { return MaskOf(channel); };
      break;
    }
    case 4: {  // on opt_out(ch) forbid ch until consent(ch)
      rule.name = "opt_out_until_consent";
      rule.trigger = MakeTrigger(kOptOut, kAllChannels);
      rule.trigger.binding = "ch";
      rule.until = MakeTrigger(kConsent, kAllChannels);
      rule.until->binding = "ch";
      rule.forbidden = [](Channel channel) { return MaskOf(channel); };
      break;
    }
    case 1: {  // on dispute forbid M [until verification_sent]
      rule.name = "dispute";
      rule.trigger = MakeTrigger(kDispute, kAllChannels);
      ChannelMask mask = random.Mask();
      rule.forbidden = [mask](Channel) { return mask; };
      if (random.Chance(0.5)) rule.until = MakeTrigger(kVerify, kAllChannels);
      break;
    }
    case 2: {  // after contact.conversation(M1) quiet M2
      rule.name = "quiet";
      rule.trigger = MakeTrigger(kTalk, random.Chance(0.5) ? CallMask() : random.Mask());
      ChannelMask mask = random.Chance(0.5) ? CallMask() : random.Mask();
      rule.forbidden = [mask](Channel) { return mask; };
      break;
    }
    default: {  // after contact.attempt(M) one channel
      rule.name = "one_channel";
      rule.trigger = MakeTrigger(kAttempt, random.Chance(0.5) ? kAllChannels : random.Mask());
      rule.forbidden = [](Channel channel) { return static_cast<ChannelMask>(kAllChannels & ~MaskOf(channel)); };
      break;
    }
  }
  return rule;
}

// The earliest forbidden contact after any trigger in a simulated run.
auto EarliestInRun(const std::vector<Happening>& log, const RuleCase& rule) -> std::optional<int64_t> {
  std::optional<int64_t> best;
  for (size_t i = 0; i < log.size(); ++i) {
    const Happening& trigger = log[i];
    bool is_trigger = rule.trigger.matches_own_contacts
                          ? trigger.contact && (MaskOf(trigger.channel) & rule.trigger.channels) != 0
                          : !trigger.contact && trigger.event == rule.trigger.event.index &&
                                (!Keyed(trigger.event) || (MaskOf(trigger.channel) & rule.trigger.channels) != 0);
    if (!is_trigger) continue;
    ChannelMask forbidden = rule.forbidden(trigger.channel);
    for (size_t k = i + 1; k < log.size(); ++k) {
      const Happening& next = log[k];
      // An `until` bound to the trigger's key ends only on the same channel.
      bool any_channel = !rule.until.has_value() || rule.until->binding.empty() || rule.until->binding != rule.trigger.binding;
      if (!next.contact && rule.until && next.event == rule.until->event.index &&
          (!Keyed(next.event) || (MaskOf(next.channel) & rule.until->channels) != 0) &&
          (any_channel || next.channel == trigger.channel)) {
        break;
      }
      if (next.contact && (MaskOf(next.channel) & forbidden) != 0) {
        int64_t delta = next.time - trigger.time;
        if (!best || delta < *best) best = delta;
        break;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// Random Cobro source for a model, through the real pipeline.
// ---------------------------------------------------------------------------

auto GuardText(const ContactAction& action) -> std::string {
  std::vector<std::string> parts;
  for (const auto& [key, sign] : action.guard_literals) {
    const Atom& atom = kAtoms[key.back() - '0'];
    parts.push_back(sign ? atom.holds : atom.fails);
  }
  if (action.skipped_after_opt_out != 0) {
    parts.push_back(std::string("not opted_out(") + std::string(ChannelName(action.channel)) + ")");
  }
  if (parts.empty()) parts.push_back("d.balance > 0.00");  // A guard of its own.
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : " and ") + part;
  return text;
}

auto TargetText(const FlowGraph& graph, const std::vector<const Edge*>& group) -> std::string {
  if (group.size() == 1) return graph.states[group[0]->to].name;
  return "if d.flag then " + graph.states[group[0]->to].name + " else " + graph.states[group[1]->to].name;
}

auto PatternText(const Edge& edge) -> std::string {
  std::string text = edge.event_name;
  if (Keyed(edge.event.index)) {
    std::string key = "ch";
    if (edge.channels == CallMask()) {
      key = "call";
    } else if (edge.channels == TextMask()) {
      key = "text";
    } else if (edge.channels != kAllChannels) {
      for (Channel c : kChannels) {
        if (edge.channels == MaskOf(c)) key = std::string(ChannelName(c));
      }
    }
    text += "(" + key + ")";
  }
  return text;
}

// Whether every keyed handler's channel filter can be written in source.
auto Writable(const Edge& edge) -> bool {
  if (edge.kind != EdgeKind::Event || !Keyed(edge.event.index)) return true;
  if (edge.channels == kAllChannels || edge.channels == CallMask() || edge.channels == TextMask()) return true;
  for (Channel c : kChannels) {
    if (edge.channels == MaskOf(c)) return true;
  }
  return false;
}

auto SourceOf(Model& model) -> std::string {
  FlowGraph& graph = model.graph;
  // Filters that cannot be written become "any channel" in the model too.
  for (Edge& edge : graph.edges) {
    if (!Writable(edge)) edge.channels = kAllChannels;
  }
  std::ostringstream out;
  out << "module gen.flow\n\nimport std.events\nimport std.scoring\n\n"
      << "profile D {\n  balance: money\n  dpd: int\n  vip: bool\n  flag: bool\n  optin: set<channel>\n"
      << "  wait: duration\n  due: date\n}\n\n"
      << "flow Random for d: D {\n  start ";
  if (graph.start_guarded) {
    out << "when d.dpd >= 1";
    if (graph.start_skipped_after_opt_out != 0) {
      for (Channel c : kChannels) {
        if (graph.start_skipped_after_opt_out == MaskOf(c)) out << " and not opted_out(" << ChannelName(c) << ")";
      }
    }
    out << " ";
  }
  out << "-> ";
  // Two start states: one start rule with a choice.
  if (graph.start_states.size() > 1) {
    out << "if d.flag then " << graph.states[graph.start_states[0]].name << " else "
        << graph.states[graph.start_states[1]].name;
  } else {
    out << graph.states[graph.start_states[0]].name;
  }
  out << "\n";
  size_t declared = graph.states.size() - 2;
  auto handler_groups = [&](int32_t s, bool from_always) {
    std::vector<std::vector<const Edge*>> groups;
    for (const Edge* edge : graph.EdgesFrom(s)) {
      if (edge->from_always != from_always) continue;
      if (!groups.empty() && groups.back()[0]->priority == edge->priority) {
        groups.back().push_back(edge);
      } else {
        groups.push_back({edge});
      }
    }
    return groups;
  };
  auto handler_text = [&](const std::vector<const Edge*>& group) {
    const Edge& edge = *group[0];
    std::string text;
    switch (edge.kind) {
      case EdgeKind::Event:
        text = "on " + PatternText(edge) + (edge.guarded ? " when d.dpd > 5" : "");
        break;
      case EdgeKind::Timer: text = "after " + DurationText(edge.delay_ms); break;
      case EdgeKind::DynamicTimer: text = "after d.due"; break;
    }
    return text + " -> " + TargetText(graph, group);
  };
  std::string always_text;
  for (size_t s = 0; s < declared; ++s) {
    const StateNode& state = graph.states[s];
    out << "  " << (state.terminal ? "terminal " : "") << "state " << state.name << " {\n";
    for (const ContactAction& action : state.contacts) {
      bool call = action.channel == Channel::Voice || action.channel == Channel::Voicebot;
      out << "    " << (call ? "call " : "send ") << ChannelName(action.channel) << " \"" << action.what << "\"";
      if (action.retry_count > 1) {
        out << " every " << (action.retry_interval_exact ? DurationText(action.retry_interval_ms) : "d.wait")
            << " up to " << action.retry_count;
      }
      if (action.guarded) out << " when " << GuardText(action);
      out << "\n";
    }
    if (!state.terminal) {
      for (const auto& group : handler_groups(static_cast<int32_t>(s), false)) out << "    " << handler_text(group) << "\n";
      if (always_text.empty()) {
        for (const auto& group : handler_groups(static_cast<int32_t>(s), true)) {
          always_text += "    " + handler_text(group) + "\n";
        }
      }
    }
    out << "  }\n";
  }
  if (!always_text.empty()) out << "  always {\n" << always_text << "  }\n";
  out << "}\n";
  return out.str();
}

// ---------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------

struct Stats {
  int64_t flows = 0;
  int64_t bound_checks = 0;
  int64_t unbounded = 0;
  int64_t simulated_runs = 0;
  int64_t tight = 0;         // Checks where some run reached the bound.
  int64_t traces = 0;
  int64_t rule_checks = 0;
  int64_t rule_none = 0;     // The analysis found no forbidden contact.
  int64_t rule_tight = 0;    // Some run reached the analysis's earliest time.
  int64_t failures = 0;
};

void Fail(Stats& stats, const std::string& what, const FlowGraph& graph, const std::string& source = "") {
  ++stats.failures;
  if (stats.failures > 20) return;
  std::fprintf(stderr, "FAILURE: %s\n", what.c_str());
  if (!source.empty()) {
    std::fprintf(stderr, "source:\n%s\n", source.c_str());
    return;
  }
  for (size_t s = 0; s < graph.states.size(); ++s) {
    const StateNode& state = graph.states[s];
    std::fprintf(stderr, "  state %zu %s%s\n", s, state.name.c_str(), state.terminal ? " (terminal)" : "");
    for (const ContactAction& a : state.contacts) {
      std::fprintf(stderr, "    %s %s x%lld every %lld%s%s%s\n", a.what.c_str(), std::string(ChannelName(a.channel)).c_str(),
                   static_cast<long long>(a.retry_count), static_cast<long long>(a.retry_interval_ms),
                   a.retry_interval_exact ? "" : " (computed)", a.guarded ? " guarded" : "",
                   a.skipped_after_opt_out ? " not-opted-out" : "");
    }
  }
  for (const Edge& e : graph.edges) {
    std::fprintf(stderr, "  %s: %d -> %d %s %s delay %lld prio %d ch %x%s\n", e.label.c_str(), e.from, e.to,
                 e.kind == EdgeKind::Event ? "event" : e.kind == EdgeKind::Timer ? "timer" : "computed",
                 e.event_name.c_str(), static_cast<long long>(e.delay_ms), e.priority, e.channels,
                 e.guarded ? " guarded" : "");
  }
  std::fprintf(stderr, "  start:");
  for (int32_t s : graph.start_states) std::fprintf(stderr, " %d", s);
  std::fprintf(stderr, "\n");
}

auto TraceText(const std::vector<TraceStep>& trace) -> std::string {
  std::string text;
  for (const TraceStep& step : trace) {
    text += "    " + (step.time_ms ? "at " + FormatOffset(*step.time_ms) + ": " : std::string()) + step.text + "\n";
  }
  return text;
}

const std::vector<int64_t> kWindows = {1 * kHour, 12 * kHour, 1 * kDay, 1 * kDay + kHour, 2 * kDay,
                                       7 * kDay,  7 * kDay + kHour, 30 * kDay};

// Checks (a), (b) and (c) on one flow. `analysed` is the graph the analysis
// sees (built by the pipeline in source mode), `model` the one simulated.
void CheckFlow(const FlowGraph& model, const FlowGraph& analysed, const ast::File& file,
               const std::vector<int32_t>& event_index, Random& random, const KnownBugs& bugs, Stats& stats,
               const std::string& source) {
  ++stats.flows;
  SimOptions sim;
  sim.events = {kPayment, kOptOut, kTalk, kDispute, kVerify};
  if (bugs.consent) sim.events.push_back(kConsent);
  sim.consent = bugs.consent;
  sim.before_start = bugs.before_start;
  // Computed retry intervals drawn at random, 0 among them.
  sim.computed_retry_random = bugs.computed_retry;
  sim.fine_times = bugs.coarse;
  Simulator simulator(model, random, sim);
  const int runs = 60;
  std::vector<std::vector<Happening>> logs;
  for (int r = 0; r < runs; ++r) logs.push_back(simulator.Run());
  stats.simulated_runs += runs;

  // (a) and (b)
  TraceChecker checker(analysed);
  for (int q = 0; q < 3; ++q) {
    ChannelMask mask = random.Mask();
    int64_t window = random.Chance(0.2) ? random.Int(1, 10 * 24) * kHour : random.Pick(kWindows);
    // Millisecond delays with the default table size make tables of millions
    // of cells; the `coarse` mode always forces a small table.
    int64_t max_cells = bugs.coarse ? random.Int(8, 20000) : 16'000'000;
    ContactBound bound = WorstCaseContacts(analysed, mask, window, max_cells);
    ++stats.bound_checks;
    if (bound.unbounded) ++stats.unbounded;
    int64_t observed = 0;
    for (const auto& log : logs) observed = std::max(observed, MaxInWindow(log, mask, window));
    if (!bound.unbounded && observed > bound.max_contacts) {
      Fail(stats,
           "(a) a run makes " + std::to_string(observed) + " contacts in a window of " + FormatOffset(window) +
               " on mask " + std::to_string(mask) + ", the analysis says at most " +
               std::to_string(bound.max_contacts) + (max_cells < 16'000'000 ? " (coarsened)" : ""),
           model, source);
    }
    if (!bound.unbounded && observed == bound.max_contacts) ++stats.tight;
    if (source.empty()) {
      ++stats.traces;
      std::string error = checker.Check(bound, mask, window);
      if (!error.empty()) {
        Fail(stats, "(b) window " + FormatOffset(window) + " mask " + std::to_string(mask) + ": " + error + "\n" +
                        TraceText(bound.trace),
             model, source);
      }
    }
  }

  // (c)
  for (int q = 0; q < 2; ++q) {
    RuleCase rule = RandomRule(random);
    SimOptions rule_sim = sim;
    // The trigger comes often.
    if (!rule.trigger.matches_own_contacts) {
      for (int i = 0; i < 3; ++i) rule_sim.events.push_back(rule.trigger.event.index);
    }
    // The analysis graph's events are the pipeline's; translate the trigger.
    RuleCase analysed_rule = rule;
    if (!event_index.empty()) {
      analysed_rule.trigger.event.index = event_index[rule.trigger.event.index];
      analysed_rule.trigger.event.module = event_index[kEventCount];
      if (analysed_rule.until) {
        analysed_rule.until->event.index = event_index[rule.until->event.index];
        analysed_rule.until->event.module = event_index[kEventCount];
      }
    }
    std::optional<ContactAfter> found =
        EarliestContactAfter(file, analysed, analysed_rule.trigger, analysed_rule.until, analysed_rule.forbidden)
            .Earliest();
    ++stats.rule_checks;
    if (!found) ++stats.rule_none;
    Simulator rule_simulator(model, random, rule_sim);
    std::optional<int64_t> earliest;
    for (int r = 0; r < runs; ++r) {
      auto log = rule_simulator.Run();
      auto in_run = EarliestInRun(log, rule);
      if (in_run && (!earliest || *in_run < *earliest)) earliest = in_run;
    }
    stats.simulated_runs += runs;
    if (earliest && (!found || *earliest < found->earliest_ms)) {
      Fail(stats,
           "(c) rule " + rule.name + ": a run makes a forbidden contact " + FormatOffset(*earliest) +
               " after the trigger; the analysis says " +
               (found ? "not before " + FormatOffset(found->earliest_ms) : std::string("never")),
           model, source);
    }
    if (earliest && found && *earliest == found->earliest_ms) ++stats.rule_tight;
  }
}

void RunGraphCases(int cases, const KnownBugs& bugs, Stats& stats) {
  ast::File empty_file;
  for (int c = 0; c < cases; ++c) {
    Random random(static_cast<uint32_t>(1000 + c));
    GenOptions options;
    options.bugs = bugs;
    // Every other flow has millisecond delays and small tables; the rest
    // hour-scale delays and exact bounds.
    options.bugs.coarse = bugs.coarse && c % 2 == 1;
    Model model = RandomModel(random, options);
    CheckFlow(model.graph, model.graph, empty_file, {}, random, options.bugs, stats, "");
  }
}

void RunSourceCases(int cases, const KnownBugs& bugs, Stats& stats) {
  int64_t rejected = 0;
  for (int c = 0; c < cases; ++c) {
    Random random(static_cast<uint32_t>(500000 + c));
    GenOptions options;
    options.for_source = true;
    options.bugs = bugs;
    options.bugs.coarse = false;
    Model model = RandomModel(random, options);
    std::string source = SourceOf(model);
    driver::MemoryFileSystem files;
    files.MapToDisk("stdlib/", std::string(COBRO_SOURCE_DIR) + "/stdlib/");
    files.Add("gen.cobro", source);
    driver::PipelineOptions pipeline;
    pipeline.stdlib_root = "stdlib";
    pipeline.roots = {"."};
    pipeline.analyze = false;
    driver::CheckResult result = driver::LoadAndCheck({"gen.cobro"}, pipeline, files);
    bool errors = false;
    for (const auto& diagnostic : result.diagnostics) errors |= diagnostic.severity == diag::Severity::Error;
    int32_t module = -1;
    for (size_t m = 0; m < result.program.modules.size(); ++m) {
      if (result.program.modules[m].is_input) module = static_cast<int32_t>(m);
    }
    if (errors || module < 0 || result.program.modules[module].ast.flows.size() != 1) {
      ++rejected;
      if (rejected <= 3) Fail(stats, "the generated source does not check", model.graph, source);
      continue;
    }
    FlowGraph built = BuildFlowGraph(result.program, module, 0);
    // The pipeline's event declarations, to translate the rules' triggers.
    std::vector<int32_t> event_index(kEventCount + 1, -1);
    for (size_t m = 0; m < result.program.modules.size(); ++m) {
      const auto& events = result.program.modules[m].ast.events;
      for (size_t e = 0; e < events.size(); ++e) {
        std::string name = events[e].name.Joined();
        for (int32_t k = 0; k < kEventCount; ++k) {
          if (name == kEventNames[k]) {
            event_index[k] = static_cast<int32_t>(e);
            event_index[kEventCount] = static_cast<int32_t>(m);
          }
        }
      }
    }
    // The built graph must have the model's shape.
    if (built.states.size() != model.graph.states.size() || built.edges.size() != model.graph.edges.size()) {
      Fail(stats,
           "BuildFlowGraph made " + std::to_string(built.states.size()) + " states and " +
               std::to_string(built.edges.size()) + " edges, the model has " +
               std::to_string(model.graph.states.size()) + " and " + std::to_string(model.graph.edges.size()),
           model.graph, source);
      continue;
    }
    CheckFlow(model.graph, built, result.program.modules[module].ast, event_index, random, options.bugs, stats,
              source);
  }
  if (rejected > 0) std::fprintf(stderr, "%lld generated sources did not check\n", static_cast<long long>(rejected));
}

}  // namespace
}  // namespace cobro::analysis

int main(int argc, char** argv) {
  using namespace cobro::analysis;
  int graph_cases = argc > 1 ? std::atoi(argv[1]) : 8000;
  int source_cases = argc > 2 ? std::atoi(argv[2]) : 1200;
  KnownBugs bugs;
  Stats graph_stats;
  Stats source_stats;
  auto begin = std::chrono::steady_clock::now();
  RunGraphCases(graph_cases, bugs, graph_stats);
  auto middle = std::chrono::steady_clock::now();
  RunSourceCases(source_cases, bugs, source_stats);
  auto end = std::chrono::steady_clock::now();
  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  for (const auto& [name, stats, time] : {std::tuple{"graphs", graph_stats, seconds(begin, middle)},
                                          std::tuple{"sources", source_stats, seconds(middle, end)}}) {
    std::printf(
        "%s: %lld flows, %lld simulated runs, %lld bound checks (%lld unbounded, %lld reached by a run), "
        "%lld traces replayed, %lld forbid-after checks (%lld with no forbidden contact, %lld reached by a run), "
        "%lld failures, %.1f s\n",
        name, static_cast<long long>(stats.flows), static_cast<long long>(stats.simulated_runs),
        static_cast<long long>(stats.bound_checks), static_cast<long long>(stats.unbounded),
        static_cast<long long>(stats.tight), static_cast<long long>(stats.traces),
        static_cast<long long>(stats.rule_checks), static_cast<long long>(stats.rule_none),
        static_cast<long long>(stats.rule_tight), static_cast<long long>(stats.failures), time);
  }
  return graph_stats.failures + source_stats.failures == 0 ? 0 : 1;
}
