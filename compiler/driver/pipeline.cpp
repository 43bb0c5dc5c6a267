#include "compiler/driver/pipeline.h"

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
                  FileSystem& files) -> CheckResult {
  CheckResult result;
  diag::Emitter emitter(result.diagnostics);
  sema::ModuleSet modules;
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
    parsed.is_stdlib = !options.stdlib_root.empty() && path.starts_with(options.stdlib_root + "/");
    parsed.ast = parse::Parse(result.sources.Get(file_id), file_id, emitter);
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
  sema::LoadImports(modules, finder, result.sources, emitter);
  result.program = sema::Check(std::move(modules), emitter);
  diag::SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace cobro::driver
