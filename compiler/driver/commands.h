#pragma once

// The commands of the `cobro` CLI, each in its own file, and the options
// they share. driver.cpp dispatches to them.

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/driver/command_line.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/project_config.h"

namespace cobro::driver {

// `cobro check`.
auto RunCheck(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
              std::ostream& out, std::ostream& err) -> int;

// `cobro graph`.
auto RunGraph(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
              std::ostream& out, std::ostream& err) -> int;

// `cobro lsp`: the language server on stdin and `out` (lsp_command.cpp).
auto RunLsp(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
            std::ostream& out, std::ostream& err) -> int;

// `cobro explain`.
auto RunExplain(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                std::ostream& out, std::ostream& err) -> int;

// `cobro test`: the `test` blocks, in the interpreter and the JIT (test_command.cpp).
auto RunTest(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
             std::ostream& out, std::ostream& err) -> int;

// `cobro fmt`.
auto RunFmt(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
            std::ostream& out, std::ostream& err) -> int;

// `cobro run` and `cobro simulate` (run_command.cpp).
auto RunRun(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
            std::ostream& out, std::ostream& err) -> int;
auto RunSimulate(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                 std::ostream& out, std::ostream& err) -> int;

// `cobro compile --emit ir|llvm|asm|obj` (compile_command.cpp).
auto RunCompile(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                std::ostream& out, std::ostream& err) -> int;

// Options every command that loads a program takes: where modules come
// from, which policies bind, and the project configuration.
struct CommonOptions {
  std::string config_path;  // `--config FILE`; empty: search.
  bool no_config = false;   // `--no-config`.
  std::optional<std::string> stdlib;
  std::vector<std::string> roots;
  std::vector<std::string> policies;
  std::vector<std::string> jurisdictions;
};

// Help text for the common options, for each command's usage.
inline constexpr const char* kCommonOptionsHelp =
    R"(  --stdlib DIR         the standard library (default: $COBRO_STDLIB or the
                       one this build ships)
  -I DIR, --root DIR   also look up imports under DIR (repeatable; the current
                       directory is always searched last)
  --policy NAME        also check every flow against policy NAME (`RegF`, or
                       qualified: `compliance.us.regf.RegF`); repeatable
  --jurisdiction CODE  also check every flow against the packs of a
                       jurisdiction (`US`, `US-MA`, `CO`, `MX`, `PE`, `CL`, `GB`)
  --config FILE        read the project configuration from FILE (default: the
                       nearest `cobro.toml` from the current directory up)
  --no-config          read no project configuration
)";

// If the current argument is a common option, reads it and sets `handled`.
// Returns false after printing a usage error.
auto ReadCommonOption(ArgReader& reader, CommonOptions& options, bool& handled) -> bool;

// The loop every command's arguments go through: the common options,
// `-h`/`--help` (prints `usage`, sets `help`, returns false), then the
// command's own options through `own` (as ReadCommonOption: sets `handled`
// when the argument is one of them, returns false after a usage error),
// then an unknown option is a usage error and anything else (`-` included)
// a path. Returns false after a usage error.
auto ReadCommandArgs(ArgReader& reader, CommonOptions& common, std::vector<std::string>& paths,
                     const std::string& usage, std::ostream& out, bool& help,
                     const std::function<bool(bool& handled)>& own) -> bool;

// Finds and loads the project configuration the options ask for. Returns
// false after printing the error (the command could not run); `config` stays
// empty when there is none.
auto LoadConfigFor(const CommonOptions& options, FileSystem& files, const Environment& environment,
                   std::optional<ProjectConfig>& config, std::ostream& err) -> bool;

// Pipeline options from the command line over the configuration over the
// environment's defaults.
auto MergePipelineOptions(const CommonOptions& options, const std::optional<ProjectConfig>& config,
                          const Environment& environment) -> PipelineOptions;

// The Cobro version, `0.1.0`.
auto CobroVersion() -> const char*;

}  // namespace cobro::driver
