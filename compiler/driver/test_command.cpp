// `cobro test`: runs the `test` blocks of Cobro files (docs/language.md
// section 13) in the interpreter and in the JIT, and reports the steps whose
// expectations do not hold and any test on which the two engines disagree.

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/holiday_calendars.h"
#include "compiler/driver/test_report.h"
#include "compiler/lower/lower.h"
#include "runtime/jit/jit.h"
#include "runtime/test_runner/run_test.h"
#include "runtime/test_runner/verdict.h"

namespace cobro::driver {

namespace {

constexpr const char* kTestUsageHead = R"(usage: cobro test [options] PATH...

Runs the `test` blocks of `.cobro` files (directories are searched
recursively). Each test runs in the interpreter and in the JIT; a test fails
when a step's expectations do not hold or when the two engines disagree.
Each file runs with the modules it imports, and the policies of a debtor's
`jurisdiction` field are those they declare.
Exit status: 0 every test passed, 1 a test failed, 2 could not run (errors in
the files, a bad option, no test to run).

options:
  --format FORMAT      `text` (default): failing tests with the step to look
                       at, then a count; `junit`: JUnit XML, a testsuite per
                       file and a testcase per test
  --filter TEXT        run only the tests whose name contains TEXT
  --name NAME          run only the test named exactly NAME (as an editor's
                       "Run test" does)
)";

constexpr const char* kTestUsageTail = R"(  -h, --help           show this help

Without PATH, runs the tests under the `paths` of `[check]` in `cobro.toml`.
)";

struct TestOptions {
  std::string format = "text";
  std::optional<std::string> filter;
  std::optional<std::string> name;
  CommonOptions common;
  std::vector<std::string> paths;
};

auto ParseTestOptions(const std::vector<std::string>& args, TestOptions& options, std::ostream& out,
                      std::ostream& err, bool& help) -> bool {
  ArgReader reader(args, "test", err);
  std::string usage = std::string(kTestUsageHead) + kCommonOptionsHelp + kTestUsageTail;
  bool read = ReadCommandArgs(reader, options.common, options.paths, usage, out, help, [&](bool& handled) {
    const std::string& arg = reader.arg();
    if (arg == "-") return reader.Fail("unknown option `-`");
    if (reader.Is("--format")) {
      if (!reader.Value(options.format)) return false;
      if (options.format != "text" && options.format != "junit") {
        err << fmt::format("cobro: unknown format `{}`; use `text` or `junit`\n", options.format);
        return false;
      }
    } else if (reader.Is("--filter")) {
      std::string filter;
      if (!reader.Value(filter)) return false;
      options.filter = filter;
    } else if (reader.Is("--name")) {
      std::string name;
      if (!reader.Value(name)) return false;
      options.name = name;
    } else {
      handled = false;
    }
    return true;
  });
  return read;
}

// Prints the errors of every loaded file once (files imported by several
// inputs are loaded with each); returns how many there were.
auto PrintErrors(const std::vector<CheckResult>& results, bool color, std::ostream& err) -> int {
  std::set<std::tuple<std::string, uint32_t, int, std::string>> printed;
  int errors = 0;
  for (const CheckResult& result : results) {
    std::vector<diag::Diagnostic> fresh;
    for (const diag::Diagnostic& diagnostic : result.diagnostics) {
      if (diagnostic.severity != diag::Severity::Error) continue;
      std::string path = diagnostic.range.has_value() ? result.sources.Get(diagnostic.range.file).path() : "";
      if (!printed.emplace(path, diagnostic.range.begin, static_cast<int>(diagnostic.kind), diagnostic.message).second) {
        continue;
      }
      fresh.push_back(diagnostic);
    }
    errors += static_cast<int>(fresh.size());
    err << diag::RenderConsole(fresh, result.sources, diag::ConsoleOptions{color});
  }
  return errors;
}

// Indents the lines after the first of a multi-line text under a label.
auto Labelled(std::string_view label, const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  size_t start = 0;
  std::string padding(label.size(), ' ');
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(std::string(lines.empty() ? label : padding) + text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Runs the tests of one lowered file in both engines and judges them.
class FileRunner {
 public:
  FileRunner(const lower::LoweredTests& lowered, jit::CompiledModule& compiled, HolidayCalendars& calendars)
      : lowered_(lowered), compiled_(compiled), calendars_(calendars) {}

  auto Run(const flowir::Test& test) -> TestCaseResult {
    const flowir::Module& module = lowered_.module;
    runtime::TestRunOptions options;
    options.calendars = [this](std::string_view code) { return calendars_.Find(code); };
    std::vector<std::unique_ptr<runtime::FlowCode>> interpreted;
    for (size_t f = 0; f < module.flows.size(); ++f) {
      interpreted.push_back(runtime::MakeInterpretedFlow(module, static_cast<int32_t>(f)));
    }
    runtime::TestRun by_interpreter = runtime::RunTest(module, test, std::move(interpreted), options);
    runtime::TestRun by_jit = runtime::RunTest(module, test, jit::MakeCompiledFlows(compiled_), options);
    TestCaseResult result;
    result.name = test.name;
    result.module = test.module;
    result.line = test.line;
    auto at_step = [&](int32_t step) {
      // A disagreement about how the run ended is shown at its last step.
      size_t index = std::min(static_cast<size_t>(step), test.steps.size() - 1);
      const flowir::TestStep& failing = test.steps[index];
      result.passed = false;
      result.step_line = failing.line;
      result.step_time = failing.time_text;
    };
    if (auto disagreement = runtime::CompareEngines(by_interpreter, by_jit)) {
      at_step(disagreement->step);
      result.failure = TestCaseResult::Failure::Disagreement;
      for (std::string& line : Labelled("interpreter: ", disagreement->interpreter)) result.details.push_back(line);
      for (std::string& line : Labelled("JIT:         ", disagreement->jit)) result.details.push_back(line);
    } else if (auto failure = runtime::FirstFailingStep(module, test, by_interpreter)) {
      at_step(failure->step);
      result.details.push_back("expected: " + failure->expected);
      result.details.push_back("got:      " + failure->got);
    }
    return result;
  }

 private:
  const lower::LoweredTests& lowered_;
  jit::CompiledModule& compiled_;
  HolidayCalendars& calendars_;
};

}  // namespace

auto RunTest(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
             std::ostream& out, std::ostream& err) -> int {
  TestOptions options;
  bool help = false;
  if (!ParseTestOptions(args, options, out, err, help)) return help ? kExitClean : kExitCouldNotRun;
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(options.common, files, environment, config, err)) return kExitCouldNotRun;
  PipelineOptions pipeline = MergePipelineOptions(options.common, config, environment);
  // Tests are about what runs; proving compliance is `cobro check`'s work.
  pipeline.analyze = false;
  if (options.paths.empty() && config && config->paths) options.paths = *config->paths;
  if (options.paths.empty()) {
    err << "cobro: `test` needs at least one file or directory; see `cobro test --help`\n";
    return kExitCouldNotRun;
  }

  // Each file with its own imports: which packs a debtor's jurisdiction
  // binds must not depend on which other files run alongside.
  std::vector<diag::Diagnostic> unreadable;
  bool io_error = false;
  std::vector<std::string> inputs = ExpandInputs(options.paths, files, unreadable, io_error);
  std::vector<CheckResult> results;
  if (!unreadable.empty()) {
    CheckResult listing;
    listing.diagnostics = std::move(unreadable);
    results.push_back(std::move(listing));
  }
  for (const std::string& input : inputs) results.push_back(LoadAndCheck({input}, pipeline, files));
  bool color = environment.color_terminal;
  int errors = PrintErrors(results, color, err);
  for (const CheckResult& result : results) io_error = io_error || result.io_error;
  if (errors > 0 || io_error) {
    if (errors > 0) err << fmt::format("{} error{}; no test ran\n", errors, errors == 1 ? "" : "s");
    return kExitCouldNotRun;
  }

  std::unique_ptr<jit::Jit> jit;
  HolidayCalendars calendars(files, pipeline.stdlib_root);
  std::vector<TestFileResult> reports;
  for (const CheckResult& result : results) {
    const sema::Module* input = nullptr;
    for (const sema::Module& module : result.program.modules) {
      if (module.is_input) input = &module;
    }
    if (input == nullptr || input->ast.tests.empty()) continue;
    lower::LoweredTests lowered = lower::LowerWithTests(result.program, &result.sources);
    std::erase_if(lowered.tests, [&](const flowir::Test& test) {
      return (options.filter && test.name.find(*options.filter) == std::string::npos) ||
             (options.name && test.name != *options.name);
    });
    if (lowered.tests.empty()) continue;
    if (!jit) {
      auto created = jit::Jit::Create({environment.cache_directory, 2});
      if (!created) {
        err << fmt::format("cobro: the JIT cannot run on this machine: {}\n", created.error());
        return kExitCouldNotRun;
      }
      jit = std::move(*created);
    }
    auto compiled = jit->Compile(lowered.module);
    if (!compiled) {
      err << fmt::format("cobro: the JIT cannot compile `{}`: {}\n", input->path, compiled.error());
      return kExitCouldNotRun;
    }
    TestFileResult report;
    report.path = input->path;
    FileRunner runner(lowered, *compiled, calendars);
    for (const flowir::Test& test : lowered.tests) report.tests.push_back(runner.Run(test));
    reports.push_back(std::move(report));
  }
  if (reports.empty()) {
    std::string why = options.name     ? fmt::format("cobro: no test is named `{}`", *options.name)
                      : options.filter ? fmt::format("cobro: no test name contains `{}`", *options.filter)
                                       : std::string("cobro: the files hold no `test` blocks");
    if (options.name && options.filter) why += fmt::format(" and contains `{}`", *options.filter);
    err << why << "\n";
    return kExitCouldNotRun;
  }
  out << (options.format == "junit" ? RenderTestJunit(reports) : RenderTestText(reports));
  for (const TestFileResult& report : reports) {
    for (const TestCaseResult& test : report.tests) {
      if (!test.passed) return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace cobro::driver
