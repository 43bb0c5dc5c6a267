// Shared pieces of the AST builder: ranges, names, types, expressions and
// literals.

#include <limits>

#include "compiler/parse/builder.h"
#include "compiler/parse/parse.h"

namespace cobro::parse {

namespace {

COBRO_DIAGNOSTIC(InvalidLiteral, Error, "{0} `{1}` does not exist", std::string, std::string);
COBRO_DIAGNOSTIC(NumberOutOfRange, Error, "{0} `{1}` is too large", std::string, std::string);
COBRO_DIAGNOSTIC_OF(FractionalPoints, InvalidLiteral, Error, "points are whole numbers; found `{0}`",
                    std::string);
// Also declared by the token check in antlr_adapter.cpp, with the same text.
COBRO_DIAGNOSTIC(NestingTooDeep, Error,
                 "code nests deeper than {0} levels; split it into smaller functions", int);
COBRO_DIAGNOSTIC(InvalidEscape, Error, "unknown escape `{0}` in string; write `\\\\` for a backslash",
                 std::string);

// How deeply the expression being built nests in the AST. The token check
// before parsing bounds brackets, `if`s and prefix operators, but not chains:
// `1 + 1 + ... + 1` and `d.a.a.a` are flat to it, yet every operator is one
// more level of the tree, and every phase after the parser (the checker, the
// printer) walks expressions recursively. A chain of 10,000 `+` overflowed
// the builder's stack, and 4,000 `.a` took the checker 11 s.
// Counts levels of nesting in the builder for as long as it lives.
class NestingLevel {
 public:
  explicit NestingLevel(Builder& builder, size_t levels = 1)
      : depth_(builder.expr_depth()), levels_(levels) {
    depth_ += levels_;
  }
  ~NestingLevel() { depth_ -= levels_; }
  NestingLevel(const NestingLevel&) = delete;
  auto operator=(const NestingLevel&) -> NestingLevel& = delete;

 private:
  size_t& depth_;
  size_t levels_;
};

// Reports an expression that nests too deeply; it becomes an error node.
auto NestingError(Builder& builder, antlr4::ParserRuleContext* ctx) -> ast::ExprId {
  // Point at where the limit is crossed, not at the whole (huge) expression.
  builder.emitter().Emit(builder.Range(ctx->getStart()), NestingTooDeep, kMaxNesting);
  builder.file().has_syntax_errors = true;
  return builder.ErrorExpr(builder.Range(ctx));
}

}  // namespace

auto Builder::Range(antlr4::Token* token) const -> SourceRange {
  if (token == nullptr || token->getType() == antlr4::Token::EOF ||
      token->getStartIndex() == INVALID_INDEX) {
    // Tokens conjured by error recovery have no text; point at the end of the
    // last real token instead.
    auto end = static_cast<uint32_t>(text_.size());
    return SourceRange{file_.file_id, end, end};
  }
  return SourceRange{file_.file_id, static_cast<uint32_t>(token->getStartIndex()),
                     static_cast<uint32_t>(token->getStopIndex() + 1)};
}

auto Builder::Range(antlr4::tree::TerminalNode* node) const -> SourceRange {
  return node != nullptr ? Range(node->getSymbol()) : SourceRange{};
}

auto Builder::Range(antlr4::ParserRuleContext* ctx) const -> SourceRange {
  if (ctx == nullptr || ctx->getStart() == nullptr) return SourceRange{};
  SourceRange begin = Range(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (stop == nullptr || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) {
    return SourceRange{begin.file, begin.begin, begin.begin};
  }
  return SourceRange::Join(begin, Range(stop));
}

auto Builder::TokenText(antlr4::Token* token) const -> std::string {
  // Read from our UTF-8 buffer: ANTLR rebuilds token text from its UTF-32
  // copy of the input on every call, which dominated parse time.
  SourceRange range = Range(token);
  return std::string(text_.substr(range.begin, range.end - range.begin));
}

auto Builder::TokenText(antlr4::tree::TerminalNode* node) const -> std::string {
  return node != nullptr ? TokenText(node->getSymbol()) : "";
}

auto Builder::DocComment(antlr4::ParserRuleContext* ctx) const -> std::string {
  if (ctx == nullptr || ctx->getStart() == nullptr ||
      ctx->getStart()->getTokenIndex() == INVALID_INDEX) {
    return "";
  }
  std::string doc;
  for (antlr4::Token* token : tokens_.getHiddenTokensToLeft(ctx->getStart()->getTokenIndex())) {
    if (token->getType() != P::DOC_COMMENT) {
      // A blank comment line between doc and declaration detaches the doc.
      continue;
    }
    std::string line = TokenText(token).substr(3);
    if (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!doc.empty()) doc += '\n';
    doc += line;
  }
  return doc;
}

auto Builder::BuildIdent(P::IdentContext* ctx) -> ast::Ident {
  if (ctx == nullptr || ctx->getStart() == nullptr) return ast::Ident{"", SourceRange{}};
  return ast::Ident{TokenText(ctx->getStart()), Range(ctx)};
}

auto Builder::BuildQualifiedName(P::QualifiedNameContext* ctx) -> ast::QualifiedName {
  ast::QualifiedName name;
  if (ctx == nullptr) return name;
  for (P::IdentContext* part : ctx->ident()) name.parts.push_back(BuildIdent(part));
  name.range = Range(ctx);
  return name;
}

auto Builder::BuildTypeRef(P::TypeRefContext* ctx) -> ast::TypeRefId {
  if (ctx == nullptr) return ast::TypeRefId::None();
  ast::TypeRef type;
  if (ctx->EVENT() != nullptr) {
    type.name.parts.push_back(ast::Ident{"event", Range(ctx->EVENT())});
    type.name.range = Range(ctx->EVENT());
  } else {
    type.name = BuildQualifiedName(ctx->qualifiedName());
  }
  for (P::TypeRefContext* arg : ctx->typeRef()) type.args.push_back(BuildTypeRef(arg));
  type.range = Range(ctx);
  return file_.types.Add(std::move(type));
}

auto Builder::ErrorExpr(SourceRange range) -> ast::ExprId {
  ast::Expr expr;
  expr.kind = ast::ExprKind::Error;
  expr.range = range;
  return file_.exprs.Add(std::move(expr));
}

auto Builder::BuildBinary(P::ExprContext* ctx, ast::BinaryOp op, P::ExprContext* lhs,
                          P::ExprContext* rhs) -> ast::ExprId {
  ast::ExprId lhs_id = lhs != nullptr ? BuildExpr(lhs) : ErrorExpr(Range(ctx));
  ast::ExprId rhs_id = rhs != nullptr ? BuildExpr(rhs) : ErrorExpr(Range(ctx));
  ast::Expr expr;
  expr.kind = ast::ExprKind::Binary;
  expr.binary_op = op;
  expr.lhs = lhs_id;
  expr.rhs = rhs_id;
  expr.range = Range(ctx);
  return file_.exprs.Add(std::move(expr));
}

auto Builder::BuildExpr(P::ExprContext* ctx) -> ast::ExprId {
  if (ctx == nullptr) return ErrorExpr(SourceRange{});
  // Operators nest their operands one level deeper; a postfix expression
  // counts its own chain.
  bool is_operator = dynamic_cast<P::PostfixOperandContext*>(ctx) == nullptr;
  if (is_operator && expr_depth() >= static_cast<size_t>(kMaxNesting)) {
    return NestingError(*this, ctx);
  }
  NestingLevel level(*this, is_operator ? 1 : 0);
  auto two = [](const std::vector<P::ExprContext*>& operands, size_t i) -> P::ExprContext* {
    return i < operands.size() ? operands[i] : nullptr;
  };
  if (auto* postfix = dynamic_cast<P::PostfixOperandContext*>(ctx)) {
    return BuildPostfixExpr(postfix->postfixExpr());
  }
  if (auto* unary = dynamic_cast<P::NegateContext*>(ctx)) {
    ast::Expr expr;
    expr.kind = ast::ExprKind::Unary;
    expr.unary_op = ast::UnaryOp::Negate;
    expr.lhs = BuildExpr(unary->expr());
    expr.range = Range(ctx);
    return file_.exprs.Add(std::move(expr));
  }
  if (auto* unary = dynamic_cast<P::NotContext*>(ctx)) {
    ast::Expr expr;
    expr.kind = ast::ExprKind::Unary;
    expr.unary_op = ast::UnaryOp::Not;
    expr.lhs = BuildExpr(unary->expr());
    expr.range = Range(ctx);
    return file_.exprs.Add(std::move(expr));
  }
  if (auto* multiply = dynamic_cast<P::MultiplyContext*>(ctx)) {
    auto op = multiply->op != nullptr && multiply->op->getType() == P::SLASH ? ast::BinaryOp::Div
                                                                              : ast::BinaryOp::Mul;
    return BuildBinary(ctx, op, two(multiply->expr(), 0), two(multiply->expr(), 1));
  }
  if (auto* add = dynamic_cast<P::AddContext*>(ctx)) {
    auto op = add->op != nullptr && add->op->getType() == P::MINUS ? ast::BinaryOp::Sub
                                                                    : ast::BinaryOp::Add;
    return BuildBinary(ctx, op, two(add->expr(), 0), two(add->expr(), 1));
  }
  if (auto* compare = dynamic_cast<P::CompareContext*>(ctx)) {
    ast::BinaryOp op = ast::BinaryOp::Eq;
    switch (compare->op != nullptr ? compare->op->getType() : static_cast<size_t>(P::EQ)) {
      case P::LT: op = ast::BinaryOp::Lt; break;
      case P::LE: op = ast::BinaryOp::Le; break;
      case P::GT: op = ast::BinaryOp::Gt; break;
      case P::GE: op = ast::BinaryOp::Ge; break;
      case P::NE: op = ast::BinaryOp::Ne; break;
      default: op = ast::BinaryOp::Eq; break;
    }
    return BuildBinary(ctx, op, two(compare->expr(), 0), two(compare->expr(), 1));
  }
  if (auto* membership = dynamic_cast<P::MembershipContext*>(ctx)) {
    auto op = membership->NOT() != nullptr ? ast::BinaryOp::NotIn : ast::BinaryOp::In;
    return BuildBinary(ctx, op, two(membership->expr(), 0), two(membership->expr(), 1));
  }
  if (auto* conjunction = dynamic_cast<P::AndContext*>(ctx)) {
    return BuildBinary(ctx, ast::BinaryOp::And, two(conjunction->expr(), 0),
                       two(conjunction->expr(), 1));
  }
  if (auto* disjunction = dynamic_cast<P::OrContext*>(ctx)) {
    return BuildBinary(ctx, ast::BinaryOp::Or, two(disjunction->expr(), 0),
                       two(disjunction->expr(), 1));
  }
  if (auto* conditional = dynamic_cast<P::IfContext*>(ctx)) {
    auto operands = conditional->expr();
    if (operands.size() != 3) return ErrorExpr(Range(ctx));
    ast::Expr expr;
    expr.kind = ast::ExprKind::If;
    expr.condition = BuildExpr(operands[0]);
    expr.lhs = BuildExpr(operands[1]);
    expr.rhs = BuildExpr(operands[2]);
    expr.range = Range(ctx);
    return file_.exprs.Add(std::move(expr));
  }
  return ErrorExpr(Range(ctx));
}

auto Builder::BuildPostfixExpr(P::PostfixExprContext* ctx) -> ast::ExprId {
  if (ctx == nullptr || ctx->primary() == nullptr) return ErrorExpr(Range(ctx));
  // Each `.name` or call nests what comes before it one level deeper.
  if (expr_depth() + ctx->postfix().size() > static_cast<size_t>(kMaxNesting)) {
    return NestingError(*this, ctx);
  }
  ast::ExprId result;
  P::PrimaryContext* primary = ctx->primary();
  if (auto* literal = dynamic_cast<P::LiteralPrimaryContext*>(primary)) {
    result = BuildLiteral(literal->literal());
  } else if (auto* name = dynamic_cast<P::NamePrimaryContext*>(primary)) {
    ast::Expr expr;
    expr.kind = ast::ExprKind::Name;
    expr.name = BuildIdent(name->ident());
    expr.range = Range(primary);
    result = file_.exprs.Add(std::move(expr));
  } else if (auto* paren = dynamic_cast<P::ParenPrimaryContext*>(primary)) {
    result = BuildExpr(paren->expr());
    // Keep the parentheses in the range so diagnostics underline what was written.
    file_.exprs.Get(result).range = Range(primary);
  } else if (auto* set = dynamic_cast<P::SetPrimaryContext*>(primary)) {
    ast::Expr expr;
    expr.kind = ast::ExprKind::Set;
    NestingLevel element_level(*this);
    for (P::ExprContext* element : set->expr()) expr.elements.push_back(BuildExpr(element));
    expr.range = Range(primary);
    result = file_.exprs.Add(std::move(expr));
  } else {
    return ErrorExpr(Range(ctx));
  }
  SourceRange begin = Range(primary);
  size_t chain_length = 0;
  for (P::PostfixContext* postfix : ctx->postfix()) {
    ++chain_length;
    ast::Expr expr;
    expr.range = SourceRange::Join(begin, Range(postfix));
    expr.lhs = result;
    if (auto* member = dynamic_cast<P::MemberPostfixContext*>(postfix)) {
      expr.kind = ast::ExprKind::Member;
      expr.name = BuildIdent(member->ident());
    } else if (auto* call = dynamic_cast<P::CallPostfixContext*>(postfix)) {
      expr.kind = ast::ExprKind::Call;
      if (call->argList() != nullptr) {
        NestingLevel argument_level(*this, chain_length);
        for (P::ExprContext* arg : call->argList()->expr()) {
          expr.elements.push_back(BuildExpr(arg));
        }
      }
    } else {
      return ErrorExpr(Range(ctx));
    }
    result = file_.exprs.Add(std::move(expr));
  }
  return result;
}

auto Builder::BuildLiteral(P::LiteralContext* ctx) -> ast::ExprId {
  if (ctx == nullptr) return ErrorExpr(SourceRange{});
  return BuildLiteralToken(ctx->getStart());
}

auto Builder::BuildLiteralToken(antlr4::Token* token) -> ast::ExprId {
  ast::Expr expr;
  expr.range = Range(token);
  if (token == nullptr || token->getStartIndex() == INVALID_INDEX) {
    return ErrorExpr(expr.range);
  }
  std::string text = TokenText(token);
  auto invalid = [&](const char* what) {
    emitter_.Emit(expr.range, InvalidLiteral, what, text);
    return ErrorExpr(expr.range);
  };
  switch (token->getType()) {
    case P::INT: {
      auto value = Decimal::Parse(text);
      if (!value) {
        emitter_.Emit(expr.range, NumberOutOfRange, "number", text);
        return ErrorExpr(expr.range);
      }
      expr.kind = ast::ExprKind::Int;
      expr.int_value = value->coefficient;
      break;
    }
    case P::DECIMAL: {
      auto value = Decimal::Parse(text);
      if (!value) {
        emitter_.Emit(expr.range, NumberOutOfRange, "number", text);
        return ErrorExpr(expr.range);
      }
      expr.kind = ast::ExprKind::Decimal;
      expr.decimal_value = *value;
      break;
    }
    case P::PERCENT: {
      auto value = Decimal::Parse(text.substr(0, text.size() - 1));
      if (!value) {
        emitter_.Emit(expr.range, NumberOutOfRange, "percentage", text);
        return ErrorExpr(expr.range);
      }
      expr.kind = ast::ExprKind::Percent;
      expr.decimal_value = *value;
      break;
    }
    case P::STRING:
      expr.kind = ast::ExprKind::String;
      expr.string_value = BuildString(token);
      break;
    case P::DURATION: {
      auto value = Duration::Parse(text);
      if (!value) {
        emitter_.Emit(expr.range, NumberOutOfRange, "duration", text);
        return ErrorExpr(expr.range);
      }
      expr.kind = ast::ExprKind::Duration;
      expr.duration_value = *value;
      break;
    }
    case P::TIME: {
      auto value = TimeOfDay::Parse(text);
      if (!value) return invalid("time of day");
      expr.kind = ast::ExprKind::Time;
      expr.time_value = *value;
      break;
    }
    case P::DATE: {
      auto value = CivilDate::Parse(text);
      if (!value) return invalid("date");
      expr.kind = ast::ExprKind::Date;
      expr.date_value = *value;
      break;
    }
    case P::DATETIME: {
      auto value = CivilDateTime::Parse(text);
      if (!value) return invalid("date and time");
      expr.kind = ast::ExprKind::DateTime;
      expr.datetime_value = *value;
      break;
    }
    case P::TRUE:
    case P::FALSE:
      expr.kind = ast::ExprKind::Bool;
      expr.bool_value = token->getType() == P::TRUE;
      break;
    default: return ErrorExpr(expr.range);
  }
  return file_.exprs.Add(std::move(expr));
}

auto Builder::BuildString(antlr4::tree::TerminalNode* node) -> std::string {
  return node != nullptr ? BuildString(node->getSymbol()) : "";
}

auto Builder::BuildString(antlr4::Token* token) -> std::string {
  if (token == nullptr || token->getStartIndex() == INVALID_INDEX) return "";
  std::string text = TokenText(token);
  SourceRange range = Range(token);
  // Strip the quotes; an unterminated string (already reported) has no closing one.
  std::string_view body(text);
  if (!body.empty() && body.front() == '"') body.remove_prefix(1);
  if (!body.empty() && body.back() == '"') body.remove_suffix(1);
  std::string result;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      result += body[i];
      continue;
    }
    char escaped = body[++i];
    switch (escaped) {
      case 'n': result += '\n'; break;
      case 't': result += '\t'; break;
      case '"': result += '"'; break;
      case '\\': result += '\\'; break;
      default: {
        auto offset = static_cast<uint32_t>(range.begin + 1 + i - 1);
        emitter_.Emit(SourceRange{range.file, offset, offset + 2}, InvalidEscape,
                      std::string{'\\', escaped});
        result += escaped;
      }
    }
  }
  return result;
}

auto Builder::BuildDuration(antlr4::tree::TerminalNode* node) -> std::optional<Duration> {
  if (node == nullptr || node->getSymbol()->getStartIndex() == INVALID_INDEX) return std::nullopt;
  auto value = Duration::Parse(TokenText(node));
  if (!value) emitter_.Emit(Range(node), NumberOutOfRange, "duration", TokenText(node));
  return value;
}

auto Builder::BuildDate(antlr4::tree::TerminalNode* node) -> std::optional<CivilDate> {
  if (node == nullptr || node->getSymbol()->getStartIndex() == INVALID_INDEX) return std::nullopt;
  auto value = CivilDate::Parse(TokenText(node));
  if (!value) emitter_.Emit(Range(node), InvalidLiteral, "date", TokenText(node));
  return value;
}

auto Builder::BuildInt(antlr4::tree::TerminalNode* node) -> int64_t {
  if (node == nullptr || node->getSymbol()->getStartIndex() == INVALID_INDEX) return 0;
  auto value = Decimal::Parse(TokenText(node));
  if (!value || value->scale != 0) {
    emitter_.Emit(Range(node), NumberOutOfRange, "number", TokenText(node));
    return 0;
  }
  return value->coefficient;
}

auto Builder::BuildSignedNumber(P::SignedNumberContext* ctx) -> int64_t {
  if (ctx == nullptr) return 0;
  antlr4::tree::TerminalNode* digits = ctx->INT() != nullptr ? ctx->INT() : ctx->DECIMAL();
  if (digits == nullptr) return 0;
  int64_t value = 0;
  if (ctx->DECIMAL() != nullptr) {
    // Points are whole numbers.
    emitter_.Emit(Range(digits), FractionalPoints, TokenText(digits));
  } else {
    value = BuildInt(digits);
  }
  return ctx->MINUS() != nullptr ? -value : value;
}

auto Builder::BuildRecord(P::RecordLitContext* ctx) -> std::vector<ast::FieldInit> {
  std::vector<ast::FieldInit> fields;
  if (ctx == nullptr) return fields;
  for (P::FieldInitContext* field : ctx->fieldInit()) {
    fields.push_back({BuildIdent(field->ident()), BuildExpr(field->expr()), Range(field)});
  }
  return fields;
}

auto Builder::BuildParams(P::ParamListContext* ctx) -> std::vector<ast::Param> {
  std::vector<ast::Param> params;
  if (ctx == nullptr) return params;
  for (P::ParamContext* param : ctx->param()) {
    params.push_back({BuildIdent(param->ident()), BuildTypeRef(param->typeRef()), Range(param)});
  }
  return params;
}

auto Builder::BuildFieldDecl(P::FieldDeclContext* ctx) -> ast::FieldDecl {
  ast::FieldDecl field;
  field.name = BuildIdent(ctx->ident());
  field.type = BuildTypeRef(ctx->typeRef());
  if (ctx->expr() != nullptr) field.default_value = BuildExpr(ctx->expr());
  field.doc = DocComment(ctx);
  field.range = Range(ctx);
  return field;
}

}  // namespace cobro::parse
