// The formatter over every source the repository has: the formatted file
// means the same (its tree, printed canonically, equals the original's),
// keeps every token and comment in order, and formatting it again changes
// nothing, at the default width and at narrow ones that force breaks.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "compiler/ast/print.h"
#include "compiler/format/format.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/tokens.h"

namespace cobro::format {
namespace {

auto ReadAll(const std::filesystem::path& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

auto SourceFiles() -> std::vector<std::filesystem::path> {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"examples", "stdlib", "tests/golden"}) {
    std::filesystem::path root = std::filesystem::path(COBRO_SOURCE_DIR) / folder;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.path().extension() == ".cobro") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The canonical print of `text`'s tree, with trailing spaces dropped: the
// formatter trims them from doc comments, which the tree keeps verbatim.
// nullopt when `text` does not parse; a file of comments alone parses to an
// empty print (tests/golden/driver/explain/*.cobro).
auto Meaning(const std::string& text) -> std::optional<std::string> {
  SourceManager sources;
  FileId file_id = sources.Add("input.cobro", text);
  std::vector<diag::Diagnostic> diagnostics;
  diag::Emitter emitter(diagnostics);
  ast::File file = parse::Parse(sources.Get(file_id), file_id, emitter);
  if (file.has_syntax_errors || emitter.error_count() > 0) return std::nullopt;
  std::istringstream printed(ast::Print(file, sources.Get(file_id)));
  std::string result;
  for (std::string line; std::getline(printed, line);) {
    line.erase(line.find_last_not_of(" \t") + 1);
    result += line + "\n";
  }
  return result;
}

// Token texts with comments' trailing spaces dropped.
auto TokenTexts(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> texts;
  for (const parse::SyntaxToken& token : parse::Tokenize(text)) {
    std::string spelling(token.text);
    if (token.kind == parse::TokenClass::Comment || token.kind == parse::TokenClass::DocComment) {
      std::string trimmed;
      std::istringstream lines(spelling);
      for (std::string line; std::getline(lines, line);) {
        line.erase(line.find_last_not_of(" \t\r") + 1);
        trimmed += (trimmed.empty() ? "" : "\n") + line;
      }
      spelling = trimmed;
    }
    texts.push_back(spelling);
  }
  return texts;
}

void CheckFile(const std::filesystem::path& path, const Options& options) {
  std::string text = ReadAll(path);
  std::optional<std::string> formatted = FormatText(text, options);
  std::optional<std::string> meaning = Meaning(text);
  // A file that does not parse is refused, and only such a file.
  REQUIRE(formatted.has_value() == meaning.has_value());
  if (!formatted) return;
  CHECK(Meaning(*formatted) == meaning);
  CHECK(TokenTexts(*formatted) == TokenTexts(text));
  std::optional<std::string> again = FormatText(*formatted, options);
  REQUIRE(again.has_value());
  CHECK(*again == *formatted);
  CHECK(formatted->ends_with("\n"));
  CHECK(formatted->find("\n\n\n") == std::string::npos);
  CHECK(formatted->find(" \n") == std::string::npos);
}

TEST_CASE("formatting every source keeps its meaning and is idempotent", "[format]") {
  int formatted = 0;
  for (const auto& path : SourceFiles()) {
    INFO(path.string());
    CheckFile(path, Options{});
    formatted += FormatText(ReadAll(path), Options{}).has_value() ? 1 : 0;
  }
  // Most golden inputs parse; the rest are syntax error tests.
  CHECK(formatted > 200);
}

TEST_CASE("formatting at narrow widths keeps meaning and is idempotent", "[format]") {
  for (int width : {20, 40, 60}) {
    for (const auto& path : SourceFiles()) {
      INFO(path.string() << " at width " << width);
      CheckFile(path, Options{2, width});
    }
  }
}

TEST_CASE("formatting with four-space indentation is idempotent", "[format]") {
  for (const char* folder : {"examples", "stdlib"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(COBRO_SOURCE_DIR) / folder)) {
      if (entry.path().extension() != ".cobro") continue;
      INFO(entry.path().string());
      CheckFile(entry.path(), Options{4, 100});
    }
  }
}

}  // namespace
}  // namespace cobro::format
