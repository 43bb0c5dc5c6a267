// Worst-case contacts per window, by dynamic programming over (state, time
// left in the window). Time runs in units of the greatest common divisor of
// every constant delay, retry interval and the window, so the answer is exact
// for constant delays; events are chosen by an adversary, so they arrive at
// whatever instant makes the count largest.
//
// f(s, r): the most counted contacts a run makes from entering state s with
// r units of the window left. In state s the run makes its contacts at the
// offsets of its schedule, then leaves: by an event at any instant (best just
// after one of its contacts, or at once), by its earliest constant timer, or
// not at all. Leaving at once on an event costs no time, so those edges are
// solved within a layer in the order of their strongly connected components;
// a cycle of them through a state that contacts is unbounded.

#include "compiler/analysis/contact_bound.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>
#include <limits>
#include <numeric>
#include <set>

#include <fmt/format.h>

namespace cobro::analysis {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;

// A contact of the schedule: its offset in units and the action making it.
struct ScheduledContact {
  int64_t offset = 0;
  const ContactAction* action = nullptr;
  int64_t repeat = 0;  // 0 for the entry contact, k for the k-th retry.
};

struct Schedule {
  // Counted contacts at each offset, sorted by offset; only offsets the run
  // can reach (at or before the earliest constant timer).
  std::vector<std::pair<int64_t, int32_t>> offsets;
  std::vector<ScheduledContact> contacts;
  int64_t timer = kNever;       // Earliest constant timer, in units.
  int32_t timer_edge = -1;
  int32_t at_entry = 0;         // Counted contacts at offset 0.
  std::vector<int32_t> leave_edges;  // Events and computed timers: any time.
};

class Solver {
 public:
  Solver(const FlowGraph& graph, ChannelMask channels, int64_t window_ms, int64_t max_cells)
      : graph_(graph), channels_(channels), window_ms_(window_ms) {
    ChooseUnit(max_cells);
    BuildSchedules();
  }

  auto Solve() -> ContactBound {
    ContactBound result;
    result.unit_ms = unit_;
    reachable_ = Reachable();
    if (auto cycle = PositiveZeroCycle()) {
      result.unbounded = true;
      result.cycle = *cycle;
      result.trace = CycleTrace(*cycle);
      return result;
    }
    FillTable();
    // The window opens at its first counted contact: an entry contact, or a
    // retry of a state entered earlier.
    int64_t best = 0;
    int32_t best_state = -1;
    int64_t best_phase = 0;
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s]) continue;
      std::vector<int64_t> phases{0};
      for (const auto& [offset, count] : schedules_[s].offsets) {
        if (offset > 0 && count > 0) phases.push_back(offset);
      }
      for (int64_t phase : phases) {
        int64_t value = Evaluate(static_cast<int32_t>(s), phase, window_units_, nullptr);
        if (value > best) {
          best = value;
          best_state = static_cast<int32_t>(s);
          best_phase = phase;
        }
      }
    }
    result.max_contacts = best;
    if (best_state >= 0) result.trace = Reconstruct(best_state, best_phase);
    return result;
  }

 private:
  // The unit: the gcd of every constant duration, coarsened (rounding delays
  // down and the window up, which only adds contacts) if the table would be
  // too large.
  void ChooseUnit(int64_t max_cells) {
    int64_t unit = window_ms_;
    for (const Edge& edge : graph_.edges) {
      if (edge.kind == EdgeKind::Timer && edge.delay_ms > 0) unit = std::gcd(unit, edge.delay_ms);
    }
    for (const StateNode& state : graph_.states) {
      for (const ContactAction& contact : state.contacts) {
        if (contact.retry_count > 1 && contact.retry_interval_exact && contact.retry_interval_ms > 0) {
          unit = std::gcd(unit, contact.retry_interval_ms);
        }
      }
    }
    unit = std::max<int64_t>(unit, 1);
    auto states = static_cast<int64_t>(std::max<size_t>(graph_.states.size(), 1));
    while ((window_ms_ + unit - 1) / unit * states > max_cells) unit *= 2;
    unit_ = unit;
    window_units_ = (window_ms_ + unit - 1) / unit;
  }

  auto Units(int64_t milliseconds) const -> int64_t { return milliseconds / unit_; }

  auto Counted(const ContactAction& action) const -> bool {
    return (MaskOf(action.channel) & channels_) != 0;
  }

  void BuildSchedules() {
    schedules_.resize(graph_.states.size());
    for (size_t e = 0; e < graph_.edges.size(); ++e) {
      const Edge& edge = graph_.edges[e];
      Schedule& schedule = schedules_[edge.from];
      if (edge.kind == EdgeKind::Timer) {
        int64_t delay = Units(edge.delay_ms);
        if (delay < schedule.timer) {
          schedule.timer = delay;
          schedule.timer_edge = static_cast<int32_t>(e);
        }
      } else {
        // Events and computed timers may come at any instant (a computed
        // timer's lower bound is taken as 0, which only adds contacts).
        schedule.leave_edges.push_back(static_cast<int32_t>(e));
      }
    }
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      Schedule& schedule = schedules_[s];
      for (const ContactAction& action : graph_.states[s].contacts) {
        if (!Counted(action)) continue;
        int64_t interval = action.retry_interval_exact ? Units(action.retry_interval_ms) : 0;
        for (int64_t k = 0; k < action.retry_count; ++k) {
          int64_t offset = k * interval;
          // Contacts due at the timer's instant are made before it fires.
          if (offset > schedule.timer) break;
          schedule.contacts.push_back({offset, &action, k});
        }
      }
      std::stable_sort(schedule.contacts.begin(), schedule.contacts.end(),
                       [](const auto& a, const auto& b) { return a.offset < b.offset; });
      schedule.contacts = CompatibleAtEachOffset(schedule.contacts);
      for (const ScheduledContact& contact : schedule.contacts) {
        if (!schedule.offsets.empty() && schedule.offsets.back().first == contact.offset) {
          ++schedule.offsets.back().second;
        } else {
          schedule.offsets.push_back({contact.offset, 1});
        }
        if (contact.offset == 0) ++schedule.at_entry;
      }
    }
  }

  // At each instant, the largest set of contacts whose guards can all hold
  // together; actions with contradicting guards never go out together.
  static auto CompatibleAtEachOffset(const std::vector<ScheduledContact>& contacts)
      -> std::vector<ScheduledContact> {
    std::vector<ScheduledContact> kept;
    for (size_t begin = 0; begin < contacts.size();) {
      size_t end = begin;
      while (end < contacts.size() && contacts[end].offset == contacts[begin].offset) ++end;
      size_t count = end - begin;
      uint32_t best = (1u << std::min<size_t>(count, 31)) - 1;
      // Small groups (as in any real state) are searched exhaustively;
      // larger ones keep everything, which only adds contacts.
      if (count <= 12) {
        int best_size = -1;
        for (uint32_t subset = 0; subset < (1u << count); ++subset) {
          int size = __builtin_popcount(subset);
          if (size <= best_size) continue;
          bool compatible = true;
          for (size_t i = 0; i < count && compatible; ++i) {
            for (size_t k = i + 1; k < count && compatible; ++k) {
              if ((subset >> i & 1) && (subset >> k & 1) &&
                  Exclusive(*contacts[begin + i].action, *contacts[begin + k].action)) {
                compatible = false;
              }
            }
          }
          if (compatible) {
            best = subset;
            best_size = size;
          }
        }
      }
      for (size_t i = 0; i < count; ++i) {
        if (count > 12 || (best >> i & 1)) kept.push_back(contacts[begin + i]);
      }
      begin = end;
    }
    return kept;
  }

  auto Reachable() const -> std::vector<bool> {
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue(graph_.start_states.begin(), graph_.start_states.end());
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (seen[state]) continue;
      seen[state] = true;
      for (const Edge& edge : graph_.edges) {
        if (edge.from == state) queue.push_back(edge.to);
      }
    }
    return seen;
  }

  // Edges that can be taken without time passing: events at entry (unless a
  // zero timer fires first) and timers of zero delay.
  auto ZeroEdges() const -> std::vector<const Edge*> {
    std::vector<const Edge*> edges;
    for (const Edge& edge : graph_.edges) {
      if (!reachable_[edge.from]) continue;
      const Schedule& schedule = schedules_[edge.from];
      bool zero_timer = edge.kind == EdgeKind::Timer && Units(edge.delay_ms) == 0 &&
                        schedule.timer_edge >= 0 && &graph_.edges[schedule.timer_edge] == &edge;
      bool instant_event = edge.kind != EdgeKind::Timer && schedule.timer > 0;
      if (zero_timer || instant_event) edges.push_back(&edge);
    }
    return edges;
  }

  // Orders states so that zero-time successors come first, and returns a
  // cycle that contacts without time passing, if there is one.
  auto PositiveZeroCycle() -> std::optional<std::vector<int32_t>> {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph zero(graph_.states.size());
    zero_edges_ = ZeroEdges();
    std::vector<bool> self_loop(graph_.states.size(), false);
    for (const Edge* edge : zero_edges_) {
      boost::add_edge(edge->from, edge->to, zero);
      if (edge->from == edge->to) self_loop[edge->from] = true;
    }
    component_.assign(graph_.states.size(), 0);
    int components = boost::strong_components(
        zero, boost::make_iterator_property_map(component_.begin(),
                                                boost::get(boost::vertex_index, zero)));
    // Tarjan's algorithm numbers components sinks first.
    order_.resize(graph_.states.size());
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int32_t a, int32_t b) { return component_[a] < component_[b]; });
    std::vector<int> size(components, 0);
    for (int c : component_) ++size[c];
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s] || schedules_[s].at_entry == 0) continue;
      if (size[component_[s]] > 1 || self_loop[s]) return FindCycle(static_cast<int32_t>(s));
    }
    return std::nullopt;
  }

  // A zero-time cycle through `start`, within its component.
  auto FindCycle(int32_t start) const -> std::vector<int32_t> {
    std::vector<int32_t> parent(graph_.states.size(), -1);
    std::deque<int32_t> queue{start};
    std::vector<bool> seen(graph_.states.size(), false);
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      for (const Edge* edge : zero_edges_) {
        if (edge->from != state || component_[edge->to] != component_[start]) continue;
        if (edge->to == start) {
          std::vector<int32_t> cycle{start};
          for (int32_t at = state; at != start && at >= 0; at = parent[at]) {
            cycle.insert(cycle.begin() + 1, at);
          }
          return cycle;
        }
        if (!seen[edge->to]) {
          seen[edge->to] = true;
          parent[edge->to] = state;
          queue.push_back(edge->to);
        }
      }
    }
    return {start};
  }

  auto Table(int32_t state, int64_t left) const -> int64_t {
    if (left <= 0) return 0;
    return table_[static_cast<size_t>(left - 1) * graph_.states.size() + state];
  }

  // Counted contacts of `state` at offsets in [phase, limit] that fall within
  // `left` units of the window opened at `phase`.
  auto Gained(const Schedule& schedule, int64_t phase, int64_t limit, int64_t left) const
      -> int64_t {
    int64_t gained = 0;
    for (const auto& [offset, count] : schedule.offsets) {
      if (offset < phase) continue;
      if (offset > limit || offset - phase >= left) break;
      gained += count;
    }
    return gained;
  }

  // An option for leaving a state, for reconstruction.
  struct Choice {
    int32_t edge = -1;  // -1: stay until the window closes.
    int64_t leave = 0;  // Offset in the state at which it leaves.
  };

  // The most counted contacts from being in `state` at offset `phase` (units
  // since entering it) with `left` units of the window remaining. With
  // `choices`, lists every option and its value.
  auto Evaluate(int32_t state, int64_t phase, int64_t left,
                std::vector<std::pair<Choice, int64_t>>* choices) const -> int64_t {
    const Schedule& schedule = schedules_[state];
    int64_t best = 0;
    auto consider = [&](Choice choice, int64_t value) {
      if (choices != nullptr) choices->push_back({choice, value});
      best = std::max(best, value);
    };
    // Staying, then the earliest timer if it fires within the window.
    if (schedule.timer != kNever && schedule.timer - phase < left) {
      int64_t elapsed = schedule.timer - phase;
      consider(Choice{schedule.timer_edge, schedule.timer},
               Gained(schedule, phase, schedule.timer, left) +
                   Table(graph_.edges[schedule.timer_edge].to, left - elapsed));
    } else {
      consider(Choice{-1, kNever}, Gained(schedule, phase, kNever, left));
    }
    // Leaving on an event: at once, or just after one of the contacts.
    std::vector<int64_t> leaves{phase};
    for (const auto& [offset, count] : schedule.offsets) {
      if (offset > phase) leaves.push_back(offset);
    }
    for (int64_t leave : leaves) {
      if (leave >= schedule.timer || leave - phase >= left) break;
      int64_t gained = Gained(schedule, phase, leave, left);
      for (int32_t e : schedule.leave_edges) {
        consider(Choice{e, leave}, gained + Table(graph_.edges[e].to, left - (leave - phase)));
      }
    }
    return best;
  }

  void FillTable() {
    size_t states = graph_.states.size();
    table_.assign(static_cast<size_t>(window_units_) * states, 0);
    for (int64_t left = 1; left <= window_units_; ++left) {
      int64_t* layer = &table_[static_cast<size_t>(left - 1) * states];
      // Sinks of the zero-time graph first, so a state's zero-time
      // successors are final; a component is iterated to its fixpoint.
      size_t i = 0;
      while (i < order_.size()) {
        size_t end = i;
        while (end < order_.size() && component_[order_[end]] == component_[order_[i]]) ++end;
        for (size_t pass = 0; pass < end - i; ++pass) {
          bool changed = false;
          for (size_t k = i; k < end; ++k) {
            int32_t s = order_[k];
            if (!reachable_[s]) continue;
            int64_t value = Evaluate(s, 0, left, nullptr);
            if (value != layer[s]) {
              layer[s] = value;
              changed = true;
            }
          }
          if (!changed) break;
        }
        i = end;
      }
    }
  }

  auto ContactText(const ScheduledContact& contact) const -> std::string {
    if (contact.action->retry_count <= 1) return contact.action->what;
    return fmt::format("{} (attempt {} of {})", contact.action->what, contact.repeat + 1,
                       contact.action->retry_count);
  }

  // How to reach `state` from the start, fewest transitions first.
  auto PathTo(int32_t target) const -> std::vector<const Edge*> {
    std::vector<const Edge*> via(graph_.states.size(), nullptr);
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue;
    for (int32_t start : graph_.start_states) {
      if (!seen[start]) {
        seen[start] = true;
        queue.push_back(start);
      }
    }
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (state == target) break;
      for (const Edge& edge : graph_.edges) {
        if (edge.from == state && !seen[edge.to]) {
          seen[edge.to] = true;
          via[edge.to] = &edge;
          queue.push_back(edge.to);
        }
      }
    }
    std::vector<const Edge*> path;
    for (int32_t at = target; via[at] != nullptr; at = via[at]->from) path.insert(path.begin(), via[at]);
    return path;
  }

  void AppendPrefix(std::vector<TraceStep>& trace, int32_t state) const {
    std::vector<const Edge*> path = PathTo(state);
    int32_t first = path.empty() ? state : path.front()->from;
    trace.push_back({std::nullopt, fmt::format("the case starts in `{}`", graph_.states[first].name),
                     graph_.start_range});
    for (const Edge* edge : path) {
      trace.push_back({std::nullopt,
                       fmt::format("`{}` -> `{}` ({})", graph_.states[edge->from].name,
                                   graph_.states[edge->to].name, edge->label),
                       edge->range});
    }
  }

  auto Reconstruct(int32_t state, int64_t phase) const -> std::vector<TraceStep> {
    std::vector<TraceStep> trace;
    AppendPrefix(trace, state);
    int64_t left = window_units_;
    int64_t now = 0;  // Units since the window opened.
    if (phase > 0) {
      trace.push_back({std::nullopt,
                       fmt::format("the case stays in `{}` for {}", graph_.states[state].name,
                                   FormatOffset(phase * unit_)),
                       graph_.states[state].range});
    }
    std::set<int32_t> instant_visits;
    for (int guard = 0; guard < 100000 && left > 0; ++guard) {
      const Schedule& schedule = schedules_[state];
      std::vector<std::pair<Choice, int64_t>> choices;
      int64_t target = Evaluate(state, phase, left, &choices);
      // Prefer options that let time pass, so zero-time cycles of no
      // contacts are not walked forever.
      const Choice* chosen = nullptr;
      for (int round = 0; round < 2 && chosen == nullptr; ++round) {
        for (const auto& [choice, value] : choices) {
          if (value != target) continue;
          bool instant = choice.edge >= 0 && choice.leave == phase;
          if (round == 0 && instant) continue;
          if (instant && instant_visits.contains(graph_.edges[choice.edge].to)) continue;
          chosen = &choice;
          break;
        }
      }
      if (chosen == nullptr) break;
      for (const ScheduledContact& contact : schedule.contacts) {
        if (contact.offset < phase || contact.offset > chosen->leave ||
            contact.offset - phase >= left) {
          continue;
        }
        trace.push_back({(now + contact.offset - phase) * unit_,
                         fmt::format("`{}`: {}", graph_.states[state].name, ContactText(contact)),
                         contact.action->range});
      }
      if (chosen->edge < 0) break;
      const Edge& edge = graph_.edges[chosen->edge];
      int64_t elapsed = chosen->leave - phase;
      if (elapsed == 0) {
        instant_visits.insert(state);
      } else {
        instant_visits.clear();
      }
      now += elapsed;
      left -= elapsed;
      trace.push_back({now * unit_,
                       fmt::format("`{}` -> `{}` ({})", graph_.states[edge.from].name,
                                   graph_.states[edge.to].name, edge.label),
                       edge.range});
      state = edge.to;
      phase = 0;
    }
    return trace;
  }

  auto CycleTrace(const std::vector<int32_t>& cycle) const -> std::vector<TraceStep> {
    std::vector<TraceStep> trace;
    AppendPrefix(trace, cycle.front());
    for (size_t i = 0; i < cycle.size(); ++i) {
      int32_t state = cycle[i];
      int32_t next = cycle[(i + 1) % cycle.size()];
      for (const ScheduledContact& contact : schedules_[state].contacts) {
        if (contact.offset == 0) {
          trace.push_back({0, fmt::format("`{}`: {}", graph_.states[state].name, contact.action->what),
                           contact.action->range});
        }
      }
      for (const Edge* edge : zero_edges_) {
        if (edge->from == state && edge->to == next) {
          trace.push_back({0,
                           fmt::format("`{}` -> `{}` ({}, at once)", graph_.states[state].name,
                                       graph_.states[next].name, edge->label),
                           edge->range});
          break;
        }
      }
    }
    trace.push_back({0, "and round again, with no time passing", SourceRange{}});
    return trace;
  }

  const FlowGraph& graph_;
  ChannelMask channels_;
  int64_t window_ms_;
  int64_t unit_ = 1;
  int64_t window_units_ = 1;
  std::vector<Schedule> schedules_;
  std::vector<bool> reachable_;
  std::vector<const Edge*> zero_edges_;
  std::vector<int> component_;
  std::vector<int32_t> order_;
  std::vector<int64_t> table_;
};

}  // namespace

auto WorstCaseContacts(const FlowGraph& graph, ChannelMask channels, int64_t window_ms,
                       int64_t max_cells) -> ContactBound {
  if (graph.states.empty() || window_ms <= 0) return ContactBound{};
  return Solver(graph, channels, window_ms, max_cells).Solve();
}

}  // namespace cobro::analysis
