#pragma once

// What `cobro test` reports: per test, whether it passed and, if not, the
// step to look at with what was expected and what happened. Rendered as
// text for people and as JUnit XML for CI (test_report.cpp).

#include <cstdint>
#include <string>
#include <vector>

namespace cobro::driver {

struct TestCaseResult {
  std::string name;
  std::string module;
  int32_t line = 0;
  bool passed = true;
  // A failure: the step's line and time as written, a one-line summary
  // and the lines that explain it.
  int32_t step_line = 0;
  std::string step_time;
  enum class Failure : uint8_t { Expectation, Disagreement } failure = Failure::Expectation;
  std::vector<std::string> details;
};

struct TestFileResult {
  std::string path;
  std::vector<TestCaseResult> tests;
};

// Failing tests with their failing step, then `N passed, N failed`.
auto RenderTestText(const std::vector<TestFileResult>& files) -> std::string;

// JUnit XML: a testsuite per file, a testcase per test.
auto RenderTestJunit(const std::vector<TestFileResult>& files) -> std::string;

}  // namespace cobro::driver
