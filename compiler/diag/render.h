#pragma once

#include <string>
#include <vector>

#include "compiler/base/source_buffer.h"
#include "compiler/diag/diagnostic.h"

namespace cobro::diag {

// How console output looks.
struct ConsoleOptions {
  // ANSI colours; the CLI turns them on only when stderr is a terminal.
  bool color = false;
};

// Renders diagnostics like clang: `file:line:col: error[Code]: message`, the
// source line, a caret underline, fix-its and notes. Columns count code points.
auto RenderConsole(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                   const ConsoleOptions& options) -> std::string;

// Renders diagnostics as one JSON document for tools (`--format json`).
auto RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources)
    -> std::string;

// The 1-based line and code-point column of a byte offset.
auto DisplayPosition(const SourceBuffer& buffer, uint32_t offset) -> LineColumn;

}  // namespace cobro::diag
