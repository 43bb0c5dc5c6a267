#pragma once

// The project a document belongs to, configured as `cobro check` is: the
// nearest `cobro.toml` (compiler/driver/project_config.h), its inputs,
// roots, policies and severities.

#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/file_system.h"
#include "compiler/driver/findings.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/project_config.h"

namespace cobro::lsp {

// What the client and the process say about where the project is.
struct ProjectSettings {
  // The workspace folders the client opened, as absolute directories.
  std::vector<std::string> workspace_roots;
  // The stdlib when `cobro.toml` names none (COBRO_STDLIB or the built-in).
  std::string default_stdlib;
};

struct Project {
  // The directory imports resolve under, as `.` does for `cobro check`: the
  // configuration's directory, else the first workspace folder, else the
  // first open document's directory.
  std::string root;
  // The configuration, when one was found and read.
  std::optional<driver::ProjectConfig> config;
  // The nearest `cobro.toml` when it could not be read or has a mistake.
  std::optional<driver::ConfigError> config_error;
  driver::PipelineOptions pipeline;
  // `[check] paths`, absolute: checked with the open documents, so
  // references and workspace symbols see the whole project.
  std::vector<std::string> config_inputs;
  // `[severity]`.
  std::vector<driver::SeverityOverride> overrides;
};

// Finds and reads the project for the open documents at `open_paths`.
auto LoadProject(driver::FileSystem& files, const ProjectSettings& settings,
                 const std::vector<std::string>& open_paths) -> Project;

}  // namespace cobro::lsp
