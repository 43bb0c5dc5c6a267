#pragma once

// Policy rules as the analysis needs them: channels as masks, windows as
// lengths, triggers as resolved events, and a stable id for CI tools.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/analysis/trigger_facts.h"
#include "compiler/ast/nodes.h"
#include "compiler/base/channel.h"
#include "compiler/sema/types.h"

namespace cobro::sema {
struct Program;
}  // namespace cobro::sema

namespace cobro::analysis {

// An event a rule reacts to: the event, the channels its key may have, and
// whether the rule's channel selector names the key (`on opt_out(ch) forbid ch`).
struct Trigger {
  sema::GlobalDecl event;
  std::string event_name;
  ChannelMask channels = kAllChannels;
  std::string binding;  // The name bound to the key's channel, if any.
  // What the rule's `when` says of the event's fields (`on dispute e when
  // e.written`, `on breathing_space b when b.length > 60d`).
  TriggerFacts facts;
  // `contact.attempt` also matches the flow's own contacts.
  bool matches_own_contacts = false;
};

struct Rule {
  // Where the rule is declared.
  int32_t module = -1;
  int32_t policy_index = -1;
  int32_t rule_index = -1;
  const ast::PolicyDecl* policy = nullptr;
  const ast::PolicyRule* rule = nullptr;
  // `us.regf.calls_7in7`: the module without `compliance.`, then the label
  // (or `rule<N>` for a rule without one).
  std::string id;
  // `RegF.calls_7in7`: how people name the rule.
  std::string name;

  ChannelMask channels = 0;       // The selector, with groups expanded.
  bool channels_bound = false;    // The selector names the trigger's key.
  ChannelMask except = 0;
  // The window of a limit or one-channel rule, as its longest span in
  // elapsed time: calendar windows add an hour for a clock going back.
  int64_t window_ms = 0;
  std::string window_text;
  // Why the window is longer than it reads, for traces: "a calendar day
  // lasts 25h where the clocks go back"; empty when it is not.
  std::string window_note;
  std::optional<Trigger> trigger;
  std::optional<Trigger> until;
  std::optional<int64_t> length_ms;  // Quiet, gap, `for D`.
};

// The rules of one policy, in order.
auto ResolveRules(const sema::Program& program, sema::GlobalDecl policy) -> std::vector<Rule>;

// "`call`", "`voice + sms`": a selector as written.
auto SelectorText(const ast::ChannelSel& selector) -> std::string;

}  // namespace cobro::analysis
