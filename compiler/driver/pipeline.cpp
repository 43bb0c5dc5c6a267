#include "compiler/driver/pipeline.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/diag/emitter.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"

namespace cobro::driver {

namespace {

COBRO_DIAGNOSTIC(FileNotReadable, Error, "cannot read `{0}`: {1}", std::string, std::string);

auto JoinPath(const std::string& root, const std::string& relative) -> std::string {
  if (root.empty() || root == ".") return relative;
  return root.ends_with("/") ? root + relative : root + "/" + relative;
}

auto IsSyntaxKind(diag::Kind kind) -> bool {
  switch (kind) {
    case diag::Kind::InvalidUtf8:
    case diag::Kind::UnexpectedCharacter:
    case diag::Kind::UnterminatedString:
    case diag::Kind::UnterminatedComment:
    case diag::Kind::SyntaxError:
    case diag::Kind::NestingTooDeep: return true;
    default: return false;
  }
}

// A syntax error leaves the parser guessing about the rest of its
// declaration, so checker findings there are mostly echoes of it. Drop them:
// each mistake is reported once, and the declarations that parsed cleanly are
// still checked in full.
void DropCascades(std::vector<diag::Diagnostic>& diagnostics, const sema::Program& program) {
  std::map<int32_t, std::vector<uint32_t>> syntax_errors;
  for (const diag::Diagnostic& diagnostic : diagnostics) {
    if (IsSyntaxKind(diagnostic.kind) && diagnostic.range.has_value()) {
      syntax_errors[diagnostic.range.file.index].push_back(diagnostic.range.begin);
    }
  }
  if (syntax_errors.empty()) return;
  // Per file, the [begin, end) regions of declarations that hold a syntax error.
  std::map<int32_t, std::vector<std::pair<uint32_t, uint32_t>>> poisoned;
  for (const sema::Module& module : program.modules) {
    auto errors = syntax_errors.find(module.ast.file_id.index);
    if (errors == syntax_errors.end()) continue;
    std::vector<uint32_t> starts;
    for (const ast::DeclRef& decl : module.ast.decls) starts.push_back(ast::DeclRange(module.ast, decl).begin);
    std::sort(starts.begin(), starts.end());
    std::set<size_t> hit;
    for (uint32_t offset : errors->second) {
      auto after = std::upper_bound(starts.begin(), starts.end(), offset);
      if (after == starts.begin()) continue;  // Before the first declaration.
      auto index = static_cast<size_t>(after - starts.begin()) - 1;
      // An error at a declaration's first token is where recovery stopped
      // reading the one before (`x +` then `fn`): that one is broken.
      if (starts[index] == offset && index > 0) --index;
      hit.insert(index);
    }
    for (size_t index : hit) {
      uint32_t end = index + 1 < starts.size() ? starts[index + 1] : UINT32_MAX;
      poisoned[module.ast.file_id.index].emplace_back(starts[index], end);
    }
  }
  std::erase_if(diagnostics, [&](const diag::Diagnostic& diagnostic) {
    if (IsSyntaxKind(diagnostic.kind) || !diagnostic.range.has_value()) return false;
    auto regions = poisoned.find(diagnostic.range.file.index);
    if (regions == poisoned.end()) return false;
    return std::any_of(regions->second.begin(), regions->second.end(), [&](const auto& region) {
      return diagnostic.range.begin >= region.first && diagnostic.range.begin < region.second;
    });
  });
}

}  // namespace

auto ExpandInputs(const std::vector<std::string>& paths, FileSystem& files,
                  std::vector<diag::Diagnostic>& diagnostics, bool& io_error)
    -> std::vector<std::string> {
  diag::Emitter emitter(diagnostics);
  std::vector<std::string> expanded;
  for (const std::string& path : paths) {
    if (files.IsDirectory(path)) {
      std::vector<std::string> found = files.ListCobroFiles(path);
      if (found.empty()) {
        emitter.Emit(SourceRange{}, FileNotReadable, path, "the directory holds no `.cobro` files");
        io_error = true;
      }
      expanded.insert(expanded.end(), found.begin(), found.end());
    } else {
      expanded.push_back(path);
    }
  }
  return expanded;
}

auto LoadAndCheck(const std::vector<std::string>& paths, const PipelineOptions& options,
                  FileSystem& files, const sema::FileParser& parser) -> CheckResult {
  CheckResult result;
  diag::Emitter emitter(result.diagnostics);
  sema::ModuleSet modules;
  std::vector<std::string> pack_names;
  std::string stdlib_prefix =
      options.stdlib_root.empty() ? "" : files.Canonical(options.stdlib_root) + "/";
  for (const std::string& path : ExpandInputs(paths, files, result.diagnostics, result.io_error)) {
    std::string error;
    std::optional<std::string> text = files.ReadFile(path, error);
    if (!text) {
      emitter.Emit(SourceRange{}, FileNotReadable, path, error);
      result.io_error = true;
      continue;
    }
    FileId file_id = result.sources.Add(path, std::move(*text));
    sema::ParsedModule parsed;
    parsed.path = path;
    parsed.is_stdlib = !stdlib_prefix.empty() && files.Canonical(path).starts_with(stdlib_prefix);
    const SourceBuffer& buffer = result.sources.Get(file_id);
    parsed.ast = parser ? parser(buffer, file_id, emitter) : parse::Parse(buffer, file_id, emitter);
    modules.modules.push_back(std::move(parsed));
  }
  // Imports resolve under the stdlib first, then each project root. A module
  // name is dotted identifiers, so the path stays inside its root.
  auto finder = [&](const std::string& name) -> std::optional<sema::FoundModule> {
    std::string relative = name;
    std::replace(relative.begin(), relative.end(), '.', '/');
    relative += ".cobro";
    std::vector<std::pair<std::string, bool>> roots;
    if (!options.stdlib_root.empty()) roots.emplace_back(options.stdlib_root, true);
    for (const std::string& root : options.roots) roots.emplace_back(root, false);
    for (const auto& [root, is_stdlib] : roots) {
      std::string path = JoinPath(root, relative);
      std::string error;
      if (auto text = files.ReadFile(path, error)) {
        return sema::FoundModule{path, std::move(*text), is_stdlib};
      }
    }
    return std::nullopt;
  };
  // Module names under every root, for did-you-mean on an unknown import.
  auto lister = [&]() -> std::vector<std::string> {
    std::vector<std::string> names;
    std::vector<std::string> roots = options.roots;
    if (!options.stdlib_root.empty()) roots.insert(roots.begin(), options.stdlib_root);
    for (const std::string& root : roots) {
      // The current directory may be anything, even a home folder: it is
      // searched for imports but not listed.
      if (root == ".") continue;
      std::string prefix = root.empty() || root == "." ? "" : (root.ends_with("/") ? root : root + "/");
      for (const std::string& path : files.ListCobroFiles(root.empty() ? "." : root)) {
        std::string relative = path.starts_with(prefix) ? path.substr(prefix.size()) : path;
        if (relative.starts_with("./")) relative = relative.substr(2);
        if (!relative.ends_with(".cobro")) continue;
        relative.resize(relative.size() - 6);
        std::replace(relative.begin(), relative.end(), '/', '.');
        names.push_back(relative);
      }
    }
    return names;
  };
  // Packs named by `--policy` or `--jurisdiction` may not be imported by any
  // input: load every stdlib compliance module so they can be found.
  bool needs_packs = options.load_all_packs || !options.analysis.policies.empty() ||
                    !options.analysis.jurisdictions.empty();
  if (needs_packs && !options.stdlib_root.empty()) {
    for (const std::string& path : files.ListCobroFiles(options.stdlib_root + "/compliance")) {
      std::string name = path.substr(options.stdlib_root.size() + 1);
      name.resize(name.size() - 6);
      std::replace(name.begin(), name.end(), '/', '.');
      pack_names.push_back(name);
    }
  }
  sema::LoadImports(modules, finder, result.sources, emitter, lister, pack_names, parser);
  result.program = sema::Check(std::move(modules), emitter);
  DropCascades(result.diagnostics, result.program);
  // Proofs over a program with errors would be proofs about something else.
  if (options.analyze && emitter.error_count() == 0) {
    result.report = analysis::Analyze(result.program, options.analysis, emitter);
    result.analyzed = true;
  }
  diag::SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace cobro::driver
