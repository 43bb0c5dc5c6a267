// `textDocument/prepareRename` and `textDocument/rename`: renames a state,
// function, scorecard, profile (and its fields), policy (and its rules),
// flow, experiment or local everywhere the project names it.

#include <fmt/format.h>

#include <map>

#include "compiler/base/channel.h"
#include "lsp/describe.h"
#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

// The language's hard keywords (docs/language.md §14): never names.
constexpr std::string_view kHardKeywords[] = {
    "module", "import", "profile", "event", "fn",     "builtin", "let",  "scorecard", "policy", "flow",
    "experiment", "test", "state", "terminal", "start", "always", "on", "after", "when", "if", "then",
    "else", "and", "or", "not", "in", "is", "for", "complies", "given", "expect", "true", "false", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "holiday"};

auto KindWord(EntityKind kind) -> const char* {
  switch (kind) {
    case EntityKind::Module: return "a module";
    case EntityKind::Event: return "an event";
    case EntityKind::EventField:
    case EntityKind::EventKey: return "an event field";
    case EntityKind::Builtin: return "a builtin function";
    case EntityKind::Channel: return "a channel";
    case EntityKind::Terminal: return "a built-in terminal state";
    case EntityKind::Test: return "a test";
    default: return "this";
  }
}

auto Renamable(EntityKind kind) -> bool {
  switch (kind) {
    case EntityKind::State:
    case EntityKind::Fn:
    case EntityKind::Scorecard:
    case EntityKind::Profile:
    case EntityKind::ProfileField:
    case EntityKind::Policy:
    case EntityKind::PolicyRule:
    case EntityKind::Flow:
    case EntityKind::Experiment:
    case EntityKind::Local: return true;
    default: return false;
  }
}

// The occurrence under the cursor, if it can be renamed; throws the reason
// otherwise.
auto RenameTarget(RequestContext& context) -> const Occurrence& {
  const Occurrence* occurrence = context.OccurrenceAtCursor();
  if (occurrence == nullptr) throw ResponseError{ErrorCode::RequestFailed, "there is no name here to rename"};
  const Entity& entity = occurrence->entity;
  if (!Renamable(entity.kind)) {
    throw ResponseError{ErrorCode::RequestFailed,
                        fmt::format("`{}` is {}, which cannot be renamed",
                                    EntityName(context.Program(), entity), KindWord(entity.kind))};
  }
  if (entity.definition.has_value() && context.Program().IsStdlib(entity.definition.file)) {
    throw ResponseError{ErrorCode::RequestFailed,
                        fmt::format("`{}` is defined in the standard library, which cannot be renamed",
                                    EntityName(context.Program(), entity))};
  }
  return *occurrence;
}

// The part of `range` that spells the entity's own name: the last segment
// of a qualified name (`co.Ley2300`, `RegF.calls_7in7` in a test).
auto NameRange(const Snapshot& snapshot, SourceRange range, const std::string& name) -> SourceRange {
  std::string_view text = snapshot.Text(range.file).substr(range.begin, range.end - range.begin);
  if (text == name || !text.ends_with(name)) return range;
  return SourceRange{range.file, range.end - static_cast<uint32_t>(name.size()), range.end};
}

auto IsIdentifier(std::string_view name) -> bool {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    // Letters of any alphabet are UTF-8 sequences; the lexer decides the rest.
    bool letter = std::isalpha(c) != 0 || c == '_' || c >= 0x80;
    if (!letter && !(i > 0 && std::isdigit(c) != 0)) return false;
  }
  return std::find(std::begin(kHardKeywords), std::end(kHardKeywords), name) == std::end(kHardKeywords);
}

// Another declaration the new name would collide with, if any.
auto Collision(const Snapshot& snapshot, const Entity& entity, const std::string& name) -> std::string {
  const sema::Program& program = snapshot.result.program;
  switch (entity.kind) {
    case EntityKind::State: {
      if (name == "done" || name == "hold") return fmt::format("`{}` is a built-in terminal state", name);
      const ast::FlowDecl& flow = program.modules[entity.module].ast.flows[entity.decl];
      for (const ast::StateDecl& state : flow.states) {
        if (state.name.text == name) return fmt::format("flow `{}` already has a state `{}`", flow.name.text, name);
      }
      return "";
    }
    case EntityKind::ProfileField: {
      const ast::ProfileDecl& profile = program.modules[entity.module].ast.profiles[entity.decl];
      for (const ast::FieldDecl& field : profile.fields) {
        if (field.name.text == name) return fmt::format("`{}` already has a field `{}`", profile.name.text, name);
      }
      return "";
    }
    case EntityKind::PolicyRule: {
      const ast::PolicyDecl& policy = program.modules[entity.module].ast.policies[entity.decl];
      for (const ast::PolicyRule& rule : policy.rules) {
        if (rule.label && rule.label->text == name) {
          return fmt::format("`{}` already has a rule `{}`", policy.name.text, name);
        }
      }
      return "";
    }
    case EntityKind::Local: return "";
    default:
      if (program.modules[entity.module].symbols.contains(name)) {
        return fmt::format("module `{}` already declares `{}`", program.modules[entity.module].name, name);
      }
      if (ChannelMaskByName(name)) return fmt::format("`{}` is a channel", name);
      return "";
  }
}

}  // namespace

auto HandlePrepareRename(RequestContext& context) -> Json {
  const Occurrence& occurrence = RenameTarget(context);
  std::string name = EntityName(context.Program(), occurrence.entity);
  SourceRange range = NameRange(context.Program(), occurrence.range, name);
  return Json{{"range", context.ToRange(range)}, {"placeholder", name}};
}

auto HandleRename(RequestContext& context) -> Json {
  const Occurrence& occurrence = RenameTarget(context);
  const Snapshot& snapshot = context.Program();
  if (!context.params.contains("newName") || !context.params["newName"].is_string()) {
    throw ResponseError{ErrorCode::InvalidParams, "missing `newName`"};
  }
  std::string new_name = context.params["newName"].get<std::string>();
  if (!IsIdentifier(new_name)) {
    throw ResponseError{ErrorCode::RequestFailed, fmt::format("`{}` is not a name Cobro accepts", new_name)};
  }
  std::string old_name = EntityName(snapshot, occurrence.entity);
  if (new_name == old_name) return Json{{"changes", Json::object()}};
  if (std::string collision = Collision(snapshot, occurrence.entity, new_name); !collision.empty()) {
    throw ResponseError{ErrorCode::RequestFailed, collision};
  }
  std::map<std::string, Json> changes;
  for (const Occurrence* found : snapshot.index.OccurrencesOf(occurrence.entity)) {
    SourceRange range = NameRange(snapshot, found->range, old_name);
    Json& edits = changes[context.Uri(range.file)];
    if (edits.is_null()) edits = Json::array();
    edits.push_back(TextEdit{context.ToRange(range), new_name});
  }
  Json result = Json::object();
  for (auto& [uri, edits] : changes) result[uri] = std::move(edits);
  return Json{{"changes", result}};
}

}  // namespace cobro::lsp
