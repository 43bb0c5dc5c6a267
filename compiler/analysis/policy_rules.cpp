#include "compiler/analysis/policy_rules.h"

#include <fmt/format.h>

#include "compiler/base/civil_time.h"
#include "compiler/sema/program.h"

namespace cobro::analysis {

namespace {

constexpr int64_t kDay = Duration::kDay;
// A local calendar span is longest when the clocks go back an hour in it.
constexpr int64_t kClockChange = Duration::kHour;

// Whether local clocks may go back in the jurisdiction: then a local day
// can last 25 hours. Colombia and Peru keep one offset all year; everywhere
// else is assumed to change (Mexico's border towns still do).
auto ClocksChange(const std::string& jurisdiction) -> bool {
  return !(jurisdiction == "CO" || jurisdiction.starts_with("CO-") || jurisdiction == "PE" ||
           jurisdiction.starts_with("PE-"));
}

auto WindowLength(const ast::Window& window, bool clocks_change) -> std::pair<int64_t, std::string> {
  int64_t change = clocks_change ? kClockChange : 0;
  switch (window.kind) {
    case ast::WindowKind::Rolling: return {window.length.milliseconds, window.length.ToString()};
    case ast::WindowKind::ConsecutiveDays:
      return {window.days * kDay + change, std::to_string(window.days) + " consecutive days"};
    case ast::WindowKind::CalendarDay: return {kDay + change, "one calendar day"};
    case ast::WindowKind::CalendarWeek: return {7 * kDay + change, "one calendar week"};
    case ast::WindowKind::CalendarMonth: return {31 * kDay + change, "one calendar month"};
  }
  return {0, ""};
}

auto ResolveTrigger(const sema::Module& module, const ast::EventPattern& pattern)
    -> std::optional<Trigger> {
  auto event = module.pattern_events.find(pattern.event.range.begin);
  if (event == module.pattern_events.end()) return std::nullopt;
  Trigger trigger;
  trigger.event = event->second;
  trigger.event_name = pattern.event.Joined();
  trigger.matches_own_contacts = trigger.event_name == "contact.attempt";
  for (const ast::EventPattern::Arg& arg : pattern.args) {
    if (!arg.name) continue;
    if (auto mask = ChannelMaskByName(arg.name->text)) {
      trigger.channels &= *mask;
    } else {
      trigger.binding = arg.name->text;
    }
  }
  return trigger;
}

auto ModulePrefix(const std::string& module) -> std::string {
  constexpr std::string_view kCompliance = "compliance.";
  return module.starts_with(kCompliance) ? module.substr(kCompliance.size()) : module;
}

}  // namespace

auto SelectorText(const ast::ChannelSel& selector) -> std::string {
  std::string text;
  for (const ast::Ident& name : selector.names) text += (text.empty() ? "" : " + ") + name.text;
  return "`" + text + "`";
}

auto ResolveRules(const sema::Program& program, sema::GlobalDecl policy_decl) -> std::vector<Rule> {
  const sema::Module& module = program.modules[policy_decl.module];
  const ast::PolicyDecl& policy = module.ast.policies[policy_decl.index];
  std::string jurisdiction;
  for (const ast::PolicyRule& rule : policy.rules) {
    if (rule.kind == ast::RuleKind::Jurisdiction) jurisdiction = rule.text;
  }
  std::vector<Rule> rules;
  for (size_t i = 0; i < policy.rules.size(); ++i) {
    const ast::PolicyRule& ast_rule = policy.rules[i];
    Rule rule;
    rule.module = policy_decl.module;
    rule.policy_index = policy_decl.index;
    rule.rule_index = static_cast<int32_t>(i);
    rule.policy = &policy;
    rule.rule = &ast_rule;
    std::string label = ast_rule.label ? ast_rule.label->text : "rule" + std::to_string(i + 1);
    rule.id = ModulePrefix(module.name) + "." + label;
    rule.name = policy.name.text + "." + label;
    if (ast_rule.trigger) {
      rule.trigger = ResolveTrigger(module, *ast_rule.trigger);
      if (rule.trigger && ast_rule.trigger->binding) {
        rule.trigger->facts = CollectFacts(module.ast, ast_rule.trigger_guard, ast_rule.trigger->binding->text);
      }
    }
    if (ast_rule.until) rule.until = ResolveTrigger(module, *ast_rule.until);
    for (const ast::Ident& name : ast_rule.channels.names) {
      if (auto mask = ChannelMaskByName(name.text)) {
        rule.channels |= *mask;
      } else if (rule.trigger && name.text == rule.trigger->binding) {
        rule.channels_bound = true;
      }
    }
    if (ast_rule.kind == ast::RuleKind::Window && ast_rule.channels.names.empty()) {
      rule.channels = kAllChannels;
    }
    for (const ast::Ident& name : ast_rule.except.names) {
      if (auto mask = ChannelMaskByName(name.text)) rule.except |= *mask;
    }
    if (ast_rule.kind == ast::RuleKind::Limit || ast_rule.kind == ast::RuleKind::OneChannel) {
      auto [length, text] = WindowLength(ast_rule.window, ClocksChange(jurisdiction));
      rule.window_ms = length;
      rule.window_text = text;
      if (ast_rule.window.kind != ast::WindowKind::Rolling && ClocksChange(jurisdiction)) {
        rule.window_note = fmt::format("{} lasts up to {} where the clocks go back an hour, so contacts less "
                                       "than {} apart can fall in one",
                                       text, Duration{length}.ToString(), Duration{length}.ToString());
      }
    }
    if (ast_rule.length) rule.length_ms = ast_rule.length->milliseconds;
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace cobro::analysis
