#pragma once

// The compiler's diagnostics as `textDocument/publishDiagnostics`: notes and
// counterexample steps as related information, the law or the diagnostic's
// documentation as the code's description, the project's severities
// applied.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsp/documents.h"
#include "lsp/positions.h"
#include "lsp/protocol.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

struct FileDiagnostics {
  std::string uri;
  // The document's version, when it is open.
  std::optional<int64_t> version;
  std::vector<Diagnostic> diagnostics;
};

// The diagnostics of every file that has some, of every input (to clear
// what was fixed) and of every URI in `previously_published`, sorted by URI.
// `compliance` is null when the analysis did not run. Diagnostics of the
// stdlib are left out unless the file is open.
auto DiagnosticsByFile(const Snapshot& snapshot, const Compliance* compliance, const DocumentStore& documents,
                       PositionEncoding encoding, const std::set<std::string>& previously_published)
    -> std::vector<FileDiagnostics>;

// The link a diagnostic's code points at: the law a compliance finding
// breaks when its citation has an official address, else the diagnostic's
// entry in docs/diagnostics.md (docs/compliance.md for other compliance
// findings).
auto CodeDescriptionUrl(const diag::Diagnostic& diagnostic, const std::string& cite) -> std::string;

// One compiler diagnostic in the protocol's form. `lines` converts
// positions in the diagnostic's file; `lines_of` those of notes elsewhere.
auto ToProtocol(const diag::Diagnostic& diagnostic, const std::string& cite, const std::string& uri,
                const LineIndex& lines, const std::function<const LineIndex&(FileId)>& lines_of,
                const std::function<std::string(FileId)>& uri_of) -> Diagnostic;

}  // namespace cobro::lsp
