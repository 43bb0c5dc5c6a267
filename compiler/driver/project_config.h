#pragma once

// `cobro.toml`, the project configuration: plain data, loaded through the
// driver's FileSystem so the CLI and the language server read it alike.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/file_system.h"

namespace cobro::driver {

// The name searched for from the current directory upwards.
inline constexpr const char* kProjectConfigName = "cobro.toml";

// What a `cobro.toml` says. Unset keys are nullopt, so command-line flags and
// defaults can tell "not said" from "said empty". Relative paths are already
// resolved against the file's directory.
struct ProjectConfig {
  // The file it was read from.
  std::string path;
  // [check] paths: inputs checked when the command line names none.
  std::optional<std::vector<std::string>> paths;
  // [check] policies, jurisdictions: like `--policy` and `--jurisdiction`.
  std::optional<std::vector<std::string>> policies;
  std::optional<std::vector<std::string>> jurisdictions;
  // [check] stdlib, roots: like `--stdlib` and `--root`.
  std::optional<std::string> stdlib;
  std::optional<std::vector<std::string>> roots;
  // [check] fail-level: "error", "warning" or "never".
  std::optional<std::string> fail_level;
  // [check] compliance: false is `--no-compliance`.
  std::optional<bool> compliance;
  // [severity]: diagnostic kind -> "error", "warning", "note" or "off",
  // sorted by kind; every kind is a known one.
  std::vector<std::pair<std::string, std::string>> severity;
  // [simulate] prices: channel -> the cost of one contact, as written.
  std::vector<std::pair<std::string, std::string>> prices;
};

// Why a configuration could not be loaded: a place in it (line 0 when the
// file could not be read at all) and what is wrong.
struct ConfigError {
  std::string path;
  int32_t line = 0;
  int32_t column = 0;
  std::string message;
};

// The nearest `cobro.toml`: in the current directory, then in each parent up
// to the root of `current_directory` (an absolute path; empty looks in the
// current directory only). Returns its path spelled relative to the current
// directory (`cobro.toml`, `../cobro.toml`), or nullopt.
auto FindProjectConfig(FileSystem& files, const std::string& current_directory)
    -> std::optional<std::string>;

// Reads and parses the file at `path`; on failure returns nullopt and says
// why in `error`.
auto LoadProjectConfig(FileSystem& files, const std::string& path, ConfigError& error)
    -> std::optional<ProjectConfig>;

// Parses configuration `text` read from `path`; errors as LoadProjectConfig.
auto ParseProjectConfig(const std::string& text, const std::string& path, ConfigError& error)
    -> std::optional<ProjectConfig>;

}  // namespace cobro::driver
