#pragma once

#include <string>
#include <vector>

#include "compiler/analysis/analyze.h"
#include "compiler/base/source_buffer.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/driver/file_system.h"
#include "compiler/sema/check.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

// Where modules are looked up.
struct PipelineOptions {
  std::string stdlib_root;
  // Project roots searched for imports after the stdlib, in order.
  std::vector<std::string> roots;
  // Compliance analysis: extra policies and jurisdictions that bind every
  // flow; `analyze` off stops after the checker.
  bool analyze = true;
  analysis::AnalysisOptions analysis;
  // Load every compliance pack of the stdlib, imported or not: a run binds
  // packs by each debtor's jurisdiction.
  bool load_all_packs = false;

  // Options that find the stdlib at `stdlib_root` and imports under the
  // current directory.
  static auto WithStdlib(std::string stdlib_root) -> PipelineOptions {
    PipelineOptions options;
    options.stdlib_root = std::move(stdlib_root);
    options.roots = {"."};
    return options;
  }
};

// The result of reading, parsing and checking a set of inputs.
struct CheckResult {
  SourceManager sources;
  std::vector<diag::Diagnostic> diagnostics;
  sema::Program program;
  analysis::Report report;
  // Whether the compliance analysis ran (it does not on a program with errors).
  bool analyzed = false;
  // Inputs that could not be read: the command could not run.
  bool io_error = false;
};

// Expands directories to their `.cobro` files, sorted.
auto ExpandInputs(const std::vector<std::string>& paths, FileSystem& files,
                  std::vector<diag::Diagnostic>& diagnostics, bool& io_error)
    -> std::vector<std::string>;

// Reads, parses and checks `paths` with everything they import. `parser`
// parses each file (empty: parse::Parse).
auto LoadAndCheck(const std::vector<std::string>& paths, const PipelineOptions& options,
                  FileSystem& files, const sema::FileParser& parser = {}) -> CheckResult;

}  // namespace cobro::driver
