#pragma once

#include <cstdint>
#include <vector>

#include "compiler/analysis/flow_graph.h"
#include "compiler/analysis/trace.h"

namespace cobro::analysis {

// The worst case of one counting question: how many contacts on `channels`
// can a flow make within one window of `window_ms`?
struct ContactBound {
  bool unbounded = false;
  int64_t max_contacts = 0;
  // The run that reaches `max_contacts`: how to get there, then a timeline
  // starting at the window's first contact.
  std::vector<TraceStep> trace;
  // Unbounded: the states of a cycle that contacts without time passing.
  std::vector<int32_t> cycle;
  // The time step the analysis worked in, for reports.
  int64_t unit_ms = 0;
};

// Computes the worst case over every run of the flow, with events arriving
// whenever is worst and every guard taken whichever way is worst. Contacts
// count in the same window when they are less than `window_ms` apart (a
// window is half-open). Exact for constant delays; sound (never below a real
// run) when delays are computed at run time. Cells beyond `max_cells` make
// the analysis coarsen its time step, staying sound.
auto WorstCaseContacts(const FlowGraph& graph, ChannelMask channels, int64_t window_ms,
                       int64_t max_cells = 16'000'000) -> ContactBound;

}  // namespace cobro::analysis
