// Experiments. An arm's share is a percentage with a few decimals; it is
// kept in millionths so that shares like 33.3333% still add up exactly.

#include "compiler/lower/context.h"

namespace cobro::lower {

namespace {

auto SharePpm(const Decimal& share) -> int64_t {
  // percent * 10^4 = millionths, at the literal's own scale.
  int64_t value = share.coefficient;
  int32_t scale = share.scale;
  for (; scale < 4; ++scale) value *= 10;
  for (; scale > 4; --scale) value /= 10;
  return value;
}

}  // namespace

void LowerExperiments(Context& context) {
  // Flow indexes follow the order in which Lower visits modules and flows.
  std::vector<int32_t> first_flow(context.program.modules.size(), 0);
  int32_t count = 0;
  for (size_t m = 0; m < context.program.modules.size(); ++m) {
    first_flow[m] = count;
    count += static_cast<int32_t>(context.program.modules[m].ast.flows.size());
  }
  for (size_t m = 0; m < context.program.modules.size(); ++m) {
    const sema::Module& module = context.program.modules[m];
    for (size_t e = 0; e < module.ast.experiments.size(); ++e) {
      const ast::ExperimentDecl& decl = module.ast.experiments[e];
      flowir::Experiment experiment;
      experiment.name = decl.name.text;
      experiment.module = module.name;
      experiment.salt = decl.salt.value_or(module.name + "." + decl.name.text);
      for (size_t a = 0; a < decl.arms.size(); ++a) {
        if (e >= module.experiment_arms.size() || a >= module.experiment_arms[e].size() ||
            !module.experiment_arms[e][a].has_value()) {
          continue;
        }
        const sema::GlobalDecl& flow = *module.experiment_arms[e][a];
        flowir::Arm arm;
        arm.flow = first_flow[flow.module] + flow.index;
        arm.share_ppm = SharePpm(decl.arms[a].share);
        if (experiment.profile < 0) experiment.profile = context.out.flows[arm.flow].profile;
        experiment.arms.push_back(arm);
      }
      context.out.experiments.push_back(std::move(experiment));
    }
  }
}

}  // namespace cobro::lower
