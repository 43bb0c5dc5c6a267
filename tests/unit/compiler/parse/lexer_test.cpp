// The fast lexer against the lexer ANTLR generates from grammar/Cobro.g4:
// on every shipped and test source, on edge cases, and on random mutations.

#include "compiler/parse/lexer_check.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <catch2/catch.hpp>

namespace cobro::parse {
namespace {

void CheckAgree(const std::string& text, const std::string& what) {
  INFO(what);
  CHECK(CompareLexers(text) == "");
}

auto SourceFiles() -> std::vector<std::filesystem::path> {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"examples", "stdlib", "tests/golden"}) {
    std::filesystem::path root = std::filesystem::path(COBRO_SOURCE_DIR) / folder;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.path().extension() == ".cobro") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

auto ReadAll(const std::filesystem::path& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

TEST_CASE("lexers agree on edge cases", "[lexer]") {
  const char* cases[] = {
      "", "///", "////", "/// doc", "//// not doc", "// c\n///\n", "/* a */ /* b", "/* a * / */",
      "/**/", "/***/", "\"a\\\"b\"", "\"abc", "\"ab\\", "\"ab\\\n\"", "\"x\"\"y\"",
      "2026-01-05", "2026-01-05 09:00", "2026-01-05T09:00:30Z", "2026-01-05T09:00-05:00",
      "2026-01-05 9:00", "2026-01-0", "2026-1-05", "12:30", "12:30:45", "1:30", "123:45",
      "3d", "1h30m", "5ms", "5m5s", "5mss", "3days", "1d2", "80%", "12.5%", "1.%", "1..2",
      "3..", "1.5", "1.", ".5", "00:00..24:00", "mon-fri", "a->b", "a=>b", "a==b", "a!=b", "!",
      "a<=b", "a>=b", "<>", "x.y.z", "@#$%^&~`'|;\\?", "\t\f\r\n", "module\nimport",
      "limit call <= 7 per 7d per debt", "day days daysx", "if_then", "_x9", "9_x",
  };
  for (const char* text : cases) CheckAgree(text, text);
}

TEST_CASE("lexers agree on every shipped and test source", "[lexer]") {
  int checked = 0;
  for (const auto& path : SourceFiles()) {
    std::string text = ReadAll(path);
    CheckAgree(text, path.string());
    checked += FastLexerAccepts(text) ? 1 : 0;
  }
  // Most sources are ASCII in code; the fast path must actually be taken.
  CHECK(checked > 10);
}

TEST_CASE("lexers agree on random mutations", "[lexer]") {
  std::mt19937 random(20261123);
  const std::string alphabet = "abz_AZ09 .:-+*/=<>!\"\\%\n\t(){}[],'#Tdhmsw";
  std::vector<std::string> seeds;
  for (const auto& path : SourceFiles()) seeds.push_back(ReadAll(path));
  REQUIRE(!seeds.empty());
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    if (text.size() > 600) text = text.substr(random() % (text.size() - 600), 600);
    for (int edit = 0; edit < 4; ++edit) {
      size_t at = text.empty() ? 0 : random() % text.size();
      text.insert(at, 1, alphabet[random() % alphabet.size()]);
      if (!text.empty()) text.erase(random() % text.size(), 1);
    }
    std::string difference = CompareLexers(text);
    if (!difference.empty()) {
      FAIL("round " << round << ": " << difference << "\ninput:\n" << text);
    }
  }
}

}  // namespace
}  // namespace cobro::parse
