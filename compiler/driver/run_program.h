#pragma once

// Starting external programs for the `cobro` executable. Not part of the
// driver library: tests inject their own RunProgram, or none.

#include <string>
#include <vector>

#include "compiler/driver/driver.h"

namespace cobro::driver {

// Runs `argv` (argv[0] looked up on the PATH) with `input` on its stdin and
// collects its stdout and stderr. `started` is false when the program could
// not be run at all.
auto RunProcess(const std::vector<std::string>& argv, const std::string& input) -> ProgramResult;

}  // namespace cobro::driver
