#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "compiler/driver/file_system.h"

namespace cobro::driver {

// Exit codes shared by every command.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitCouldNotRun = 2;

// What the environment tells the driver, so Run itself stays pure.
struct Environment {
  // The standard library root when neither `--stdlib` nor COBRO_STDLIB say.
  std::string default_stdlib;
  // Whether stderr is a terminal that shows colour.
  bool color_terminal = false;
};

// Runs the `cobro` command line: `args` excludes the program name. Reads
// files only through `files`; writes results to `out` and diagnostics to
// `err`. Returns the exit code.
auto Run(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
         std::ostream& out, std::ostream& err) -> int;

}  // namespace cobro::driver
