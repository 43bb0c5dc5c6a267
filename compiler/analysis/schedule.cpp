#include "compiler/analysis/schedule.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobro::analysis {

auto BuildSchedules(const FlowGraph& graph) -> std::vector<StateSchedule> {
  std::vector<StateSchedule> schedules(graph.states.size());
  for (size_t s = 0; s < graph.states.size(); ++s) {
    StateSchedule& schedule = schedules[s];
    schedule.edges = graph.LiveEdgesFrom(static_cast<int32_t>(s));
    // Only the first written of the shortest constant timers is live.
    int32_t timer_priority = -1;
    for (const Edge* edge : schedule.edges) {
      if (edge->kind == EdgeKind::Timer && edge->delay_ms < schedule.timer_ms) {
        schedule.timer_ms = edge->delay_ms;
        timer_priority = edge->priority;
      }
    }
    for (const Edge* edge : schedule.edges) {
      if (edge->kind == EdgeKind::Timer) {
        if (edge->priority == timer_priority) schedule.timer_edges.push_back(edge);
        continue;
      }
      schedule.any_time_edges.push_back(edge);
      // Of timers due at one instant the first written fires (Engine::Enter).
      if (edge->kind == EdgeKind::DynamicTimer && schedule.timer_ms != kNoTimer &&
          edge->priority < timer_priority) {
        schedule.at_timer_edges.push_back(edge);
      }
    }
    for (const ContactAction& action : graph.states[s].contacts) {
      schedule.contacts.push_back({0, &action, 0});
      for (int64_t k = 1; k < action.retry_count; ++k) {
        if (!action.retry_interval_exact) {
          schedule.floating.push_back({0, &action, k});
          continue;
        }
        int64_t offset = k * action.retry_interval_ms;
        if (offset > schedule.timer_ms) break;
        schedule.contacts.push_back({offset, &action, k});
      }
    }
    std::stable_sort(schedule.contacts.begin(), schedule.contacts.end(),
                     [](const ScheduledContact& a, const ScheduledContact& b) { return a.offset < b.offset; });
  }
  return schedules;
}

auto AttemptText(const ScheduledContact& contact) -> std::string {
  if (contact.action->retry_count <= 1) return contact.action->what;
  return fmt::format("{} (attempt {} of {})", contact.action->what, contact.repeat + 1,
                     contact.action->retry_count);
}

}  // namespace cobro::analysis
