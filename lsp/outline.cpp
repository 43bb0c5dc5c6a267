#include "lsp/outline.h"

#include "lsp/describe.h"
#include "lsp/syntax_queries.h"

namespace cobro::lsp {

namespace {

// The whole range must contain the name's, as the protocol requires.
auto Cover(SourceRange range, SourceRange name) -> SourceRange {
  if (!range.has_value()) return name;
  if (range.file != name.file) return range;
  return SourceRange{range.file, std::min(range.begin, name.begin), std::max(range.end, name.end)};
}

auto Item(std::string name, std::string detail, SymbolKind kind, SourceRange range, SourceRange selection)
    -> OutlineItem {
  return OutlineItem{std::move(name), std::move(detail), kind, Cover(range, selection), selection, {}};
}

}  // namespace

auto Outline(const Snapshot& snapshot, int32_t module_index) -> std::vector<OutlineItem> {
  std::vector<OutlineItem> items;
  const ast::File& file = snapshot.result.program.modules[module_index].ast;
  auto signature = [&](EntityKind kind, int32_t decl, int32_t member, SourceRange name) {
    return Signature(snapshot, Entity{kind, module_index, decl, member, name});
  };
  for (const ast::DeclRef& decl : file.decls) {
    auto [name, name_range] = DeclName(file, decl);
    if (name.empty() || !name_range.has_value()) continue;
    SourceRange range = ast::DeclRange(file, decl);
    int32_t index = decl.index;
    switch (decl.kind) {
      case ast::DeclKind::Profile: {
        OutlineItem item = Item(name, "profile", SymbolKind::Struct, range, name_range);
        const auto& fields = file.profiles[index].fields;
        for (size_t f = 0; f < fields.size(); ++f) {
          if (fields[f].name.text.empty()) continue;
          item.children.push_back(Item(fields[f].name.text, TypeRefText(file, fields[f].type), SymbolKind::Field,
                                       fields[f].range, fields[f].name.range));
        }
        items.push_back(std::move(item));
        break;
      }
      case ast::DeclKind::Event: {
        OutlineItem item = Item(name, signature(EntityKind::Event, index, -1, name_range), SymbolKind::Event, range,
                                name_range);
        for (const ast::FieldDecl& field : file.events[index].fields) {
          if (field.name.text.empty()) continue;
          item.children.push_back(
              Item(field.name.text, TypeRefText(file, field.type), SymbolKind::Field, field.range, field.name.range));
        }
        items.push_back(std::move(item));
        break;
      }
      case ast::DeclKind::Fn:
        items.push_back(Item(name, signature(EntityKind::Fn, index, -1, name_range), SymbolKind::Function, range,
                             name_range));
        break;
      case ast::DeclKind::Builtin:
        items.push_back(Item(name, signature(EntityKind::Builtin, index, -1, name_range), SymbolKind::Function,
                             range, name_range));
        break;
      case ast::DeclKind::Scorecard:
        items.push_back(Item(name, signature(EntityKind::Scorecard, index, -1, name_range), SymbolKind::Function,
                             range, name_range));
        break;
      case ast::DeclKind::Policy: {
        OutlineItem item = Item(name, "policy", SymbolKind::Interface, range, name_range);
        const auto& rules = file.policies[index].rules;
        for (size_t r = 0; r < rules.size(); ++r) {
          const ast::PolicyRule& rule = rules[r];
          std::string clause = signature(EntityKind::PolicyRule, index, static_cast<int32_t>(r), {});
          clause = clause.substr(std::min(clause.size(), name.size() + 1));
          std::string rule_name = rule.label ? rule.label->text : clause;
          SourceRange selection = rule.label ? rule.label->range : rule.range;
          item.children.push_back(Item(rule_name, rule.cite, SymbolKind::Property, rule.range, selection));
        }
        items.push_back(std::move(item));
        break;
      }
      case ast::DeclKind::Flow: {
        OutlineItem item = Item(name, signature(EntityKind::Flow, index, -1, name_range), SymbolKind::Class, range,
                                name_range);
        const auto& states = file.flows[index].states;
        for (size_t s = 0; s < states.size(); ++s) {
          if (states[s].name.text.empty()) continue;
          item.children.push_back(Item(states[s].name.text,
                                       signature(EntityKind::State, index, static_cast<int32_t>(s), {}),
                                       SymbolKind::EnumMember, states[s].range, states[s].name.range));
        }
        items.push_back(std::move(item));
        break;
      }
      case ast::DeclKind::Experiment:
        items.push_back(Item(name, signature(EntityKind::Experiment, index, -1, name_range), SymbolKind::Object,
                             range, name_range));
        break;
      case ast::DeclKind::Test:
        items.push_back(Item(name, "test for " + file.tests[index].flow.text, SymbolKind::Method, range, name_range));
        break;
    }
  }
  return items;
}

}  // namespace cobro::lsp
