// The unified diff behind `cobro fmt --diff`.

#include <catch2/catch.hpp>

#include "compiler/format/line_diff.h"

namespace cobro::format {
namespace {

TEST_CASE("equal texts have no diff", "[format]") {
  CHECK(UnifiedDiff("a\nb\n", "a\nb\n", "x", "y").empty());
}

TEST_CASE("a changed line shows with its context", "[format]") {
  CHECK(UnifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", "a", "b") ==
        "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("insertions, deletions and far apart changes", "[format]") {
  CHECK(UnifiedDiff("", "a\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
  CHECK(UnifiedDiff("a\n", "", "a", "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n");
  std::string before;
  std::string after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 19 ? "x" : std::to_string(i)) + "\n";
  }
  CHECK(UnifiedDiff(before, after, "a", "b") ==
        "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
        "@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+x\n 20\n");
}

TEST_CASE("a missing final newline is marked", "[format]") {
  CHECK(UnifiedDiff("a", "a\n", "a", "b") ==
        "--- a\n+++ b\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n");
}

}  // namespace
}  // namespace cobro::format
