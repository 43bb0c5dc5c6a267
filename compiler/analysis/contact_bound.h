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
  // Whether `max_contacts` is reached by a run. False only for flows that
  // make more contacts in one window than the analysis counts one by one;
  // `max_contacts` is then an upper bound and the trace shows a run making
  // fewer, but more than any real limit.
  bool exact = true;
  // The counted contacts the trace shows: `max_contacts` when exact.
  int64_t traced = 0;
  // The greatest common divisor of the window and the constant delays: every
  // instant that matters is a multiple of it. For reports.
  int64_t unit_ms = 0;
};

// Computes the worst case over every run of the flow, with events arriving
// whenever is worst and every guard taken whichever way is worst. Contacts
// count in the same window when they are less than `window_ms` apart (a
// window is half-open). Exact for constant delays; sound (never below a real
// run) when delays or retry intervals are computed at run time. The analysis
// counts contacts one by one, keeping a row of `graph.states.size()` times
// per count: past 10,000 counts, or `max_cells` stored times, it bounds the
// rest from the time the last count took (`exact` false), staying sound.
auto WorstCaseContacts(const FlowGraph& graph, ChannelMask channels, int64_t window_ms,
                       int64_t max_cells = 16'000'000) -> ContactBound;

}  // namespace cobro::analysis
