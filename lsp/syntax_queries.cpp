#include "lsp/syntax_queries.h"

namespace cobro::lsp {

auto DeclName(const ast::File& file, const ast::DeclRef& decl) -> std::pair<std::string, SourceRange> {
  auto i = static_cast<size_t>(decl.index);
  switch (decl.kind) {
    case ast::DeclKind::Profile: return {file.profiles[i].name.text, file.profiles[i].name.range};
    case ast::DeclKind::Event: return {file.events[i].name.Joined(), file.events[i].name.range};
    case ast::DeclKind::Fn: return {file.fns[i].name.text, file.fns[i].name.range};
    case ast::DeclKind::Builtin: return {file.builtins[i].name.text, file.builtins[i].name.range};
    case ast::DeclKind::Scorecard: return {file.scorecards[i].name.text, file.scorecards[i].name.range};
    case ast::DeclKind::Policy: return {file.policies[i].name.text, file.policies[i].name.range};
    case ast::DeclKind::Flow: return {file.flows[i].name.text, file.flows[i].name.range};
    case ast::DeclKind::Experiment: return {file.experiments[i].name.text, file.experiments[i].name.range};
    case ast::DeclKind::Test: return {file.tests[i].name, file.tests[i].name_range};
  }
  return {};
}

auto ExprAt(const ast::File& file, uint32_t offset) -> ast::ExprId {
  ast::ExprId best;
  uint32_t best_size = UINT32_MAX;
  const auto& exprs = file.exprs.values();
  for (size_t e = 0; e < exprs.size(); ++e) {
    const ast::Expr& expr = exprs[e];
    if (expr.kind == ast::ExprKind::Error || !Contains(expr.range, offset)) continue;
    uint32_t size = expr.range.end - expr.range.begin;
    if (size < best_size) {
      best = ast::ExprId{static_cast<int32_t>(e)};
      best_size = size;
    }
  }
  return best;
}

auto EnclosingAt(const ast::File& file, uint32_t offset) -> Enclosing {
  Enclosing enclosing;
  for (const ast::DeclRef& decl : file.decls) {
    if (!Contains(ast::DeclRange(file, decl), offset)) continue;
    enclosing.decl = decl;
    if (decl.kind == ast::DeclKind::Flow) {
      const ast::FlowDecl& flow = file.flows[decl.index];
      for (size_t s = 0; s < flow.states.size(); ++s) {
        if (Contains(flow.states[s].range, offset)) enclosing.state = static_cast<int32_t>(s);
      }
    }
    if (decl.kind == ast::DeclKind::Policy) {
      const ast::PolicyDecl& policy = file.policies[decl.index];
      for (size_t r = 0; r < policy.rules.size(); ++r) {
        if (Contains(policy.rules[r].range, offset)) enclosing.rule = static_cast<int32_t>(r);
      }
    }
  }
  return enclosing;
}

}  // namespace cobro::lsp
