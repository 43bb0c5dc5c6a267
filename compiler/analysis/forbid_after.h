#pragma once

#include <functional>
#include <optional>

#include "compiler/analysis/flow_graph.h"
#include "compiler/ast/file.h"
#include "compiler/analysis/policy_rules.h"
#include "compiler/analysis/trace.h"

namespace cobro::analysis {

// The channels a rule forbids once its trigger came with channel `channel`.
using ForbiddenChannels = std::function<ChannelMask(Channel channel)>;

// The earliest contact the flow can make on a forbidden channel after the
// trigger, before the `until` event.
struct ContactAfter {
  int64_t earliest_ms = 0;
  // The channel of the forbidden contact, and the trigger as it arrived
  // (`opt_out(email)`).
  Channel channel = Channel::Email;
  std::string trigger;
  // The trigger, the transitions after it, and the contact, with times
  // counted from the trigger.
  std::vector<TraceStep> trace;
};

// Searches every moment the trigger can arrive (in any reachable state, at
// any instant, and right after the flow's own contacts when the trigger is
// `contact.attempt`), every way the flow can react (guards both ways), and
// every run after it that avoids `until`. A handler condition that the
// rule's own `when` decides (`on dispute x -> if x.written then ...` under
// `on dispute e when e.written`) is taken as decided. Returns the earliest forbidden
// contact, or nullopt when there is none.
// `file` is the AST of the flow's module, whose handler conditions are
// checked against what the rule states of the trigger.
auto EarliestContactAfter(const ast::File& file, const FlowGraph& graph, const Trigger& trigger,
                          const std::optional<Trigger>& until, const ForbiddenChannels& forbidden)
    -> std::optional<ContactAfter>;

}  // namespace cobro::analysis
