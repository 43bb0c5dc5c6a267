#include "compiler/sema/lookup.h"

#include <map>

namespace cobro::sema {

namespace {

auto FindOwn(const Program& program, int32_t module, std::string_view name) -> std::optional<Symbol> {
  const auto& symbols = program.modules[module].symbols;
  auto it = symbols.find(std::string(name));
  if (it == symbols.end()) return std::nullopt;
  return it->second;
}

auto ValidModule(const Program& program, int32_t module) -> bool {
  return module >= 0 && static_cast<size_t>(module) < program.modules.size();
}

}  // namespace

auto LookupVisible(const Program& program, int32_t module, std::string_view name)
    -> std::optional<Symbol> {
  if (!ValidModule(program, module) || name.empty()) return std::nullopt;
  if (auto own = FindOwn(program, module, name)) return own;
  const Module& from = program.modules[module];
  for (size_t i = 0; i < from.imports.size() && i < from.ast.imports.size(); ++i) {
    int32_t imported = from.imports[i];
    // Aliased imports are reached only through their alias.
    if (!ValidModule(program, imported) || from.ast.imports[i].alias) continue;
    if (auto symbol = FindOwn(program, imported, name)) return symbol;
  }
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto alias = from.aliases.find(std::string(name.substr(0, dot)));
  if (alias == from.aliases.end() || !ValidModule(program, alias->second)) return std::nullopt;
  return FindOwn(program, alias->second, name.substr(dot + 1));
}

auto VisibleSymbols(const Program& program, int32_t module)
    -> std::vector<std::pair<std::string, Symbol>> {
  std::map<std::string, Symbol> visible;
  if (!ValidModule(program, module)) return {};
  const Module& from = program.modules[module];
  // Own declarations win over imported ones, and earlier imports over later
  // ones, as in LookupVisible: insert in that order and keep the first.
  for (const auto& [name, symbol] : from.symbols) visible.emplace(name, symbol);
  for (size_t i = 0; i < from.imports.size() && i < from.ast.imports.size(); ++i) {
    int32_t imported = from.imports[i];
    if (!ValidModule(program, imported) || from.ast.imports[i].alias) continue;
    for (const auto& [name, symbol] : program.modules[imported].symbols) visible.emplace(name, symbol);
  }
  for (const auto& [alias, target] : from.aliases) {
    if (!ValidModule(program, target)) continue;
    for (const auto& [name, symbol] : program.modules[target].symbols) {
      visible.emplace(alias + "." + name, symbol);
    }
  }
  return {visible.begin(), visible.end()};
}

}  // namespace cobro::sema
