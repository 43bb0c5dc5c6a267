#pragma once

// What the input readers share: file formats, the two kinds of failure (a
// line that cannot be used, a file that cannot be read at all) and where
// the bytes come from. docs/inputs.md describes the formats.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace cobro::runtime::io {

enum class Format : uint8_t { Jsonl, Csv };

// The format a file name implies: `.jsonl`, `.ndjson` and `.json` are JSONL,
// `.csv` is CSV (case-insensitive); nullopt for anything else.
auto FormatOfPath(std::string_view path) -> std::optional<Format>;

// A line that could not be used: its 1-based physical line number, a reason
// naming the field or column at fault, and the raw line (without its line
// break) for the quarantine file.
struct LineError {
  int64_t line = 0;
  std::string reason;
  std::string text;
};

// A failure that stops the whole file (a CSV header that does not fit the
// module, a read error). The message starts with the path and, when there is
// one, the line: `debtors.csv:1: missing column "balance"`.
struct FileError {
  std::string message;
};

struct ReaderOptions {
  // Bytes read from a stream at a time. Lines may be longer: the buffer grows
  // to hold the longest line. Tests make it small to cross chunk boundaries.
  size_t chunk_bytes = size_t{1} << 20;
};

// The bytes a reader reads: a stream (read in chunks, so files of any size
// work) or a buffer in memory. Either must outlive the reader using it.
class Input {
 public:
  static auto Stream(std::istream& stream) -> Input { return Input(&stream, {}); }
  static auto Memory(std::string_view buffer) -> Input { return Input(nullptr, buffer); }

  // Copies up to `size` bytes to `destination`; returns how many (0 at the end).
  auto Read(char* destination, size_t size) -> size_t;
  // True when the stream failed for a reason other than reaching its end.
  auto failed() const -> bool;

 private:
  Input(std::istream* stream, std::string_view buffer) : stream_(stream), buffer_(buffer) {}

  std::istream* stream_;
  std::string_view buffer_;
};

}  // namespace cobro::runtime::io
