#pragma once

// The ASTs of the last snapshot's files, so that the next snapshot parses
// again only the files whose text changed. STYLE.md keeps the AST a value,
// with semantic facts in side tables, precisely so that the AST of an
// unchanged file can be reused as it is.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/base/source_buffer.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/diag/emitter.h"

namespace cobro::lsp {

class Snapshot;

// Not thread-safe: the scheduler's build thread owns it.
class ParseCache {
 public:
  // Starts a build, forgetting what one that did not finish (a contained
  // bug) parsed.
  void StartBuild();

  // The AST of `buffer` as `file_id`: a copy of the last snapshot's when
  // the path, the text and the FileId are the same (ranges carry the
  // FileId, so an AST cannot move to another), else parse::Parse's.
  // Reports the file's syntax diagnostics to `emitter` either way.
  auto Parse(const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter) -> ast::File;

  // Ends the build that made `snapshot`: its modules' ASTs are what Parse
  // returned (sema never writes into an AST), so they are kept, and the
  // snapshot with them, instead of a copy of each.
  void FinishBuild(std::shared_ptr<const Snapshot> snapshot);

  // Files parsed and reused by the last build, for the timing log.
  auto parsed() const -> int { return parsed_; }
  auto reused() const -> int { return reused_; }

 private:
  using Key = std::pair<std::string, int32_t>;
  struct Kept {
    // Inside `snapshot_`.
    const ast::File* ast = nullptr;
    std::string_view text;
    std::vector<diag::Diagnostic> diagnostics;
  };

  std::shared_ptr<const Snapshot> snapshot_;
  // The last finished build's files, by path and FileId.
  std::map<Key, Kept> kept_;
  // The syntax diagnostics of the current build's files.
  std::map<Key, std::vector<diag::Diagnostic>> building_;
  int parsed_ = 0;
  int reused_ = 0;
};

}  // namespace cobro::lsp
