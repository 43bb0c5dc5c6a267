#pragma once

// What a case does while it stays in one state, as both analyses read it:
// the contacts at their offsets from entry, the retries whose intervals are
// computed at run time, the timer that fires, and the ways out.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "compiler/analysis/flow_graph.h"

namespace cobro::analysis {

inline constexpr int64_t kNoTimer = std::numeric_limits<int64_t>::max() / 4;

// One attempt of a contact action.
struct ScheduledContact {
  int64_t offset = 0;  // Milliseconds after entering the state; 0 for floating retries.
  const ContactAction* action = nullptr;
  int64_t repeat = 0;  // 0 for the entry attempt, k for the k-th retry.
};

struct StateSchedule {
  // Attempts at fixed offsets (entry attempts, retries at constant
  // intervals) up to and including the timer's instant, in time order and
  // in source order within an instant. A retry due when the timer fires is
  // still made (Engine::Wake attempts due retries before the timer).
  std::vector<ScheduledContact> contacts;
  // Retries at computed intervals (`every d.wait`): the engine evaluates the
  // interval at each attempt, so each may come at any instant from entry up
  // to and including the timer's, all at once or spread out.
  std::vector<ScheduledContact> floating;
  // The earliest constant timer, which leaves the state, and the edges of its
  // handler (one per branch of a choice); kNoTimer when there is none.
  int64_t timer_ms = kNoTimer;
  std::vector<const Edge*> timer_edges;
  // Events and computed timers: they may leave at any instant before the
  // timer fires (an event at the timer's instant comes after it).
  std::vector<const Edge*> any_time_edges;
  // Computed timers written before the constant one may also fire at its
  // instant, after the contacts due then.
  std::vector<const Edge*> at_timer_edges;
  // Every edge that can fire, in priority order.
  std::vector<const Edge*> edges;
};

// The schedule of every state of `graph`, indexed like `graph.states`.
// Handlers that never run are left out.
auto BuildSchedules(const FlowGraph& graph) -> std::vector<StateSchedule>;

// "send sms \"x\" (attempt 2 of 3)": an attempt as traces show it.
auto AttemptText(const ScheduledContact& contact) -> std::string;

}  // namespace cobro::analysis
