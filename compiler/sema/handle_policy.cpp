// Policies: that every rule is well formed. What the rules mean for flows is
// the compliance analysis' business (compiler/analysis).

#include <set>

#include <algorithm>

#include "compiler/base/channel.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(UnknownChannel, Error, "unknown channel `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(InvalidPolicyRule, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(InvalidSchedule, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(DuplicateRuleLabel, Error, "rule `{0}` is already defined in policy `{1}`",
                 std::string, std::string);
COBRO_NOTE(FirstRule, "the first `{0}` is here", std::string);

void CheckSelector(Context& context, const Scope& scope, const ast::ChannelSel& selector) {
  for (const ast::Ident& name : selector.names) {
    if (ChannelMaskByName(name.text)) continue;
    if (const Local* local = scope.Lookup(name.text);
        local != nullptr && context.types().kind(local->type) == TypeKind::Channel) {
      continue;
    }
    std::vector<std::string> candidates(ChannelAndGroupNames().begin(), ChannelAndGroupNames().end());
    scope.CollectNames(candidates);
    auto suggestion = Suggest(name.text, candidates);
    auto builder = context.emitter.Build(
        name.range, UnknownChannel, name.text,
        suggestion ? "; did you mean `" + *suggestion + "`?"
                   : "; channels are email, sms, whatsapp, voice, voicebot, letter, push, visit "
                     "and agent, and the groups call, text, electronic and all");
    if (suggestion) builder.Fix(name.range, *suggestion);
    builder.Emit();
  }
}

void CheckWindow(Context& context, const ast::Window& window) {
  bool empty = (window.kind == ast::WindowKind::Rolling && window.length.milliseconds <= 0) ||
               (window.kind == ast::WindowKind::ConsecutiveDays && window.days <= 0);
  if (empty) {
    context.emitter.Emit(window.range, InvalidPolicyRule,
                         "the window is empty; give it a length, such as `7d`");
  }
}

void CheckDays(Context& context, const std::vector<ast::DaySpan>& days) {
  for (const ast::DaySpan& span : days) {
    if ((span.first == ast::kHoliday || span.last == ast::kHoliday) && span.first != span.last) {
      context.emitter.Emit(span.range, InvalidSchedule,
                           "`holiday` cannot be part of a day range; list it on its own");
    } else if (span.first > span.last) {
      context.emitter.Emit(span.range, InvalidSchedule,
                           "day range runs backwards; write days from Monday to Sunday, such as "
                           "`mon-fri`");
    }
  }
}

auto IsJurisdictionCode(const std::string& code) -> bool {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto alnum = [&](char c) { return upper(c) || (c >= '0' && c <= '9'); };
  if (code.size() < 2 || !upper(code[0]) || !upper(code[1])) return false;
  if (code.size() == 2) return true;
  if (code[2] != '-' || code.size() < 4 || code.size() > 6) return false;
  return std::all_of(code.begin() + 3, code.end(), alnum);
}

void CheckRule(Context& context, const ast::PolicyRule& rule) {
  Scope scope;
  if (rule.trigger) CheckEventPattern(context, scope, *rule.trigger);
  if (rule.trigger_guard.has_value()) {
    CheckExprAs(context, scope, rule.trigger_guard, context.types().Primitive(TypeKind::Bool));
  }
  if (rule.until) {
    Scope until_scope;
    CheckEventPattern(context, until_scope, *rule.until);
  }
  CheckSelector(context, scope, rule.channels);
  CheckSelector(context, scope, rule.except);
  if (rule.length && rule.length->milliseconds <= 0) {
    context.emitter.Emit(rule.length_range, InvalidPolicyRule,
                         "the duration is zero; give it a length, such as `7d`");
  }
  switch (rule.kind) {
    case ast::RuleKind::Limit:
    case ast::RuleKind::OneChannel: CheckWindow(context, rule.window); break;
    case ast::RuleKind::Window:
      for (const ast::ScheduleItem& item : rule.schedule) {
        CheckDays(context, item.days);
        if (item.end == item.begin) {
          context.emitter.Emit(item.range, InvalidSchedule,
                               "window is empty; it ends when it starts");
        } else if (item.end < item.begin) {
          context.emitter.Emit(item.range, InvalidSchedule,
                               "window ends before it starts; a window cannot cross midnight, so "
                               "split it into two");
        }
      }
      break;
    case ast::RuleKind::Forbid: CheckDays(context, rule.days); break;
    case ast::RuleKind::Jurisdiction:
    case ast::RuleKind::Calendar:
      if (!IsJurisdictionCode(rule.text)) {
        context.emitter.Emit(rule.text_range, InvalidPolicyRule,
                             "\"" + rule.text + "\" is not a jurisdiction code; use an ISO 3166 "
                             "code such as \"CO\" or \"US-MA\"");
      }
      break;
    default: break;
  }
  if (rule.confidence) {
    const std::string& grade = rule.confidence->text;
    if (grade != "A" && grade != "B" && grade != "C") {
      context.emitter.Emit(rule.confidence->range, InvalidPolicyRule,
                           "unknown confidence grade `" + grade + "`; use `A`, `B` or `C`");
    }
  }
  if (rule.effective_from && rule.effective_to && *rule.effective_to < *rule.effective_from) {
    context.emitter.Emit(rule.range, InvalidPolicyRule, "the rule stops being effective before it starts");
  }
}

}  // namespace

void HandlePolicy(Context& context, int32_t index) {
  const ast::PolicyDecl& policy = context.file().policies[index];
  std::map<std::string, const ast::Ident*> labels;
  for (const ast::PolicyRule& rule : policy.rules) {
    if (rule.label) {
      auto [it, inserted] = labels.emplace(rule.label->text, &*rule.label);
      if (!inserted) {
        context.emitter.Build(rule.label->range, DuplicateRuleLabel, rule.label->text, policy.name.text)
            .Note(it->second->range, FirstRule, rule.label->text)
            .Emit();
      }
    }
    CheckRule(context, rule);
  }
}

}  // namespace cobro::sema
