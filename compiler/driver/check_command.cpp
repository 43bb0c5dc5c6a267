// `cobro check`: checks files, proves compliance, and reports in the format
// a person or a CI system reads.

#include <fmt/format.h>

#include "compiler/ast/print.h"
#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/findings.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

namespace {

constexpr const char* kCheckUsageHead = R"(usage: cobro check [options] PATH...

Checks `.cobro` files (directories are searched recursively) and everything
they import, and proves that every flow keeps to the policies that bind it.
Exit status: 0 clean, 1 findings (errors; warnings too with
`--fail-level=warning`), 2 could not run (unreadable inputs, a bad option or
configuration, or compliance not analysed while nothing else fails).

options:
  --format FORMAT      how to print the results (default: text, on stderr;
                       the others go to stdout):
                         text    diagnostics with source lines
                         json    one JSON document of every diagnostic
                         sarif   SARIF 2.1.0, for GitHub code scanning
                         junit   JUnit XML: a testsuite per flow, a testcase
                                 per policy rule
                         github  GitHub Actions annotations and a Markdown job
                                 summary (to $GITHUB_STEP_SUMMARY when set)
  --fail-level LEVEL   what fails the run: `error` (default), `warning`, or
                       `never` (exit 0 even with errors)
  --severity KIND=LEVEL
                       report diagnostic KIND as `error`, `warning`, `note`,
                       or not at all (`off`); repeatable, overrides
                       `[severity]` in `cobro.toml`
)";

constexpr const char* kCheckUsageTail = R"(  --no-compliance      check types and structure only, not compliance
  --color auto|always|never
                       colour in text output (default: auto)
  --dump-ast           print each input's syntax tree back as canonical source
  -h, --help           show this help

Without PATH, checks the `paths` of `[check]` in `cobro.toml`. Command-line
options override the configuration; see docs/ci.md.
)";

struct CheckOptions {
  std::string format = "text";
  std::string color = "auto";
  std::optional<std::string> fail_level;
  // `--severity` values in order.
  std::vector<std::pair<std::string, std::string>> severity;
  bool no_compliance = false;
  bool dump_ast = false;
  CommonOptions common;
  std::vector<std::string> paths;
};

// Reads a severity level into `severity` (nullopt for "off"); false when
// `level` is none.
auto ParseSeverity(std::string_view level, std::optional<diag::Severity>& severity) -> bool {
  severity.reset();
  if (level == "error") severity = diag::Severity::Error;
  if (level == "warning") severity = diag::Severity::Warning;
  if (level == "note") severity = diag::Severity::Note;
  return severity.has_value() || level == "off";
}

auto KindByName(std::string_view name) -> std::optional<diag::Kind> {
  for (diag::Kind kind : diag::AllKinds()) {
    if (diag::KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// Parses `check`'s arguments; returns false after printing a usage error.
auto ParseCheckOptions(const std::vector<std::string>& args, CheckOptions& options, std::ostream& out,
                       std::ostream& err, bool& help) -> bool {
  ArgReader reader(args, "check", err);
  std::string usage = std::string(kCheckUsageHead) + kCommonOptionsHelp + kCheckUsageTail;
  bool read = ReadCommandArgs(reader, options.common, options.paths, usage, out, help, [&](bool& handled) {
    const std::string& arg = reader.arg();
    if (reader.Is("--format")) {
      if (!reader.Value(options.format)) return false;
      static const std::vector<std::string> kFormats = {"github", "json", "junit", "sarif", "text"};
      if (std::find(kFormats.begin(), kFormats.end(), options.format) == kFormats.end()) {
        err << fmt::format("cobro: unknown format `{}`; use `text`, `json`, `sarif`, `junit` or `github`\n",
                           options.format);
        return false;
      }
    } else if (reader.Is("--fail-level")) {
      std::string level;
      if (!reader.Value(level)) return false;
      if (!ParseFailLevel(level)) {
        err << fmt::format("cobro: unknown fail level `{}`; use `error`, `warning` or `never`\n", level);
        return false;
      }
      options.fail_level = level;
    } else if (reader.Is("--severity")) {
      std::string value;
      if (!reader.Value(value)) return false;
      size_t equals = value.find('=');
      if (equals == std::string::npos) {
        return reader.Fail(fmt::format("`--severity` takes KIND=LEVEL, not `{}`", value));
      }
      options.severity.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    } else if (reader.Is("--color")) {
      if (!reader.Value(options.color)) return false;
      if (options.color != "auto" && options.color != "always" && options.color != "never") {
        err << fmt::format("cobro: unknown colour mode `{}`; use `auto`, `always` or `never`\n", options.color);
        return false;
      }
    } else if (arg == "--no-compliance") {
      options.no_compliance = true;
    } else if (arg == "--dump-ast") {
      options.dump_ast = true;
    } else {
      handled = false;
    }
    return true;
  });
  return read;
}

// The severity overrides of the configuration, then of the command line.
auto CollectOverrides(const CheckOptions& options, const std::optional<ProjectConfig>& config,
                      std::vector<SeverityOverride>& overrides, std::ostream& err) -> bool {
  std::vector<std::pair<std::string, std::string>> all;
  if (config) all = config->severity;
  all.insert(all.end(), options.severity.begin(), options.severity.end());
  std::vector<std::string> kinds;
  for (diag::Kind kind : diag::AllKinds()) kinds.emplace_back(diag::KindName(kind));
  for (const auto& [name, level] : all) {
    std::optional<diag::Kind> kind = KindByName(name);
    if (!kind) {
      std::optional<std::string> suggestion = Closest(name, kinds);
      err << fmt::format("cobro: `--severity`: no diagnostic is called `{}`{}\n", name,
                         suggestion ? fmt::format("; did you mean `{}`?", *suggestion) : "");
      return false;
    }
    std::optional<diag::Severity> severity;
    if (!ParseSeverity(level, severity)) {
      err << fmt::format("cobro: `--severity`: unknown level `{}` for `{}`; use `error`, `warning`, `note` or "
                         "`off`\n", level, name);
      return false;
    }
    overrides.push_back({*kind, severity});
  }
  return true;
}

// Prints the GitHub report: annotations on stdout, the summary to the
// step-summary file or after them.
auto WriteGithub(const CheckOutcome& outcome, FileSystem& files, const Environment& environment,
                 std::ostream& out, std::ostream& err) -> bool {
  GithubReport report = RenderGithub(outcome);
  out << report.commands;
  if (environment.github_step_summary.empty()) {
    out << "\n<!-- cobro: job summary (set GITHUB_STEP_SUMMARY to write it to a file) -->\n" << report.summary;
    return true;
  }
  std::string error;
  if (!files.AppendFile(environment.github_step_summary, report.summary, error)) {
    err << fmt::format("cobro: cannot write the job summary to `{}`: {}\n", environment.github_step_summary,
                       error);
    return false;
  }
  return true;
}

}  // namespace

auto RunCheck(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
              std::ostream& out, std::ostream& err) -> int {
  CheckOptions options;
  bool help = false;
  if (!ParseCheckOptions(args, options, out, err, help)) return help ? kExitClean : kExitCouldNotRun;
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(options.common, files, environment, config, err)) return kExitCouldNotRun;
  PipelineOptions pipeline = MergePipelineOptions(options.common, config, environment);
  if (options.no_compliance) pipeline.analyze = false;
  if (options.paths.empty() && config && config->paths) options.paths = *config->paths;
  if (options.paths.empty()) {
    err << "cobro: `check` needs at least one file or directory; see `cobro check --help`\n";
    return kExitCouldNotRun;
  }
  std::vector<SeverityOverride> overrides;
  if (!CollectOverrides(options, config, overrides, err)) return kExitCouldNotRun;
  FailLevel fail_level = FailLevel::Error;
  if (config && config->fail_level) fail_level = *ParseFailLevel(*config->fail_level);
  if (options.fail_level) fail_level = *ParseFailLevel(*options.fail_level);

  CheckResult result = LoadAndCheck(options.paths, pipeline, files);
  CheckOutcome outcome = BuildOutcome(result, overrides);
  outcome.analysis_requested = pipeline.analyze;
  outcome.fail_level = fail_level;
  outcome.current_directory = environment.current_directory;
  if (options.dump_ast) {
    for (const sema::Module& module : result.program.modules) {
      if (!module.is_input) continue;
      out << ast::Print(module.ast, result.sources.Get(module.ast.file_id));
    }
  }
  std::vector<diag::Diagnostic> diagnostics;
  for (const Finding& finding : outcome.findings) diagnostics.push_back(finding.diagnostic);
  int errors = outcome.Count(diag::Severity::Error);
  int warnings = outcome.Count(diag::Severity::Warning);
  int code = outcome.ExitCode();
  if (options.format == "json") {
    out << diag::RenderJson(diagnostics, result.sources);
  } else if (options.format == "sarif") {
    out << RenderSarif(outcome);
  } else if (options.format == "junit") {
    out << RenderJunit(outcome);
  } else if (options.format == "github") {
    if (!WriteGithub(outcome, files, environment, out, err)) return kExitCouldNotRun;
  } else {
    bool color = options.color == "always" || (options.color == "auto" && environment.color_terminal);
    err << diag::RenderConsole(diagnostics, result.sources, diag::ConsoleOptions{color});
    if (errors > 0 || warnings > 0) {
      err << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                         warnings == 1 ? "" : "s");
    }
  }
  // The formats above say it in their own way; say it plainly too when it is
  // what makes the run fail.
  if (outcome.NotAnalysed() && code == kExitCouldNotRun && !result.io_error) {
    err << "cobro: " << kNotAnalysed << "\n";
  }
  return code;
}

}  // namespace cobro::driver
