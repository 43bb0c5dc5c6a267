// Builds experiments and `test` blocks.

#include "compiler/parse/builder.h"

namespace cobro::parse {

namespace {

auto BuildExpectation(Builder& builder, P::ExpectationContext* ctx) -> ast::Expectation {
  ast::Expectation expectation;
  expectation.range = builder.Range(ctx);
  if (auto* send = dynamic_cast<P::ExpectSendContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Send;
    expectation.name = builder.BuildIdent(send->ident());
    expectation.text = builder.BuildString(send->STRING());
  } else if (auto* call = dynamic_cast<P::ExpectCallContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Call;
    expectation.name = builder.BuildIdent(call->ident());
    expectation.text = builder.BuildString(call->STRING());
  } else if (auto* assign = dynamic_cast<P::ExpectAssignContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Assign;
    expectation.text = builder.BuildString(assign->STRING());
  } else if (auto* emit = dynamic_cast<P::ExpectEmitContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Emit;
    expectation.text = builder.BuildString(emit->STRING());
  } else if (auto* state = dynamic_cast<P::ExpectStateContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::State;
    expectation.name = builder.BuildIdent(state->ident());
  } else if (auto* blocked = dynamic_cast<P::ExpectBlockedContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Blocked;
    expectation.rule = builder.BuildQualifiedName(blocked->qualifiedName());
  } else if (auto* deferred = dynamic_cast<P::ExpectDeferredContext*>(ctx)) {
    expectation.kind = ast::ExpectKind::Deferred;
    expectation.rule = builder.BuildQualifiedName(deferred->qualifiedName());
  } else {
    expectation.kind = ast::ExpectKind::NoAction;
  }
  return expectation;
}

auto BuildStep(Builder& builder, P::StepItemContext* ctx) -> ast::TestStep {
  ast::TestStep step;
  step.range = builder.Range(ctx);
  P::TimeSpecContext* time = ctx->timeSpec();
  step.time_range = builder.Range(time);
  if (auto* relative = dynamic_cast<P::RelativeTimeContext*>(time)) {
    step.time_kind = ast::TimeSpecKind::Relative;
    step.offset = builder.BuildDuration(relative->DURATION()).value_or(Duration{});
  } else if (time != nullptr) {
    step.time_kind = ast::TimeSpecKind::Absolute;
    ast::ExprId literal = builder.BuildLiteralToken(time->getStart());
    const ast::Expr& expr = builder.file().exprs.Get(literal);
    if (expr.kind == ast::ExprKind::DateTime) step.at = expr.datetime_value;
    if (expr.kind == ast::ExprKind::Date) step.at.date = expr.date_value;
  }
  if (ctx->EVENT() != nullptr) {
    step.event = builder.BuildQualifiedName(ctx->qualifiedName());
    step.event_fields = builder.BuildRecord(ctx->recordLit());
  }
  for (P::ExpectationContext* expectation : ctx->expectation()) {
    step.expectations.push_back(BuildExpectation(builder, expectation));
  }
  return step;
}

}  // namespace

void Builder::BuildExperiment(P::ExperimentDeclContext* ctx) {
  ast::ExperimentDecl experiment;
  experiment.name = BuildIdent(ctx->ident());
  experiment.subject = BuildTypeRef(ctx->typeRef());
  if (ctx->SALT() != nullptr) experiment.salt = BuildString(ctx->STRING());
  for (P::ArmContext* arm_ctx : ctx->arm()) {
    ast::Arm arm;
    arm.flow = BuildQualifiedName(arm_ctx->qualifiedName());
    arm.range = Range(arm_ctx);
    if (arm_ctx->PERCENT() != nullptr) {
      ast::ExprId literal = BuildLiteralToken(arm_ctx->PERCENT()->getSymbol());
      const ast::Expr& expr = file_.exprs.Get(literal);
      if (expr.kind == ast::ExprKind::Percent) arm.share = expr.decimal_value;
      arm.share_range = Range(arm_ctx->PERCENT());
    }
    experiment.arms.push_back(std::move(arm));
  }
  experiment.doc = DocComment(ctx);
  experiment.range = Range(ctx);
  file_.decls.push_back(
      {ast::DeclKind::Experiment, static_cast<int32_t>(file_.experiments.size())});
  file_.experiments.push_back(std::move(experiment));
}

void Builder::BuildTest(P::TestDeclContext* ctx) {
  ast::TestDecl test;
  test.name = BuildString(ctx->STRING());
  test.name_range = Range(ctx->STRING());
  test.flow = BuildIdent(ctx->ident());
  for (P::TestItemContext* item : ctx->testItem()) {
    if (auto* given = dynamic_cast<P::GivenItemContext*>(item)) {
      test.given_type = BuildTypeRef(given->typeRef());
      test.given = BuildRecord(given->recordLit());
      test.given_range = Range(given);
    } else if (auto* step = dynamic_cast<P::StepItemContext*>(item)) {
      test.steps.push_back(BuildStep(*this, step));
    }
  }
  test.doc = DocComment(ctx);
  test.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Test, static_cast<int32_t>(file_.tests.size())});
  file_.tests.push_back(std::move(test));
}

}  // namespace cobro::parse
