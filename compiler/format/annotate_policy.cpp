// The layout of policies: one rule per line, its metadata (`cite`,
// `effective`, `confidence`) free to move to a continuation line.

#include "compiler/format/annotator.h"

namespace cobro::format {

namespace {

// `mon-fri` is one word to a reader.
void AnnotateDaySpan(Annotator& annotator, const ast::DaySpan& span) {
  int32_t first = annotator.At(span.range.begin);
  int32_t dash = annotator.Next(first);
  if (annotator.Is(dash, "-") && annotator.token(dash).token.end < span.range.end) {
    annotator.Glue(dash);
    annotator.Glue(annotator.Next(dash));
  }
}

void AnnotateDays(Annotator& annotator, const std::vector<ast::DaySpan>& days) {
  std::vector<SourceRange> items;
  for (const ast::DaySpan& span : days) {
    AnnotateDaySpan(annotator, span);
    items.push_back(span.range);
  }
  annotator.ClauseList(items);
}

void AnnotateSchedule(Annotator& annotator, const std::vector<ast::ScheduleItem>& schedule) {
  std::vector<SourceRange> items;
  for (const ast::ScheduleItem& item : schedule) items.push_back(item.range);
  annotator.ClauseList(items);
  for (size_t i = 0; i < schedule.size(); ++i) {
    const ast::ScheduleItem& item = schedule[i];
    for (size_t k = 0; k < item.days.size(); ++k) {
      AnnotateDaySpan(annotator, item.days[k]);
      if (k == 0) continue;
      // `mon+wed`, like `mon-fri`.
      int32_t day = annotator.At(item.days[k].range.begin);
      annotator.Glue(annotator.Previous(day));
      annotator.Glue(day);
    }
  }
}

// The metadata after the rule's body; each part may start a line.
void AnnotateMeta(Annotator& annotator, const ast::PolicyRule& rule) {
  for (int32_t at = annotator.At(rule.range.begin);
       at >= 0 && annotator.token(at).token.end <= rule.range.end; at = annotator.Next(at)) {
    int32_t next = annotator.Next(at);
    if (next < 0) break;
    parse::TokenClass next_kind = annotator.token(next).token.kind;
    bool meta = (annotator.Is(at, "cite") && next_kind == parse::TokenClass::String) ||
                (annotator.Is(at, "effective") && next_kind == parse::TokenClass::Date) ||
                (annotator.Is(at, "confidence") && !annotator.Is(next, ":") &&
                 (next_kind == parse::TokenClass::Identifier ||
                  next_kind == parse::TokenClass::SoftKeyword));
    if (meta) annotator.Break(at, BreakLevel::Clause);
  }
}

void AnnotateRule(Annotator& annotator, const ast::PolicyRule& rule) {
  annotator.Hard(annotator.At(rule.range.begin));
  AnnotateMeta(annotator, rule);
  if (rule.trigger) AnnotatePattern(annotator, *rule.trigger);
  if (rule.until) AnnotatePattern(annotator, *rule.until);
  auto before = [&](SourceRange range) { annotator.Break(annotator.Before(range.begin), BreakLevel::Clause); };
  switch (rule.kind) {
    case ast::RuleKind::Quiet: before(rule.channels.range); break;
    case ast::RuleKind::OneChannel:
      if (rule.trigger) annotator.Break(annotator.After(rule.trigger->range.end), BreakLevel::Clause);
      break;
    case ast::RuleKind::Window: AnnotateSchedule(annotator, rule.schedule); break;
    case ast::RuleKind::Forbid: AnnotateDays(annotator, rule.days); break;
    case ast::RuleKind::ForbidAfter: {
      // `on E [when C] forbid S [except S] [until E | for D]`.
      SourceRange condition_end = rule.trigger ? rule.trigger->range : SourceRange{};
      if (rule.trigger_guard.has_value()) {
        SourceRange guard = annotator.file().exprs.Get(rule.trigger_guard).range;
        before(guard);
        condition_end = guard;
      }
      if (condition_end.end > 0) {
        annotator.Break(annotator.After(condition_end.end), BreakLevel::Clause);
      }
      if (!rule.except.names.empty()) before(rule.except.range);
      if (rule.until) before(rule.until->range);
      if (rule.length) before(rule.length_range);
      break;
    }
    default: break;
  }
}

}  // namespace

void AnnotatePolicy(Annotator& annotator, const ast::PolicyDecl& policy) {
  annotator.Block(annotator.Find("{", policy.range));
  for (const ast::PolicyRule& rule : policy.rules) AnnotateRule(annotator, rule);
}

}  // namespace cobro::format
