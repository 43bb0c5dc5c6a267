#include <fmt/format.h>

#include "compiler/driver/commands.h"

#ifndef COBRO_VERSION
#define COBRO_VERSION "0.0.0"
#endif

namespace cobro::driver {

auto CobroVersion() -> const char* { return COBRO_VERSION; }

auto ReadCommandArgs(ArgReader& reader, CommonOptions& common, std::vector<std::string>& paths,
                     const std::string& usage, std::ostream& out, bool& help,
                     const std::function<bool(bool& handled)>& own) -> bool {
  while (reader.Next()) {
    const std::string& arg = reader.arg();
    bool handled = false;
    if (!ReadCommonOption(reader, common, handled)) return false;
    if (handled) continue;
    if (arg == "-h" || arg == "--help") {
      out << usage;
      help = true;
      return false;
    }
    handled = true;
    if (!own(handled)) return false;
    if (handled) continue;
    if (arg.starts_with("-") && arg != "-") return reader.Fail(fmt::format("unknown option `{}`", arg));
    paths.push_back(arg);
  }
  return true;
}

auto ReadCommonOption(ArgReader& reader, CommonOptions& options, bool& handled) -> bool {
  handled = true;
  if (reader.Is("--stdlib")) {
    std::string stdlib;
    if (!reader.Value(stdlib)) return false;
    options.stdlib = stdlib;
  } else if (reader.arg() == "-I" || reader.Is("--root")) {
    std::string root;
    if (!reader.Value(root)) return false;
    options.roots.push_back(root);
  } else if (reader.Is("--policy")) {
    std::string policy;
    if (!reader.Value(policy)) return false;
    options.policies.push_back(policy);
  } else if (reader.Is("--jurisdiction")) {
    std::string code;
    if (!reader.Value(code)) return false;
    options.jurisdictions.push_back(code);
  } else if (reader.Is("--config")) {
    if (!reader.Value(options.config_path)) return false;
  } else if (reader.arg() == "--no-config") {
    options.no_config = true;
  } else {
    handled = false;
  }
  return true;
}

auto LoadConfigFor(const CommonOptions& options, FileSystem& files, const Environment& environment,
                   std::optional<ProjectConfig>& config, std::ostream& err) -> bool {
  config.reset();
  if (options.no_config) return true;
  std::string path = options.config_path;
  if (path.empty()) {
    std::optional<std::string> found = FindProjectConfig(files, environment.current_directory);
    if (!found) return true;
    path = *found;
  }
  ConfigError error;
  config = LoadProjectConfig(files, path, error);
  if (config) return true;
  // A mistake in the file is printed like a diagnostic, at its place.
  if (error.line > 0) {
    err << fmt::format("{}:{}:{}: error: {}\n", error.path, error.line, error.column, error.message);
  } else {
    err << fmt::format("cobro: cannot read the configuration `{}`: {}\n", error.path, error.message);
  }
  return false;
}

auto MergePipelineOptions(const CommonOptions& options, const std::optional<ProjectConfig>& config,
                          const Environment& environment) -> PipelineOptions {
  PipelineOptions pipeline;
  pipeline.stdlib_root = environment.default_stdlib;
  if (config && config->stdlib) pipeline.stdlib_root = *config->stdlib;
  if (options.stdlib) pipeline.stdlib_root = *options.stdlib;
  while (pipeline.stdlib_root.ends_with("/") && pipeline.stdlib_root.size() > 1) pipeline.stdlib_root.pop_back();
  // A list on the command line replaces the configuration's list.
  auto pick = [&](const std::vector<std::string>& given,
                  const std::optional<std::vector<std::string>> ProjectConfig::*field) {
    if (!given.empty() || !config || !((*config).*field)) return given;
    return *((*config).*field);
  };
  pipeline.roots = pick(options.roots, &ProjectConfig::roots);
  pipeline.roots.push_back(".");
  pipeline.analysis.policies = pick(options.policies, &ProjectConfig::policies);
  pipeline.analysis.jurisdictions = pick(options.jurisdictions, &ProjectConfig::jurisdictions);
  if (config && config->compliance) pipeline.analyze = *config->compliance;
  return pipeline;
}

}  // namespace cobro::driver
