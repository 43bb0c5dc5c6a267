#include "lsp/module_catalog.h"

#include <algorithm>
#include <set>

#include "compiler/diag/emitter.h"
#include "compiler/parse/parse.h"
#include "lsp/overlay_file_system.h"
#include "lsp/syntax_queries.h"

namespace cobro::lsp {

namespace {

// A project root may be large; a catalog is a convenience, not worth a stall.
constexpr size_t kMaxFilesPerRoot = 2000;

auto IsModuleName(const std::string& name) -> bool {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '.' || c == '_' || std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

}  // namespace

auto ImportableModules(driver::FileSystem& files, const Project& project) -> std::vector<ImportableModule> {
  std::vector<std::string> roots;
  if (!project.pipeline.stdlib_root.empty()) roots.push_back(project.pipeline.stdlib_root);
  for (const std::string& root : project.pipeline.roots) {
    // The root stands for `.` of `cobro check`: listed only when a
    // configuration says this directory is a project.
    if (root == project.root && !project.config) continue;
    if (root != ".") roots.push_back(root);
  }
  std::vector<ImportableModule> modules;
  std::set<std::string> seen;
  for (const std::string& root : roots) {
    std::string prefix = NormalPath(root) + "/";
    std::vector<std::string> paths = files.ListCobroFiles(root);
    if (paths.size() > kMaxFilesPerRoot) paths.resize(kMaxFilesPerRoot);
    for (const std::string& path : paths) {
      std::string normal = NormalPath(path);
      if (!normal.starts_with(prefix) || !normal.ends_with(".cobro")) continue;
      std::string name = normal.substr(prefix.size(), normal.size() - prefix.size() - 6);
      std::replace(name.begin(), name.end(), '/', '.');
      if (!IsModuleName(name) || !seen.insert(name).second) continue;
      modules.push_back({name, path});
    }
  }
  std::sort(modules.begin(), modules.end(),
            [](const ImportableModule& a, const ImportableModule& b) { return a.name < b.name; });
  return modules;
}

auto DeclaredNames(const std::string& path, const std::string& text) -> std::vector<std::string> {
  SourceManager sources;
  FileId file_id = sources.Add(path, text);
  std::vector<diag::Diagnostic> ignored;
  diag::Emitter emitter(ignored);
  ast::File file = parse::Parse(sources.Get(file_id), file_id, emitter);
  std::vector<std::string> names;
  for (const ast::DeclRef& decl : file.decls) {
    if (decl.kind == ast::DeclKind::Test) continue;
    std::string name = DeclName(file, decl).first;
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace cobro::lsp
