// Module loading through imports, and import cycles.

#include <functional>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(MissingModule, Error,
                 "file has no `module` declaration; start it with `module name.of.module`");
COBRO_DIAGNOSTIC(DuplicateModule, Error, "module `{0}` is declared in two files", std::string);
COBRO_NOTE(OtherModuleFile, "`{0}` is also declared here", std::string);
COBRO_DIAGNOSTIC(ModuleNameMismatch, Error,
                 "`{0}` was found in `{1}`, but that file declares module `{2}`", std::string,
                 std::string, std::string);
COBRO_DIAGNOSTIC(UnknownModule, Error, "unknown module `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(DuplicateImport, Warning, "module `{0}` is imported twice", std::string);
COBRO_DIAGNOSTIC(ImportCycle, Error, "module `{0}` imports itself{1}", std::string,
                 std::string);

auto ModuleRange(const ast::File& file) -> SourceRange {
  if (file.module_name) return file.module_name->range;
  return SourceRange{file.file_id, 0, 0};
}

}  // namespace

void LoadImports(ModuleSet& modules, const ModuleFinder& finder, SourceManager& sources,
                 diag::Emitter& emitter, const ModuleLister& lister,
                 const std::vector<std::string>& extra, const FileParser& parser) {
  auto parse = [&](FileId file_id) {
    const SourceBuffer& buffer = sources.Get(file_id);
    return parser ? parser(buffer, file_id, emitter) : parse::Parse(buffer, file_id, emitter);
  };
  modules.input_count = modules.modules.size();
  for (size_t i = 0; i < modules.modules.size(); ++i) {
    const ast::File& file = modules.modules[i].ast;
    if (!file.module_name) {
      // A syntax error may have eaten the declaration (`modul x`, an
      // unclosed comment, a file too deeply nested to parse); it is reported
      // already, and a second error for the same mistake would be an echo.
      if (!file.has_syntax_errors) emitter.Emit(ModuleRange(file), MissingModule);
      continue;
    }
    std::string name = file.module_name->Joined();
    auto [it, inserted] = modules.by_name.emplace(name, static_cast<int32_t>(i));
    if (!inserted) {
      emitter.Build(file.module_name->range, DuplicateModule, name)
          .Note(ModuleRange(modules.modules[it->second].ast), OtherModuleFile, name)
          .Emit();
    }
  }
  for (const std::string& name : extra) {
    if (modules.by_name.contains(name) || !finder) continue;
    std::optional<FoundModule> found = finder(name);
    if (!found) continue;
    FileId file_id = sources.Add(found->path, found->text);
    ParsedModule parsed;
    parsed.path = found->path;
    parsed.is_stdlib = found->is_stdlib;
    parsed.ast = parse(file_id);
    modules.by_name.emplace(name, static_cast<int32_t>(modules.modules.size()));
    modules.modules.push_back(std::move(parsed));
  }
  // Breadth-first over imports; modules appended here are visited in turn.
  modules.imports.resize(modules.modules.size());
  for (size_t i = 0; i < modules.modules.size(); ++i) {
    std::vector<int32_t> resolved;
    std::vector<std::string> seen;
    // Copy the imports: parsing a new module may grow `modules.modules`.
    std::vector<ast::Import> imports = modules.modules[i].ast.imports;
    for (const ast::Import& import : imports) {
      std::string name = import.module.Joined();
      // `import` with no name is a syntax error, reported already.
      if (name.empty()) {
        resolved.push_back(-1);
        continue;
      }
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        emitter.Emit(import.module.range, DuplicateImport, name);
      }
      seen.push_back(name);
      auto known = modules.by_name.find(name);
      if (known != modules.by_name.end()) {
        resolved.push_back(known->second);
        continue;
      }
      std::optional<FoundModule> found = finder ? finder(name) : std::nullopt;
      if (!found) {
        std::vector<std::string> names = lister ? lister() : std::vector<std::string>{};
        for (const auto& [known_name, index] : modules.by_name) names.push_back(known_name);
        auto suggestion = Suggest(name, names);
        emitter.Emit(import.module.range, UnknownModule, name,
                     suggestion ? "; did you mean `" + *suggestion + "`?" : "");
        resolved.push_back(-1);
        continue;
      }
      FileId file_id = sources.Add(found->path, found->text);
      ParsedModule parsed;
      parsed.path = found->path;
      parsed.is_stdlib = found->is_stdlib;
      parsed.ast = parse(file_id);
      auto index = static_cast<int32_t>(modules.modules.size());
      std::string declared = parsed.ast.module_name ? parsed.ast.module_name->Joined() : "";
      if (declared != name) {
        emitter.Emit(import.module.range, ModuleNameMismatch, name, found->path,
                     declared.empty() ? "<none>" : declared);
      }
      modules.by_name.emplace(name, index);
      modules.modules.push_back(std::move(parsed));
      modules.imports.emplace_back();
      resolved.push_back(index);
    }
    modules.imports[i] = std::move(resolved);
  }
}

void CheckImportCycles(Context& context) {
  Program& program = context.program;
  // Colours for depth-first search: 0 unvisited, 1 on the stack, 2 done.
  std::vector<int> color(program.modules.size(), 0);
  std::vector<int32_t> stack;
  std::function<void(int32_t)> visit = [&](int32_t module) {
    color[module] = 1;
    stack.push_back(module);
    const Module& current = program.modules[module];
    for (size_t i = 0; i < current.imports.size(); ++i) {
      int32_t target = current.imports[i];
      if (target < 0) continue;
      if (color[target] == 1) {
        // The cycle is the stack from `target` to here, closed by this import.
        std::string path;
        auto begin = std::find(stack.begin(), stack.end(), target);
        for (auto it = begin + 1; it != stack.end(); ++it) {
          path += "`" + program.modules[*it].name + "` -> ";
        }
        // A module importing itself directly needs no path.
        if (!path.empty()) path = " through " + path + "`" + program.modules[target].name + "`";
        context.emitter.Emit(current.ast.imports[i].module.range, ImportCycle,
                             program.modules[target].name, path);
      } else if (color[target] == 0) {
        visit(target);
      }
    }
    stack.pop_back();
    color[module] = 2;
  };
  for (size_t i = 0; i < program.modules.size(); ++i) {
    if (color[i] == 0) visit(static_cast<int32_t>(i));
  }
}

}  // namespace cobro::sema
