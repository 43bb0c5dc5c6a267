// FormatEdits, the language server's formatting: its edits turn a file into
// FormatText's result, touch only whitespace and comments' trailing spaces,
// and a range keeps only the edits that touch it.

#include <catch2/catch.hpp>

#include "compiler/format/format.h"

namespace cobro::format {
namespace {

auto Apply(std::string text, const std::vector<Edit>& edits) -> std::string {
  // Edits are sorted and disjoint: apply from the end so offsets hold.
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
    text.replace(it->begin, it->end - it->begin, it->text);
  }
  return text;
}

constexpr const char* kMessy =
    "module   m\nprofile D {dpd:int   // days   \n}\nfn f(d:D)->int=d.dpd+1\n";

TEST_CASE("edits for the whole file give the formatted text", "[format]") {
  std::optional<std::vector<Edit>> edits =
      FormatEdits(kMessy, Options{}, 0, static_cast<uint32_t>(std::string_view(kMessy).size()));
  REQUIRE(edits.has_value());
  CHECK(Apply(kMessy, *edits) == FormatText(kMessy, Options{}));
  for (size_t i = 1; i < edits->size(); ++i) CHECK((*edits)[i - 1].end <= (*edits)[i].begin);
}

TEST_CASE("edits are minimal", "[format]") {
  // Only the spaces between `module` and `m` change: one edit of two bytes.
  std::optional<std::vector<Edit>> edits = FormatEdits("module   m\n", Options{}, 0, 11);
  REQUIRE(edits.has_value());
  REQUIRE(edits->size() == 1);
  CHECK((*edits)[0].begin == 7);
  CHECK((*edits)[0].end == 9);
  CHECK((*edits)[0].text.empty());
  // A formatted file needs none.
  std::string formatted = *FormatText(kMessy, Options{});
  CHECK(FormatEdits(formatted, Options{}, 0, static_cast<uint32_t>(formatted.size()))->empty());
}

TEST_CASE("a range keeps only the edits that touch it", "[format]") {
  std::string text = kMessy;
  // The `fn` line only.
  auto begin = static_cast<uint32_t>(text.find("fn f"));
  auto end = static_cast<uint32_t>(text.size());
  std::optional<std::vector<Edit>> edits = FormatEdits(text, Options{}, begin, end);
  REQUIRE(edits.has_value());
  REQUIRE(!edits->empty());
  for (const Edit& edit : *edits) CHECK(edit.end >= begin);
  std::string result = Apply(text, *edits);
  CHECK(result.starts_with("module   m\nprofile D {dpd:int"));
  CHECK(result.ends_with("fn f(d: D) -> int = d.dpd + 1\n"));
}

TEST_CASE("text with syntax errors is refused with its errors", "[format]") {
  std::vector<diag::Diagnostic> diagnostics;
  CHECK(!FormatText("module m\nprofile D { dpd: }\n", Options{}, &diagnostics).has_value());
  REQUIRE(!diagnostics.empty());
  CHECK(diagnostics[0].severity == diag::Severity::Error);
  CHECK(diagnostics[0].range.file.index == 0);
  CHECK(diagnostics[0].range.begin == 26);
  CHECK(!FormatEdits("module m\nprofile D { dpd: }\n", Options{}, 0, 10).has_value());
  CHECK(!FormatText("module m\n\"unterminated\n", Options{}).has_value());
  CHECK(!FormatText("module m\n/* open", Options{}).has_value());
}

}  // namespace
}  // namespace cobro::format
