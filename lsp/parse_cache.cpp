#include "lsp/parse_cache.h"

#include "compiler/parse/parse.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

void ParseCache::StartBuild() {
  building_.clear();
  parsed_ = 0;
  reused_ = 0;
}

auto ParseCache::Parse(const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter) -> ast::File {
  Key key{buffer.path(), file_id.index};
  std::vector<diag::Diagnostic>& diagnostics = building_[key];
  ast::File ast;
  auto kept = kept_.find(key);
  if (kept != kept_.end() && kept->second.text == buffer.text()) {
    ast = *kept->second.ast;
    diagnostics = kept->second.diagnostics;
    ++reused_;
  } else {
    diagnostics.clear();
    diag::Emitter own(diagnostics);
    ast = parse::Parse(buffer, file_id, own);
    ++parsed_;
  }
  for (const diag::Diagnostic& diagnostic : diagnostics) emitter.Add(diagnostic);
  return ast;
}

void ParseCache::FinishBuild(std::shared_ptr<const Snapshot> snapshot) {
  kept_.clear();
  for (const sema::Module& module : snapshot->result.program.modules) {
    Key key{module.path, module.ast.file_id.index};
    auto parsed = building_.find(key);
    // A module this cache did not parse (none today) has no diagnostics to
    // replay, so it is not kept.
    if (parsed == building_.end() || !module.ast.file_id.has_value()) continue;
    kept_[key] = Kept{&module.ast, snapshot->Text(module.ast.file_id), std::move(parsed->second)};
  }
  building_.clear();
  snapshot_ = std::move(snapshot);
}

}  // namespace cobro::lsp
