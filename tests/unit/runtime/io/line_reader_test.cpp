// Physical lines out of chunked input (runtime/io/line_reader.h): line
// breaks, BOM, lines across and longer than chunks, streams.

#include "runtime/io/line_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace cobro::runtime::io {
namespace {

auto Lines(std::string_view text, size_t chunk_bytes) -> std::vector<std::string> {
  LineReader reader(Input::Memory(text), chunk_bytes);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(line)) {
    lines.emplace_back(line);
    CHECK(reader.line_number() == static_cast<int64_t>(lines.size()));
  }
  return lines;
}

void Check(std::string_view text, const std::vector<std::string>& expected) {
  // Every chunk size from one byte up: each line boundary falls at each
  // place in a chunk at least once.
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{8}, size_t{64}, size_t{1} << 20}) {
    INFO("chunk " << chunk);
    CHECK(Lines(text, chunk) == expected);
  }
}

TEST_CASE("io: lines: LF, CRLF, a missing final break, empty lines, BOM") {
  Check("", {});
  Check("a", {"a"});
  Check("a\n", {"a"});
  Check("a\nb", {"a", "b"});
  Check("a\r\nb\r\n", {"a", "b"});
  Check("\n\na\n\n", {"", "", "a", ""});
  Check("a\rb\n", {"a\rb"});
  Check("\xEF\xBB\xBFid,x\n1,2\n", {"id,x", "1,2"});
  // Only a BOM at the very start is dropped.
  Check("a\n\xEF\xBB\xBF" "b\n", {"a", "\xEF\xBB\xBF" "b"});
}

TEST_CASE("io: lines: longer than a chunk, with padding after each") {
  std::string huge(3'000'000, 'x');
  std::string text = "short\n" + huge + "\nend";
  for (size_t chunk : {size_t{7}, size_t{4096}, size_t{1} << 20}) {
    LineReader reader(Input::Memory(text), chunk);
    std::string_view line;
    REQUIRE(reader.Next(line));
    CHECK(line == "short");
    REQUIRE(reader.Next(line));
    CHECK(line.size() == huge.size());
    CHECK(line == huge);
    // simdjson reads past a line's end: the padding must be addressable.
    CHECK(line.data()[line.size() + kLinePadding - 1] == line.data()[line.size() + kLinePadding - 1]);
    REQUIRE(reader.Next(line));
    CHECK(line == "end");
    CHECK_FALSE(reader.Next(line));
    CHECK(reader.line_number() == 3);
  }
}

TEST_CASE("io: lines: from a stream") {
  std::string text;
  for (int i = 0; i < 10'000; ++i) text += "line " + std::to_string(i) + "\r\n";
  std::istringstream stream(text);
  LineReader reader(Input::Stream(stream), 1000);
  std::string_view line;
  int count = 0;
  while (reader.Next(line)) {
    REQUIRE(line == "line " + std::to_string(count));
    ++count;
  }
  CHECK(count == 10'000);
  CHECK_FALSE(reader.failed());
}

TEST_CASE("io: format of a path") {
  CHECK(FormatOfPath("events.jsonl") == Format::Jsonl);
  CHECK(FormatOfPath("a/b/events.NDJSON") == Format::Jsonl);
  CHECK(FormatOfPath("events.json") == Format::Jsonl);
  CHECK(FormatOfPath("debtors.CSV") == Format::Csv);
  CHECK(FormatOfPath("events.txt") == std::nullopt);
  CHECK(FormatOfPath("csv") == std::nullopt);
  CHECK(FormatOfPath("") == std::nullopt);
}

}  // namespace
}  // namespace cobro::runtime::io
