// CSV cells (runtime/io/csv_line.h): RFC 4180 quoting, one record per line.

#include "runtime/io/csv_line.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace cobro::runtime::io {
namespace {

// Cells as text, a quoted cell marked with a leading `q:`.
auto Split(std::string_view line) -> std::vector<std::string> {
  CsvSplitter splitter;
  std::vector<CsvCell> cells;
  auto error = splitter.Split(line, cells);
  if (error) return {"error at " + std::to_string(error->column) + ": " + error->what};
  std::vector<std::string> result;
  for (const CsvCell& cell : cells) result.push_back((cell.quoted ? "q:" : "") + std::string(cell.text));
  return result;
}

TEST_CASE("io: csv: plain and quoted cells") {
  using V = std::vector<std::string>;
  CHECK(Split("a,b,c") == V{"a", "b", "c"});
  CHECK(Split("a,,c") == V{"a", "", "c"});
  CHECK(Split(",") == V{"", ""});
  CHECK(Split("a,") == V{"a", ""});
  CHECK(Split("x") == V{"x"});
  CHECK(Split(R"("a,b",c)") == V{"q:a,b", "c"});
  CHECK(Split(R"("say ""hi""",x)") == V{"q:say \"hi\"", "x"});
  CHECK(Split(R"("""")") == V{"q:\""});
  CHECK(Split(R"("",x)") == V{"q:", "x"});
  CHECK(Split(R"(a,"")") == V{"a", "q:"});
  CHECK(Split(R"("a""b""c","d""e")") == V{"q:a\"b\"c", "q:d\"e"});
  CHECK(Split(" a , b ") == V{" a ", " b "});
}

TEST_CASE("io: csv: syntax errors name the column") {
  using V = std::vector<std::string>;
  CHECK(Split(R"(a,"bc)") == V{"error at 1: unterminated quote"});
  CHECK(Split(R"(a,"b""c)") == V{"error at 1: unterminated quote"});
  CHECK(Split(R"("a"b,c)") == V{"error at 0: unexpected `b` after a closing quote"});
  CHECK(Split(R"(a,b"c)") ==
        V{"error at 1: quote inside an unquoted cell; quote the whole cell and double the quote"});
}

TEST_CASE("io: csv: views into unescaped cells survive the rest of the line") {
  CsvSplitter splitter;
  std::vector<CsvCell> cells;
  std::string line;
  for (int i = 0; i < 200; ++i) line += "\"x\"\"" + std::to_string(i) + "\",";
  line += "end";
  REQUIRE_FALSE(splitter.Split(line, cells));
  REQUIRE(cells.size() == 201);
  for (int i = 0; i < 200; ++i) CHECK(cells[static_cast<size_t>(i)].text == "x\"" + std::to_string(i));
}

}  // namespace
}  // namespace cobro::runtime::io
