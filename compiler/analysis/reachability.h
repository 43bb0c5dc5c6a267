#pragma once

#include <vector>

#include "compiler/analysis/flow_graph.h"

namespace cobro::analysis {

// States reachable from the start rule.
auto ReachableStates(const FlowGraph& graph) -> std::vector<bool>;

// Reachable non-terminal states from which no terminal state can be reached:
// a case there never finishes.
auto StatesThatCannotFinish(const FlowGraph& graph) -> std::vector<int32_t>;

// Whether some state of the flow has a handler for `event`.
auto HandlesEvent(const FlowGraph& graph, sema::GlobalDecl event) -> bool;

}  // namespace cobro::analysis
