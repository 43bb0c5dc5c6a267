#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source_buffer.h"

namespace cobro::diag {

// Every kind of diagnostic; the name is the stable code shown as
// `error[UnknownState]`, put in LSP's `code` and used by tests.
enum class Kind : uint16_t {
#define COBRO_DIAGNOSTIC_KIND(Name) Name,
#include "compiler/diag/kinds.def"
};

// The stable code of a kind, e.g. "UnknownState".
auto KindName(Kind kind) -> std::string_view;

// Every kind in declaration order, for coverage tests and docs.
auto AllKinds() -> const std::vector<Kind>&;

enum class Severity : uint8_t { Error, Warning, Note };

// "error", "warning" or "note".
auto SeverityName(Severity severity) -> std::string_view;

// A secondary location with its own message.
struct Note {
  SourceRange range;
  std::string message;
};

// A suggested edit: replace `range` with `replacement`.
struct FixIt {
  SourceRange range;
  std::string replacement;
};

// One step of a counterexample: what happens where, and when.
struct TraceStep {
  SourceRange range;
  std::string message;
};

// One finding, as plain data; renderers turn it into text, JSON or LSP.
struct Diagnostic {
  Kind kind;
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<Note> notes;
  std::vector<FixIt> fixes;
  std::vector<TraceStep> trace;
};

// Sorts by file, position and kind, keeping the order of equal diagnostics.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace cobro::diag
