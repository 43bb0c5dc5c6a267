// Builds policies: contact limits, windows, quiet periods and forbids.

#include "compiler/parse/builder.h"

namespace cobro::parse {

namespace {

auto BuildChannelSel(Builder& builder, P::ChannelSelContext* ctx) -> ast::ChannelSel {
  ast::ChannelSel selector;
  if (ctx == nullptr) return selector;
  for (P::IdentContext* name : ctx->ident()) selector.names.push_back(builder.BuildIdent(name));
  selector.range = builder.Range(ctx);
  return selector;
}

auto DayIndex(P::DayContext* ctx) -> int32_t {
  if (ctx == nullptr || ctx->getStart() == nullptr) return 0;
  switch (ctx->getStart()->getType()) {
    case P::MON: return 0;
    case P::TUE: return 1;
    case P::WED: return 2;
    case P::THU: return 3;
    case P::FRI: return 4;
    case P::SAT: return 5;
    case P::SUN: return 6;
    default: return ast::kHoliday;
  }
}

auto BuildDaySpan(Builder& builder, P::DayRangeContext* ctx) -> ast::DaySpan {
  ast::DaySpan span;
  auto days = ctx->day();
  span.first = days.empty() ? 0 : DayIndex(days[0]);
  span.last = days.size() > 1 ? DayIndex(days[1]) : span.first;
  span.range = builder.Range(ctx);
  return span;
}

auto BuildWindow(Builder& builder, P::WindowContext* ctx) -> ast::Window {
  ast::Window window;
  window.range = builder.Range(ctx);
  if (auto* rolling = dynamic_cast<P::RollingWindowContext*>(ctx)) {
    window.kind = ast::WindowKind::Rolling;
    window.length = builder.BuildDuration(rolling->DURATION()).value_or(Duration{});
  } else if (auto* consecutive = dynamic_cast<P::ConsecutiveDaysWindowContext*>(ctx)) {
    window.kind = ast::WindowKind::ConsecutiveDays;
    window.days = builder.BuildInt(consecutive->INT());
  } else if (auto* calendar = dynamic_cast<P::CalendarWindowContext*>(ctx)) {
    size_t unit = calendar->unit != nullptr ? calendar->unit->getType() : static_cast<size_t>(P::DAY);
    window.kind = unit == P::WEEK    ? ast::WindowKind::CalendarWeek
                  : unit == P::MONTH ? ast::WindowKind::CalendarMonth
                                     : ast::WindowKind::CalendarDay;
  }
  return window;
}

auto BuildSchedule(Builder& builder, P::ScheduleContext* ctx) -> std::vector<ast::ScheduleItem> {
  std::vector<ast::ScheduleItem> items;
  if (ctx == nullptr) return items;
  for (P::ScheduleItemContext* item_ctx : ctx->scheduleItem()) {
    ast::ScheduleItem item;
    for (P::DayRangeContext* days : item_ctx->dayRange()) {
      item.days.push_back(BuildDaySpan(builder, days));
    }
    auto times = item_ctx->TIME();
    auto time_at = [&](size_t i) -> TimeOfDay {
      if (i >= times.size()) return TimeOfDay{};
      ast::ExprId literal = builder.BuildLiteralToken(times[i]->getSymbol());
      const ast::Expr& expr = builder.file().exprs.Get(literal);
      return expr.kind == ast::ExprKind::Time ? expr.time_value : TimeOfDay{};
    };
    item.begin = time_at(0);
    item.end = time_at(1);
    item.range = builder.Range(item_ctx);
    items.push_back(std::move(item));
  }
  return items;
}

void BuildMeta(Builder& builder, P::RuleMetaContext* ctx, ast::PolicyRule& rule) {
  if (auto* cite = dynamic_cast<P::CiteMetaContext*>(ctx)) {
    rule.cite = builder.BuildString(cite->STRING());
  } else if (auto* effective = dynamic_cast<P::EffectiveMetaContext*>(ctx)) {
    auto dates = effective->DATE();
    if (!dates.empty()) rule.effective_from = builder.BuildDate(dates[0]);
    if (dates.size() > 1) rule.effective_to = builder.BuildDate(dates[1]);
  } else if (auto* confidence = dynamic_cast<P::ConfidenceMetaContext*>(ctx)) {
    rule.confidence = builder.BuildIdent(confidence->ident());
  }
}

auto BuildRule(Builder& builder, P::PolicyRuleContext* ctx) -> ast::PolicyRule {
  ast::PolicyRule rule;
  rule.range = builder.Range(ctx);
  rule.doc = builder.DocComment(ctx);
  if (ctx->label != nullptr) rule.label = builder.BuildIdent(ctx->label);
  for (P::RuleMetaContext* meta : ctx->ruleMeta()) BuildMeta(builder, meta, rule);
  P::RuleBodyContext* body = ctx->ruleBody();
  if (auto* limit = dynamic_cast<P::LimitRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Limit;
    rule.channels = BuildChannelSel(builder, limit->channelSel());
    if (limit->countKind() != nullptr && limit->countKind()->CONVERSATIONS() != nullptr) {
      rule.count = ast::CountKind::Conversations;
    }
    rule.max = builder.BuildInt(limit->INT());
    rule.max_range = builder.Range(limit->INT());
    rule.window = BuildWindow(builder, limit->window());
    if (P::ScopeContext* scope = limit->scope()) {
      rule.scope = scope->DEBTOR() != nullptr ? ast::Scope::Debtor : ast::Scope::Debt;
    }
  } else if (auto* quiet = dynamic_cast<P::QuietRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Quiet;
    if (quiet->eventPattern() != nullptr) {
      rule.trigger = builder.BuildEventPattern(quiet->eventPattern());
    }
    rule.channels = BuildChannelSel(builder, quiet->channelSel());
    rule.length = builder.BuildDuration(quiet->DURATION());
    rule.length_range = builder.Range(quiet->DURATION());
  } else if (auto* one = dynamic_cast<P::OneChannelRuleContext*>(body)) {
    rule.kind = ast::RuleKind::OneChannel;
    if (one->eventPattern() != nullptr) {
      rule.trigger = builder.BuildEventPattern(one->eventPattern());
    }
    rule.window = BuildWindow(builder, one->window());
  } else if (auto* window = dynamic_cast<P::WindowRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Window;
    rule.channels = BuildChannelSel(builder, window->channelSel());
    rule.schedule = BuildSchedule(builder, window->schedule());
  } else if (auto* forbid = dynamic_cast<P::ForbidRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Forbid;
    rule.channels = BuildChannelSel(builder, forbid->channelSel());
    for (P::DayRangeContext* days : forbid->dayRange()) {
      rule.days.push_back(BuildDaySpan(builder, days));
    }
  } else if (auto* after = dynamic_cast<P::ForbidAfterRuleContext*>(body)) {
    rule.kind = ast::RuleKind::ForbidAfter;
    auto patterns = after->eventPattern();
    if (!patterns.empty()) rule.trigger = builder.BuildEventPattern(patterns[0]);
    if (patterns.size() > 1) rule.until = builder.BuildEventPattern(patterns[1]);
    if (after->expr() != nullptr) rule.trigger_guard = builder.BuildExpr(after->expr());
    auto selectors = after->channelSel();
    if (!selectors.empty()) rule.channels = BuildChannelSel(builder, selectors[0]);
    if (selectors.size() > 1) rule.except = BuildChannelSel(builder, selectors[1]);
    if (after->DURATION() != nullptr) {
      rule.length = builder.BuildDuration(after->DURATION());
      rule.length_range = builder.Range(after->DURATION());
    }
  } else if (auto* gap = dynamic_cast<P::GapRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Gap;
    rule.channels = BuildChannelSel(builder, gap->channelSel());
    rule.length = builder.BuildDuration(gap->DURATION());
    rule.length_range = builder.Range(gap->DURATION());
  } else if (auto* consent = dynamic_cast<P::ConsentRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Consent;
    rule.channels = BuildChannelSel(builder, consent->channelSel());
  } else if (auto* disclosure = dynamic_cast<P::DisclosureRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Disclosure;
    rule.text = builder.BuildString(disclosure->STRING());
    rule.text_range = builder.Range(disclosure->STRING());
  } else if (auto* jurisdiction = dynamic_cast<P::JurisdictionRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Jurisdiction;
    rule.text = builder.BuildString(jurisdiction->STRING());
    rule.text_range = builder.Range(jurisdiction->STRING());
  } else if (auto* calendar = dynamic_cast<P::CalendarRuleContext*>(body)) {
    rule.kind = ast::RuleKind::Calendar;
    rule.text = builder.BuildString(calendar->STRING());
    rule.text_range = builder.Range(calendar->STRING());
  }
  return rule;
}

}  // namespace

void Builder::BuildPolicy(P::PolicyDeclContext* ctx) {
  ast::PolicyDecl policy;
  policy.name = BuildIdent(ctx->ident());
  for (P::PolicyRuleContext* rule : ctx->policyRule()) {
    if (rule->ruleBody() == nullptr) continue;
    policy.rules.push_back(BuildRule(*this, rule));
  }
  policy.doc = DocComment(ctx);
  policy.range = Range(ctx);
  file_.decls.push_back({ast::DeclKind::Policy, static_cast<int32_t>(file_.policies.size())});
  file_.policies.push_back(std::move(policy));
}

}  // namespace cobro::parse
