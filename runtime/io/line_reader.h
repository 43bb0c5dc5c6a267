#pragma once

// Private to runtime/io. Splits input into physical lines a chunk at a time.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/io/input.h"

namespace cobro::runtime::io {

// Bytes kept readable after every line, so simdjson can parse a line in
// place (it reads up to SIMDJSON_PADDING bytes past the end; json_value.cpp
// checks the two agree).
inline constexpr size_t kLinePadding = 64;

class LineReader {
 public:
  LineReader(Input input, size_t chunk_bytes);

  // The next line without its `\n` or `\r\n` (and without a leading UTF-8
  // BOM on line 1); false at the end. The view is valid until the next call
  // and is followed by at least kLinePadding readable bytes.
  auto Next(std::string_view& line) -> bool;

  // The 1-based number of the line last returned (0 before the first).
  auto line_number() const -> int64_t { return line_number_; }
  auto failed() const -> bool { return input_.failed(); }

 private:
  // Moves the unread tail to the front and reads more; false at the end.
  auto Refill() -> bool;

  Input input_;
  size_t chunk_bytes_;
  std::vector<char> buffer_;  // Data, then kLinePadding bytes.
  size_t begin_ = 0;          // First unread byte.
  size_t end_ = 0;            // One past the last byte read.
  size_t scanned_ = 0;        // Bytes from begin_ known to hold no '\n'.
  bool at_end_ = false;
  int64_t line_number_ = 0;
};

}  // namespace cobro::runtime::io
