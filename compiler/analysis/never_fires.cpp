// Handlers that never run, found on the graph the way the engine picks a
// handler, so the analyses do not follow transitions no run takes. Sema warns
// about the same handlers (`DuplicateHandler`, `ShadowedAlwaysHandler`) by
// their source text; here the channels are compared as sets, so `on
// contact.no_answer(call)` also hides a later `on contact.no_answer(voice)`.

#include <limits>

#include "compiler/analysis/flow_graph.h"

namespace cobro::analysis {

namespace {

// Whether `earlier` takes every event `later` would: the same event, no
// guard, no literal to match, and every channel `later` matches.
auto Covers(const Edge& earlier, const Edge& later) -> bool {
  return earlier.kind == EdgeKind::Event && later.kind == EdgeKind::Event && !earlier.guarded &&
         !earlier.literal_filter && earlier.event == later.event &&
         (later.channels & ~earlier.channels) == 0;
}

}  // namespace

void MarkHandlersThatNeverRun(FlowGraph& graph) {
  for (size_t s = 0; s < graph.states.size(); ++s) {
    std::vector<const Edge*> ordered = graph.EdgesFrom(static_cast<int32_t>(s));
    // The earliest constant timer, the first written of equals, is the only
    // one that fires (Engine::Enter keeps the first strictly smaller due).
    int64_t shortest = std::numeric_limits<int64_t>::max();
    int32_t shortest_priority = -1;
    for (const Edge* edge : ordered) {
      if (edge->kind == EdgeKind::Timer && edge->delay_ms < shortest) {
        shortest = edge->delay_ms;
        shortest_priority = edge->priority;
      }
    }
    std::vector<bool> dead(ordered.size(), false);
    for (size_t i = 0; i < ordered.size(); ++i) {
      const Edge& edge = *ordered[i];
      if (edge.kind == EdgeKind::Timer) {
        dead[i] = edge.priority != shortest_priority;
        continue;
      }
      for (size_t k = 0; k < i && !dead[i]; ++k) {
        dead[i] = ordered[k]->priority != edge.priority && Covers(*ordered[k], edge);
      }
    }
    for (size_t i = 0; i < ordered.size(); ++i) {
      if (dead[i]) graph.edges[static_cast<size_t>(ordered[i] - graph.edges.data())].never_fires = true;
    }
  }
}

}  // namespace cobro::analysis
