#include "compiler/driver/test_report.h"

#include <fmt/format.h>

#include "compiler/driver/xml_text.h"

namespace cobro::driver {

namespace {

struct Counts {
  int passed = 0;
  int failed = 0;
};

auto Count(const std::vector<TestCaseResult>& tests) -> Counts {
  Counts counts;
  for (const TestCaseResult& test : tests) (test.passed ? counts.passed : counts.failed) += 1;
  return counts;
}

// `path:15: at +1d`, and what went wrong there.
auto Headline(const std::string& path, const TestCaseResult& test) -> std::string {
  std::string where = fmt::format("{}:{}: at {}", path, test.step_line, test.step_time);
  if (test.failure == TestCaseResult::Failure::Disagreement) where += ": the interpreter and the JIT disagree";
  return where;
}

}  // namespace

auto RenderTestText(const std::vector<TestFileResult>& files) -> std::string {
  std::string out;
  Counts total;
  for (const TestFileResult& file : files) {
    Counts counts = Count(file.tests);
    total.passed += counts.passed;
    total.failed += counts.failed;
    for (const TestCaseResult& test : file.tests) {
      if (test.passed) continue;
      out += fmt::format("FAIL {}:{}: \"{}\"\n", file.path, test.line, test.name);
      out += "  " + Headline(file.path, test) + "\n";
      for (const std::string& detail : test.details) out += "    " + detail + "\n";
    }
  }
  out += fmt::format("{} passed, {} failed\n", total.passed, total.failed);
  return out;
}

auto RenderTestJunit(const std::vector<TestFileResult>& files) -> std::string {
  Counts total;
  for (const TestFileResult& file : files) {
    Counts counts = Count(file.tests);
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"cobro test\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     total.passed + total.failed, total.failed);
  for (const TestFileResult& file : files) {
    Counts counts = Count(file.tests);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", XmlEscape(file.path),
                       counts.passed + counts.failed, counts.failed);
    for (const TestCaseResult& test : file.tests) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"", XmlEscape(test.name),
                         XmlEscape(test.module), XmlEscape(file.path), test.line);
      if (test.passed) {
        out += "/>\n";
        continue;
      }
      std::string headline = Headline(file.path, test);
      std::string body = headline + "\n";
      for (const std::string& detail : test.details) body += detail + "\n";
      const char* type =
          test.failure == TestCaseResult::Failure::Disagreement ? "EnginesDisagree" : "ExpectationFailed";
      out += ">\n";
      out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", type, XmlEscape(headline),
                         XmlText(body));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace cobro::driver
