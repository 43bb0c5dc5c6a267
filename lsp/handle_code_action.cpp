// `textDocument/codeAction`: quick fixes for the diagnostics in a range:
// every fix-it the compiler attached (a close name, a time zone, ...), and
// an `import` for a name that a module the file does not import declares.

#include <fmt/format.h>

#include <algorithm>

#include "lsp/handlers.h"
#include "lsp/module_catalog.h"
#include "lsp/publish_diagnostics.h"
#include "lsp/uri.h"

namespace cobro::lsp {

namespace {

auto Overlaps(SourceRange range, uint32_t begin, uint32_t end) -> bool {
  if (begin == end) return range.begin <= begin && begin <= range.end;
  return range.begin < end && begin < range.end;
}

// Diagnostics a missing import may explain.
auto MayNeedImport(diag::Kind kind) -> bool {
  switch (kind) {
    case diag::Kind::UnknownName:
    case diag::Kind::UnknownType:
    case diag::Kind::UnknownEvent:
    case diag::Kind::UnknownFunction:
    case diag::Kind::UnknownPolicy:
    case diag::Kind::UnknownFlow: return true;
    default: return false;
  }
}

// Where a new `import` line goes: after the last import, else after the
// `module` line, else at the top.
auto ImportInsertion(const Snapshot& snapshot, FileId file) -> uint32_t {
  int32_t module = snapshot.ModuleOf(file);
  std::string_view text = snapshot.Text(file);
  uint32_t after = 0;
  if (module >= 0) {
    const ast::File& ast = snapshot.result.program.modules[module].ast;
    if (!ast.imports.empty()) {
      after = ast.imports.back().range.end;
    } else if (ast.module_name) {
      after = ast.module_name->range.end;
    } else {
      return 0;
    }
  }
  size_t newline = text.find('\n', after);
  return newline == std::string_view::npos ? static_cast<uint32_t>(text.size()) : static_cast<uint32_t>(newline + 1);
}

// Modules that declare `name` and that the file does not import yet.
auto ModulesDeclaring(RequestContext& context, FileId file, const std::string& name) -> std::vector<std::string> {
  const Snapshot& snapshot = context.Program();
  std::vector<std::string> imported;
  int32_t module = snapshot.ModuleOf(file);
  if (module >= 0) {
    const sema::Module& own = snapshot.result.program.modules[module];
    imported.push_back(own.name);
    for (const ast::Import& import : own.ast.imports) imported.push_back(import.module.Joined());
  }
  std::vector<std::string> found;
  for (const ImportableModule& candidate : ImportableModules(context.files, snapshot.project)) {
    if (std::find(imported.begin(), imported.end(), candidate.name) != imported.end()) continue;
    std::string error;
    std::optional<std::string> text = context.files.ReadFile(candidate.path, error);
    if (!text) continue;
    std::vector<std::string> names = DeclaredNames(candidate.path, *text);
    if (std::find(names.begin(), names.end(), name) != names.end()) found.push_back(candidate.name);
  }
  return found;
}

}  // namespace

auto HandleCodeAction(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  Json actions = Json::array();
  if (!file) return actions;
  const Snapshot& snapshot = context.Program();
  auto [begin, end] = context.Lines(*file).ToOffsets(RangeParam(context.params, "range"));
  std::vector<diag::Diagnostic> diagnostics = snapshot.result.diagnostics;
  if (std::shared_ptr<const Compliance> compliance = snapshot.compliance()) {
    diagnostics.insert(diagnostics.end(), compliance->diagnostics.begin(), compliance->diagnostics.end());
  }
  std::string uri = context.Uri(*file);
  auto lines_of = [&](FileId other) -> const LineIndex& { return context.Lines(other); };
  auto uri_of = [&](FileId other) { return context.Uri(other); };
  for (const diag::Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.range.file != *file || !Overlaps(diagnostic.range, begin, end)) continue;
    Json related = Json::array({ToProtocol(diagnostic, "", uri, context.Lines(*file), lines_of, uri_of)});
    for (const diag::FixIt& fix : diagnostic.fixes) {
      if (fix.range.file != *file) continue;
      std::string replaced(snapshot.Text(*file).substr(fix.range.begin, fix.range.end - fix.range.begin));
      Json edit = {{"changes", {{uri, Json::array({TextEdit{context.ToRange(fix.range), fix.replacement}})}}}};
      actions.push_back({{"title", fmt::format("Replace `{}` with `{}`", replaced, fix.replacement)},
                         {"kind", "quickfix"},
                         {"diagnostics", related},
                         {"isPreferred", diagnostic.fixes.size() == 1},
                         {"edit", edit}});
    }
    if (!MayNeedImport(diagnostic.kind)) continue;
    std::string name(snapshot.Text(*file).substr(diagnostic.range.begin, diagnostic.range.end - diagnostic.range.begin));
    uint32_t at = ImportInsertion(snapshot, *file);
    for (const std::string& module : ModulesDeclaring(context, *file, name)) {
      Range where = context.Lines(*file).ToRange(at, at);
      Json edit = {{"changes", {{uri, Json::array({TextEdit{where, "import " + module + "\n"}})}}}};
      actions.push_back({{"title", fmt::format("Import `{}` (declares `{}`)", module, name)},
                         {"kind", "quickfix"},
                         {"diagnostics", related},
                         {"edit", edit}});
    }
  }
  return actions;
}

}  // namespace cobro::lsp
