#include "lsp/project.h"

#include <filesystem>

#include "compiler/driver/commands.h"
#include "lsp/overlay_file_system.h"

namespace cobro::lsp {

namespace {

auto Parent(const std::string& directory) -> std::string {
  return std::filesystem::path(directory).parent_path().string();
}

// The nearest `cobro.toml` in `directory` or above, as an absolute path.
auto FindConfig(driver::FileSystem& files, std::string directory) -> std::optional<std::string> {
  while (!directory.empty()) {
    std::string candidate = directory == "/" ? "/cobro.toml" : directory + "/" + driver::kProjectConfigName;
    std::string error;
    if (!files.IsDirectory(candidate) && files.ReadFile(candidate, error)) return candidate;
    std::string parent = Parent(directory);
    if (parent == directory) break;
    directory = parent;
  }
  return std::nullopt;
}

auto KindByName(std::string_view name) -> std::optional<diag::Kind> {
  for (diag::Kind kind : diag::AllKinds()) {
    if (diag::KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// `[severity]` as overrides; the configuration's reader has checked the
// kinds already.
auto Overrides(const driver::ProjectConfig& config) -> std::vector<driver::SeverityOverride> {
  std::vector<driver::SeverityOverride> overrides;
  for (const auto& [name, level] : config.severity) {
    std::optional<diag::Kind> kind = KindByName(name);
    if (!kind) continue;
    std::optional<diag::Severity> severity;
    if (level == "error") severity = diag::Severity::Error;
    if (level == "warning") severity = diag::Severity::Warning;
    if (level == "note") severity = diag::Severity::Note;
    if (!severity && level != "off") continue;
    overrides.push_back({*kind, severity});
  }
  return overrides;
}

}  // namespace

auto LoadProject(driver::FileSystem& files, const ProjectSettings& settings,
                 const std::vector<std::string>& open_paths) -> Project {
  Project project;
  std::string start;
  if (!settings.workspace_roots.empty()) {
    start = NormalPath(settings.workspace_roots.front());
  } else {
    for (const std::string& path : open_paths) {
      if (path.starts_with("/")) {
        start = Parent(NormalPath(path));
        break;
      }
    }
  }
  project.root = start;
  if (!start.empty()) {
    if (std::optional<std::string> path = FindConfig(files, start)) {
      driver::ConfigError error;
      project.config = driver::LoadProjectConfig(files, *path, error);
      if (project.config) {
        project.root = Parent(*path);
      } else {
        project.config_error = error;
      }
    }
  }
  driver::Environment environment;
  environment.default_stdlib = settings.default_stdlib;
  project.pipeline = driver::MergePipelineOptions(driver::CommonOptions{}, project.config, environment);
  // `cobro check` resolves imports under the current directory last; the
  // server's current directory is the editor's business, so use the root.
  for (std::string& root : project.pipeline.roots) {
    if (root == ".") root = project.root.empty() ? "." : project.root;
  }
  if (project.config) {
    if (project.config->paths) project.config_inputs = *project.config->paths;
    project.overrides = Overrides(*project.config);
  }
  return project;
}

}  // namespace cobro::lsp
