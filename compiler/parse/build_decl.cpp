// Builds the file, its module and imports, and the simple declarations:
// profile, event, fn and builtin.

#include "compiler/parse/builder.h"

namespace cobro::parse {

void Builder::BuildFile(P::FileContext* ctx) {
  if (ctx == nullptr) return;
  if (P::ModuleDeclContext* module = ctx->moduleDecl()) {
    file_.module_name = BuildModuleName(module->moduleName());
  }
  for (P::ImportDeclContext* import : ctx->importDecl()) {
    ast::Import result;
    result.module = BuildModuleName(import->moduleName());
    if (import->ident() != nullptr) result.alias = BuildIdent(import->ident());
    result.range = Range(import);
    file_.imports.push_back(std::move(result));
  }
  for (P::TopDeclContext* decl : ctx->topDecl()) {
    if (auto* profile = decl->profileDecl()) BuildProfile(profile);
    if (auto* event = decl->eventDecl()) BuildEvent(event);
    if (auto* fn = decl->fnDecl()) BuildFn(fn);
    if (auto* builtin = decl->builtinDecl()) BuildBuiltin(builtin);
    if (auto* scorecard = decl->scorecardDecl()) BuildScorecard(scorecard);
    if (auto* policy = decl->policyDecl()) BuildPolicy(policy);
    if (auto* flow = decl->flowDecl()) BuildFlow(flow);
    if (auto* experiment = decl->experimentDecl()) BuildExperiment(experiment);
    if (auto* test = decl->testDecl()) BuildTest(test);
  }
}

auto Builder::BuildModuleName(P::ModuleNameContext* ctx) -> ast::QualifiedName {
  ast::QualifiedName name;
  if (ctx == nullptr) return name;
  for (P::ModuleSegmentContext* segment : ctx->moduleSegment()) {
    if (segment->getStart() == nullptr) continue;
    name.parts.push_back(ast::Ident{TokenText(segment->getStart()), Range(segment)});
  }
  name.range = Range(ctx);
  return name;
}

void Builder::BuildProfile(P::ProfileDeclContext* ctx) {
  ast::ProfileDecl profile;
  profile.name = BuildIdent(ctx->ident());
  for (P::FieldDeclContext* field : ctx->fieldDecl()) {
    profile.fields.push_back(BuildFieldDecl(field));
  }
  profile.doc = DocComment(ctx);
  profile.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Profile, static_cast<int32_t>(file_.profiles.size())});
  file_.profiles.push_back(std::move(profile));
}

void Builder::BuildEvent(P::EventDeclContext* ctx) {
  ast::EventDecl event;
  event.name = BuildQualifiedName(ctx->qualifiedName());
  event.keys = BuildParams(ctx->paramList());
  for (P::FieldDeclContext* field : ctx->fieldDecl()) {
    event.fields.push_back(BuildFieldDecl(field));
  }
  event.doc = DocComment(ctx);
  event.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Event, static_cast<int32_t>(file_.events.size())});
  file_.events.push_back(std::move(event));
}

void Builder::BuildFn(P::FnDeclContext* ctx) {
  ast::FnDecl fn;
  fn.name = BuildIdent(ctx->ident());
  fn.params = BuildParams(ctx->paramList());
  fn.result = BuildTypeRef(ctx->typeRef());
  if (auto* body = dynamic_cast<P::ExprBodyContext*>(ctx->fnBody())) {
    fn.body = BuildExpr(body->expr());
  } else if (auto* block = dynamic_cast<P::BlockBodyContext*>(ctx->fnBody())) {
    fn.block_body = true;
    for (P::LetStmtContext* let : block->letStmt()) {
      ast::LetStmt statement;
      statement.name = BuildIdent(let->ident());
      statement.type = BuildTypeRef(let->typeRef());
      statement.value = BuildExpr(let->expr());
      statement.range = Range(let);
      fn.lets.push_back(std::move(statement));
    }
    fn.body = BuildExpr(block->expr());
  } else {
    fn.body = ErrorExpr(Range(ctx));
  }
  fn.doc = DocComment(ctx);
  fn.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Fn, static_cast<int32_t>(file_.fns.size())});
  file_.fns.push_back(std::move(fn));
}

void Builder::BuildBuiltin(P::BuiltinDeclContext* ctx) {
  ast::BuiltinDecl builtin;
  builtin.name = BuildIdent(ctx->ident());
  if (P::TypeParamsContext* params = ctx->typeParams()) {
    for (P::TypeParamContext* param : params->typeParam()) {
      ast::TypeParam type_param;
      auto names = param->ident();
      if (!names.empty()) type_param.name = BuildIdent(names[0]);
      if (names.size() > 1) type_param.bound = BuildIdent(names[1]);
      type_param.range = Range(param);
      builtin.type_params.push_back(std::move(type_param));
    }
  }
  builtin.params = BuildParams(ctx->paramList());
  builtin.result = BuildTypeRef(ctx->typeRef());
  builtin.doc = DocComment(ctx);
  builtin.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Builtin, static_cast<int32_t>(file_.builtins.size())});
  file_.builtins.push_back(std::move(builtin));
}

}  // namespace cobro::parse
