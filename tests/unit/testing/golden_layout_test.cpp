#include "tests/testing/golden_layout.h"

#include <catch2/catch.hpp>

namespace cobro::testing {
namespace {

TEST_CASE("sections split on markers and drop CHECK lines", "[golden]") {
  auto sections = SplitSections("a.cobro",
                                "module a\n// CHECK:STDERR: old\nx\n// --- b.cobro\nmodule b\n\n");
  REQUIRE(sections.size() == 2);
  CHECK(sections[0].lines == std::vector<std::string>{"module a", "x"});
  CHECK(sections[1].name == "b.cobro");
  CHECK(sections[1].lines == std::vector<std::string>{"module b"});
  CHECK(FindArgs(sections) == "check %s");
}

TEST_CASE("diagnostics go above their line with relative line numbers", "[golden]") {
  auto sections = SplitSections("a.cobro", "one\ntwo\nthree\n");
  std::string stderr_text =
      "a.cobro:3:1: error[X]: bad\n"
      "three\n"
      "^~~~~\n"
      "a.cobro:1:1: note: see here\n"
      "one\n"
      "^~~\n"
      "1 error, 0 warnings\n";
  std::string expected =
      "one\n"
      "two\n"
      "// CHECK:STDERR: a.cobro:[[@LINE+6]]:1: error[X]: bad\n"
      "// CHECK:STDERR: three\n"
      "// CHECK:STDERR: ^~~~~\n"
      "// CHECK:STDERR: a.cobro:[[@LINE-5]]:1: note: see here\n"
      "// CHECK:STDERR: one\n"
      "// CHECK:STDERR: ^~~\n"
      "three\n"
      "\n"
      "// CHECK:STDERR: 1 error, 0 warnings\n";
  CHECK(Layout(sections, "", stderr_text) == expected);
  // Laying out the laid-out file again changes nothing.
  CHECK(Layout(SplitSections("a.cobro", expected), "", stderr_text) == expected);
}

TEST_CASE("stdout goes to the end", "[golden]") {
  auto sections = SplitSections("a.cobro", "x\n");
  CHECK(Layout(sections, "out\n", "") == "x\n\n// CHECK:STDOUT: out\n");
}

}  // namespace
}  // namespace cobro::testing
