#include "compiler/ast/file.h"

namespace cobro::ast {

auto DeclRange(const File& file, const DeclRef& decl) -> SourceRange {
  auto index = static_cast<size_t>(decl.index);
  switch (decl.kind) {
    case DeclKind::Profile: return file.profiles[index].range;
    case DeclKind::Event: return file.events[index].range;
    case DeclKind::Fn: return file.fns[index].range;
    case DeclKind::Builtin: return file.builtins[index].range;
    case DeclKind::Scorecard: return file.scorecards[index].range;
    case DeclKind::Policy: return file.policies[index].range;
    case DeclKind::Flow: return file.flows[index].range;
    case DeclKind::Experiment: return file.experiments[index].range;
    case DeclKind::Test: return file.tests[index].range;
  }
  return {};
}

}  // namespace cobro::ast
