#pragma once

// A flow as a picture: states with their contacts, transitions with their
// labels, and the counterexample of a violated rule marked. Rendered as
// Graphviz DOT or Mermaid; the data stays independent of both.

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/analysis/flow_graph.h"
#include "compiler/diag/diagnostic.h"

namespace cobro::driver {

struct FlowDrawing {
  struct State {
    // The index in FlowGraph::states, which names the node (`s3`).
    int32_t index = 0;
    std::string name;
    bool terminal = false;
    // One line per contact action: `call voice "hello" every 1d up to 8`.
    std::vector<std::string> contacts;
    bool highlighted = false;
  };
  struct Transition {
    // FlowGraph state indices; `from` is -1 for the start.
    int32_t from = -1;
    int32_t to = 0;
    std::string label;
    bool highlighted = false;
  };
  std::string flow_name;
  std::vector<State> states;
  std::vector<Transition> transitions;
};

// The drawing of `graph`: every declared state, `done` and `hold` when
// something leads there, the start and every transition (one arrow per
// distinct source, target and label).
auto DrawFlow(const analysis::FlowGraph& graph) -> FlowDrawing;

// Marks the states and transitions a counterexample `trace` goes through;
// steps are matched to the graph by their source ranges.
void HighlightTrace(FlowDrawing& drawing, const analysis::FlowGraph& graph,
                    const std::vector<diag::TraceStep>& trace);

// Graphviz DOT, for `dot -Tsvg`.
auto RenderDot(const FlowDrawing& drawing) -> std::string;

// A Mermaid flowchart, for Markdown that GitHub and GitLab render.
auto RenderMermaid(const FlowDrawing& drawing) -> std::string;

}  // namespace cobro::driver
