// Policies, for the runtime guard: channels as masks, days as bit masks,
// triggers as event indexes, and the rule ids CI tools know.

#include "compiler/base/check.h"
#include "compiler/lower/context.h"

namespace cobro::lower {

namespace {

// The IR's rule and window kinds mirror the AST's, value for value.
static_assert(static_cast<int>(ast::RuleKind::Calendar) == static_cast<int>(flowir::RuleKind::Calendar));
static_assert(static_cast<int>(ast::WindowKind::CalendarMonth) == static_cast<int>(flowir::WindowKind::CalendarMonth));

auto DayMask(const ast::DaySpan& span) -> uint8_t {
  if (span.first == ast::kHoliday) return flowir::kHolidayBit;
  uint8_t mask = 0;
  for (int32_t day = span.first; day <= span.last && day < 7; ++day) mask |= static_cast<uint8_t>(1u << day);
  return mask;
}

auto Selector(const ast::ChannelSel& selector, const std::string& binding, bool& bound) -> ChannelMask {
  ChannelMask mask = 0;
  for (const ast::Ident& name : selector.names) {
    if (auto channels = ChannelMaskByName(name.text)) {
      mask |= *channels;
    } else if (!binding.empty() && name.text == binding) {
      bound = true;
    }
  }
  return mask;
}

// The trigger's channel filter and the name it binds the channel key to.
void LowerTrigger(Context& context, const ast::EventPattern& pattern, int32_t& event, ChannelMask& channels,
                  int32_t& channel_key, std::string& binding) {
  auto found = context.module().pattern_events.find(pattern.event.range.begin);
  if (found == context.module().pattern_events.end()) return;
  event = context.events.at(found->second);
  const flowir::Event& decl = context.out.events[event];
  for (int32_t k = 0; k < decl.key_count; ++k) {
    if (decl.fields[k].type == flowir::Type::Channel) channel_key = k;
  }
  for (const ast::EventPattern::Arg& arg : pattern.args) {
    if (!arg.name) continue;
    if (auto mask = ChannelMaskByName(arg.name->text)) {
      channels &= *mask;
    } else {
      binding = arg.name->text;
    }
  }
}

auto ModulePrefix(const std::string& module) -> std::string {
  constexpr std::string_view kCompliance = "compliance.";
  return module.starts_with(kCompliance) ? module.substr(kCompliance.size()) : module;
}

}  // namespace

void LowerPolicies(Context& context) {
  const sema::Program& program = context.program;
  for (size_t m = 0; m < program.modules.size(); ++m) {
    context.module_index = static_cast<int32_t>(m);
    const sema::Module& module = program.modules[m];
    for (size_t p = 0; p < module.ast.policies.size(); ++p) {
      const ast::PolicyDecl& decl = module.ast.policies[p];
      context.policies[{static_cast<int32_t>(m), static_cast<int32_t>(p)}] =
          static_cast<int32_t>(context.out.policies.size());
      flowir::Policy policy;
      policy.name = decl.name.text;
      policy.module = module.name;
      for (size_t r = 0; r < decl.rules.size(); ++r) {
        const ast::PolicyRule& rule = decl.rules[r];
        flowir::PolicyRule out;
        out.kind = static_cast<flowir::RuleKind>(rule.kind);
        std::string label = rule.label ? rule.label->text : "rule" + std::to_string(r + 1);
        out.id = ModulePrefix(module.name) + "." + label;
        out.name = decl.name.text + "." + label;
        out.cite = rule.cite;
        out.confidence = rule.confidence ? rule.confidence->text : "";
        if (rule.effective_from) out.effective_from = rule.effective_from->days;
        if (rule.effective_to) out.effective_to = rule.effective_to->days;
        std::string binding;
        if (rule.trigger) {
          LowerTrigger(context, *rule.trigger, out.trigger_event, out.trigger_channels, out.trigger_channel_key,
                       binding);
          out.trigger_own_contacts = rule.trigger->event.Joined() == "contact.attempt";
          if (rule.trigger_guard.has_value() && rule.trigger->binding) {
            context.slots = Slots();
            context.next_slot = 0;
            context.max_slot = 0;
            context.slots.Bind(rule.trigger->binding->range.begin, context.NewSlot());
            out.trigger_guard = LowerExpr(context, rule.trigger_guard, flowir::Type::Bool);
            out.trigger_locals = std::max(context.max_slot, 1);
          }
        }
        if (rule.until) {
          int32_t unused_key = -1;
          std::string unused_binding;
          LowerTrigger(context, *rule.until, out.until_event, out.until_channels, unused_key, unused_binding);
        }
        out.channels = Selector(rule.channels, binding, out.channels_bound);
        bool unused = false;
        out.except = Selector(rule.except, "", unused);
        if (rule.kind == ast::RuleKind::Window && rule.channels.names.empty()) out.channels = kAllChannels;
        if (rule.kind == ast::RuleKind::Forbid && rule.channels.names.empty()) out.channels = kAllChannels;
        out.conversations = rule.count == ast::CountKind::Conversations;
        out.per_debt = rule.scope == ast::Scope::Debt;
        out.max = rule.max;
        out.window = static_cast<flowir::WindowKind>(rule.window.kind);
        out.window_ms = rule.window.length.milliseconds;
        out.window_days = rule.window.days;
        if (rule.length) out.length_ms = rule.length->milliseconds;
        for (const ast::ScheduleItem& item : rule.schedule) {
          flowir::ScheduleItem schedule;
          if (!item.days.empty()) {
            schedule.days = 0;
            for (const ast::DaySpan& span : item.days) schedule.days |= DayMask(span);
          }
          schedule.begin = item.begin.seconds;
          schedule.end = item.end.seconds;
          out.schedule.push_back(schedule);
        }
        for (const ast::DaySpan& span : rule.days) out.days |= DayMask(span);
        out.text = rule.text;
        if (rule.kind == ast::RuleKind::Jurisdiction) policy.jurisdiction = rule.text;
        if (rule.kind == ast::RuleKind::Calendar) policy.calendar = rule.text;
        policy.rules.push_back(std::move(out));
      }
      // A policy that names holidays without a `calendar` rule uses its
      // jurisdiction's; one that never names them needs no calendar.
      bool uses_holidays = false;
      for (const flowir::PolicyRule& rule : policy.rules) {
        if ((rule.days & flowir::kHolidayBit) != 0) uses_holidays = true;
        for (const flowir::ScheduleItem& item : rule.schedule) {
          // A schedule with days (`mon-fri`) may treat holidays apart.
          if (item.days != 0xFF) uses_holidays = true;
        }
      }
      if (policy.calendar.empty() && uses_holidays) policy.calendar = policy.jurisdiction;
      context.out.policies.push_back(std::move(policy));
    }
  }
}

}  // namespace cobro::lower
