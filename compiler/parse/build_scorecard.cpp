// Builds scorecards: rows of a subject and its bins.

#include "compiler/parse/builder.h"

namespace cobro::parse {

namespace {

// A bin bound: a possibly signed literal, or a name.
auto BuildBinValue(Builder& builder, P::BinValueContext* ctx) -> ast::ExprId {
  if (ctx == nullptr) return ast::ExprId::None();
  if (ctx->ident() != nullptr) {
    ast::Expr expr;
    expr.kind = ast::ExprKind::Name;
    expr.name = builder.BuildIdent(ctx->ident());
    expr.range = builder.Range(ctx);
    return builder.file().exprs.Add(std::move(expr));
  }
  ast::ExprId literal = builder.BuildLiteral(ctx->literal());
  if (ctx->MINUS() == nullptr) return literal;
  ast::Expr negate;
  negate.kind = ast::ExprKind::Unary;
  negate.unary_op = ast::UnaryOp::Negate;
  negate.lhs = literal;
  negate.range = builder.Range(ctx);
  return builder.file().exprs.Add(std::move(negate));
}

auto BuildBin(Builder& builder, P::ScoreBinContext* ctx) -> ast::ScoreBin {
  ast::ScoreBin bin;
  bin.range = builder.Range(ctx);
  bin.points = builder.BuildSignedNumber(ctx->signedNumber());
  P::BinConditionContext* condition = ctx->binCondition();
  bin.condition_range = builder.Range(condition);
  if (auto* interval = dynamic_cast<P::BinIntervalContext*>(condition)) {
    bin.kind = ast::BinKind::Interval;
    if (P::IntervalContext* bounds = interval->interval()) {
      auto values = bounds->binValue();
      bin.low_closed = bounds->open != nullptr && bounds->open->getType() == P::LBRACK;
      bin.high_closed = bounds->close != nullptr && bounds->close->getType() == P::RBRACK;
      if (!values.empty()) bin.low = BuildBinValue(builder, values[0]);
      // `[90, ..)`: the upper bound is open-ended.
      if (values.size() > 1) bin.high = BuildBinValue(builder, values[1]);
    }
  } else if (auto* range = dynamic_cast<P::BinRangeContext*>(condition)) {
    bin.kind = ast::BinKind::Range;
    auto values = range->binValue();
    if (!values.empty()) bin.low = BuildBinValue(builder, values[0]);
    if (range->DOTDOT() == nullptr) {
      bin.high = bin.low;  // A single value.
    } else if (values.size() > 1) {
      bin.high = BuildBinValue(builder, values[1]);
    }
  } else if (auto* up_to = dynamic_cast<P::BinRangeUpToContext*>(condition)) {
    bin.kind = ast::BinKind::Range;
    bin.high = BuildBinValue(builder, up_to->binValue());
  } else if (auto* compare = dynamic_cast<P::BinCompareContext*>(condition)) {
    bin.kind = ast::BinKind::Compare;
    P::RelOpContext* op = compare->relOp();
    size_t type = op != nullptr && op->getStart() != nullptr ? op->getStart()->getType() : static_cast<size_t>(P::LT);
    switch (type) {
      case P::LE: bin.compare_op = ast::BinaryOp::Le; break;
      case P::GT: bin.compare_op = ast::BinaryOp::Gt; break;
      case P::GE: bin.compare_op = ast::BinaryOp::Ge; break;
      case P::EQ: bin.compare_op = ast::BinaryOp::Eq; break;
      case P::NE: bin.compare_op = ast::BinaryOp::Ne; break;
      default: bin.compare_op = ast::BinaryOp::Lt; break;
    }
    bin.compare_value = BuildBinValue(builder, compare->binValue());
  } else {
    bin.kind = ast::BinKind::Else;
  }
  return bin;
}

}  // namespace

void Builder::BuildScorecard(P::ScorecardDeclContext* ctx) {
  ast::ScorecardDecl scorecard;
  scorecard.name = BuildIdent(ctx->ident());
  scorecard.params = BuildParams(ctx->paramList());
  scorecard.base = BuildSignedNumber(ctx->signedNumber());
  for (P::ScoreRowContext* row_ctx : ctx->scoreRow()) {
    ast::ScoreRow row;
    row.subject = BuildPostfixExpr(row_ctx->postfixExpr());
    for (P::ScoreBinContext* bin : row_ctx->scoreBin()) row.bins.push_back(BuildBin(*this, bin));
    row.range = Range(row_ctx);
    scorecard.rows.push_back(std::move(row));
  }
  scorecard.doc = DocComment(ctx);
  scorecard.range = Range(ctx);
  file_.decls.push_back(
      {ast::DeclKind::Scorecard, static_cast<int32_t>(file_.scorecards.size())});
  file_.scorecards.push_back(std::move(scorecard));
}

}  // namespace cobro::parse
