#pragma once

// Where the protocol's positions meet the compiler's byte offsets. LSP
// counts a position's character in UTF-16 code units by default (or in
// UTF-8 bytes when both sides agree on it); the compiler counts bytes. This
// is the only place that converts between the two.

#include <cstdint>
#include <string_view>
#include <vector>

#include "lsp/protocol.h"

namespace cobro::lsp {

// The unit of Position::character, negotiated at initialize.
enum class PositionEncoding : uint8_t { Utf16, Utf8 };

// The protocol's name for an encoding: "utf-16", "utf-8".
auto EncodingName(PositionEncoding encoding) -> const char*;

// Converts between byte offsets and positions in one text. Keeps a view of
// `text`, which must outlive it. Lines end at "\n", "\r\n" or "\r", as the
// protocol says.
class LineIndex {
 public:
  LineIndex(std::string_view text, PositionEncoding encoding);

  // The position of byte `offset`; an offset past the end is the end, one
  // inside a multi-byte character counts from that character's start.
  auto ToPosition(uint32_t offset) const -> Position;

  // The byte offset of `position`: a line past the end is the end of the
  // text, a character past the end of its line is the line's end (before
  // its terminator), and one inside a surrogate pair is after that pair.
  auto ToOffset(Position position) const -> uint32_t;

  auto ToRange(uint32_t begin, uint32_t end) const -> Range {
    return Range{ToPosition(begin), ToPosition(end)};
  }

  // The byte offsets [begin, end) of a range.
  auto ToOffsets(const Range& range) const -> std::pair<uint32_t, uint32_t>;

  // The number of lines (an empty text has one).
  auto line_count() const -> int32_t { return static_cast<int32_t>(line_starts_.size()); }

  // The byte offset where 0-based `line` starts; the text's end past the last.
  auto LineStart(int32_t line) const -> uint32_t;

  // The byte offset where 0-based `line` ends, before its terminator.
  auto LineEnd(int32_t line) const -> uint32_t;

  auto text() const -> std::string_view { return text_; }
  auto encoding() const -> PositionEncoding { return encoding_; }

 private:
  std::string_view text_;
  PositionEncoding encoding_;
  std::vector<uint32_t> line_starts_;
};

// The length of `text` in the units of `encoding`, for lengths the protocol
// counts (semantic tokens).
auto EncodedLength(std::string_view text, PositionEncoding encoding) -> uint32_t;

}  // namespace cobro::lsp
