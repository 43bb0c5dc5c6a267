// The layout of flows: the header, the start rule, states with their actions
// and handlers, and `always` blocks.

#include "compiler/format/annotator.h"

namespace cobro::format {

namespace {

auto ExprRange(Annotator& annotator, ast::ExprId id) -> SourceRange {
  return annotator.file().exprs.Get(id).range;
}

auto TargetRange(Annotator& annotator, ast::TargetId id) -> SourceRange {
  return annotator.file().targets.Get(id).range;
}

void AnnotateAction(Annotator& annotator, const ast::Action& action) {
  annotator.Hard(annotator.At(action.range.begin));
  int32_t with = annotator.Next(annotator.At(action.template_range.begin));
  if (annotator.Is(with, "with")) {
    annotator.Break(with, BreakLevel::Clause);
    AnnotateRecord(annotator, annotator.Next(with));
  }
  if (action.retry_every.has_value()) {
    annotator.Break(annotator.At(action.retry_range.begin), BreakLevel::Clause);
  }
  if (action.guard.has_value()) {
    annotator.Break(annotator.Before(ExprRange(annotator, action.guard).begin), BreakLevel::Clause);
  }
}

void AnnotateHandler(Annotator& annotator, const ast::Handler& handler) {
  annotator.Hard(annotator.At(handler.range.begin));
  if (handler.kind == ast::HandlerKind::Event) {
    AnnotatePattern(annotator, handler.pattern);
    if (handler.guard.has_value()) {
      annotator.Break(annotator.Before(ExprRange(annotator, handler.guard).begin),
                      BreakLevel::Clause);
    }
  }
  // `on E ->` then the target on the next line, as a choice often needs.
  if (handler.target.has_value()) {
    annotator.Break(annotator.At(TargetRange(annotator, handler.target).begin), BreakLevel::Clause);
  }
}

}  // namespace

void AnnotateFlow(Annotator& annotator, const ast::FlowDecl& flow) {
  std::vector<SourceRange> policies;
  for (const ast::QualifiedName& policy : flow.complies) policies.push_back(policy.range);
  if (!policies.empty()) {
    annotator.Break(annotator.Previous(annotator.At(policies.front().begin)), BreakLevel::Clause);
  }
  annotator.ClauseList(policies);
  int32_t open = annotator.Find("{", flow.range);
  annotator.Block(open);
  for (const ast::StartRule& start : flow.starts) {
    annotator.Hard(annotator.At(start.range.begin));
    if (start.target.has_value()) {
      annotator.Break(annotator.At(TargetRange(annotator, start.target).begin), BreakLevel::Clause);
    }
  }
  for (const ast::StateDecl& state : flow.states) {
    annotator.Hard(annotator.At(state.range.begin));
    annotator.AttachedList(annotator.After(state.name.range.end));
    // Parameters hold no braces: the first one opens the body.
    annotator.Block(annotator.Find("{", state.range));
    for (const ast::Action& action : state.actions) AnnotateAction(annotator, action);
    for (const ast::Handler& handler : state.handlers) AnnotateHandler(annotator, handler);
  }
  // `always` blocks leave no node of their own, only their handlers.
  if (open >= 0) {
    int32_t close = annotator.token(open).match;
    for (int32_t at = annotator.Next(open); at >= 0 && at < close; at = annotator.Next(at)) {
      if (annotator.Is(at, "always") && annotator.Is(annotator.Next(at), "{")) {
        annotator.Hard(at);
        annotator.Block(annotator.Next(at));
      }
    }
  }
  for (const ast::Handler& handler : flow.always) AnnotateHandler(annotator, handler);
}

void AnnotatePattern(Annotator& annotator, const ast::EventPattern& pattern) {
  int32_t open = annotator.After(pattern.event.range.end);
  if (open >= 0 && annotator.token(open).token.end <= pattern.range.end) {
    annotator.AttachedList(open);
  }
}

}  // namespace cobro::format
