#include "compiler/driver/findings.h"

#include <algorithm>

#include "compiler/diag/render.h"
#include "compiler/driver/driver.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

namespace {

// The kinds that report a broken policy rule, each with a Violated verdict.
auto IsViolationKind(diag::Kind kind) -> bool {
  switch (kind) {
    case diag::Kind::ContactLimitExceeded:
    case diag::Kind::UnboundedContacts:
    case diag::Kind::GapTooShort:
    case diag::Kind::QuietPeriodBroken:
    case diag::Kind::ContactAfterForbiddingEvent:
    case diag::Kind::OneChannelRuleBroken:
    case diag::Kind::ForbiddenChannel: return true;
    default: return false;
  }
}

// The name of the flow whose declaration holds `range`, if any.
auto EnclosingFlow(const sema::Program& program, SourceRange range) -> std::string {
  if (!range.has_value()) return "";
  for (const sema::Module& module : program.modules) {
    if (module.ast.file_id != range.file) continue;
    for (const ast::FlowDecl& flow : module.ast.flows) {
      if (range.begin >= flow.range.begin && range.begin < flow.range.end) return flow.name.text;
    }
  }
  return "";
}

}  // namespace

auto ParseFailLevel(std::string_view text) -> std::optional<FailLevel> {
  if (text == "error") return FailLevel::Error;
  if (text == "warning") return FailLevel::Warning;
  if (text == "never") return FailLevel::Never;
  return std::nullopt;
}

auto Finding::rule_id() const -> std::string {
  return policy_rule_id.empty() ? std::string(diag::KindName(diagnostic.kind)) : policy_rule_id;
}

auto CheckOutcome::Fails(const Finding& finding) const -> bool {
  switch (finding.diagnostic.severity) {
    case diag::Severity::Error: return fail_level != FailLevel::Never;
    case diag::Severity::Warning: return fail_level == FailLevel::Warning;
    case diag::Severity::Note: return false;
  }
  return false;
}

auto CheckOutcome::ExitCode() const -> int {
  if (result->io_error) return kExitCouldNotRun;
  bool fails = std::any_of(findings.begin(), findings.end(),
                           [&](const Finding& finding) { return Fails(finding); });
  // Errors that no longer fail the run (turned off, or `never`) still kept
  // the analysis from running: that is not a clean result.
  if (NotAnalysed() && !fails) return kExitCouldNotRun;
  return fails ? kExitFindings : kExitClean;
}

auto CheckOutcome::Count(diag::Severity severity) const -> int {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(), [&](const Finding& finding) {
    return finding.diagnostic.severity == severity;
  }));
}

auto MatchVerdicts(const std::vector<diag::Diagnostic>& diagnostics, const analysis::Report& report)
    -> std::vector<int32_t> {
  std::vector<int32_t> matches(diagnostics.size(), -1);
  std::vector<bool> used(report.results.size(), false);
  for (size_t d = 0; d < diagnostics.size(); ++d) {
    const diag::Diagnostic& diagnostic = diagnostics[d];
    if (!IsViolationKind(diagnostic.kind)) continue;
    for (size_t r = 0; r < report.results.size(); ++r) {
      const analysis::RuleResult& verdict = report.results[r];
      if (used[r] || verdict.verdict != analysis::Verdict::Violated) continue;
      if (diagnostic.range.file != verdict.flow_range.file) continue;
      if (!diagnostic.message.starts_with("flow `" + verdict.flow + "` ")) continue;
      bool at_rule = std::any_of(diagnostic.notes.begin(), diagnostic.notes.end(),
                                 [&](const diag::Note& note) { return note.range == verdict.rule_range; });
      if (!at_rule) continue;
      matches[d] = static_cast<int32_t>(r);
      used[r] = true;
      break;
    }
  }
  return matches;
}

auto BuildOutcome(const CheckResult& result, const std::vector<SeverityOverride>& overrides)
    -> CheckOutcome {
  CheckOutcome outcome;
  outcome.result = &result;
  std::vector<int32_t> verdicts = MatchVerdicts(result.diagnostics, result.report);
  for (size_t d = 0; d < result.diagnostics.size(); ++d) {
    Finding finding;
    finding.diagnostic = result.diagnostics[d];
    bool off = false;
    for (const SeverityOverride& change : overrides) {
      if (change.kind != finding.diagnostic.kind) continue;
      if (change.severity) {
        finding.diagnostic.severity = *change.severity;
      } else {
        off = true;
      }
    }
    if (off) continue;
    finding.verdict = verdicts[d];
    if (finding.verdict >= 0) {
      const analysis::RuleResult& verdict = result.report.results[finding.verdict];
      finding.policy_rule_id = verdict.rule_id;
      finding.flow = verdict.flow;
    } else {
      finding.flow = EnclosingFlow(result.program, finding.diagnostic.range);
    }
    outcome.findings.push_back(std::move(finding));
  }
  return outcome;
}

auto FindPolicyRule(const sema::Program& program, SourceRange range) -> const ast::PolicyRule* {
  for (const sema::Module& module : program.modules) {
    if (module.ast.file_id != range.file) continue;
    for (const ast::PolicyDecl& policy : module.ast.policies) {
      for (const ast::PolicyRule& rule : policy.rules) {
        if (rule.range == range) return &rule;
      }
    }
  }
  return nullptr;
}

auto ReportPath(const std::string& path, const std::string& current_directory) -> std::string {
  std::string relative = path;
  if (!current_directory.empty() && path.starts_with("/")) {
    std::string prefix = current_directory.ends_with("/") ? current_directory : current_directory + "/";
    if (path.starts_with(prefix)) relative = path.substr(prefix.size());
  }
  while (relative.starts_with("./")) relative = relative.substr(2);
  return relative;
}

auto ReportPosition(const CheckOutcome& outcome, SourceRange range) -> std::string {
  if (!range.has_value()) return "";
  const SourceBuffer& buffer = outcome.result->sources.Get(range.file);
  LineColumn begin = diag::DisplayPosition(buffer, range.begin);
  return ReportPath(buffer.path(), outcome.current_directory) + ":" + std::to_string(begin.line) + ":" +
         std::to_string(begin.column);
}

}  // namespace cobro::driver
