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

// Where the trigger of a forbidden contact arrived.
enum class TriggerOrigin : uint8_t {
  Stays,        // In `state`, which does not surely leave on it.
  Handled,      // In `state`, which leaves on it by `handler`.
  OwnContact,   // One of the flow's own contacts, in `state`.
  BeforeStart,  // Before the case started: the start rule waited for its `when`.
};

// The earliest contact the flow can make on a forbidden channel after the
// trigger, before the `until` event.
struct ContactAfter {
  int64_t earliest_ms = 0;
  // The channel of the forbidden contact, and the trigger as it arrived
  // (`opt_out(email)`).
  Channel channel = Channel::Email;
  std::string trigger;
  TriggerOrigin origin = TriggerOrigin::Stays;
  int32_t state = -1;             // Where the trigger arrived; -1 before the start.
  const Edge* handler = nullptr;  // Handled: the edge that took it.
  // The trigger, the transitions after it, and the contact, with times
  // counted from the trigger.
  std::vector<TraceStep> trace;
};

// The earliest forbidden contacts, apart by when the trigger came.
struct ContactsAfterTrigger {
  // A trigger that arrives while the case runs (or is one of its contacts).
  std::optional<ContactAfter> in_case;
  // A trigger that arrived before the case started, which no handler saw.
  std::optional<ContactAfter> before_start;

  // The earlier of the two.
  auto Earliest() const -> std::optional<ContactAfter>;
};

// Searches every moment the trigger can arrive (in any reachable state, at
// any instant, right after the flow's own contacts when the trigger is
// `contact.attempt`, and before the case starts when the start rule has a
// `when`), every way the flow can react (guards both ways, computed retry
// intervals anything), and every run after it that avoids `until`. A
// handler condition that the rule's own `when` decides (`on dispute x -> if
// x.written then ...` under `on dispute e when e.written`) is taken as
// decided. An action guarded with `when not opted_out(ch)` is skipped after
// `opt_out(ch)` only under a rule that ends at `consent(ch)`: `opted_out`
// turns false again at a consent, and a rule without that `until` still
// forbids the channel then. `file` is the AST of the flow's module, whose
// handler conditions are checked against what the rule states of the trigger.
auto EarliestContactAfter(const ast::File& file, const FlowGraph& graph, const Trigger& trigger,
                          const std::optional<Trigger>& until, const ForbiddenChannels& forbidden)
    -> ContactsAfterTrigger;

}  // namespace cobro::analysis
