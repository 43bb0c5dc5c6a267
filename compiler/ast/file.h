#pragma once

#include <optional>
#include <vector>

#include "compiler/ast/nodes.h"
#include "compiler/base/value_store.h"

namespace cobro::ast {

// One parsed file. It owns all its nodes and is a value: later phases keep
// their results in side tables keyed by its Ids, never in the tree.
struct File {
  FileId file_id;
  std::optional<QualifiedName> module_name;
  std::vector<Import> imports;

  std::vector<ProfileDecl> profiles;
  std::vector<EventDecl> events;
  std::vector<FnDecl> fns;
  std::vector<BuiltinDecl> builtins;
  std::vector<ScorecardDecl> scorecards;
  std::vector<PolicyDecl> policies;
  std::vector<FlowDecl> flows;
  std::vector<ExperimentDecl> experiments;
  std::vector<TestDecl> tests;
  // Every top-level declaration in source order.
  std::vector<DeclRef> decls;

  ValueStore<ExprId, Expr> exprs;
  ValueStore<TypeRefId, TypeRef> types;
  ValueStore<TargetId, Target> targets;

  std::vector<Comment> comments;
  // Whether the parser reported any error; sema still runs on what was built.
  bool has_syntax_errors = false;
};

// The range of a top-level declaration.
auto DeclRange(const File& file, const DeclRef& decl) -> SourceRange;

}  // namespace cobro::ast
