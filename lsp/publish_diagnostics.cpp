#include "lsp/publish_diagnostics.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "compiler/driver/findings.h"
#include "lsp/citation_links.h"
#include "lsp/overlay_file_system.h"

namespace cobro::lsp {

namespace {

auto Lowercase(std::string_view text) -> std::string {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

auto SeverityOf(diag::Severity severity) -> DiagnosticSeverity {
  switch (severity) {
    case diag::Severity::Error: return DiagnosticSeverity::Error;
    case diag::Severity::Warning: return DiagnosticSeverity::Warning;
    case diag::Severity::Note: return DiagnosticSeverity::Information;
  }
  return DiagnosticSeverity::Error;
}

// The project's `[severity]`: a new severity, or nullopt to drop it.
auto Override(const std::vector<driver::SeverityOverride>& overrides, const diag::Diagnostic& diagnostic)
    -> std::optional<std::optional<diag::Severity>> {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    if (it->kind == diagnostic.kind) return it->severity;
  }
  return std::nullopt;
}

}  // namespace

auto CodeDescriptionUrl(const diag::Diagnostic& diagnostic, const std::string& cite) -> std::string {
  if (!cite.empty()) {
    if (std::optional<std::string> law = CitationUrl(cite)) return *law;
    return fmt::format("{}/blob/main/docs/compliance.md", driver::kRepositoryUrl);
  }
  return fmt::format("{}/blob/main/docs/diagnostics.md#{}", driver::kRepositoryUrl,
                     Lowercase(diag::KindName(diagnostic.kind)));
}

auto ToProtocol(const diag::Diagnostic& diagnostic, const std::string& cite, const std::string& uri,
                const LineIndex& lines, const std::function<const LineIndex&(FileId)>& lines_of,
                const std::function<std::string(FileId)>& uri_of) -> Diagnostic {
  Diagnostic result;
  result.range = lines.ToRange(diagnostic.range.begin, diagnostic.range.end);
  result.severity = SeverityOf(diagnostic.severity);
  result.code = std::string(diag::KindName(diagnostic.kind));
  result.codeDescriptionHref = CodeDescriptionUrl(diagnostic, cite);
  result.message = diagnostic.message;
  auto location = [&](SourceRange range) {
    if (!range.has_value()) return Location{uri, result.range};
    return Location{uri_of(range.file), lines_of(range.file).ToRange(range.begin, range.end)};
  };
  for (const diag::Note& note : diagnostic.notes) {
    if (!note.range.has_value()) {
      result.message += "\n" + note.message;
      continue;
    }
    result.relatedInformation.push_back({location(note.range), note.message});
  }
  // The counterexample, step by step: an editor lists related information
  // in order and jumps to each step's place.
  for (size_t i = 0; i < diagnostic.trace.size(); ++i) {
    const diag::TraceStep& step = diagnostic.trace[i];
    result.relatedInformation.push_back(
        {location(step.range), fmt::format("counterexample {}/{}: {}", i + 1, diagnostic.trace.size(), step.message)});
  }
  return result;
}

auto DiagnosticsByFile(const Snapshot& snapshot, const Compliance* compliance, const DocumentStore& documents,
                       PositionEncoding encoding, const std::set<std::string>& previously_published)
    -> std::vector<FileDiagnostics> {
  std::vector<diag::Diagnostic> all = snapshot.result.diagnostics;
  std::vector<std::string> cites(all.size());
  if (compliance != nullptr) {
    std::vector<int32_t> verdicts = driver::MatchVerdicts(compliance->diagnostics, compliance->report);
    for (size_t i = 0; i < compliance->diagnostics.size(); ++i) {
      all.push_back(compliance->diagnostics[i]);
      cites.push_back(verdicts[i] >= 0 ? compliance->report.results[verdicts[i]].cite : "");
    }
  }
  std::map<int32_t, std::unique_ptr<LineIndex>> line_indexes;
  auto lines_of = [&](FileId file) -> const LineIndex& {
    auto& slot = line_indexes[file.index];
    if (!slot) slot = std::make_unique<LineIndex>(snapshot.Text(file), encoding);
    return *slot;
  };
  auto uri_of = [&](FileId file) { return documents.UriFor(snapshot.Path(file)); };
  std::map<std::string, FileDiagnostics> by_uri;
  auto file_entry = [&](const std::string& uri, const std::string& path) -> FileDiagnostics& {
    FileDiagnostics& entry = by_uri[uri];
    entry.uri = uri;
    auto version = snapshot.versions.find(NormalPath(path));
    if (version != snapshot.versions.end()) entry.version = version->second;
    return entry;
  };
  for (const std::string& input : snapshot.inputs) file_entry(documents.UriFor(input), input);
  std::vector<std::string> unplaced;
  for (size_t i = 0; i < all.size(); ++i) {
    diag::Diagnostic diagnostic = all[i];
    if (auto severity = Override(snapshot.project.overrides, diagnostic)) {
      if (!*severity) continue;
      diagnostic.severity = **severity;
    }
    if (!diagnostic.range.has_value()) {
      unplaced.push_back(diagnostic.message + " [" + std::string(diag::KindName(diagnostic.kind)) + "]");
      continue;
    }
    const std::string& path = snapshot.Path(diagnostic.range.file);
    bool open = snapshot.versions.contains(NormalPath(path));
    if (snapshot.IsStdlib(diagnostic.range.file) && !open) continue;
    std::string uri = uri_of(diagnostic.range.file);
    file_entry(uri, path).diagnostics.push_back(
        ToProtocol(diagnostic, cites[i], uri, lines_of(diagnostic.range.file), lines_of, uri_of));
  }
  // The configuration is where a mistake without a place comes from (an
  // unknown `policies` entry, an empty `paths` directory), and where its
  // own mistakes are.
  const Project& project = snapshot.project;
  std::string config_path = project.config ? project.config->path
                            : project.config_error ? project.config_error->path
                                                   : "";
  if (!config_path.empty()) {
    FileDiagnostics& entry = file_entry(documents.UriFor(config_path), config_path);
    if (project.config_error) {
      int32_t line = std::max(project.config_error->line - 1, 0);
      int32_t column = std::max(project.config_error->column - 1, 0);
      Diagnostic error;
      error.range = Range{{line, column}, {line, column + 1}};
      error.code = "ProjectConfig";
      error.message = project.config_error->message;
      entry.diagnostics.push_back(std::move(error));
    }
    for (const std::string& message : unplaced) {
      Diagnostic error;
      error.message = message;
      entry.diagnostics.push_back(std::move(error));
    }
  }
  for (const std::string& uri : previously_published) {
    if (!by_uri.contains(uri)) by_uri[uri].uri = uri;
  }
  std::vector<FileDiagnostics> files;
  for (auto& [uri, entry] : by_uri) files.push_back(std::move(entry));
  return files;
}

}  // namespace cobro::lsp
