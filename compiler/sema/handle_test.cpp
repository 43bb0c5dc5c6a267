// `test` blocks: the profile given, the events sent and what is expected.

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/channel.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

auto ResolveFlow(Context& context, const ast::QualifiedName& name) -> std::optional<Symbol>;

namespace {

COBRO_DIAGNOSTIC(TypeMismatch, Error, "expected `{0}`, found `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(InvalidTestStep, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(UnknownState, Error, "unknown state `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(UnknownChannel, Error, "unknown channel `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(UnknownRule, Error, "unknown rule `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(UnknownEvent, Error, "unknown event `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(ImpossibleExpectation, Error, "{0}", std::string);

// What the guard can do with a rule of `kind`: rules of rights block, rules
// of time defer (docs/language.md 10.3), and the rest never decide.
auto NeverDecides(ast::RuleKind kind) -> bool {
  return kind == ast::RuleKind::Disclosure || kind == ast::RuleKind::Jurisdiction ||
         kind == ast::RuleKind::Calendar;
}

auto OnlyBlocks(const ast::PolicyRule& rule) -> bool {
  return rule.kind == ast::RuleKind::ForbidAfter || rule.kind == ast::RuleKind::Consent ||
         (rule.kind == ast::RuleKind::Forbid && rule.days.empty());
}

auto RuleKindWord(ast::RuleKind kind) -> const char* {
  switch (kind) {
    case ast::RuleKind::Disclosure: return "disclosure";
    case ast::RuleKind::Jurisdiction: return "jurisdiction";
    case ast::RuleKind::Calendar: return "calendar";
    default: return "policy";
  }
}

// A `blocked by` or `deferred by` that names a rule which can never make
// that decision would fail on every run: say so before anything runs.
void CheckDecision(Context& context, const ast::Expectation& expectation, const ast::PolicyRule& rule) {
  std::string name = expectation.rule.Joined();
  if (NeverDecides(rule.kind)) {
    context.emitter.Emit(expectation.rule.range, ImpossibleExpectation,
                         fmt::format("`{}` is a `{}` rule; the guard never holds a contact back with it", name,
                                     RuleKindWord(rule.kind)));
  } else if (expectation.kind == ast::ExpectKind::Deferred && OnlyBlocks(rule)) {
    context.emitter.Build(expectation.range, ImpossibleExpectation,
                          fmt::format("`{}` blocks contacts and never defers them; expect `blocked by {}`", name, name))
        .Fix(expectation.range, "blocked by " + name)
        .Emit();
  }
}

void CheckExpectation(Context& context, const ast::FlowDecl* flow,
                      const ast::Expectation& expectation) {
  switch (expectation.kind) {
    case ast::ExpectKind::Send:
    case ast::ExpectKind::Call:
      if (!ChannelByName(expectation.name.text) && !expectation.name.text.empty()) {
        std::vector<std::string> names;
        for (int c = 0; c < kChannelCount; ++c) {
          names.emplace_back(ChannelName(static_cast<Channel>(c)));
        }
        auto suggestion = Suggest(expectation.name.text, names);
        auto builder = context.emitter.Build(
            expectation.name.range, UnknownChannel, expectation.name.text,
            suggestion ? "; did you mean `" + *suggestion + "`?" : "");
        if (suggestion) builder.Fix(expectation.name.range, *suggestion);
        builder.Emit();
      }
      break;
    case ast::ExpectKind::State: {
      if (flow == nullptr) break;
      const std::string& name = expectation.name.text;
      std::vector<std::string> names{"done", "hold"};
      for (const ast::StateDecl& state : flow->states) names.push_back(state.name.text);
      if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) break;
      auto suggestion = Suggest(name, names);
      auto builder = context.emitter.Build(expectation.name.range, UnknownState, name,
                                           suggestion ? "; did you mean `" + *suggestion + "`?" : "");
      if (suggestion) builder.Fix(expectation.name.range, *suggestion);
      builder.Emit();
      break;
    }
    case ast::ExpectKind::Blocked:
    case ast::ExpectKind::Deferred: {
      const auto& parts = expectation.rule.parts;
      std::string joined = expectation.rule.Joined();
      if (parts.size() != 2) {
        context.emitter.Emit(expectation.rule.range, UnknownRule, joined,
                             "; name a rule as `Policy.rule_label`");
        break;
      }
      auto policy = LookupSymbol(context, parts[0].text, parts[0].range);
      if (!policy || policy->kind != SymbolKind::Policy) {
        std::vector<std::string> policies;
        CollectVisibleNames(context, policies, SymbolKind::Policy);
        auto suggestion = Suggest(parts[0].text, policies);
        std::string hint = suggestion ? "; did you mean `" + *suggestion + "`?"
                           : policy   ? "; `" + parts[0].text + "` is a " +
                                          SymbolKindName(policy->kind) + ", not a policy"
                                      : "; no policy `" + parts[0].text + "` is visible here";
        auto builder = context.emitter.Build(parts[0].range, UnknownRule, joined, hint);
        if (suggestion) builder.Fix(parts[0].range, *suggestion);
        builder.Emit();
        break;
      }
      const ast::PolicyDecl& decl = PolicyOf(context, policy->decl);
      std::vector<std::string> labels;
      for (const ast::PolicyRule& rule : decl.rules) {
        if (rule.label) labels.push_back(rule.label->text);
        if (rule.label && rule.label->text == parts[1].text) {
          context.module().expectation_policies[expectation.rule.range.begin] = policy->decl;
          CheckDecision(context, expectation, rule);
        }
      }
      if (std::find(labels.begin(), labels.end(), parts[1].text) != labels.end()) break;
      auto suggestion = Suggest(parts[1].text, labels);
      auto builder = context.emitter.Build(parts[1].range, UnknownRule, joined,
                                           suggestion ? "; did you mean `" + *suggestion + "`?" : "");
      if (suggestion) builder.Fix(parts[1].range, *suggestion);
      builder.Emit();
      break;
    }
    default: break;
  }
}

// An absolute step time as one comparable number: ms since 1970, of local
// time when `local`.
auto StepTime(const ast::TestStep& step, bool& local) -> int64_t {
  local = !step.at.offset_minutes.has_value();
  int64_t ms = int64_t{step.at.date.days} * Duration::kDay + int64_t{step.at.time.seconds} * Duration::kSecond;
  return local ? ms : ms - int64_t{*step.at.offset_minutes} * Duration::kMinute;
}

// Steps go forward in time. Two absolute steps in a row are compared here
// when both are local or both are instants (local times map to instants in
// order, so the comparison is exact); the runner checks the rest, which
// needs the debtor's zone.
void CheckStepOrder(Context& context, const ast::TestDecl& test) {
  for (size_t i = 1; i < test.steps.size(); ++i) {
    const ast::TestStep& previous = test.steps[i - 1];
    const ast::TestStep& step = test.steps[i];
    if (previous.time_kind != ast::TimeSpecKind::Absolute || step.time_kind != ast::TimeSpecKind::Absolute) continue;
    bool previous_local = false;
    bool local = false;
    int64_t before = StepTime(previous, previous_local);
    int64_t at = StepTime(step, local);
    if (previous_local != local || at >= before) continue;
    context.emitter.Emit(step.time_range, InvalidTestStep,
                         fmt::format("this step is at {}, before the previous step at {}; steps go forward in time",
                                     step.at.ToString(), previous.at.ToString()));
  }
}

// `no action` says the step does nothing, so it cannot also list an action
// or a guard decision; a case is in one state at a time.
void CheckExpectationList(Context& context, const ast::TestStep& step) {
  const ast::Expectation* no_action = nullptr;
  const ast::Expectation* state = nullptr;
  for (const ast::Expectation& expectation : step.expectations) {
    if (expectation.kind == ast::ExpectKind::NoAction) no_action = &expectation;
  }
  for (const ast::Expectation& expectation : step.expectations) {
    if (expectation.kind == ast::ExpectKind::State) {
      if (state != nullptr) {
        context.emitter.Emit(expectation.range, InvalidTestStep,
                             fmt::format("the step already expects `state {}`; a case is in one state at a time",
                                         state->name.text));
      }
      state = &expectation;
      continue;
    }
    if (no_action != nullptr && expectation.kind != ast::ExpectKind::NoAction) {
      context.emitter.Emit(no_action->range, InvalidTestStep,
                           "`no action` expects nothing to happen, but the step also lists what happens; "
                           "remove `no action`");
      return;
    }
  }
}

}  // namespace

void HandleTest(Context& context, int32_t index) {
  const ast::TestDecl& test = context.file().tests[index];
  TypeStore& types = context.types();
  ast::QualifiedName flow_name{{test.flow}, test.flow.range};
  std::optional<Symbol> flow_symbol = ResolveFlow(context, flow_name);
  auto& test_flows = context.module().test_flows;
  if (test_flows.size() <= static_cast<size_t>(index)) test_flows.resize(context.file().tests.size());
  if (flow_symbol) test_flows[index] = flow_symbol->decl;
  const ast::FlowDecl* flow = flow_symbol ? &FlowOf(context, flow_symbol->decl) : nullptr;
  Scope scope;
  if (test.given_type.has_value()) {
    TypeId given = ResolveType(context, test.given_type);
    if (!types.is_error(given) && types.kind(given) != TypeKind::Profile) {
      context.emitter.Emit(context.file().types.Get(test.given_type).range, TypeMismatch,
                           "profile", TypeName(context, given), "");
    } else if (!types.is_error(given)) {
      const TypeInfo& info = types.Get(given);
      if (flow_symbol) {
        TypeId flow_subject =
            context.program.modules[flow_symbol->decl.module].flow_subject_types[flow_symbol->decl.index];
        if (!types.is_error(flow_subject) && flow_subject != given) {
          context.emitter.Emit(context.file().types.Get(test.given_type).range, TypeMismatch,
                               TypeName(context, flow_subject), TypeName(context, given),
                               "; give the profile the flow runs for");
        }
      }
      CheckRecord(context, scope, test.given, ProfileOf(context, info.decl).fields,
                  context.program.modules[info.decl.module].profile_field_types[info.decl.index],
                  ProfileOf(context, info.decl).name.text, test.given_range, true);
    }
  } else if (!test.steps.empty()) {
    context.emitter.Emit(test.name_range, InvalidTestStep,
                         "test has no `given` profile; start it with `given <Profile> { ... }`");
  }
  for (size_t i = 0; i < test.steps.size(); ++i) {
    const ast::TestStep& step = test.steps[i];
    if (i == 0 && step.time_kind == ast::TimeSpecKind::Relative) {
      context.emitter.Emit(step.time_range, InvalidTestStep,
                           "the first step needs a date and time, such as `at 2026-01-05 09:00`");
    }
    if (step.event) {
      auto symbol = LookupSymbol(context, step.event->Joined(), step.event->range);
      if (!symbol || symbol->kind != SymbolKind::Event) {
        std::vector<std::string> candidates;
        CollectVisibleNames(context, candidates, SymbolKind::Event);
        auto suggestion = Suggest(step.event->Joined(), candidates);
        auto builder = context.emitter.Build(
            step.event->range, UnknownEvent, step.event->Joined(),
            suggestion ? "; did you mean `" + *suggestion + "`?" : "");
        if (suggestion) builder.Fix(step.event->range, *suggestion);
        builder.Emit();
      } else {
        context.module().step_events[step.event->range.begin] = symbol->decl;
        const ast::EventDecl& event = EventOf(context, symbol->decl);
        const Module& owner = context.program.modules[symbol->decl.module];
        // Keys are given by name like fields; fields left out take their
        // defaults or zero values.
        std::vector<ast::FieldDecl> declared = event.fields;
        std::vector<TypeId> declared_types = owner.event_field_types[symbol->decl.index];
        for (size_t k = 0; k < event.keys.size(); ++k) {
          declared.push_back(ast::FieldDecl{event.keys[k].name, event.keys[k].type, {}, "", event.keys[k].range});
          declared_types.push_back(owner.event_key_types[symbol->decl.index][k]);
        }
        CheckRecord(context, scope, step.event_fields, declared, declared_types,
                    event.name.Joined(), step.range, false);
      }
    }
    for (const ast::Expectation& expectation : step.expectations) {
      CheckExpectation(context, flow, expectation);
    }
    CheckExpectationList(context, step);
  }
  CheckStepOrder(context, test);
}

}  // namespace cobro::sema
