#include "lsp/snapshot.h"

#include <algorithm>
#include <set>

#include "lsp/fault_injection.h"
#include "lsp/overlay_file_system.h"

namespace cobro::lsp {

auto Snapshot::FileOf(const std::string& path) const -> std::optional<FileId> {
  auto it = file_by_path_.find(NormalPath(path));
  if (it == file_by_path_.end()) return std::nullopt;
  return it->second;
}

auto Snapshot::ModuleOf(FileId file) const -> int32_t {
  if (!file.has_value() || static_cast<size_t>(file.index) >= module_by_file_.size()) return -1;
  return module_by_file_[file.index];
}

auto Snapshot::IsStdlib(FileId file) const -> bool {
  int32_t module = ModuleOf(file);
  return module >= 0 && result.program.modules[module].is_stdlib;
}

auto Snapshot::NeedsCompliance() const -> bool {
  if (!project.pipeline.analyze) return false;
  return std::none_of(result.diagnostics.begin(), result.diagnostics.end(), [](const diag::Diagnostic& diagnostic) {
    return diagnostic.severity == diag::Severity::Error;
  });
}

auto Snapshot::compliance() const -> std::shared_ptr<const Compliance> {
  std::lock_guard lock(compliance_mutex_);
  return compliance_;
}

void Snapshot::SetCompliance(std::shared_ptr<const Compliance> compliance) const {
  std::lock_guard lock(compliance_mutex_);
  compliance_ = std::move(compliance);
}

void Snapshot::Finish() {
  for (size_t f = 0; f < result.sources.size(); ++f) {
    FileId file{static_cast<int32_t>(f)};
    file_by_path_.emplace(NormalPath(result.sources.Get(file).path()), file);
  }
  module_by_file_.assign(result.sources.size(), -1);
  for (size_t m = 0; m < result.program.modules.size(); ++m) {
    FileId file = result.program.modules[m].ast.file_id;
    if (file.has_value() && static_cast<size_t>(file.index) < module_by_file_.size()) {
      module_by_file_[file.index] = static_cast<int32_t>(m);
    }
  }
  index = SymbolIndex::Build(result.program);
}

auto BuildSnapshot(const std::vector<Document>& documents, driver::FileSystem& disk,
                   const ProjectSettings& settings, uint64_t generation, ParseCache& parses)
    -> std::shared_ptr<Snapshot> {
  InjectFaultAt("check");
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->generation = generation;
  std::map<std::string, std::string> overlays;
  std::vector<std::string> open_paths;
  for (const Document& document : documents) {
    overlays[document.path] = document.text;
    open_paths.push_back(document.path);
    snapshot->versions[NormalPath(document.path)] = document.version;
  }
  OverlayFileSystem files(disk, std::move(overlays));
  snapshot->project = LoadProject(files, settings, open_paths);
  driver::PipelineOptions options = snapshot->project.pipeline;
  // The analysis runs on its own thread, so requests need not wait for it.
  options.analyze = false;
  // Open documents, then the project's inputs; each file once.
  std::vector<diag::Diagnostic> expansion_errors;
  bool io_error = false;
  std::vector<std::string> inputs = open_paths;
  for (const std::string& path :
       driver::ExpandInputs(snapshot->project.config_inputs, files, expansion_errors, io_error)) {
    inputs.push_back(path);
  }
  std::set<std::string> seen;
  for (const std::string& path : inputs) {
    if (seen.insert(NormalPath(path)).second) snapshot->inputs.push_back(path);
  }
  auto parse = [&](const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter) {
    return parses.Parse(buffer, file_id, emitter);
  };
  parses.StartBuild();
  snapshot->result = driver::LoadAndCheck(snapshot->inputs, options, files, parse);
  snapshot->result.diagnostics.insert(snapshot->result.diagnostics.end(), expansion_errors.begin(),
                                      expansion_errors.end());
  snapshot->Finish();
  parses.FinishBuild(snapshot);
  return snapshot;
}

auto RunCompliance(const Snapshot& snapshot) -> std::shared_ptr<const Compliance> {
  InjectFaultAt("compliance");
  auto compliance = std::make_shared<Compliance>();
  diag::Emitter emitter(compliance->diagnostics);
  compliance->report = analysis::Analyze(snapshot.result.program, snapshot.project.pipeline.analysis, emitter);
  diag::SortDiagnostics(compliance->diagnostics);
  return compliance;
}

}  // namespace cobro::lsp
