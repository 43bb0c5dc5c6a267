// Worst-case contacts per window, counted the other way round: for k = 1,
// 2, ... the shortest time in which a run can make k counted contacts,
// starting from any counted contact. The largest k that fits in the window
// is the answer. Times are exact milliseconds, so no time step is chosen and
// nothing is rounded; the work grows with the answer, not with the window's
// length over its smallest delay (a 30-day window and a 1-second timer cost
// what a 7-day window and a 1-day timer cost).
//
// g(s, k): the least time from entering state s until the k-th counted
// contact, the contacts at entry counting from time 0. In s the run makes
// its contacts at their offsets, computed-interval retries wherever is worst
// (all at once, at any instant of the stay; a retry whose guard contradicts
// the contacts of an instant 1 ms later, see Burst), then leaves: on an
// event or a computed timer at once or just after any of its contacts, or
// on its timer (any branch of a choice). A way out after j >= 1 contacts
// costs its offset plus g(next, k - j), from an earlier layer; one before
// any contact stays in layer k, and those are solved by Dijkstra's
// algorithm, since they only add time. A zero-time cycle through a state
// that contacts is unbounded and is looked for first.

#include "compiler/analysis/contact_bound.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <queue>
#include <tuple>

#include <fmt/format.h>

#include "compiler/analysis/schedule.h"
#include "compiler/base/check.h"

namespace cobro::analysis {

namespace {

constexpr int64_t kNever = kNoTimer;

// The contacts a state can make in a burst starting at one instant: the
// fixed attempts due then (at most one group of compatible guards) and the
// floating retries, each action's at one instant. Guards are evaluated
// afresh at every instant, so retries whose guards contradict the contacts
// at the first instant go 1 ms later, and later still if they contradict
// each other too.
struct Burst {
  // best[j]: the most contacts made within j ms of the first instant.
  std::vector<int64_t> best;
  // placements[j]: which contacts, as (ms after the first instant, attempt),
  // in time order.
  std::vector<std::vector<std::pair<int64_t, ScheduledContact>>> placements;
};

// The contacts of one state that a rule counts.
struct Counted {
  // Fixed attempts, at most one group of compatible guards per instant.
  std::vector<ScheduledContact> contacts;
  std::vector<int64_t> instants;  // Distinct offsets of `contacts`, ascending.
  std::vector<int64_t> before;    // before[i]: attempts at instants[0..i).
  std::vector<ScheduledContact> floating;
  // Every fixed attempt on the counted channels, before guards are compared.
  std::vector<ScheduledContact> raw;
  // Per phase (see Phases): the contacts one burst from that instant makes.
  std::map<int64_t, Burst> bursts;
};

// A way to go on from a position in a state, and how soon it reaches the
// k-th contact.
struct Option {
  const Edge* edge = nullptr;  // Null: stay, making the contacts still due.
  int64_t leave = 0;           // The offset it leaves at.
  int64_t gained = 0;          // Counted contacts made in the state first.
  int64_t time = kNever;       // From the position to the k-th contact.
};

// Searched exhaustively up to these sizes (any real state is far smaller);
// past them every contact counts at the first instant, which only adds
// contacts (sound, but the trace may then combine contradicting guards).
constexpr size_t kMaxBurstFixed = 12;
constexpr size_t kMaxBurstGroups = 5;

// The burst from an instant with the fixed attempts `fixed` due then and the
// floating retries `floating` (grouped by action, in order).
auto MakeBurst(const std::vector<ScheduledContact>& fixed, const std::vector<ScheduledContact>& floating) -> Burst {
  std::vector<std::vector<ScheduledContact>> groups;
  for (const ScheduledContact& contact : floating) {
    if (groups.empty() || groups.back().front().action != contact.action) groups.emplace_back();
    groups.back().push_back(contact);
  }
  Burst burst;
  if (fixed.size() > kMaxBurstFixed || groups.size() > kMaxBurstGroups) {
    std::vector<std::pair<int64_t, ScheduledContact>> all;
    for (const ScheduledContact& contact : fixed) all.push_back({0, contact});
    for (const ScheduledContact& contact : floating) all.push_back({0, contact});
    burst.best.push_back(static_cast<int64_t>(all.size()));
    burst.placements.push_back(std::move(all));
    return burst;
  }
  // The subsets of `fixed` whose guards can hold together.
  std::vector<uint32_t> compatible;
  for (uint32_t subset = 0; subset < (1u << fixed.size()); ++subset) {
    bool ok = true;
    for (size_t i = 0; i < fixed.size() && ok; ++i) {
      for (size_t k = i + 1; k < fixed.size() && ok; ++k) {
        if ((subset >> i & 1) && (subset >> k & 1) && Exclusive(*fixed[i].action, *fixed[k].action)) ok = false;
      }
    }
    if (ok) compatible.push_back(subset);
  }
  size_t count = groups.size();
  // j ms allow j + 1 instants; with one instant per group every group fits.
  for (size_t j = 0; j <= count; ++j) {
    int64_t best = -1;
    std::vector<std::pair<int64_t, ScheduledContact>> placement;
    // slot[g]: the instant of group g, or -1 when it is left out.
    std::vector<int64_t> slot(count, -1);
    auto slots = static_cast<int64_t>(j) + 1;
    for (;;) {
      bool ok = true;
      for (size_t g = 0; g < count && ok; ++g) {
        for (size_t h = g + 1; h < count && ok; ++h) {
          if (slot[g] >= 0 && slot[g] == slot[h] && Exclusive(*groups[g][0].action, *groups[h][0].action)) ok = false;
        }
      }
      if (ok) {
        int64_t weight = 0;
        for (size_t g = 0; g < count; ++g) {
          if (slot[g] >= 0) weight += static_cast<int64_t>(groups[g].size());
        }
        // The largest subset of the fixed attempts the first instant's
        // groups leave possible.
        int best_fixed = -1;
        uint32_t chosen = 0;
        for (uint32_t subset : compatible) {
          int size = __builtin_popcount(subset);
          if (size <= best_fixed) continue;
          bool fits = true;
          for (size_t i = 0; i < fixed.size() && fits; ++i) {
            if (!(subset >> i & 1)) continue;
            for (size_t g = 0; g < count && fits; ++g) {
              if (slot[g] == 0 && Exclusive(*fixed[i].action, *groups[g][0].action)) fits = false;
            }
          }
          if (fits) {
            best_fixed = size;
            chosen = subset;
          }
        }
        weight += best_fixed;
        if (weight > best) {
          best = weight;
          placement.clear();
          for (int64_t instant = 0; instant < slots; ++instant) {
            if (instant == 0) {
              for (size_t i = 0; i < fixed.size(); ++i) {
                if (chosen >> i & 1) placement.push_back({0, fixed[i]});
              }
            }
            for (size_t g = 0; g < count; ++g) {
              if (slot[g] != instant) continue;
              for (const ScheduledContact& contact : groups[g]) placement.push_back({instant, contact});
            }
          }
        }
      }
      // The next assignment of groups to slots.
      size_t g = 0;
      while (g < count && slot[g] == slots - 1) slot[g++] = -1;
      if (g == count) break;
      ++slot[g];
    }
    burst.best.push_back(best);
    burst.placements.push_back(std::move(placement));
  }
  return burst;
}

class Solver {
 public:
  Solver(const FlowGraph& graph, ChannelMask channels, int64_t window_ms, int64_t max_cells)
      : graph_(graph), schedules_(BuildSchedules(graph)), window_ms_(window_ms) {
    size_t states = std::max<size_t>(graph.states.size(), 1);
    max_layers_ = std::max<int64_t>(1, std::min<int64_t>(kMaxLayers, max_cells / static_cast<int64_t>(states)));
    counted_.resize(graph.states.size());
    for (size_t s = 0; s < graph.states.size(); ++s) Count(static_cast<int32_t>(s), channels);
    for (size_t s = 0; s < graph.states.size(); ++s) MakeBursts(static_cast<int32_t>(s));
  }

  auto Solve() -> ContactBound {
    ContactBound result;
    result.unit_ms = Unit();
    reachable_ = Reachable();
    if (auto cycle = PositiveZeroCycle()) {
      result.unbounded = true;
      result.cycle = *cycle;
      result.trace = CycleTrace(*cycle);
      return result;
    }
    SameLayerEdges();
    layers_.push_back(std::vector<int64_t>(graph_.states.size(), 0));
    ranks_.push_back(std::vector<int32_t>(graph_.states.size(), 0));
    for (int64_t k = 1;; ++k) {
      FillLayer(k);
      auto [time, state, phase] = BestStart(k);
      if (time >= window_ms_) {
        result.max_contacts = k - 1;
        result.traced = k - 1;
        if (k > 1) result.trace = Reconstruct(best_state_, best_phase_, k - 1);
        return result;
      }
      best_state_ = state;
      best_phase_ = phase;
      // Out of layers: k contacts fit in less than `time`, so every window
      // holds fewer than k per `time` it spans, rounded up. Past the largest
      // number of contacts at one instant `time` is positive.
      if (k >= max_layers_ && time > 0) {
        result.max_contacts = k * ((window_ms_ - 1) / time + 1) - 1;
        result.exact = false;
        result.traced = k;
        result.trace = Reconstruct(state, phase, k);
        return result;
      }
    }
  }

 private:
  static constexpr int64_t kMaxLayers = 10'000;

  void Count(int32_t state, ChannelMask channels) {
    const StateSchedule& schedule = schedules_[state];
    Counted& counted = counted_[state];
    std::vector<ScheduledContact> fixed;
    for (const ScheduledContact& contact : schedule.contacts) {
      if ((MaskOf(contact.action->channel) & channels) != 0) fixed.push_back(contact);
    }
    counted.contacts = CompatibleAtEachOffset(fixed);
    counted.raw = fixed;
    for (const ScheduledContact& contact : schedule.floating) {
      if ((MaskOf(contact.action->channel) & channels) != 0) counted.floating.push_back(contact);
    }
    for (const ScheduledContact& contact : counted.contacts) {
      if (counted.instants.empty() || counted.instants.back() != contact.offset) {
        counted.instants.push_back(contact.offset);
        counted.before.push_back(static_cast<int64_t>(&contact - counted.contacts.data()));
      }
    }
    counted.before.push_back(static_cast<int64_t>(counted.contacts.size()));
  }

  // The bursts from every phase of `state`.
  void MakeBursts(int32_t state) {
    Counted& counted = counted_[state];
    for (int64_t phase : Phases(state)) {
      std::vector<ScheduledContact> fixed;
      for (const ScheduledContact& contact : counted.raw) {
        if (contact.offset == phase) fixed.push_back(contact);
      }
      counted.bursts.emplace(phase, MakeBurst(fixed, counted.floating));
    }
  }

  auto BurstAt(int32_t state, int64_t phase) const -> const Burst& {
    auto found = counted_[state].bursts.find(phase);
    COBRO_CHECK(found != counted_[state].bursts.end());
    return found->second;
  }

  // The least j such that a burst from `phase` makes k contacts within j ms
  // while the case stays, before the next fixed instant; none when a burst
  // cannot.
  auto BurstSpan(int32_t state, int64_t phase, int64_t k) const -> std::optional<int64_t> {
    const Burst& burst = BurstAt(state, phase);
    int64_t limit = std::min(schedules_[state].timer_ms - phase, NextInstant(state, phase) - phase - 1);
    for (size_t j = 0; j < burst.best.size() && static_cast<int64_t>(j) <= limit; ++j) {
      if (burst.best[j] >= k) return static_cast<int64_t>(j);
    }
    return std::nullopt;
  }

  // The first fixed instant after `phase`, or kNever.
  auto NextInstant(int32_t state, int64_t phase) const -> int64_t {
    const std::vector<int64_t>& instants = counted_[state].instants;
    auto next = std::upper_bound(instants.begin(), instants.end(), phase);
    return next == instants.end() ? kNever : *next;
  }

  // At each instant, the largest set of contacts whose guards can all hold
  // together; actions with contradicting guards never go out together.
  // Floating retries are kept apart: they may go out at another instant.
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

  // The greatest common divisor of the window and every constant duration:
  // every instant that matters is a multiple of it. Reported, not used.
  auto Unit() const -> int64_t {
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
    return std::max<int64_t>(unit, 1);
  }

  auto Reachable() const -> std::vector<bool> {
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue(graph_.start_states.begin(), graph_.start_states.end());
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (seen[state]) continue;
      seen[state] = true;
      for (const Edge* edge : schedules_[state].edges) queue.push_back(edge->to);
    }
    return seen;
  }

  // Counted contacts made from offset `from` through offset `to`, the
  // floating retries included: at one instant, the burst's first instant;
  // over a longer stay, each action's wherever its guard holds.
  auto Gained(int32_t state, int64_t from, int64_t to) const -> int64_t {
    if (from == to) return BurstAt(state, from).best[0];
    const Counted& counted = counted_[state];
    auto first = std::lower_bound(counted.instants.begin(), counted.instants.end(), from);
    auto last = std::upper_bound(counted.instants.begin(), counted.instants.end(), to);
    int64_t fixed = counted.before[last - counted.instants.begin()] - counted.before[first - counted.instants.begin()];
    return fixed + static_cast<int64_t>(counted.floating.size());
  }

  auto ContactsAtEntry(int32_t state) const -> bool { return Gained(state, 0, 0) > 0; }

  // Edges that can be taken without time passing: events and computed
  // timers at entry (unless a zero timer fires first), timers of zero delay.
  auto ZeroEdges() const -> std::vector<const Edge*> {
    std::vector<const Edge*> edges;
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s]) continue;
      const StateSchedule& schedule = schedules_[s];
      if (schedule.timer_ms == 0) {
        edges.insert(edges.end(), schedule.timer_edges.begin(), schedule.timer_edges.end());
        edges.insert(edges.end(), schedule.at_timer_edges.begin(), schedule.at_timer_edges.end());
      } else {
        edges.insert(edges.end(), schedule.any_time_edges.begin(), schedule.any_time_edges.end());
      }
    }
    return edges;
  }

  // Returns a cycle that contacts without time passing, if there is one.
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
        zero, boost::make_iterator_property_map(component_.begin(), boost::get(boost::vertex_index, zero)));
    std::vector<int> size(components, 0);
    for (int c : component_) ++size[c];
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      auto state = static_cast<int32_t>(s);
      if (!reachable_[s] || !ContactsAtEntry(state)) continue;
      if (size[component_[s]] > 1 || self_loop[s]) return FindCycle(state);
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
          for (int32_t at = state; at != start && at >= 0; at = parent[at]) cycle.insert(cycle.begin() + 1, at);
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

  // The ways out of a state entered at time 0 that make no counted contact
  // first, as (predecessor, delay) lists per target: they keep k.
  void SameLayerEdges() {
    same_layer_into_.assign(graph_.states.size(), {});
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s]) continue;
      auto state = static_cast<int32_t>(s);
      const StateSchedule& schedule = schedules_[s];
      if (schedule.timer_ms > 0 && Gained(state, 0, 0) == 0) {
        for (const Edge* edge : schedule.any_time_edges) same_layer_into_[edge->to].push_back({state, 0});
      }
      if (schedule.timer_ms != kNever && Gained(state, 0, schedule.timer_ms) == 0) {
        for (const auto* edges : {&schedule.timer_edges, &schedule.at_timer_edges}) {
          for (const Edge* edge : *edges) same_layer_into_[edge->to].push_back({state, schedule.timer_ms});
        }
      }
    }
  }

  // g(state, k), from the layers computed so far.
  auto Layer(int32_t state, int64_t k) const -> int64_t {
    if (k <= 0) return 0;
    if (static_cast<size_t>(k) >= layers_.size()) return kNever;
    return layers_[k][state];
  }

  // Calls visit(option) for every way on from `phase` (an offset in `state`,
  // where the contacts still due are counted from) to the k-th contact, in a
  // fixed order: staying, the timer's branches, then each leaving point with
  // each edge. Options that need a layer not computed yet get kNever.
  template <class Visit>
  void ForEachOption(int32_t state, int64_t phase, int64_t k, Visit visit) const {
    const StateSchedule& schedule = schedules_[state];
    const Counted& counted = counted_[state];
    int64_t timer = schedule.timer_ms;
    auto go_on = [&](const Edge* edge, int64_t leave, int64_t gained) {
      int64_t rest = Layer(edge->to, k - gained);
      visit(Option{edge, leave, gained, rest >= kNever ? kNever : leave - phase + rest});
    };
    // Staying: the k-th contact is one of this state's, in a burst from
    // `phase` or at a later fixed instant.
    int64_t floating = static_cast<int64_t>(counted.floating.size());
    Option stay;
    if (std::optional<int64_t> span = BurstSpan(state, phase, k)) {
      stay.time = *span;
    } else {
      auto first = std::lower_bound(counted.instants.begin(), counted.instants.end(), phase);
      int64_t base = counted.before[first - counted.instants.begin()] - floating;
      for (auto it = first; it != counted.instants.end(); ++it) {
        if (*it > phase && counted.before[it - counted.instants.begin() + 1] - base >= k) {
          stay.time = *it - phase;
          break;
        }
      }
    }
    stay.gained = std::min(k, Gained(state, phase, timer));
    visit(stay);
    if (timer != kNever && timer >= phase) {
      int64_t gained = Gained(state, phase, timer);
      if (gained < k) {
        for (const auto* edges : {&schedule.timer_edges, &schedule.at_timer_edges}) {
          for (const Edge* edge : *edges) go_on(edge, timer, gained);
        }
      }
    }
    // Leaving between contacts is never better than just after the last one.
    auto leave_at = [&](int64_t leave) {
      if (leave >= timer) return;
      int64_t gained = Gained(state, phase, leave);
      if (gained >= k) return;
      for (const Edge* edge : schedule.any_time_edges) go_on(edge, leave, gained);
    };
    leave_at(phase);
    // Just after a burst's later instants, before the next fixed one.
    const Burst& burst = BurstAt(state, phase);
    int64_t next = NextInstant(state, phase);
    for (size_t j = 1; j < burst.best.size(); ++j) {
      int64_t leave = phase + static_cast<int64_t>(j);
      if (burst.best[j] == burst.best[j - 1] || leave >= timer || leave >= next || burst.best[j] >= k) continue;
      for (const Edge* edge : schedule.any_time_edges) go_on(edge, leave, burst.best[j]);
    }
    for (int64_t instant : counted.instants) {
      if (instant > phase) leave_at(instant);
    }
  }

  // Computes layer k: g(s, k) for every reachable state.
  void FillLayer(int64_t k) {
    size_t count = graph_.states.size();
    std::vector<int64_t> layer(count, kNever);
    for (size_t s = 0; s < count; ++s) {
      if (!reachable_[s]) continue;
      ForEachOption(static_cast<int32_t>(s), 0, k, [&](const Option& option) {
        if (option.edge == nullptr || option.gained > 0) layer[s] = std::min(layer[s], option.time);
      });
    }
    // Ways out before any contact keep k and only add time.
    using Item = std::pair<int64_t, int32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (size_t s = 0; s < count; ++s) {
      if (layer[s] < kNever) queue.push({layer[s], static_cast<int32_t>(s)});
    }
    std::vector<int32_t> rank(count, std::numeric_limits<int32_t>::max());
    int32_t next_rank = 0;
    while (!queue.empty()) {
      auto [time, state] = queue.top();
      queue.pop();
      if (time > layer[state] || rank[state] != std::numeric_limits<int32_t>::max()) continue;
      rank[state] = next_rank++;
      for (const auto& [from, delay] : same_layer_into_[state]) {
        if (time + delay < layer[from]) {
          layer[from] = time + delay;
          queue.push({layer[from], from});
        }
      }
    }
    layers_.push_back(std::move(layer));
    ranks_.push_back(std::move(rank));
  }

  // The phases at which a window may open in `state`: its entry, any counted
  // contact, and the timer's instant when retries may float up to it.
  auto Phases(int32_t state) const -> std::vector<int64_t> {
    std::vector<int64_t> phases{0};
    for (int64_t instant : counted_[state].instants) {
      if (instant > 0) phases.push_back(instant);
    }
    int64_t timer = schedules_[state].timer_ms;
    if (!counted_[state].floating.empty() && timer != kNever && timer > 0 && phases.back() != timer) {
      phases.push_back(timer);
    }
    return phases;
  }

  // The least time to k contacts from any window start, and the first
  // start, in state and phase order, that makes them within the window.
  auto BestStart(int64_t k) const -> std::tuple<int64_t, int32_t, int64_t> {
    int64_t least = kNever;
    int32_t first_state = -1;
    int64_t first_phase = 0;
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s]) continue;
      auto state = static_cast<int32_t>(s);
      for (int64_t phase : Phases(state)) {
        int64_t time = kNever;
        ForEachOption(state, phase, k, [&](const Option& option) { time = std::min(time, option.time); });
        least = std::min(least, time);
        if (time < window_ms_ && first_state < 0) {
          first_state = state;
          first_phase = phase;
        }
      }
    }
    return {least, first_state, first_phase};
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
      for (const Edge* edge : schedules_[state].edges) {
        if (!seen[edge->to]) {
          seen[edge->to] = true;
          via[edge->to] = edge;
          queue.push_back(edge->to);
        }
      }
    }
    std::vector<const Edge*> path;
    for (int32_t at = target; via[at] != nullptr; at = via[at]->from) path.insert(path.begin(), via[at]);
    return path;
  }

  auto TransitionText(const Edge& edge) const -> std::string {
    return fmt::format("`{}` -> `{}` ({})", graph_.states[edge.from].name, graph_.states[edge.to].name, edge.label);
  }

  void AppendPrefix(std::vector<TraceStep>& trace, int32_t state) const {
    std::vector<const Edge*> path = PathTo(state);
    int32_t first = path.empty() ? state : path.front()->from;
    trace.push_back({std::nullopt, fmt::format("the case starts in `{}`", graph_.states[first].name),
                     graph_.start_range});
    for (const Edge* edge : path) trace.push_back({std::nullopt, TransitionText(*edge), edge->range});
  }

  // The run that makes k contacts from `phase` in `state` within the window:
  // at each step the first option, in ForEachOption's order, that still
  // makes the rest in time, letting time pass where it can. Ways out taken
  // at once without a contact follow Dijkstra's order, so they never loop.
  auto Reconstruct(int32_t state, int64_t phase, int64_t k) const -> std::vector<TraceStep> {
    std::vector<TraceStep> trace;
    AppendPrefix(trace, state);
    if (phase > 0) {
      trace.push_back({std::nullopt,
                       fmt::format("the case stays in `{}` for {}", graph_.states[state].name,
                                   FormatOffset(phase).substr(1)),
                       graph_.states[state].range});
    }
    int64_t now = 0;  // Since the window opened.
    while (k > 0) {
      int64_t left = window_ms_ - now;
      std::optional<Option> chosen;
      for (int round = 0; round < 2 && !chosen; ++round) {
        ForEachOption(state, phase, k, [&](const Option& option) {
          if (chosen || option.time >= left) return;
          bool instant = option.edge != nullptr && option.leave == phase;
          if (instant && round == 0) return;
          if (instant && option.gained == 0 && ranks_[k][option.edge->to] >= ranks_[k][state]) return;
          chosen = option;
        });
      }
      if (!chosen) break;  // Not reached: the layers say k contacts fit.
      AppendContacts(trace, state, phase, chosen->edge == nullptr ? kNever : chosen->leave,
                     chosen->edge == nullptr ? k : chosen->gained, now);
      if (chosen->edge == nullptr) break;
      now += chosen->leave - phase;
      trace.push_back({now, TransitionText(*chosen->edge), chosen->edge->range});
      k -= chosen->gained;
      state = chosen->edge->to;
      phase = 0;
    }
    return trace;
  }

  // The first `count` counted contacts of `state` from `phase` through
  // `leave` (kNever: while the case stays), in time order: a burst's
  // placement when the option ends before the next fixed instant; else the
  // fixed attempts at their offsets and each floating action's retries at
  // the first instant from `phase` where its guard can hold with the
  // contacts already there.
  void AppendContacts(std::vector<TraceStep>& trace, int32_t state, int64_t phase, int64_t leave, int64_t count,
                      int64_t now) const {
    const Counted& counted = counted_[state];
    const Burst& burst = BurstAt(state, phase);
    std::optional<int64_t> span;
    if (leave == kNever) {
      span = BurstSpan(state, phase, count);
    } else if (leave < NextInstant(state, phase) && leave - phase < static_cast<int64_t>(burst.best.size())) {
      span = leave - phase;
    }
    // (offset from entry, attempt)
    std::vector<std::pair<int64_t, ScheduledContact>> steps;
    if (span) {
      for (const auto& [delta, contact] : burst.placements[*span]) steps.push_back({phase + delta, contact});
    } else {
      std::vector<std::vector<const ContactAction*>> slots(1);
      for (const ScheduledContact& contact : counted.contacts) {
        if (contact.offset != phase) continue;
        steps.push_back({phase, contact});
        slots[0].push_back(contact.action);
      }
      for (size_t i = 0; i < counted.floating.size();) {
        size_t end = i;
        while (end < counted.floating.size() && counted.floating[end].action == counted.floating[i].action) ++end;
        const ContactAction& action = *counted.floating[i].action;
        size_t slot = 0;
        while (slot < slots.size() &&
               std::any_of(slots[slot].begin(), slots[slot].end(),
                           [&](const ContactAction* other) { return Exclusive(*other, action); })) {
          ++slot;
        }
        if (slot == slots.size()) slots.emplace_back();
        slots[slot].push_back(&action);
        for (; i < end; ++i) steps.push_back({phase + static_cast<int64_t>(slot), counted.floating[i]});
      }
      for (const ScheduledContact& contact : counted.contacts) {
        if (contact.offset > phase && contact.offset <= leave) steps.push_back({contact.offset, contact});
      }
    }
    std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [offset, contact] : steps) {
      if (count <= 0) break;
      trace.push_back({now + offset - phase, fmt::format("`{}`: {}", graph_.states[state].name, AttemptText(contact)),
                       contact.action->range});
      --count;
    }
  }

  auto CycleTrace(const std::vector<int32_t>& cycle) const -> std::vector<TraceStep> {
    std::vector<TraceStep> trace;
    AppendPrefix(trace, cycle.front());
    for (size_t i = 0; i < cycle.size(); ++i) {
      int32_t state = cycle[i];
      int32_t next = cycle[(i + 1) % cycle.size()];
      AppendContacts(trace, state, 0, 0, std::numeric_limits<int64_t>::max(), 0);
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
  std::vector<StateSchedule> schedules_;
  int64_t window_ms_;
  int64_t max_layers_ = kMaxLayers;
  std::vector<Counted> counted_;
  std::vector<bool> reachable_;
  std::vector<const Edge*> zero_edges_;
  std::vector<int> component_;
  std::vector<std::vector<std::pair<int32_t, int64_t>>> same_layer_into_;
  // layers_[k][s] = g(s, k); ranks_[k][s]: the order Dijkstra settled s in.
  std::vector<std::vector<int64_t>> layers_;
  std::vector<std::vector<int32_t>> ranks_;
  int32_t best_state_ = -1;
  int64_t best_phase_ = 0;
};

}  // namespace

auto WorstCaseContacts(const FlowGraph& graph, ChannelMask channels, int64_t window_ms, int64_t max_cells)
    -> ContactBound {
  if (graph.states.empty() || window_ms <= 0) return ContactBound{};
  return Solver(graph, channels, window_ms, max_cells).Solve();
}

}  // namespace cobro::analysis
