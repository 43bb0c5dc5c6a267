// Experiments: champion/challenger arms that split a portfolio.

#include <set>

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(TypeMismatch, Error, "expected `{0}`, found `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(UnknownFlow, Error, "unknown flow `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(DuplicateArm, Error, "flow `{0}` is already an arm of this experiment",
                 std::string);
COBRO_DIAGNOSTIC(ExperimentSubjectMismatch, Error,
                 "flow `{0}` runs for `{1}`, but experiment `{2}` splits `{3}`", std::string,
                 std::string, std::string, std::string);
COBRO_DIAGNOSTIC(ExperimentShares, Error, "{0}", std::string);

}  // namespace

// Resolves a flow name (optionally alias-qualified); reports an unknown flow.
auto ResolveFlow(Context& context, const ast::QualifiedName& name) -> std::optional<Symbol> {
  std::string joined = name.Joined();
  if (joined.empty()) return std::nullopt;
  std::optional<Symbol> symbol;
  if (name.parts.size() > 1) {
    auto alias = context.module().aliases.find(name.parts[0].text);
    if (alias != context.module().aliases.end()) {
      symbol = LookupInModule(context, alias->second, joined.substr(name.parts[0].text.size() + 1));
    }
  } else {
    symbol = LookupSymbol(context, joined, name.range);
  }
  if (symbol && symbol->kind == SymbolKind::Flow) return symbol;
  std::vector<std::string> candidates;
  CollectVisibleNames(context, candidates, SymbolKind::Flow);
  auto suggestion = Suggest(joined, candidates);
  auto builder = context.emitter.Build(name.range, UnknownFlow, joined,
                                       suggestion ? "; did you mean `" + *suggestion + "`?" : "");
  if (suggestion) builder.Fix(name.range, *suggestion);
  builder.Emit();
  return std::nullopt;
}

void HandleExperiment(Context& context, int32_t index) {
  const ast::ExperimentDecl& experiment = context.file().experiments[index];
  TypeStore& types = context.types();
  TypeId subject = ResolveType(context, experiment.subject);
  if (!types.is_error(subject) && types.kind(subject) != TypeKind::Profile) {
    context.emitter.Emit(context.file().types.Get(experiment.subject).range, TypeMismatch,
                         "profile", TypeName(context, subject),
                         "; an experiment splits the debtors described by a `profile`");
    // Reported once here, not again for every arm.
    subject = types.error();
  }
  Decimal total = Decimal::FromInt(0);
  bool totals_known = true;
  std::set<std::string> seen;
  auto& arms = context.module().experiment_arms;
  if (arms.size() <= static_cast<size_t>(index)) arms.resize(context.file().experiments.size());
  arms[index].assign(experiment.arms.size(), std::nullopt);
  for (const ast::Arm& arm : experiment.arms) {
    if (arm.share_range.end <= arm.share_range.begin) {
      // The parser invented a missing share; the syntax error says so.
      totals_known = false;
    } else if (arm.share <= Decimal::FromInt(0) || Decimal::FromInt(100) < arm.share) {
      context.emitter.Emit(arm.share_range, ExperimentShares,
                           "a share is a percentage above 0% and at most 100%");
      totals_known = false;
    }
    // Sum exactly at a common scale; shares have at most a few decimals.
    int32_t scale = std::max(total.scale, arm.share.scale);
    auto scaled = [&](const Decimal& value) {
      int64_t coefficient = value.coefficient;
      for (int32_t i = value.scale; i < scale; ++i) coefficient *= 10;
      return coefficient;
    };
    total = Decimal{scaled(total) + scaled(arm.share), scale};
    auto flow = ResolveFlow(context, arm.flow);
    if (!flow) continue;
    arms[index][&arm - experiment.arms.data()] = flow->decl;
    if (!seen.insert(arm.flow.Joined()).second) {
      context.emitter.Emit(arm.flow.range, DuplicateArm, arm.flow.Joined());
      continue;
    }
    TypeId flow_subject =
        context.program.modules[flow->decl.module].flow_subject_types[flow->decl.index];
    if (!types.is_error(subject) && !types.is_error(flow_subject) && flow_subject != subject) {
      context.emitter.Emit(arm.flow.range, ExperimentSubjectMismatch, arm.flow.Joined(),
                           TypeName(context, flow_subject), experiment.name.text,
                           TypeName(context, subject));
    }
  }
  if (totals_known && !experiment.arms.empty() && !(total == Decimal::FromInt(100))) {
    context.emitter.Emit(experiment.name.range, ExperimentShares,
                         "the shares of `" + experiment.name.text + "` add up to " +
                             total.ToString() + "%; they must add up to 100%");
  }
  if (experiment.arms.empty()) {
    context.emitter.Emit(experiment.name.range, ExperimentShares,
                         "experiment `" + experiment.name.text + "` has no arms; list flows with "
                         "their shares, such as `Champion 80%`");
  }
}

}  // namespace cobro::sema
