// JUnit XML for CI test reports (GitLab, Jenkins, Azure): a testsuite per
// flow with a testcase per bound policy rule, and a testsuite for the other
// diagnostics.

#include <fmt/format.h>

#include <map>

#include "compiler/diag/render.h"
#include "compiler/driver/findings.h"
#include "compiler/driver/xml_text.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

namespace {

struct TestCase {
  std::string name;
  std::string classname;
  std::string file;
  int line = 0;
  enum class Outcome : uint8_t { Pass, Failure, Error, Skipped } outcome = Outcome::Pass;
  std::string type;
  std::string message;
  std::string body;  // Failure or error text, or the system-out note.
};

struct TestSuite {
  std::string name;
  std::vector<TestCase> cases;
};

class JunitWriter {
 public:
  explicit JunitWriter(const CheckOutcome& outcome) : outcome_(outcome), result_(*outcome.result) {}

  auto Write() -> std::string {
    std::vector<TestSuite> suites;
    if (outcome_.NotAnalysed()) {
      TestSuite suite{"compliance", {}};
      TestCase test;
      test.name = "compliance analysis";
      test.classname = "cobro.compliance";
      test.outcome = TestCase::Outcome::Error;
      test.type = "NotAnalysed";
      test.message = std::string(kNotAnalysed);
      test.body = "fix the errors in the `diagnostics` testsuite; until then no flow is known to comply";
      suite.cases.push_back(std::move(test));
      suites.push_back(std::move(suite));
    } else if (result_.analyzed) {
      AddFlowSuites(suites);
    }
    suites.push_back(DiagnosticSuite());
    return Render(suites);
  }

 private:
  void AddFlowSuites(std::vector<TestSuite>& suites) {
    // Every flow of the inputs, in source order, even one bound to no rule.
    std::map<std::pair<std::string, std::string>, size_t> by_flow;
    for (const sema::Module& module : result_.program.modules) {
      if (!module.is_input) continue;
      for (const ast::FlowDecl& flow : module.ast.flows) {
        auto key = std::pair(module.name, flow.name.text);
        if (by_flow.contains(key)) continue;
        by_flow[key] = suites.size();
        suites.push_back({Qualified(module.name, flow.name.text), {}});
      }
    }
    for (size_t r = 0; r < result_.report.results.size(); ++r) {
      const analysis::RuleResult& verdict = result_.report.results[r];
      auto key = std::pair(verdict.module, verdict.flow);
      if (!by_flow.contains(key)) {
        by_flow[key] = suites.size();
        suites.push_back({Qualified(verdict.module, verdict.flow), {}});
      }
      suites[by_flow[key]].cases.push_back(VerdictCase(static_cast<int32_t>(r)));
    }
  }

  auto VerdictCase(int32_t index) const -> TestCase {
    const analysis::RuleResult& verdict = result_.report.results[index];
    TestCase test;
    test.name = fmt::format("{} ({})", verdict.rule_id, verdict.rule_name);
    test.classname = Qualified(verdict.module, verdict.flow);
    SetPlace(test, verdict.flow_range);
    switch (verdict.verdict) {
      case analysis::Verdict::Proven: test.body = "proven: " + verdict.summary; break;
      case analysis::Verdict::RuntimeOnly:
        test.body = "checked at run time by the guard: " + verdict.summary;
        break;
      case analysis::Verdict::Violated: {
        const Finding* finding = nullptr;
        for (const Finding& candidate : outcome_.findings) {
          if (candidate.verdict == index) finding = &candidate;
        }
        if (finding == nullptr) {
          test.outcome = TestCase::Outcome::Skipped;
          test.message = "violated, but its diagnostic is turned off (`[severity]` in cobro.toml or `--severity`)";
        } else if (outcome_.Fails(*finding)) {
          test.outcome = TestCase::Outcome::Failure;
          test.type = std::string(diag::KindName(finding->diagnostic.kind));
          test.message = finding->diagnostic.message;
          test.body = diag::RenderConsole({finding->diagnostic}, result_.sources, {});
          SetPlace(test, finding->diagnostic.range);
        } else {
          test.body = fmt::format("violated, reported as a {} that does not fail the run: {}",
                                  diag::SeverityName(finding->diagnostic.severity), finding->diagnostic.message);
        }
        break;
      }
    }
    return test;
  }

  auto DiagnosticSuite() const -> TestSuite {
    TestSuite suite{"diagnostics", {}};
    for (const Finding& finding : outcome_.findings) {
      if (finding.verdict >= 0) continue;
      const diag::Diagnostic& diagnostic = finding.diagnostic;
      TestCase test;
      std::string kind(diag::KindName(diagnostic.kind));
      std::string position = ReportPosition(outcome_, diagnostic.range);
      test.name = position.empty() ? kind : kind + " at " + position;
      test.classname = "cobro.diagnostics";
      SetPlace(test, diagnostic.range);
      std::string text = diag::RenderConsole({diagnostic}, result_.sources, {});
      if (outcome_.Fails(finding)) {
        test.outcome = TestCase::Outcome::Failure;
        test.type = kind;
        test.message = diagnostic.message;
        test.body = text;
      } else {
        test.body = text;
      }
      suite.cases.push_back(std::move(test));
    }
    return suite;
  }

  void SetPlace(TestCase& test, SourceRange range) const {
    if (!range.has_value()) return;
    const SourceBuffer& buffer = result_.sources.Get(range.file);
    test.file = ReportPath(buffer.path(), outcome_.current_directory);
    test.line = diag::DisplayPosition(buffer, range.begin).line;
  }

  static auto Qualified(const std::string& module, const std::string& flow) -> std::string {
    return module.empty() ? flow : module + "." + flow;
  }

  static auto Render(const std::vector<TestSuite>& suites) -> std::string {
    struct Counts {
      int tests = 0, failures = 0, errors = 0, skipped = 0;
    };
    auto count = [](const TestSuite& suite) {
      Counts counts;
      for (const TestCase& test : suite.cases) {
        ++counts.tests;
        counts.failures += test.outcome == TestCase::Outcome::Failure;
        counts.errors += test.outcome == TestCase::Outcome::Error;
        counts.skipped += test.outcome == TestCase::Outcome::Skipped;
      }
      return counts;
    };
    Counts total;
    for (const TestSuite& suite : suites) {
      Counts counts = count(suite);
      total.tests += counts.tests;
      total.failures += counts.failures;
      total.errors += counts.errors;
      total.skipped += counts.skipped;
    }
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += fmt::format("<testsuites name=\"cobro check\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                       total.tests, total.failures, total.errors, total.skipped);
    for (const TestSuite& suite : suites) {
      Counts counts = count(suite);
      xml += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                         XmlEscape(suite.name), counts.tests, counts.failures, counts.errors, counts.skipped);
      for (const TestCase& test : suite.cases) {
        xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\"", XmlEscape(test.name),
                           XmlEscape(test.classname));
        if (!test.file.empty()) xml += fmt::format(" file=\"{}\" line=\"{}\"", XmlEscape(test.file), test.line);
        xml += ">\n";
        switch (test.outcome) {
          case TestCase::Outcome::Pass: break;
          case TestCase::Outcome::Failure:
          case TestCase::Outcome::Error:
            xml += fmt::format("      <{0} type=\"{1}\" message=\"{2}\">{3}</{0}>\n",
                               test.outcome == TestCase::Outcome::Failure ? "failure" : "error",
                               XmlEscape(test.type), XmlEscape(test.message), XmlText(test.body));
            break;
          case TestCase::Outcome::Skipped:
            xml += fmt::format("      <skipped message=\"{}\"/>\n", XmlEscape(test.message));
            break;
        }
        if (test.outcome == TestCase::Outcome::Pass && !test.body.empty()) {
          xml += fmt::format("      <system-out>{}</system-out>\n", XmlText(test.body));
        }
        xml += "    </testcase>\n";
      }
      xml += "  </testsuite>\n";
    }
    xml += "</testsuites>\n";
    return xml;
  }

  const CheckOutcome& outcome_;
  const CheckResult& result_;
};

}  // namespace

auto RenderJunit(const CheckOutcome& outcome) -> std::string { return JunitWriter(outcome).Write(); }

}  // namespace cobro::driver
