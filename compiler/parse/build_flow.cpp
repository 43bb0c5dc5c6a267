// Builds flows: the start rule, states with their actions and handlers, and
// `always` blocks. Event patterns are shared with policies.

#include "compiler/parse/builder.h"

namespace cobro::parse {

namespace {

auto BuildAction(Builder& builder, P::ActionContext* ctx) -> ast::Action {
  ast::Action action;
  action.range = builder.Range(ctx);
  P::WithClauseContext* with = nullptr;
  P::RetryContext* retry = nullptr;
  P::GuardContext* guard = nullptr;
  antlr4::tree::TerminalNode* text = nullptr;
  if (auto* send = dynamic_cast<P::SendActionContext*>(ctx)) {
    action.kind = ast::ActionKind::Send;
    action.channel = builder.BuildIdent(send->ident());
    text = send->STRING();
    with = send->withClause();
    retry = send->retry();
    guard = send->guard();
  } else if (auto* call = dynamic_cast<P::CallActionContext*>(ctx)) {
    action.kind = ast::ActionKind::Call;
    action.channel = builder.BuildIdent(call->ident());
    text = call->STRING();
    with = call->withClause();
    retry = call->retry();
    guard = call->guard();
  } else if (auto* assign = dynamic_cast<P::AssignActionContext*>(ctx)) {
    action.kind = ast::ActionKind::Assign;
    text = assign->STRING();
    with = assign->withClause();
    guard = assign->guard();
  } else if (auto* emit = dynamic_cast<P::EmitActionContext*>(ctx)) {
    action.kind = ast::ActionKind::Emit;
    text = emit->STRING();
    with = emit->withClause();
    guard = emit->guard();
  }
  action.template_name = builder.BuildString(text);
  action.template_range = builder.Range(text);
  if (with != nullptr) action.with = builder.BuildRecord(with->recordLit());
  if (retry != nullptr) {
    action.retry_every = builder.BuildExpr(retry->expr());
    action.retry_limit = builder.BuildInt(retry->INT());
    action.retry_range = builder.Range(retry);
  }
  if (guard != nullptr) action.guard = builder.BuildExpr(guard->expr());
  return action;
}

auto BuildHandler(Builder& builder, P::HandlerContext* ctx) -> ast::Handler {
  ast::Handler handler;
  handler.range = builder.Range(ctx);
  if (auto* event = dynamic_cast<P::EventHandlerContext*>(ctx)) {
    handler.kind = ast::HandlerKind::Event;
    if (event->eventPattern() != nullptr) {
      handler.pattern = builder.BuildEventPattern(event->eventPattern());
    }
    if (event->expr() != nullptr) handler.guard = builder.BuildExpr(event->expr());
    handler.target = builder.BuildTarget(event->target());
  } else if (auto* timer = dynamic_cast<P::TimerHandlerContext*>(ctx)) {
    handler.kind = ast::HandlerKind::Timer;
    handler.delay = builder.BuildExpr(timer->expr());
    handler.target = builder.BuildTarget(timer->target());
  }
  return handler;
}

auto BuildState(Builder& builder, P::StateDeclContext* ctx) -> ast::StateDecl {
  ast::StateDecl state;
  state.name = builder.BuildIdent(ctx->ident());
  state.terminal = ctx->TERMINAL() != nullptr;
  state.params = builder.BuildParams(ctx->paramList());
  for (P::StateItemContext* item : ctx->stateItem()) {
    if (item->action() != nullptr) state.actions.push_back(BuildAction(builder, item->action()));
    if (item->handler() != nullptr) {
      state.handlers.push_back(BuildHandler(builder, item->handler()));
    }
  }
  state.doc = builder.DocComment(ctx);
  state.range = builder.Range(ctx);
  return state;
}

}  // namespace

auto Builder::BuildEventPattern(P::EventPatternContext* ctx) -> ast::EventPattern {
  ast::EventPattern pattern;
  if (ctx == nullptr) return pattern;
  pattern.event = BuildQualifiedName(ctx->qualifiedName());
  for (P::PatternArgContext* arg : ctx->patternArg()) {
    ast::EventPattern::Arg result;
    if (arg->ident() != nullptr) {
      result.name = BuildIdent(arg->ident());
    } else {
      result.literal = BuildLiteral(arg->literal());
    }
    result.range = Range(arg);
    pattern.args.push_back(std::move(result));
  }
  if (ctx->binding != nullptr) pattern.binding = BuildIdent(ctx->binding);
  pattern.range = Range(ctx);
  return pattern;
}

auto Builder::BuildTarget(P::TargetContext* ctx) -> ast::TargetId {
  ast::Target target;
  target.range = Range(ctx);
  if (auto* choice = dynamic_cast<P::IfTargetContext*>(ctx)) {
    target.kind = ast::TargetKind::If;
    target.condition = BuildExpr(choice->expr());
    auto branches = choice->target();
    target.then_target = branches.empty() ? ast::TargetId::None() : BuildTarget(branches[0]);
    target.else_target = branches.size() < 2 ? ast::TargetId::None() : BuildTarget(branches[1]);
  } else if (auto* state = dynamic_cast<P::StateTargetContext*>(ctx)) {
    target.kind = ast::TargetKind::State;
    target.state = BuildIdent(state->ident());
    target.has_args = state->LPAREN() != nullptr;
    if (state->argList() != nullptr) {
      for (P::ExprContext* arg : state->argList()->expr()) target.args.push_back(BuildExpr(arg));
    }
  } else {
    // A missing target (already reported as a syntax error) names no state.
    target.kind = ast::TargetKind::State;
  }
  return file_.targets.Add(std::move(target));
}

void Builder::BuildFlow(P::FlowDeclContext* ctx) {
  ast::FlowDecl flow;
  auto names = ctx->ident();
  if (!names.empty()) flow.name = BuildIdent(names[0]);
  if (names.size() > 1) flow.subject = BuildIdent(names[1]);
  flow.subject_type = BuildTypeRef(ctx->typeRef());
  for (P::QualifiedNameContext* policy : ctx->qualifiedName()) {
    flow.complies.push_back(BuildQualifiedName(policy));
  }
  for (P::FlowItemContext* item : ctx->flowItem()) {
    if (P::StartRuleContext* start = item->startRule()) {
      ast::StartRule rule;
      if (start->expr() != nullptr) rule.condition = BuildExpr(start->expr());
      rule.target = BuildTarget(start->target());
      rule.range = Range(start);
      flow.starts.push_back(std::move(rule));
    } else if (P::StateDeclContext* state = item->stateDecl()) {
      flow.states.push_back(BuildState(*this, state));
    } else if (P::AlwaysBlockContext* always = item->alwaysBlock()) {
      for (P::HandlerContext* handler : always->handler()) {
        flow.always.push_back(BuildHandler(*this, handler));
      }
    }
  }
  flow.doc = DocComment(ctx);
  flow.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Flow, static_cast<int32_t>(file_.flows.size())});
  file_.flows.push_back(std::move(flow));
}

}  // namespace cobro::parse
