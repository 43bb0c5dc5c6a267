// `test` blocks: the profile given, the events sent and what is expected.

#include <algorithm>

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

}  // namespace

void HandleTest(Context& context, int32_t index) {
  const ast::TestDecl& test = context.file().tests[index];
  TypeStore& types = context.types();
  ast::QualifiedName flow_name{{test.flow}, test.flow.range};
  std::optional<Symbol> flow_symbol = ResolveFlow(context, flow_name);
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
  }
}

}  // namespace cobro::sema
