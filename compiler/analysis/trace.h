#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source_buffer.h"

namespace cobro::analysis {

// One step of a counterexample: what happens, when, and where in the source.
// Steps before the window or the trigger have no time.
struct TraceStep {
  std::optional<int64_t> time_ms;
  std::string text;
  SourceRange range;
};

// Formats a time offset for a trace: `+0s`, `+3d`, `+1d2h`.
auto FormatOffset(int64_t milliseconds) -> std::string;

}  // namespace cobro::analysis
