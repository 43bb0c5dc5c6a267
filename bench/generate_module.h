#pragma once

#include <string>

namespace cobro::bench {

// A realistic module of about `lines` lines: a profile, then repeated
// scorecards, fns and six-state flows like the examples. Deterministic.
auto GenerateModule(int lines) -> std::string;

}  // namespace cobro::bench
