#include <cstring>
#include <fmt/format.h>

#include "compiler/flowir/builtin_id.h"
#include "compiler/flowir/module.h"

namespace cobro::flowir {

auto TypeName(Type type) -> const char* {
  switch (type) {
    case Type::Void: return "void";
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    case Type::Float: return "float";
    case Type::Money: return "money";
    case Type::Duration: return "duration";
    case Type::Time: return "time";
    case Type::Date: return "date";
    case Type::DateTime: return "datetime";
    case Type::Timezone: return "timezone";
    case Type::String: return "string";
    case Type::Channel: return "channel";
    case Type::ChannelSet: return "set<channel>";
    case Type::StringSet: return "set<string>";
    case Type::IntSet: return "set<int>";
    case Type::Profile: return "profile";
    case Type::Event: return "event";
  }
  return "?";
}

auto OpName(Op op) -> const char* {
  switch (op) {
#define COBRO_FLOWIR_OP(Name, Operands) \
  case Op::Name: return #Name;
#include "compiler/flowir/op_kind.def"
  }
  return "?";
}

auto ActionKindName(ActionKind kind) -> const char* {
  switch (kind) {
    case ActionKind::Send: return "send";
    case ActionKind::Call: return "call";
    case ActionKind::Assign: return "assign";
    case ActionKind::Emit: return "emit";
  }
  return "?";
}

auto BuiltinName(BuiltinId id) -> const char* {
  static constexpr const char* kNames[] = {
#define COBRO_BUILTIN(Id, Name, Signature, Purity, Cost) Name,
#include "stdlib/builtins/builtins.def"
#undef COBRO_BUILTIN
  };
  auto index = static_cast<size_t>(id);
  return index < std::size(kNames) ? kNames[index] : "?";
}

auto BuiltinByName(const char* name) -> BuiltinId {
  for (int32_t i = 0; i < static_cast<int32_t>(BuiltinId::Count_); ++i) {
    if (std::strcmp(BuiltinName(static_cast<BuiltinId>(i)), name) == 0) return static_cast<BuiltinId>(i);
  }
  return BuiltinId::Count_;
}

namespace {

auto CompareName(Compare compare) -> const char* {
  switch (compare) {
    case Compare::Lt: return "lt";
    case Compare::Le: return "le";
    case Compare::Gt: return "gt";
    case Compare::Ge: return "ge";
    case Compare::Eq: return "eq";
    case Compare::Ne: return "ne";
  }
  return "?";
}

auto ConversionName(Conversion conversion) -> const char* {
  switch (conversion) {
    case Conversion::IntToFloat: return "int_to_float";
    case Conversion::MoneyToFloat: return "money_to_float";
    case Conversion::FloatToInt: return "float_to_int";
    case Conversion::DateToDateTime: return "date_to_datetime";
    case Conversion::LocalToDateTime: return "local_to_datetime";
  }
  return "?";
}

class Dumper {
 public:
  explicit Dumper(const Module& module) : module_(module) {}

  auto Run() -> std::string {
    for (size_t i = 0; i < module_.strings.size(); ++i) {
      Line(0, fmt::format("string {} {}", i, Quote(module_.strings[i])));
    }
    for (size_t i = 0; i < module_.profiles.size(); ++i) {
      const Profile& profile = module_.profiles[i];
      Line(0, fmt::format("profile {} {}", i, profile.name));
      Fields(profile.fields);
    }
    for (size_t i = 0; i < module_.events.size(); ++i) {
      const Event& event = module_.events[i];
      Line(0, fmt::format("event {} {} keys {}", i, event.name, event.key_count));
      Fields(event.fields);
    }
    for (size_t i = 0; i < module_.functions.size(); ++i) {
      const Function& function = module_.functions[i];
      std::string params;
      for (Type type : function.params) params += (params.empty() ? "" : ", ") + std::string(TypeName(type));
      Line(0, fmt::format("{} {} {}({}) -> {} locals {}", function.scorecard ? "scorecard" : "fn", i,
                          function.name, params, TypeName(function.result), function.locals));
      Line(1, ExprText(function.body));
    }
    for (size_t i = 0; i < module_.policies.size(); ++i) DumpPolicy(i);
    for (size_t i = 0; i < module_.flows.size(); ++i) DumpFlow(i);
    for (size_t i = 0; i < module_.experiments.size(); ++i) {
      const Experiment& experiment = module_.experiments[i];
      Line(0, fmt::format("experiment {} {} profile {} salt {}", i, experiment.name, experiment.profile,
                          Quote(experiment.salt)));
      for (const Arm& arm : experiment.arms) {
        Line(1, fmt::format("arm {} {} ppm", module_.flows[arm.flow].name, arm.share_ppm));
      }
    }
    return out_;
  }

 private:
  static auto Quote(const std::string& text) -> std::string {
    std::string result = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') result += '\\';
      if (c == '\n') {
        result += "\\n";
        continue;
      }
      result += c;
    }
    return result + "\"";
  }

  void Line(int indent, const std::string& text) {
    out_.append(static_cast<size_t>(indent) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }

  void Fields(const std::vector<Field>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string line = fmt::format("field {} {}: {}", i, fields[i].name, TypeName(fields[i].type));
      if (fields[i].has_default) line += fmt::format(" = {}", fields[i].default_bits);
      Line(1, line);
    }
  }

  auto ConstText(Type type, int64_t bits) const -> std::string {
    switch (type) {
      case Type::Float: {
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return fmt::format("{}", value);
      }
      case Type::Bool: return bits != 0 ? "true" : "false";
      case Type::Money: {
        int64_t whole = bits / kMoneyScale;
        int64_t fraction = bits % kMoneyScale;
        if (fraction < 0) fraction = -fraction;
        return fmt::format("{}{}.{:04}", bits < 0 && whole == 0 ? "-" : "", whole, fraction);
      }
      case Type::Channel: return std::string(ChannelName(static_cast<Channel>(bits)));
      case Type::String:
      case Type::Timezone:
        return bits >= 0 && static_cast<size_t>(bits) < module_.strings.size()
                   ? Quote(module_.strings[bits])
                   : "?";
      default: return std::to_string(bits);
    }
  }

  auto Args(const Expr& expr) const -> std::string {
    std::string text;
    for (int32_t i = 0; i < expr.arg_count; ++i) {
      text += " " + ExprText(module_.args[expr.arg_begin + i]);
    }
    return text;
  }

  auto ExprText(ExprId id) const -> std::string {
    if (!id.has_value()) return "none";
    const Expr& expr = module_.expr(id);
    std::string type = TypeName(expr.type);
    switch (expr.op) {
      case Op::Const: return fmt::format("(const {} {})", type, ConstText(expr.type, expr.imm));
      case Op::Local: return fmt::format("(local {} {})", expr.imm, type);
      case Op::Field: return fmt::format("(field {} {} {})", expr.imm, type, ExprText(expr.a));
      case Op::EventTime: return fmt::format("(event_time {})", ExprText(expr.a));
      case Op::Negate: return fmt::format("(negate {} {})", type, ExprText(expr.a));
      case Op::Not: return fmt::format("(not {})", ExprText(expr.a));
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
        return fmt::format("({}.{} -> {} {} {})", OpName(expr.op), TypeName(expr.operand), type,
                           ExprText(expr.a), ExprText(expr.b));
      case Op::Compare:
        return fmt::format("({}.{} {} {})", CompareName(expr.compare), TypeName(expr.operand),
                           ExprText(expr.a), ExprText(expr.b));
      case Op::And: return fmt::format("(and {} {})", ExprText(expr.a), ExprText(expr.b));
      case Op::Or: return fmt::format("(or {} {})", ExprText(expr.a), ExprText(expr.b));
      case Op::If:
        return fmt::format("(if {} {} {} {})", type, ExprText(expr.a), ExprText(expr.b), ExprText(expr.c));
      case Op::InSet:
        return fmt::format("(in.{} {} {})", TypeName(expr.operand), ExprText(expr.a), ExprText(expr.b));
      case Op::SetLiteral: return fmt::format("(set {}{})", type, Args(expr));
      case Op::Convert: return fmt::format("({} {})", ConversionName(expr.conversion), ExprText(expr.a));
      case Op::Call:
        return fmt::format("(call {} {}{})", expr.imm, module_.functions[expr.imm].name, Args(expr));
      case Op::Builtin:
        return fmt::format("(builtin {} -> {}{})", BuiltinName(static_cast<BuiltinId>(expr.imm)), type,
                           Args(expr));
      case Op::Let: return fmt::format("(let {} {} {})", expr.imm, ExprText(expr.a), ExprText(expr.b));
    }
    return "?";
  }

  auto TargetText(const Flow& flow, int32_t index) const -> std::string {
    if (index < 0) return "none";
    const Target& target = flow.targets[index];
    if (target.kind == TargetKind::If) {
      return fmt::format("(if {} {} {})", ExprText(target.condition), TargetText(flow, target.then_target),
                         TargetText(flow, target.else_target));
    }
    std::string text = flow.states[target.state].name;
    for (ExprId arg : target.args) text += " " + ExprText(arg);
    return "(" + text + ")";
  }

  void DumpPolicy(size_t index) {
    static constexpr const char* kKinds[] = {"limit", "quiet", "one_channel", "window", "forbid", "forbid_after",
                                             "gap", "consent", "disclosure", "jurisdiction", "calendar"};
    const Policy& policy = module_.policies[index];
    Line(0, fmt::format("policy {} {} module {} jurisdiction {} calendar {}", index, policy.name, policy.module,
                        Quote(policy.jurisdiction), Quote(policy.calendar)));
    for (const PolicyRule& rule : policy.rules) {
      std::string line = fmt::format("{} {} channels {:#x}", kKinds[static_cast<int>(rule.kind)], rule.id, rule.channels);
      if (rule.channels_bound) line += " bound";
      if (rule.except != 0) line += fmt::format(" except {:#x}", rule.except);
      if (rule.kind == RuleKind::Limit) {
        line += fmt::format(" max {} window {} {} {} {}{}", rule.max, static_cast<int>(rule.window), rule.window_ms,
                            rule.window_days, rule.per_debt ? "per_debt" : "per_debtor",
                            rule.conversations ? " conversations" : "");
      }
      if (rule.trigger_event >= 0) {
        line += fmt::format(" on {} {:#x}", module_.events[rule.trigger_event].name, rule.trigger_channels);
        if (rule.trigger_guard.has_value()) line += " when " + ExprText(rule.trigger_guard);
      }
      if (rule.until_event >= 0) line += " until " + module_.events[rule.until_event].name;
      if (rule.length_ms != 0) line += fmt::format(" for {}", rule.length_ms);
      for (const ScheduleItem& item : rule.schedule) {
        line += fmt::format(" [{:#04x} {}..{}]", item.days, item.begin, item.end);
      }
      if (rule.days != 0) line += fmt::format(" days {:#04x}", rule.days);
      if (!rule.text.empty()) line += " " + Quote(rule.text);
      Line(1, line);
    }
  }

  void DumpFlow(size_t index) {
    const Flow& flow = module_.flows[index];
    Line(0, fmt::format("flow {} {} module {} profile {} locals {}", index, flow.name, flow.module,
                        flow.profile, flow.locals));
    if (!flow.policies.empty()) {
      std::string policies;
      for (int32_t policy : flow.policies) policies += " " + module_.policies[policy].name;
      Line(1, "complies" + policies);
    }
    Line(1, fmt::format("start when {} -> {}", ExprText(flow.start_condition),
                        TargetText(flow, flow.start_target)));
    for (size_t s = 0; s < flow.states.size(); ++s) {
      const State& state = flow.states[s];
      std::string params;
      for (Type type : state.params) params += (params.empty() ? "" : ", ") + std::string(TypeName(type));
      Line(1, fmt::format("state {} {}({}){}", s, state.name, params, state.terminal ? " terminal" : ""));
      for (const Action& action : state.actions) {
        std::string line = fmt::format("{} {} {}", ActionKindName(action.kind), ChannelName(action.channel),
                                       Quote(module_.strings[action.name]));
        for (const WithField& field : action.with) {
          line += fmt::format(" {}={}", module_.strings[field.name], ExprText(field.value));
        }
        if (action.retry_count > 1) {
          line += fmt::format(" retry {} every {}", action.retry_count, ExprText(action.retry_interval));
        }
        if (action.guard.has_value()) line += " when " + ExprText(action.guard);
        Line(2, line + fmt::format("  ; line {}", action.line));
      }
      for (const Handler& handler : state.handlers) {
        std::string line = fmt::format("on {}", module_.events[handler.event].name);
        for (const KeyFilter& filter : handler.filters) {
          line += filter.channel_mask ? fmt::format(" key{}&{:#x}", filter.key, filter.mask)
                                      : fmt::format(" key{}={}", filter.key, filter.bits);
        }
        if (handler.event_slot >= 0) line += fmt::format(" bind {}", handler.event_slot);
        for (const auto& [key, slot] : handler.key_slots) line += fmt::format(" key{}->{}", key, slot);
        if (handler.guard.has_value()) line += " when " + ExprText(handler.guard);
        line += " -> " + TargetText(flow, handler.target);
        if (handler.from_always) line += " ; always";
        Line(2, line + fmt::format("  ; line {}", handler.line));
      }
      for (const Timer& timer : state.timers) {
        Line(2, fmt::format("after{} {} -> {}  ; line {}", timer.absolute ? " at" : "", ExprText(timer.delay),
                            TargetText(flow, timer.target), timer.line));
      }
    }
  }

  const Module& module_;
  std::string out_;
};

}  // namespace

auto Dump(const Module& module) -> std::string { return Dumper(module).Run(); }

}  // namespace cobro::flowir
