// GitHub Actions output: workflow commands that annotate the diff, and a
// Markdown job summary.

#include <fmt/format.h>

#include <algorithm>

#include "compiler/diag/render.h"
#include "compiler/driver/findings.h"

namespace cobro::driver {

namespace {

// A workflow command's message: GitHub decodes %25, %0D and %0A.
auto EscapeData(std::string_view text) -> std::string {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '%': escaped += "%25"; break;
      case '\r': escaped += "%0D"; break;
      case '\n': escaped += "%0A"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

// A workflow command's property value: also `:` and `,`, which end it.
auto EscapeProperty(std::string_view text) -> std::string {
  std::string escaped;
  for (char c : EscapeData(text)) {
    switch (c) {
      case ':': escaped += "%3A"; break;
      case ',': escaped += "%2C"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

// Text for Markdown: one line, no table-column breaks, and no HTML outside
// code spans (inside them `<` shows as it is).
auto Cell(std::string_view text) -> std::string {
  std::string escaped;
  bool in_code = false;
  for (char c : text) {
    switch (c) {
      case '`':
        in_code = !in_code;
        escaped += c;
        break;
      case '|': escaped += "\\|"; break;
      case '\n': escaped += in_code ? " " : "<br>"; break;
      case '\r': break;
      case '<': escaped += in_code ? "<" : "&lt;"; break;
      case '>': escaped += in_code ? ">" : "&gt;"; break;
      case '&': escaped += in_code ? "&" : "&amp;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

auto CommandName(diag::Severity severity) -> const char* {
  switch (severity) {
    case diag::Severity::Error: return "error";
    case diag::Severity::Warning: return "warning";
    case diag::Severity::Note: return "notice";
  }
  return "error";
}

auto Plural(int count, const char* word) -> std::string {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

auto VerdictName(analysis::Verdict verdict) -> const char* {
  switch (verdict) {
    case analysis::Verdict::Proven: return "proven";
    case analysis::Verdict::Violated: return "violated";
    case analysis::Verdict::RuntimeOnly: return "checked at run time";
  }
  return "";
}

class GithubWriter {
 public:
  explicit GithubWriter(const CheckOutcome& outcome) : outcome_(outcome) {}

  auto Write() -> GithubReport {
    GithubReport report;
    int annotations = 0;
    if (outcome_.NotAnalysed()) {
      report.commands += fmt::format("::error title={}::{}\n", EscapeProperty("compliance not analysed"),
                                     EscapeData(kNotAnalysed));
      ++annotations;
    }
    // The most severe findings get the few annotations GitHub shows.
    std::vector<const Finding*> ordered;
    for (const Finding& finding : outcome_.findings) ordered.push_back(&finding);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Finding* a, const Finding* b) {
      return a->diagnostic.severity < b->diagnostic.severity;
    });
    int left_out = 0;
    for (const Finding* finding : ordered) {
      if (annotations >= kGithubAnnotationLimit) {
        ++left_out;
        continue;
      }
      report.commands += Annotation(*finding);
      ++annotations;
    }
    if (left_out > 0) {
      report.commands += fmt::format(
          "cobro: {} more {} not annotated (GitHub shows {} annotations per step); the job summary lists "
          "them all\n",
          left_out, left_out == 1 ? "finding is" : "findings are", kGithubAnnotationLimit);
    }
    report.commands += Totals() + "\n";
    report.summary = Summary();
    return report;
  }

 private:
  auto Annotation(const Finding& finding) const -> std::string {
    const diag::Diagnostic& diagnostic = finding.diagnostic;
    std::vector<std::string> properties;
    if (diagnostic.range.has_value()) {
      const SourceBuffer& buffer = outcome_.result->sources.Get(diagnostic.range.file);
      LineColumn begin = diag::DisplayPosition(buffer, diagnostic.range.begin);
      LineColumn end = diag::DisplayPosition(buffer, diagnostic.range.end);
      // GitHub's end column is the last one marked.
      int32_t end_column = end.line == begin.line && end.column > begin.column ? end.column - 1 : end.column;
      properties.push_back("file=" + EscapeProperty(ReportPath(buffer.path(), outcome_.current_directory)));
      properties.push_back(fmt::format("line={}", begin.line));
      properties.push_back(fmt::format("col={}", begin.column));
      properties.push_back(fmt::format("endLine={}", end.line));
      properties.push_back(fmt::format("endColumn={}", end_column));
    }
    std::string kind(diag::KindName(diagnostic.kind));
    std::string title = finding.policy_rule_id.empty() ? kind : kind + " (" + finding.policy_rule_id + ")";
    properties.push_back("title=" + EscapeProperty(title));
    std::string message = diagnostic.message;
    for (const diag::Note& note : diagnostic.notes) message += "\n" + Place(note.range) + "note: " + note.message;
    if (!diagnostic.trace.empty()) message += "\ncounterexample:";
    for (const diag::TraceStep& step : diagnostic.trace) message += "\n  " + Place(step.range) + step.message;
    std::string joined;
    for (const std::string& property : properties) joined += (joined.empty() ? "" : ",") + property;
    return fmt::format("::{} {}::{}\n", CommandName(diagnostic.severity), joined, EscapeData(message));
  }

  // "file:line:col: ", or nothing for a step without a place.
  auto Place(SourceRange range) const -> std::string {
    std::string position = ReportPosition(outcome_, range);
    return position.empty() ? "" : position + ": ";
  }

  auto Totals() const -> std::string {
    return fmt::format("{}, {}", Plural(outcome_.Count(diag::Severity::Error), "error"),
                       Plural(outcome_.Count(diag::Severity::Warning), "warning"));
  }

  auto Summary() const -> std::string {
    const CheckResult& result = *outcome_.result;
    std::string md = "## Cobro check\n\n";
    md += "**" + Totals() + "**";
    if (result.analyzed) {
      int counts[3] = {0, 0, 0};
      for (const analysis::RuleResult& verdict : result.report.results) ++counts[static_cast<int>(verdict.verdict)];
      md += fmt::format("; compliance: {} proven, {} violated, {} checked at run time", counts[0], counts[1],
                        counts[2]);
    }
    md += "\n\n";
    if (outcome_.NotAnalysed()) {
      md += "> **Compliance was not analysed**: the program has errors, so no policy rule was checked. Fix the "
            "errors below first.\n\n";
    }
    if (outcome_.findings.empty()) {
      md += "No findings.\n";
    } else {
      md += "### Findings\n\n| Severity | Location | Code | Message |\n| --- | --- | --- | --- |\n";
      for (const Finding& finding : outcome_.findings) {
        std::string position = ReportPosition(outcome_, finding.diagnostic.range);
        std::string code = fmt::format("`{}`", diag::KindName(finding.diagnostic.kind));
        if (!finding.policy_rule_id.empty()) code += fmt::format(" (`{}`)", finding.policy_rule_id);
        md += fmt::format("| {} | {} | {} | {} |\n", diag::SeverityName(finding.diagnostic.severity),
                          position.empty() ? "" : "`" + Cell(position) + "`", Cell(code),
                          Cell(finding.diagnostic.message));
      }
      for (const Finding& finding : outcome_.findings) md += Counterexample(finding);
    }
    if (result.analyzed && !result.report.results.empty()) {
      md += "\n### Compliance\n\n| Flow | Rule | Verdict | Summary |\n| --- | --- | --- | --- |\n";
      for (const analysis::RuleResult& verdict : result.report.results) {
        std::string flow = verdict.module.empty() ? verdict.flow : verdict.module + "." + verdict.flow;
        md += fmt::format("| `{}` | `{}` | {} | {} |\n", Cell(flow), Cell(verdict.rule_id),
                          VerdictName(verdict.verdict), Cell(verdict.summary));
      }
    }
    return md;
  }

  auto Counterexample(const Finding& finding) const -> std::string {
    const diag::Diagnostic& diagnostic = finding.diagnostic;
    if (diagnostic.trace.empty()) return "";
    std::string what = finding.policy_rule_id.empty() ? std::string(diag::KindName(diagnostic.kind))
                                                      : finding.policy_rule_id;
    std::string md = fmt::format("\n<details><summary>Counterexample: <code>{}</code>{}</summary>\n\n",
                                 Cell(what), finding.flow.empty() ? "" : " in flow <code>" + Cell(finding.flow) + "</code>");
    int number = 1;
    for (const diag::TraceStep& step : diagnostic.trace) {
      std::string position = ReportPosition(outcome_, step.range);
      md += fmt::format("{}. {}{}\n", number++, position.empty() ? "" : "`" + position + "` ", Cell(step.message));
    }
    md += "\n</details>\n";
    return md;
  }

  const CheckOutcome& outcome_;
};

}  // namespace

auto RenderGithub(const CheckOutcome& outcome) -> GithubReport { return GithubWriter(outcome).Write(); }

}  // namespace cobro::driver
