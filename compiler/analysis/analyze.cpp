// The compliance analysis: binds policies to flows, runs the check each rule
// kind needs, and words the findings.

#include "compiler/analysis/analyze.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "compiler/base/civil_time.h"

#include "compiler/analysis/contact_bound.h"
#include "compiler/analysis/flow_graph.h"
#include "compiler/analysis/forbid_after.h"
#include "compiler/analysis/policy_rules.h"
#include "compiler/analysis/reachability.h"
#include "compiler/sema/program.h"

namespace cobro::analysis {

namespace {

COBRO_DIAGNOSTIC(ContactLimitExceeded, Error, "flow `{0}` can make {1} {2} in {3}; `{4}` allows {5}",
                 std::string, std::string, std::string, std::string, std::string, int64_t);
COBRO_DIAGNOSTIC(UnboundedContacts, Error,
                 "flow `{0}` can make {1} contacts without end, in a cycle that takes no time; `{2}` "
                 "allows {3} in {4}",
                 std::string, std::string, std::string, int64_t, std::string);
COBRO_DIAGNOSTIC(GapTooShort, Error,
                 "flow `{0}` can make two {1} contacts less than {2} apart; `{3}` needs {2} between them",
                 std::string, std::string, std::string, std::string);
COBRO_DIAGNOSTIC(QuietPeriodBroken, Error,
                 "flow `{0}` can contact {1} {2} after {3}; `{4}` keeps {6} quiet for {5}",
                 std::string, std::string, std::string, std::string, std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(ContactAfterForbiddingEvent, Error,
                 "flow `{0}` can contact {1} {2} after {3}; `{4}` forbids it{5}", std::string,
                 std::string, std::string, std::string, std::string, std::string);
COBRO_DIAGNOSTIC(OneChannelRuleBroken, Error,
                 "flow `{0}` can use a second channel {1} after {2}; `{3}` keeps to one channel in {4}",
                 std::string, std::string, std::string, std::string, std::string);
COBRO_DIAGNOSTIC(ForbiddenChannel, Error, "flow `{0}` contacts {1}, which `{2}` forbids",
                 std::string, std::string, std::string);
COBRO_DIAGNOSTIC(UnhandledPolicyEvent, Warning,
                 "flow `{0}` has no handler for `{1}`, which `{2}` acts on; the guard will block its "
                 "contacts while the case waits, so handle it, for example `on {1} -> hold`",
                 std::string, std::string, std::string);
COBRO_DIAGNOSTIC(NoWayToFinish, Warning,
                 "no terminal state can be reached from state `{0}`; a case there never finishes",
                 std::string);
COBRO_DIAGNOSTIC(UnknownPack, Error, "{0}", std::string);
COBRO_NOTE(RuleHere, "`{0}` is here ({1})", std::string, std::string);

// A policy that binds a flow, and where the binding is written.
struct Binding {
  sema::GlobalDecl policy;
  SourceRange where;
};

auto Cite(const ast::PolicyRule& rule) -> std::string {
  return rule.cite.empty() ? "no citation" : rule.cite;
}

// "`call` contacts", or "`call` contact" for one.
auto Contacts(const std::string& channels, int64_t count) -> std::string {
  return channels + (count == 1 ? " contact" : " contacts");
}

auto ToDiagnosticTrace(const std::vector<TraceStep>& steps) -> std::vector<diag::TraceStep> {
  std::vector<diag::TraceStep> trace;
  for (const TraceStep& step : steps) {
    std::string text = step.time_ms ? "at " + FormatOffset(*step.time_ms) + ": " + step.text : step.text;
    trace.push_back({step.range, text});
  }
  return trace;
}

class FlowAnalysis {
 public:
  FlowAnalysis(const sema::Program& program, int32_t module, int32_t flow, diag::Emitter& emitter,
               Report& report)
      : program_(program),
        module_(program.modules[module]),
        flow_(module_.ast.flows[flow]),
        graph_(BuildFlowGraph(program, module, flow)),
        emitter_(emitter),
        report_(report) {}

  void Run(const std::vector<Binding>& bindings) {
    for (int32_t state : StatesThatCannotFinish(graph_)) {
      emitter_.Emit(graph_.states[state].range, NoWayToFinish, graph_.states[state].name);
    }
    for (const Binding& binding : bindings) {
      for (const Rule& rule : ResolveRules(program_, binding.policy)) Check(rule, binding.where);
    }
  }

 private:
  void Record(const Rule& rule, Verdict verdict, std::string summary,
              std::optional<int64_t> worst_case = std::nullopt) {
    RuleResult result;
    result.flow = flow_.name.text;
    result.module = module_.name;
    result.flow_range = flow_.name.range;
    result.rule_id = rule.id;
    result.rule_name = rule.name;
    result.cite = rule.rule->cite;
    result.rule_range = rule.rule->range;
    result.verdict = verdict;
    result.summary = std::move(summary);
    result.worst_case = worst_case;
    report_.results.push_back(std::move(result));
  }

  template <class... Args>
  void Violation(const Rule& rule, SourceRange where, const diag::Definition<Args...>& definition,
                 const std::vector<TraceStep>& trace, std::type_identity_t<Args>... args) {
    auto builder = emitter_.Build(where, definition, args...);
    builder.Note(rule.rule->range, RuleHere, rule.name, Cite(*rule.rule));
    builder.Trace(ToDiagnosticTrace(trace));
    builder.Emit();
  }

  void Check(const Rule& rule, SourceRange where) {
    const ast::PolicyRule& ast_rule = *rule.rule;
    switch (ast_rule.kind) {
      case ast::RuleKind::Limit: CheckLimit(rule, where); break;
      case ast::RuleKind::Gap: CheckGap(rule, where); break;
      case ast::RuleKind::Quiet:
      case ast::RuleKind::ForbidAfter:
      case ast::RuleKind::OneChannel: CheckAfterEvent(rule, where); break;
      case ast::RuleKind::Forbid:
        if (ast_rule.days.empty()) {
          CheckForbid(rule, where);
        } else {
          Record(rule, Verdict::RuntimeOnly, "days are checked by the runtime guard in local time");
        }
        break;
      case ast::RuleKind::Window:
        Record(rule, Verdict::RuntimeOnly, "hours are checked by the runtime guard in local time");
        break;
      case ast::RuleKind::Consent:
        Record(rule, Verdict::RuntimeOnly, "consent is checked by the runtime guard");
        break;
      case ast::RuleKind::Disclosure:
        Record(rule, Verdict::RuntimeOnly, "the runtime guard marks the first contact");
        break;
      case ast::RuleKind::Jurisdiction:
      case ast::RuleKind::Calendar: break;  // Not obligations.
    }
  }

  void CheckLimit(const Rule& rule, SourceRange where) {
    ContactBound bound = WorstCaseContacts(graph_, rule.channels, rule.window_ms);
    std::string channels = SelectorText(rule.rule->channels);
    int64_t max = rule.rule->max;
    if (bound.unbounded) {
      Violation(rule, where, UnboundedContacts, bound.trace, flow_.name.text, channels, rule.name, max,
                rule.window_text);
      Record(rule, Verdict::Violated, fmt::format("unbounded {} contacts in a zero-time cycle", channels));
    } else if (bound.max_contacts > max) {
      // Past the analysis's count the trace shows a run with fewer contacts
      // than the bound, but still more than the limit.
      std::string count = bound.exact ? std::to_string(bound.max_contacts) : fmt::format("at least {}", bound.traced);
      std::vector<TraceStep> trace = bound.trace;
      if (!rule.window_note.empty()) trace.push_back({std::nullopt, rule.window_note, rule.rule->range});
      Violation(rule, where, ContactLimitExceeded, trace, flow_.name.text, count,
                Contacts(channels, bound.exact ? bound.max_contacts : bound.traced), rule.window_text, rule.name,
                max);
      Record(rule, Verdict::Violated,
             fmt::format("{} {} in {}, more than {}", count, Contacts(channels, bound.max_contacts),
                         rule.window_text, max),
             bound.max_contacts);
    } else {
      Record(rule, Verdict::Proven,
             fmt::format("at most {} {} in {} (limit {})", bound.max_contacts,
                         Contacts(channels, bound.max_contacts), rule.window_text, max),
             bound.max_contacts);
    }
  }

  void CheckGap(const Rule& rule, SourceRange where) {
    int64_t gap = rule.length_ms.value_or(0);
    std::string channels = SelectorText(rule.rule->channels);
    std::string gap_text = Duration{gap}.ToString();
    ContactBound bound = WorstCaseContacts(graph_, rule.channels, gap);
    if (bound.unbounded || bound.max_contacts > 1) {
      Violation(rule, where, GapTooShort, bound.trace, flow_.name.text, channels, gap_text, rule.name);
      Record(rule, Verdict::Violated, fmt::format("two {} contacts less than {} apart", channels, gap_text),
             bound.unbounded ? std::nullopt : std::optional<int64_t>(bound.max_contacts));
    } else {
      Record(rule, Verdict::Proven, fmt::format("{} contacts are at least {} apart", channels, gap_text),
             bound.max_contacts);
    }
  }

  void CheckForbid(const Rule& rule, SourceRange where) {
    std::vector<bool> reachable = ReachableStates(graph_);
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable[s]) continue;
      for (const ContactAction& contact : graph_.states[s].contacts) {
        if ((MaskOf(contact.channel) & rule.channels) == 0) continue;
        std::vector<TraceStep> trace{
            {std::nullopt, fmt::format("`{}`: {}", graph_.states[s].name, contact.what), contact.range}};
        Violation(rule, where, ForbiddenChannel, trace, flow_.name.text,
                  "`" + std::string(ChannelName(contact.channel)) + "`", rule.name);
        Record(rule, Verdict::Violated, fmt::format("contacts `{}`", ChannelName(contact.channel)));
        return;
      }
    }
    Record(rule, Verdict::Proven, fmt::format("never contacts {}", SelectorText(rule.rule->channels)));
  }

  void CheckAfterEvent(const Rule& rule, SourceRange where) {
    if (!rule.trigger) return;
    const ast::PolicyRule& ast_rule = *rule.rule;
    ForbiddenChannels forbidden;
    std::optional<int64_t> within;
    switch (ast_rule.kind) {
      case ast::RuleKind::OneChannel:
        forbidden = [](Channel channel) { return static_cast<ChannelMask>(kAllChannels & ~MaskOf(channel)); };
        within = rule.window_ms;
        break;
      case ast::RuleKind::Quiet:
        forbidden = [&](Channel) { return rule.channels; };
        within = rule.length_ms;
        break;
      default:
        forbidden = [&rule](Channel channel) {
          ChannelMask mask = rule.channels_bound ? MaskOf(channel) | rule.channels : rule.channels;
          return static_cast<ChannelMask>(mask & ~rule.except);
        };
        within = rule.length_ms;
        break;
    }
    // An event after which nothing may be sent (a cease, an attorney) should
    // end or pause the case; one that closes a channel (an opt-out) can be
    // met by guarding the actions instead.
    bool stops_everything = ast_rule.kind == ast::RuleKind::ForbidAfter && !rule.channels_bound &&
                            (rule.channels & ~rule.except & ~MaskOf(Channel::Agent)) ==
                                (kAllChannels & ~rule.except & ~MaskOf(Channel::Agent));
    if (stops_everything && !trigger_handled_.contains(rule.trigger->event_name) &&
        !rule.trigger->matches_own_contacts && !HandlesEvent(graph_, rule.trigger->event)) {
      trigger_handled_.insert(rule.trigger->event_name);
      emitter_.Build(flow_.name.range, UnhandledPolicyEvent, flow_.name.text, rule.trigger->event_name, rule.name)
          .Note(rule.rule->range, RuleHere, rule.name, Cite(*rule.rule))
          .Emit();
    }
    ContactsAfterTrigger contacts = EarliestContactAfter(module_.ast, graph_, *rule.trigger, rule.until, forbidden);
    auto breaks = [&](const std::optional<ContactAfter>& found) {
      return found && (!within || found->earliest_ms < *within);
    };
    std::string event = rule.trigger->event_name;
    if (!breaks(contacts.in_case)) {
      const std::optional<ContactAfter>& found = contacts.in_case;
      std::string after_start =
          found ? fmt::format("no forbidden contact sooner than {} after `{}`", FormatOffset(found->earliest_ms), event)
                : fmt::format("no forbidden contact after `{}`", event);
      if (breaks(contacts.before_start)) {
        // The start rule's `when` waits while events come, and no handler
        // sees them: only the history tells, which the runtime guard reads.
        const ContactAfter& early = *contacts.before_start;
        Record(rule, Verdict::RuntimeOnly,
               fmt::format("{} once the case runs; when {} comes before the case starts, which no handler sees, "
                           "the flow can contact `{}` {} after it and the guard blocks that",
                           after_start, early.trigger, ChannelName(early.channel),
                           early.earliest_ms == 0 ? "right" : FormatOffset(early.earliest_ms).substr(1)));
      } else {
        Record(rule, Verdict::Proven, after_start);
      }
      return;
    }
    const ContactAfter& found = *contacts.in_case;
    std::string when = found.earliest_ms == 0 ? "right" : FormatOffset(found.earliest_ms).substr(1);
    std::string channels = "`" + std::string(ChannelName(found.channel)) + "`";
    std::string trigger = found.trigger.empty() ? event : found.trigger;
    switch (ast_rule.kind) {
      case ast::RuleKind::Quiet:
        Violation(rule, where, QuietPeriodBroken, found.trace, flow_.name.text, channels, when, trigger, rule.name,
                  Duration{*within}.ToString(), SelectorText(ast_rule.channels));
        break;
      case ast::RuleKind::OneChannel:
        Violation(rule, where, OneChannelRuleBroken, found.trace, flow_.name.text, when, trigger, rule.name,
                  rule.window_text);
        break;
      default:
        Violation(rule, where, ContactAfterForbiddingEvent, found.trace, flow_.name.text, channels, when, trigger,
                  rule.name, ForbidHint(rule, found));
        break;
    }
    Record(rule, Verdict::Violated, fmt::format("a forbidden contact {} after {}", when, trigger));
  }

  // What to change, from where the trigger came and what the flow did.
  auto ForbidHint(const Rule& rule, const ContactAfter& found) const -> std::string {
    const std::string& event = rule.trigger->event_name;
    std::string pattern = rule.trigger->binding.empty() ? event : fmt::format("{}({})", event, rule.trigger->binding);
    std::string channel(ChannelName(found.channel));
    if (found.origin == TriggerOrigin::Handled && found.handler != nullptr) {
      const std::string& target = graph_.states[found.handler->to].name;
      if (rule.length_ms) {
        return fmt::format("; after `{}` the case goes to `{}`: wait at least {} there before contacting `{}`",
                           event, target, Duration{*rule.length_ms}.ToString(), channel);
      }
      if (rule.until) {
        return fmt::format("; after `{}` the case goes to `{}`: leave it only on `{}`", event, target,
                           rule.until->event_name);
      }
      return fmt::format("; after `{}` the case goes to `{}`, and on to a contact: send it to a state that does "
                         "not contact, for example `hold`",
                         event, target);
    }
    // The case stayed: the trigger came in a state that does not surely
    // leave on it. An opt-out guard meets only a rule that ends at consent.
    bool guard_meets_rule = event == "opt_out" && rule.until && rule.until->event_name == "consent" &&
                            (rule.until->binding == rule.trigger->binding ||
                             (rule.until->channels & MaskOf(found.channel)) != 0);
    if (guard_meets_rule) return fmt::format("; guard the action with `when not opted_out({})`", channel);
    if (!HandlesEvent(graph_, rule.trigger->event)) {
      return fmt::format("; handle `{}` in an `always` block, for example `on {} -> hold`", event, pattern);
    }
    const std::string& state = found.state >= 0 ? graph_.states[found.state].name : flow_.name.text;
    return fmt::format("; `{}` does not always leave on `{}`: handle it there or in `always` without a guard, for "
                       "example `on {} -> hold`",
                       state, event, pattern);
  }

  const sema::Program& program_;
  const sema::Module& module_;
  const ast::FlowDecl& flow_;
  FlowGraph graph_;
  diag::Emitter& emitter_;
  Report& report_;
  std::set<std::string> trigger_handled_;
};

// The `jurisdiction` of a policy, if it has one.
auto JurisdictionOf(const ast::PolicyDecl& policy) -> std::string {
  for (const ast::PolicyRule& rule : policy.rules) {
    if (rule.kind == ast::RuleKind::Jurisdiction) return rule.text;
  }
  return "";
}

}  // namespace

auto Analyze(const sema::Program& program, const AnalysisOptions& options, diag::Emitter& emitter)
    -> Report {
  Report report;
  // Packs named on the command line, found in every loaded module.
  std::vector<sema::GlobalDecl> extra;
  for (const std::string& name : options.policies) {
    bool found = false;
    for (size_t m = 0; m < program.modules.size(); ++m) {
      const auto& policies = program.modules[m].ast.policies;
      for (size_t p = 0; p < policies.size(); ++p) {
        std::string qualified = program.modules[m].name + "." + policies[p].name.text;
        if (policies[p].name.text == name || qualified == name) {
          extra.push_back({static_cast<int32_t>(m), static_cast<int32_t>(p)});
          found = true;
        }
      }
    }
    if (!found) emitter.Emit(SourceRange{}, UnknownPack, fmt::format("no loaded policy is named `{}`", name));
  }
  for (const std::string& code : options.jurisdictions) {
    bool found = false;
    for (size_t m = 0; m < program.modules.size(); ++m) {
      const auto& policies = program.modules[m].ast.policies;
      for (size_t p = 0; p < policies.size(); ++p) {
        std::string jurisdiction = JurisdictionOf(policies[p]);
        // `US` binds `US` policies; `US-MA` binds both `US-MA` and `US` ones.
        if (!jurisdiction.empty() && (code == jurisdiction || code.starts_with(jurisdiction + "-"))) {
          extra.push_back({static_cast<int32_t>(m), static_cast<int32_t>(p)});
          found = true;
        }
      }
    }
    if (!found) {
      emitter.Emit(SourceRange{}, UnknownPack,
                   fmt::format("no policy pack has jurisdiction \"{}\"; packs cover US, US-MA, CO, MX, PE, CL "
                               "and GB", code));
    }
  }
  for (size_t m = 0; m < program.modules.size(); ++m) {
    const sema::Module& module = program.modules[m];
    if (!module.is_input) continue;
    for (size_t f = 0; f < module.ast.flows.size(); ++f) {
      std::vector<Binding> bindings;
      const ast::FlowDecl& flow = module.ast.flows[f];
      const auto& declared = f < module.flow_policies.size() ? module.flow_policies[f] : std::vector<sema::GlobalDecl>{};
      for (size_t i = 0; i < declared.size(); ++i) {
        SourceRange where = i < flow.complies.size() ? flow.complies[i].range : flow.name.range;
        bindings.push_back({declared[i], where});
      }
      for (const sema::GlobalDecl& policy : extra) {
        bool already = std::any_of(bindings.begin(), bindings.end(),
                                   [&](const Binding& binding) { return binding.policy == policy; });
        if (!already) bindings.push_back({policy, flow.name.range});
      }
      FlowAnalysis(program, static_cast<int32_t>(m), static_cast<int32_t>(f), emitter, report).Run(bindings);
    }
  }
  return report;
}

}  // namespace cobro::analysis
