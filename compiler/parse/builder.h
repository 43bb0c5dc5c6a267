#pragma once

// The AST builder: converts the ANTLR parse tree into ast::File once, after
// which the parse tree is dropped. Private to compiler/parse.

#include <string>
#include <vector>

#include "CobroParser.h"
#include "compiler/ast/file.h"
#include "compiler/diag/emitter.h"

namespace cobro::parse {

using P = cobro_grammar::CobroParser;

class Builder {
 public:
  // The tokens' start and stop indexes must be byte offsets into `text`,
  // the file's text with any bytes that are not UTF-8 replaced.
  Builder(ast::File& file, diag::Emitter& emitter, std::string_view text,
          antlr4::BufferedTokenStream& tokens)
      : file_(file), emitter_(emitter), text_(text), tokens_(tokens) {}

  // Fills the File from the root of the parse tree.
  void BuildFile(P::FileContext* ctx);

  // --- Shared pieces (build_expr.cpp) ---
  auto Range(antlr4::ParserRuleContext* ctx) const -> SourceRange;
  auto Range(antlr4::Token* token) const -> SourceRange;
  auto Range(antlr4::tree::TerminalNode* node) const -> SourceRange;
  auto BuildIdent(P::IdentContext* ctx) -> ast::Ident;
  auto BuildQualifiedName(P::QualifiedNameContext* ctx) -> ast::QualifiedName;
  auto BuildModuleName(P::ModuleNameContext* ctx) -> ast::QualifiedName;
  auto BuildTypeRef(P::TypeRefContext* ctx) -> ast::TypeRefId;
  auto BuildExpr(P::ExprContext* ctx) -> ast::ExprId;
  auto BuildPostfixExpr(P::PostfixExprContext* ctx) -> ast::ExprId;
  auto BuildLiteral(P::LiteralContext* ctx) -> ast::ExprId;
  auto BuildLiteralToken(antlr4::Token* token) -> ast::ExprId;
  auto BuildRecord(P::RecordLitContext* ctx) -> std::vector<ast::FieldInit>;
  auto BuildParams(P::ParamListContext* ctx) -> std::vector<ast::Param>;
  auto BuildFieldDecl(P::FieldDeclContext* ctx) -> ast::FieldDecl;
  auto BuildString(antlr4::tree::TerminalNode* node) -> std::string;
  auto BuildString(antlr4::Token* token) -> std::string;
  auto BuildDuration(antlr4::tree::TerminalNode* node) -> std::optional<Duration>;
  auto BuildDate(antlr4::tree::TerminalNode* node) -> std::optional<CivilDate>;
  auto BuildInt(antlr4::tree::TerminalNode* node) -> int64_t;
  auto BuildSignedNumber(P::SignedNumberContext* ctx) -> int64_t;
  auto ErrorExpr(SourceRange range) -> ast::ExprId;
  // A token's text, from the file's own bytes.
  auto TokenText(antlr4::Token* token) const -> std::string;
  auto TokenText(antlr4::tree::TerminalNode* node) const -> std::string;
  // The `///` comments directly before `ctx`, without the slashes.
  auto DocComment(antlr4::ParserRuleContext* ctx) const -> std::string;

  // --- Declarations (build_decl.cpp, build_scorecard.cpp, ...) ---
  void BuildProfile(P::ProfileDeclContext* ctx);
  void BuildEvent(P::EventDeclContext* ctx);
  void BuildFn(P::FnDeclContext* ctx);
  void BuildBuiltin(P::BuiltinDeclContext* ctx);
  void BuildScorecard(P::ScorecardDeclContext* ctx);
  void BuildPolicy(P::PolicyDeclContext* ctx);
  void BuildFlow(P::FlowDeclContext* ctx);
  void BuildExperiment(P::ExperimentDeclContext* ctx);
  void BuildTest(P::TestDeclContext* ctx);

  // --- Flow pieces shared with policies (build_flow.cpp) ---
  auto BuildEventPattern(P::EventPatternContext* ctx) -> ast::EventPattern;
  auto BuildTarget(P::TargetContext* ctx) -> ast::TargetId;

  auto file() -> ast::File& { return file_; }
  // How deeply the expression being built nests; see NestingLevel.
  auto expr_depth() -> size_t& { return expr_depth_; }
  auto emitter() -> diag::Emitter& { return emitter_; }

 private:
  auto BuildBinary(P::ExprContext* ctx, ast::BinaryOp op, P::ExprContext* lhs,
                   P::ExprContext* rhs) -> ast::ExprId;

  ast::File& file_;
  diag::Emitter& emitter_;
  std::string_view text_;
  antlr4::BufferedTokenStream& tokens_;
  size_t expr_depth_ = 0;
};

}  // namespace cobro::parse
