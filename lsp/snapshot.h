#pragma once

// One consistent view of the program: the open documents' texts at one
// moment, parsed and checked, with the index the editor features read.
// Immutable once published, except for the compliance analysis, which a
// second thread adds when it has run.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/analysis/analyze.h"
#include "compiler/driver/pipeline.h"
#include "lsp/documents.h"
#include "lsp/parse_cache.h"
#include "lsp/project.h"
#include "lsp/symbol_index.h"

namespace cobro::lsp {

// What the compliance analysis found for one snapshot.
struct Compliance {
  analysis::Report report;
  // The analysis' own diagnostics, sorted.
  std::vector<diag::Diagnostic> diagnostics;
};

class Snapshot {
 public:
  // Counts the changes this snapshot has seen (Scheduler's generation).
  uint64_t generation = 0;
  Project project;
  driver::CheckResult result;
  SymbolIndex index;
  // Version of each open document it was built from, by path.
  std::map<std::string, int64_t> versions;
  // The files checked as inputs: open documents and `[check] paths`.
  std::vector<std::string> inputs;

  // The file of `path`, if the snapshot holds it.
  auto FileOf(const std::string& path) const -> std::optional<FileId>;
  // The program module of `file`, or -1.
  auto ModuleOf(FileId file) const -> int32_t;
  auto Text(FileId file) const -> std::string_view { return result.sources.Get(file).text(); }
  auto Path(FileId file) const -> const std::string& { return result.sources.Get(file).path(); }
  // Whether `file` is under the stdlib root: read-only for rename.
  auto IsStdlib(FileId file) const -> bool;

  // Whether the compliance analysis should run: asked for, and the program
  // has no errors (proofs about a broken program prove nothing).
  auto NeedsCompliance() const -> bool;

  // The compliance analysis, once it has run; null before.
  auto compliance() const -> std::shared_ptr<const Compliance>;
  void SetCompliance(std::shared_ptr<const Compliance> compliance) const;

  // Fills the lookup tables; called once after `result` is set.
  void Finish();

 private:
  std::map<std::string, FileId> file_by_path_;
  std::vector<int32_t> module_by_file_;
  mutable std::mutex compliance_mutex_;
  mutable std::shared_ptr<const Compliance> compliance_;
};

// Parses and checks the open `documents` with their project; files that are
// not open are read from `disk`. Files whose text is unchanged since the
// last build through `parses` are not parsed again.
auto BuildSnapshot(const std::vector<Document>& documents, driver::FileSystem& disk,
                   const ProjectSettings& settings, uint64_t generation, ParseCache& parses)
    -> std::shared_ptr<Snapshot>;

// Runs the compliance analysis on a snapshot's program.
auto RunCompliance(const Snapshot& snapshot) -> std::shared_ptr<const Compliance>;

}  // namespace cobro::lsp
