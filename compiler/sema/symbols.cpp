// Symbol tables, name lookup across imports, and suggestions.

#include <algorithm>

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(DuplicateDefinition, Error, "`{0}` is already defined in this module",
                 std::string);
COBRO_NOTE(PreviousDefinition, "the first definition of `{0}` is here", std::string);
COBRO_DIAGNOSTIC(AmbiguousName, Error, "`{0}` is defined in both `{1}` and `{2}`; import one "
                 "of them with `as` and qualify the name", std::string, std::string, std::string);
COBRO_NOTE(CandidateDefinition, "one definition of `{0}` is here", std::string);

void AddSymbol(Context& context, Module& module, const std::string& name, Symbol symbol) {
  if (name.empty()) return;
  auto [it, inserted] = module.symbols.emplace(name, symbol);
  if (!inserted) {
    context.emitter.Build(symbol.range, DuplicateDefinition, name)
        .Note(it->second.range, PreviousDefinition, name)
        .Emit();
  }
}

// Restricted Damerau-Levenshtein distance.
auto EditDistance(std::string_view a, std::string_view b) -> size_t {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

auto SymbolKindName(SymbolKind kind) -> const char* {
  switch (kind) {
    case SymbolKind::Profile: return "profile";
    case SymbolKind::Event: return "event";
    case SymbolKind::Fn: return "function";
    case SymbolKind::Builtin: return "builtin function";
    case SymbolKind::Scorecard: return "scorecard";
    case SymbolKind::Policy: return "policy";
    case SymbolKind::Flow: return "flow";
    case SymbolKind::Experiment: return "experiment";
  }
  return "declaration";
}

auto Scope::Lookup(std::string_view name) const -> const Local* {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return parent_ != nullptr ? parent_->Lookup(name) : nullptr;
}

void Scope::CollectNames(std::vector<std::string>& names) const {
  for (const Local& local : locals_) names.push_back(local.name);
  if (parent_ != nullptr) parent_->CollectNames(names);
}

void BuildSymbolTables(Context& context) {
  for (size_t m = 0; m < context.program.modules.size(); ++m) {
    Module& module = context.program.modules[m];
    const ast::File& file = module.ast;
    auto decl = [&](size_t index) { return GlobalDecl{static_cast<int32_t>(m), static_cast<int32_t>(index)}; };
    for (const ast::DeclRef& ref : file.decls) {
      auto i = static_cast<size_t>(ref.index);
      switch (ref.kind) {
        case ast::DeclKind::Profile:
          AddSymbol(context, module, file.profiles[i].name.text,
                    {SymbolKind::Profile, decl(i), file.profiles[i].name.range});
          break;
        case ast::DeclKind::Event:
          AddSymbol(context, module, file.events[i].name.Joined(),
                    {SymbolKind::Event, decl(i), file.events[i].name.range});
          break;
        case ast::DeclKind::Fn:
          AddSymbol(context, module, file.fns[i].name.text,
                    {SymbolKind::Fn, decl(i), file.fns[i].name.range});
          break;
        case ast::DeclKind::Builtin:
          AddSymbol(context, module, file.builtins[i].name.text,
                    {SymbolKind::Builtin, decl(i), file.builtins[i].name.range});
          break;
        case ast::DeclKind::Scorecard:
          AddSymbol(context, module, file.scorecards[i].name.text,
                    {SymbolKind::Scorecard, decl(i), file.scorecards[i].name.range});
          break;
        case ast::DeclKind::Policy:
          AddSymbol(context, module, file.policies[i].name.text,
                    {SymbolKind::Policy, decl(i), file.policies[i].name.range});
          break;
        case ast::DeclKind::Flow:
          AddSymbol(context, module, file.flows[i].name.text,
                    {SymbolKind::Flow, decl(i), file.flows[i].name.range});
          break;
        case ast::DeclKind::Experiment:
          AddSymbol(context, module, file.experiments[i].name.text,
                    {SymbolKind::Experiment, decl(i), file.experiments[i].name.range});
          break;
        case ast::DeclKind::Test: break;
      }
    }
    for (size_t i = 0; i < file.imports.size() && i < module.imports.size(); ++i) {
      if (file.imports[i].alias && module.imports[i] >= 0) {
        module.aliases[file.imports[i].alias->text] = module.imports[i];
      }
    }
  }
}

auto LookupInModule(Context& context, int32_t module, std::string_view name)
    -> std::optional<Symbol> {
  const auto& symbols = context.program.modules[module].symbols;
  auto it = symbols.find(std::string(name));
  if (it == symbols.end()) return std::nullopt;
  return it->second;
}

auto LookupSymbol(Context& context, std::string_view name, SourceRange use)
    -> std::optional<Symbol> {
  if (auto own = LookupInModule(context, context.module_index, name)) return own;
  const Module& module = context.module();
  std::optional<Symbol> found;
  int32_t found_module = -1;
  for (size_t i = 0; i < module.imports.size(); ++i) {
    int32_t imported = module.imports[i];
    // Aliased imports are reached only through their alias.
    if (imported < 0 || module.ast.imports[i].alias) continue;
    auto symbol = LookupInModule(context, imported, name);
    if (!symbol || imported == found_module) continue;
    if (found) {
      context.emitter
          .Build(use, AmbiguousName, std::string(name), context.program.modules[found_module].name,
                 context.program.modules[imported].name)
          .Note(found->range, CandidateDefinition, std::string(name))
          .Note(symbol->range, CandidateDefinition, std::string(name))
          .Emit();
      return found;
    }
    found = symbol;
    found_module = imported;
  }
  return found;
}

auto IsEventNamespace(Context& context, std::string_view prefix) -> bool {
  std::string dotted = std::string(prefix) + ".";
  auto has_prefix = [&](int32_t module) {
    const auto& symbols = context.program.modules[module].symbols;
    auto it = symbols.lower_bound(dotted);
    return it != symbols.end() && it->first.starts_with(dotted) &&
           it->second.kind == SymbolKind::Event;
  };
  if (has_prefix(context.module_index)) return true;
  const Module& module = context.module();
  for (size_t i = 0; i < module.imports.size(); ++i) {
    if (module.imports[i] >= 0 && !module.ast.imports[i].alias && has_prefix(module.imports[i])) {
      return true;
    }
  }
  return false;
}

void CollectVisibleNames(Context& context, std::vector<std::string>& names,
                         std::optional<SymbolKind> kind) {
  auto add = [&](const std::map<std::string, Symbol>& symbols) {
    for (const auto& [name, symbol] : symbols) {
      if (!kind || symbol.kind == *kind) names.push_back(name);
    }
  };
  const Module& module = context.module();
  add(module.symbols);
  for (size_t i = 0; i < module.imports.size(); ++i) {
    if (module.imports[i] < 0 || module.ast.imports[i].alias) continue;
    add(context.program.modules[module.imports[i]].symbols);
  }
  if (!kind) {
    for (const auto& [alias, target] : module.aliases) names.push_back(alias);
  }
}

auto Suggest(std::string_view name, const std::vector<std::string>& candidates)
    -> std::optional<std::string> {
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    size_t distance = EditDistance(name, candidate);
    // Ties go to the alphabetically first candidate, so output is stable.
    if (distance < best_distance || (distance == best_distance && best && candidate < *best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best_distance > limit) return std::nullopt;
  return best;
}

auto ProfileOf(Context& context, GlobalDecl decl) -> const ast::ProfileDecl& {
  return context.program.modules[decl.module].ast.profiles[decl.index];
}
auto EventOf(Context& context, GlobalDecl decl) -> const ast::EventDecl& {
  return context.program.modules[decl.module].ast.events[decl.index];
}
auto FlowOf(Context& context, GlobalDecl decl) -> const ast::FlowDecl& {
  return context.program.modules[decl.module].ast.flows[decl.index];
}
auto PolicyOf(Context& context, GlobalDecl decl) -> const ast::PolicyDecl& {
  return context.program.modules[decl.module].ast.policies[decl.index];
}

}  // namespace cobro::sema
