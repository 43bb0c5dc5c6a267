#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace cobro::diag {

auto KindName(Kind kind) -> std::string_view {
  static constexpr std::string_view kNames[] = {
#define COBRO_DIAGNOSTIC_KIND(Name) #Name,
#include "compiler/diag/kinds.def"
  };
  return kNames[static_cast<size_t>(kind)];
}

auto AllKinds() -> const std::vector<Kind>& {
  static const std::vector<Kind> kinds = {
#define COBRO_DIAGNOSTIC_KIND(Name) Kind::Name,
#include "compiler/diag/kinds.def"
  };
  return kinds;
}

auto SeverityName(Severity severity) -> std::string_view {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tuple(a.range.file.index, a.range.begin) <
                            std::tuple(b.range.file.index, b.range.begin);
                   });
}

}  // namespace cobro::diag
