#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/driver/file_system.h"

namespace cobro::driver {

// Exit codes shared by every command.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitCouldNotRun = 2;

// What an external program did: its exit code and output, or that it could
// not be started at all (not installed).
struct ProgramResult {
  bool started = false;
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up on the PATH) with `input` on its stdin.
using RunProgram =
    std::function<ProgramResult(const std::vector<std::string>& argv, const std::string& input)>;

// What the environment tells the driver, so Run itself stays pure: it reads
// no environment variables and starts no processes of its own.
struct Environment {
  // The standard library root when neither `--stdlib` nor COBRO_STDLIB say.
  std::string default_stdlib;
  // Whether stderr is a terminal that shows colour.
  bool color_terminal = false;
  // $GITHUB_STEP_SUMMARY: where `--format github` appends its Markdown job
  // summary; empty prints it on stdout after a marker line.
  std::string github_step_summary = {};
  // The absolute current directory: `cobro.toml` is searched from here
  // upwards, and SARIF paths are made relative to it. Empty: only `./cobro.toml`.
  std::string current_directory = {};
  // Starts external programs (Graphviz's `dot` for `cobro graph --format
  // svg`); empty: no program can be started.
  RunProgram run_program = {};
  // Where the JIT caches compiled flows ($XDG_CACHE_HOME/cobro or
  // ~/.cache/cobro); empty: no cache.
  std::string cache_directory = {};
  // Standard input as a stream, for `cobro run --events -`; null: none.
  std::istream* standard_input = nullptr;
  // Whether stderr is a terminal, where long runs show their progress.
  bool progress_terminal = false;
  // Reads all of standard input, for `cobro fmt -`; empty: there is none.
  std::function<std::optional<std::string>()> read_stdin = {};
};

// Runs the `cobro` command line: `args` excludes the program name. Reads
// files only through `files`; writes results to `out` and diagnostics to
// `err`. Returns the exit code.
auto Run(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
         std::ostream& out, std::ostream& err) -> int;

}  // namespace cobro::driver
