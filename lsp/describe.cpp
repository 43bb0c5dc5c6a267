#include "lsp/describe.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/channel.h"

namespace cobro::lsp {

namespace {

auto Join(const std::vector<std::string>& parts, std::string_view separator) -> std::string {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += separator;
    joined += parts[i];
  }
  return joined;
}

auto ParamsText(const ast::File& file, const std::vector<ast::Param>& params) -> std::vector<std::string> {
  std::vector<std::string> texts;
  for (const ast::Param& param : params) texts.push_back(param.name.text + ": " + TypeRefText(file, param.type));
  return texts;
}

auto FieldText(const ast::File& file, const ast::FieldDecl& field) -> std::string {
  return field.name.text + ": " + TypeRefText(file, field.type);
}

// The source text of `range`, on one line.
auto SourceText(const Snapshot& snapshot, SourceRange range) -> std::string {
  if (!range.has_value()) return "";
  std::string_view text = snapshot.Text(range.file);
  if (range.end > text.size() || range.begin > range.end) return "";
  std::string result;
  bool space = false;
  for (char c : text.substr(range.begin, range.end - range.begin)) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
      space = !result.empty();
      continue;
    }
    if (space) result += ' ';
    space = false;
    result += c;
  }
  return result;
}

auto ChannelGroupText(std::string_view name) -> std::string {
  for (const ChannelGroup& group : ChannelGroups()) {
    if (group.name != name) continue;
    std::vector<std::string> members;
    for (int c = 0; c < kChannelCount; ++c) {
      if ((group.members & MaskOf(static_cast<Channel>(c))) != 0) {
        members.emplace_back(ChannelName(static_cast<Channel>(c)));
      }
    }
    return Join(members, " + ");
  }
  return "";
}

auto File(const Snapshot& snapshot, const Entity& entity) -> const ast::File& {
  return snapshot.result.program.modules[entity.module].ast;
}

auto ValidDecl(const Snapshot& snapshot, const Entity& entity) -> bool {
  return entity.module >= 0 && static_cast<size_t>(entity.module) < snapshot.result.program.modules.size() &&
         entity.decl >= 0;
}

// The written type of a local, found at its definition.
auto LocalType(const Snapshot& snapshot, const Entity& entity) -> std::string {
  if (!ValidDecl(snapshot, Entity{entity.kind, entity.module, 0, -1, {}})) return "";
  const sema::Module& module = snapshot.result.program.modules[entity.module];
  const ast::File& file = module.ast;
  auto is = [&](const ast::Ident& name) { return name.range == entity.definition; };
  auto params = [&](const std::vector<ast::Param>& list) -> std::optional<std::string> {
    for (const ast::Param& param : list) {
      if (is(param.name)) return TypeRefText(file, param.type);
    }
    return std::nullopt;
  };
  for (const ast::FnDecl& fn : file.fns) {
    if (auto type = params(fn.params)) return *type;
    for (const ast::LetStmt& let : fn.lets) {
      if (!is(let.name)) continue;
      if (let.type.has_value()) return TypeRefText(file, let.type);
      if (let.value.has_value() && static_cast<size_t>(let.value.index) < module.expr_types.size()) {
        return TypeText(snapshot.result.program, module.expr_types[let.value.index]);
      }
    }
  }
  for (const ast::BuiltinDecl& builtin : file.builtins) {
    if (auto type = params(builtin.params)) return *type;
  }
  for (const ast::ScorecardDecl& scorecard : file.scorecards) {
    if (auto type = params(scorecard.params)) return *type;
  }
  for (const ast::FlowDecl& flow : file.flows) {
    if (is(flow.subject)) return TypeRefText(file, flow.subject_type);
    for (const ast::StateDecl& state : flow.states) {
      if (auto type = params(state.params)) return *type;
    }
  }
  return "";
}

}  // namespace

auto TypeText(const sema::Program& program, sema::TypeId type) -> std::string {
  if (!type.has_value()) return "<error>";
  const sema::TypeInfo& info = program.types.Get(type);
  auto decl_name = [&](bool event) -> std::string {
    if (info.decl.module < 0 || static_cast<size_t>(info.decl.module) >= program.modules.size()) return "<error>";
    const ast::File& file = program.modules[info.decl.module].ast;
    if (event) {
      return static_cast<size_t>(info.decl.index) < file.events.size() ? file.events[info.decl.index].name.Joined()
                                                                        : "<error>";
    }
    return static_cast<size_t>(info.decl.index) < file.profiles.size() ? file.profiles[info.decl.index].name.text
                                                                        : "<error>";
  };
  switch (info.kind) {
    case sema::TypeKind::Error: return "<error>";
    case sema::TypeKind::Int:
    case sema::TypeKind::IntLiteral: return "int";
    case sema::TypeKind::Float: return "float";
    case sema::TypeKind::DecimalLiteral: return "decimal";
    case sema::TypeKind::Bool: return "bool";
    case sema::TypeKind::String: return "string";
    case sema::TypeKind::Money: return "money";
    case sema::TypeKind::Duration: return "duration";
    case sema::TypeKind::Time: return "time";
    case sema::TypeKind::Date: return "date";
    case sema::TypeKind::DateTime: return "datetime";
    case sema::TypeKind::Timezone: return "timezone";
    case sema::TypeKind::Channel: return "channel";
    case sema::TypeKind::Percent: return "percentage";
    case sema::TypeKind::Set: return "set<" + TypeText(program, info.element) + ">";
    case sema::TypeKind::Field: return "field<" + TypeText(program, info.element) + ">";
    case sema::TypeKind::Profile: return decl_name(false);
    case sema::TypeKind::Event: return decl_name(true);
    case sema::TypeKind::EventType: return "event";
  }
  return "<error>";
}

auto TypeRefText(const ast::File& file, ast::TypeRefId type) -> std::string {
  if (!type.has_value() || static_cast<size_t>(type.index) >= file.types.size()) return "";
  const ast::TypeRef& ref = file.types.Get(type);
  std::string text = ref.name.Joined();
  if (!ref.args.empty()) {
    std::vector<std::string> args;
    for (ast::TypeRefId arg : ref.args) args.push_back(TypeRefText(file, arg));
    text += "<" + Join(args, ", ") + ">";
  }
  return text;
}

auto EntityOf(const Snapshot& snapshot, const sema::Symbol& symbol) -> Entity {
  EntityKind kind = EntityKind::None;
  switch (symbol.kind) {
    case sema::SymbolKind::Profile: kind = EntityKind::Profile; break;
    case sema::SymbolKind::Event: kind = EntityKind::Event; break;
    case sema::SymbolKind::Fn: kind = EntityKind::Fn; break;
    case sema::SymbolKind::Builtin: kind = EntityKind::Builtin; break;
    case sema::SymbolKind::Scorecard: kind = EntityKind::Scorecard; break;
    case sema::SymbolKind::Policy: kind = EntityKind::Policy; break;
    case sema::SymbolKind::Flow: kind = EntityKind::Flow; break;
    case sema::SymbolKind::Experiment: kind = EntityKind::Experiment; break;
  }
  return Entity{kind, symbol.decl.module, symbol.decl.index, -1, symbol.range};
}

auto ScoreRange(const ast::ScorecardDecl& scorecard) -> std::pair<int64_t, int64_t> {
  int64_t low = scorecard.base;
  int64_t high = scorecard.base;
  for (const ast::ScoreRow& row : scorecard.rows) {
    if (row.bins.empty()) continue;
    int64_t row_low = row.bins.front().points;
    int64_t row_high = row.bins.front().points;
    for (const ast::ScoreBin& bin : row.bins) {
      row_low = std::min(row_low, bin.points);
      row_high = std::max(row_high, bin.points);
    }
    // A value no bin takes gets no points (the checker warns about it).
    bool has_else = std::any_of(row.bins.begin(), row.bins.end(),
                                [](const ast::ScoreBin& bin) { return bin.kind == ast::BinKind::Else; });
    if (!has_else) {
      row_low = std::min<int64_t>(row_low, 0);
      row_high = std::max<int64_t>(row_high, 0);
    }
    low += row_low;
    high += row_high;
  }
  return {low, high};
}

auto EntityName(const Snapshot& snapshot, const Entity& entity) -> std::string {
  if (entity.kind == EntityKind::Channel) {
    auto names = ChannelAndGroupNames();
    return entity.member >= 0 && static_cast<size_t>(entity.member) < names.size() ? std::string(names[entity.member])
                                                                                     : "";
  }
  if (entity.kind == EntityKind::Terminal) return entity.member == 0 ? "done" : "hold";
  if (entity.kind == EntityKind::Module) return snapshot.result.program.modules[entity.module].name;
  std::string text = SourceText(snapshot, entity.definition);
  if (entity.kind == EntityKind::Test && text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

auto Signature(const Snapshot& snapshot, const Entity& entity, std::optional<sema::TypeId> type) -> std::string {
  const sema::Program& program = snapshot.result.program;
  switch (entity.kind) {
    case EntityKind::None: return "";
    case EntityKind::Channel: {
      std::string name = EntityName(snapshot, entity);
      std::string members = ChannelGroupText(name);
      return members.empty() ? "channel " + name : "channel group " + name + " = " + members;
    }
    case EntityKind::Terminal: return "terminal state " + EntityName(snapshot, entity);
    case EntityKind::Module: return "module " + program.modules[entity.module].name;
    case EntityKind::Local: {
      std::string written = type ? TypeText(program, *type) : LocalType(snapshot, entity);
      std::string name = EntityName(snapshot, entity);
      return written.empty() ? name : name + ": " + written;
    }
    default: break;
  }
  if (!ValidDecl(snapshot, entity)) return "";
  const ast::File& file = File(snapshot, entity);
  auto index = static_cast<size_t>(entity.decl);
  auto member = static_cast<size_t>(std::max(entity.member, 0));
  switch (entity.kind) {
    case EntityKind::Profile: return "profile " + file.profiles[index].name.text;
    case EntityKind::ProfileField: {
      const ast::ProfileDecl& profile = file.profiles[index];
      return profile.name.text + "." + FieldText(file, profile.fields[member]);
    }
    case EntityKind::Event: {
      const ast::EventDecl& event = file.events[index];
      std::string text = "event " + event.name.Joined();
      if (!event.keys.empty()) text += "(" + Join(ParamsText(file, event.keys), ", ") + ")";
      return text;
    }
    case EntityKind::EventKey: {
      const ast::EventDecl& event = file.events[index];
      const ast::Param& key = event.keys[member];
      return event.name.Joined() + "." + key.name.text + ": " + TypeRefText(file, key.type) + " (key)";
    }
    case EntityKind::EventField: {
      const ast::EventDecl& event = file.events[index];
      return event.name.Joined() + "." + FieldText(file, event.fields[member]);
    }
    case EntityKind::Fn: {
      const ast::FnDecl& fn = file.fns[index];
      return fmt::format("fn {}({}) -> {}", fn.name.text, Join(ParamsText(file, fn.params), ", "),
                         TypeRefText(file, fn.result));
    }
    case EntityKind::Builtin: {
      const ast::BuiltinDecl& builtin = file.builtins[index];
      std::string type_params;
      if (!builtin.type_params.empty()) {
        std::vector<std::string> parts;
        for (const ast::TypeParam& param : builtin.type_params) {
          parts.push_back(param.bound ? param.name.text + ": " + param.bound->text : param.name.text);
        }
        type_params = "<" + Join(parts, ", ") + ">";
      }
      return fmt::format("builtin fn {}{}({}) -> {}", builtin.name.text, type_params,
                         Join(ParamsText(file, builtin.params), ", "), TypeRefText(file, builtin.result));
    }
    case EntityKind::Scorecard: {
      const ast::ScorecardDecl& scorecard = file.scorecards[index];
      return fmt::format("scorecard {}({}) base {}", scorecard.name.text,
                         Join(ParamsText(file, scorecard.params), ", "), scorecard.base);
    }
    case EntityKind::Policy: return "policy " + file.policies[index].name.text;
    case EntityKind::PolicyRule: {
      const ast::PolicyDecl& policy = file.policies[index];
      const ast::PolicyRule& rule = policy.rules[member];
      std::string text = SourceText(snapshot, rule.range);
      // The rule's clause, without its metadata.
      if (size_t cite = text.find(" cite \""); cite != std::string::npos) text = text.substr(0, cite);
      return policy.name.text + "." + text;
    }
    case EntityKind::Flow: {
      const ast::FlowDecl& flow = file.flows[index];
      std::string text = fmt::format("flow {} for {}: {}", flow.name.text, flow.subject.text,
                                     TypeRefText(file, flow.subject_type));
      if (!flow.complies.empty()) {
        std::vector<std::string> policies;
        for (const ast::QualifiedName& name : flow.complies) policies.push_back(name.Joined());
        text += " complies " + Join(policies, ", ");
      }
      return text;
    }
    case EntityKind::State: {
      const ast::StateDecl& state = file.flows[index].states[member];
      std::string text = (state.terminal ? "terminal state " : "state ") + state.name.text;
      if (!state.params.empty()) text += "(" + Join(ParamsText(file, state.params), ", ") + ")";
      return text;
    }
    case EntityKind::Experiment: {
      const ast::ExperimentDecl& experiment = file.experiments[index];
      return "experiment " + experiment.name.text + " for " + TypeRefText(file, experiment.subject);
    }
    case EntityKind::Test: {
      const ast::TestDecl& test = file.tests[index];
      return "test \"" + test.name + "\" for " + test.flow.text;
    }
    default: return "";
  }
}

auto BuiltinDescription(const Entity& entity) -> std::string {
  if (entity.kind == EntityKind::Terminal) {
    return entity.member == 0 ? "The case is resolved (paid, settled); the flow ends."
                              : "The case is parked for people (a dispute, a bankruptcy); the flow does nothing more.";
  }
  static const std::pair<std::string_view, std::string_view> kChannels[] = {
      {"email", "Email."},
      {"sms", "Text message."},
      {"whatsapp", "WhatsApp (instant messaging)."},
      {"voice", "A telephone call with a person (a dialer connected to an agent)."},
      {"voicebot", "A telephone call with an artificial voice: a voicebot, an AI agent, a prerecorded message. "
                   "It counts toward every call limit."},
      {"letter", "Paper mail."},
      {"push", "A push notification in the creditor's app."},
      {"visit", "A field visit."},
      {"agent", "A contact by a human agent whose medium is not reported."},
      {"call", "Telephone calls: `voice` and `voicebot`."},
      {"text", "Text messages: `sms` and `whatsapp`."},
      {"electronic", "Electronic messages: `email`, `sms`, `whatsapp` and `push`."},
      {"all", "Every channel."},
  };
  if (entity.kind != EntityKind::Channel) return "";
  auto names = ChannelAndGroupNames();
  if (entity.member < 0 || static_cast<size_t>(entity.member) >= names.size()) return "";
  for (const auto& [name, text] : kChannels) {
    if (name == names[entity.member]) return std::string(text);
  }
  return "";
}

auto Documentation(const Snapshot& snapshot, const Entity& entity) -> std::string {
  if (entity.kind == EntityKind::Channel || entity.kind == EntityKind::Terminal) return BuiltinDescription(entity);
  if (!ValidDecl(snapshot, entity)) return "";
  const ast::File& file = File(snapshot, entity);
  auto index = static_cast<size_t>(entity.decl);
  auto member = static_cast<size_t>(std::max(entity.member, 0));
  switch (entity.kind) {
    case EntityKind::Profile: return file.profiles[index].doc;
    case EntityKind::ProfileField: return file.profiles[index].fields[member].doc;
    case EntityKind::Event: return file.events[index].doc;
    case EntityKind::EventField: return file.events[index].fields[member].doc;
    case EntityKind::Fn: return file.fns[index].doc;
    case EntityKind::Builtin: return file.builtins[index].doc;
    case EntityKind::Scorecard: return file.scorecards[index].doc;
    case EntityKind::Policy: return file.policies[index].doc;
    case EntityKind::PolicyRule: return file.policies[index].rules[member].doc;
    case EntityKind::Flow: return file.flows[index].doc;
    case EntityKind::State: return file.flows[index].states[member].doc;
    case EntityKind::Experiment: return file.experiments[index].doc;
    case EntityKind::Test: return file.tests[index].doc;
    default: return "";
  }
}

auto CallableOf(const Snapshot& snapshot, const Entity& entity) -> std::optional<Callable> {
  if (!ValidDecl(snapshot, entity)) return std::nullopt;
  const ast::File& file = File(snapshot, entity);
  auto index = static_cast<size_t>(entity.decl);
  switch (entity.kind) {
    case EntityKind::Fn: {
      const ast::FnDecl& fn = file.fns[index];
      return Callable{fn.name.text, ParamsText(file, fn.params), TypeRefText(file, fn.result), fn.doc};
    }
    case EntityKind::Builtin: {
      const ast::BuiltinDecl& builtin = file.builtins[index];
      return Callable{builtin.name.text, ParamsText(file, builtin.params), TypeRefText(file, builtin.result),
                      builtin.doc};
    }
    case EntityKind::Scorecard: {
      const ast::ScorecardDecl& scorecard = file.scorecards[index];
      return Callable{scorecard.name.text, ParamsText(file, scorecard.params), "int", scorecard.doc};
    }
    default: return std::nullopt;
  }
}

}  // namespace cobro::lsp
