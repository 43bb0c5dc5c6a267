#pragma once

// A check's results as CI reports need them: each diagnostic with the policy
// rule it breaks, severities after the project's overrides, the verdicts of
// the compliance analysis, and whether that analysis ran at all.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/driver/pipeline.h"

namespace cobro::driver {

// The base of links to the project's documentation.
// TODO(issue "Static compliance analysis"): replace with the published
// repository address once it has one.
inline constexpr std::string_view kRepositoryUrl = "https://github.com/cobro-lang/cobro";

// What the CI reports say when the analysis did not run.
inline constexpr std::string_view kNotAnalysed =
    "compliance was not analysed because the program has errors; no policy rule was checked";

// Which findings make `cobro check` exit 1.
enum class FailLevel : uint8_t { Error, Warning, Never };

// "error", "warning" or "never"; nullopt for anything else.
auto ParseFailLevel(std::string_view text) -> std::optional<FailLevel>;

// A project's choice for one diagnostic kind: a new severity, or nullopt
// to drop it ("off").
struct SeverityOverride {
  diag::Kind kind;
  std::optional<diag::Severity> severity;
};

// One diagnostic as CI reports show it.
struct Finding {
  diag::Diagnostic diagnostic;
  // The policy rule a compliance finding breaks (`us.regf.calls_7in7`);
  // empty for other findings.
  std::string policy_rule_id;
  // The index in `report.results` of the verdict it explains, or -1.
  int32_t verdict = -1;
  // The flow the finding is about, if any.
  std::string flow;

  // The id tools group findings by: the policy rule, else the kind's code.
  auto rule_id() const -> std::string;
};

// Everything a report format needs.
struct CheckOutcome {
  const CheckResult* result = nullptr;
  // In the order of the sorted diagnostics, without those turned off.
  std::vector<Finding> findings;
  // Whether the run asked for the compliance analysis.
  bool analysis_requested = true;
  FailLevel fail_level = FailLevel::Error;
  // Paths are shown relative to this absolute directory when inside it.
  std::string current_directory;

  // Whether `finding` fails the run at `fail_level`.
  auto Fails(const Finding& finding) const -> bool;
  // Whether compliance was asked for but could not be analysed.
  auto NotAnalysed() const -> bool { return analysis_requested && !result->analyzed; }
  // 0 clean, 1 findings that fail, 2 could not run (unreadable inputs, or
  // compliance not analysed with nothing else failing the run).
  auto ExitCode() const -> int;
  // Findings of `severity`.
  auto Count(diag::Severity severity) const -> int;
};

// Applies `overrides` to the diagnostics of `result` and matches each
// compliance diagnostic to its verdict.
auto BuildOutcome(const CheckResult& result, const std::vector<SeverityOverride>& overrides)
    -> CheckOutcome;

// For each diagnostic, the index of the Violated verdict in `report` it
// reports, or -1: the diagnostic says "flow `F`" of the verdict's flow, is in
// the flow's file, and has a note at the rule.
auto MatchVerdicts(const std::vector<diag::Diagnostic>& diagnostics, const analysis::Report& report)
    -> std::vector<int32_t>;

// The policy rule declared at `range`, or null.
auto FindPolicyRule(const sema::Program& program, SourceRange range) -> const ast::PolicyRule*;

// `path` relative to `current_directory` when it lies inside it, without a
// leading `./`.
auto ReportPath(const std::string& path, const std::string& current_directory) -> std::string;

// "file:line:col" of a range's start, with ReportPath; empty when unlocated.
auto ReportPosition(const CheckOutcome& outcome, SourceRange range) -> std::string;

// SARIF 2.1.0 for GitHub code scanning, one run.
auto RenderSarif(const CheckOutcome& outcome) -> std::string;

// JUnit XML: a testsuite per flow with a testcase per bound rule, and one for
// the other diagnostics.
auto RenderJunit(const CheckOutcome& outcome) -> std::string;

// GitHub Actions output: workflow commands for the first annotations and a
// Markdown job summary of every finding.
struct GithubReport {
  std::string commands;
  std::string summary;
};
auto RenderGithub(const CheckOutcome& outcome) -> GithubReport;

// GitHub shows at most this many annotations of a step.
inline constexpr int kGithubAnnotationLimit = 10;

}  // namespace cobro::driver
