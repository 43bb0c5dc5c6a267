#include "lsp/positions.h"

#include <algorithm>

namespace cobro::lsp {

namespace {

// The length in bytes of the UTF-8 sequence that starts with `lead`, or 1
// for a byte that cannot start one (counted as one unit, like a replacement
// character).
auto SequenceLength(unsigned char lead) -> uint32_t {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Code units of one character of `length` bytes.
auto UnitsOf(uint32_t length, PositionEncoding encoding) -> uint32_t {
  if (encoding == PositionEncoding::Utf8) return length;
  return length == 4 ? 2 : 1;
}

// Bytes of the character at `offset`, clipped to `end` and to continuation
// bytes that are really there.
auto CharacterLength(std::string_view text, uint32_t offset, uint32_t end) -> uint32_t {
  uint32_t length = SequenceLength(static_cast<unsigned char>(text[offset]));
  uint32_t available = 1;
  while (available < length && offset + available < end &&
         (static_cast<unsigned char>(text[offset + available]) & 0xC0) == 0x80) {
    ++available;
  }
  return available < length ? 1 : length;
}

}  // namespace

auto EncodingName(PositionEncoding encoding) -> const char* {
  return encoding == PositionEncoding::Utf8 ? "utf-8" : "utf-16";
}

LineIndex::LineIndex(std::string_view text, PositionEncoding encoding) : text_(text), encoding_(encoding) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      line_starts_.push_back(i + 1);
    }
  }
}

auto LineIndex::LineStart(int32_t line) const -> uint32_t {
  if (line < 0) return 0;
  if (line >= line_count()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line];
}

auto LineIndex::LineEnd(int32_t line) const -> uint32_t {
  if (line < 0) return 0;
  if (line >= line_count()) return static_cast<uint32_t>(text_.size());
  uint32_t end = line + 1 < line_count() ? line_starts_[line + 1] : static_cast<uint32_t>(text_.size());
  while (end > line_starts_[line] && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return end;
}

auto LineIndex::ToPosition(uint32_t offset) const -> Position {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<int32_t>(after - line_starts_.begin()) - 1;
  uint32_t start = line_starts_[line];
  uint32_t end = LineEnd(line);
  // An offset inside a line terminator is the end of the line.
  uint32_t target = std::min(offset, end);
  if (encoding_ == PositionEncoding::Utf8) return Position{line, static_cast<int32_t>(target - start)};
  uint32_t units = 0;
  for (uint32_t i = start; i < target;) {
    uint32_t length = CharacterLength(text_, i, end);
    if (i + length > target) break;
    units += UnitsOf(length, encoding_);
    i += length;
  }
  return Position{line, static_cast<int32_t>(units)};
}

auto LineIndex::ToOffset(Position position) const -> uint32_t {
  if (position.line < 0) return 0;
  if (position.line >= line_count()) return static_cast<uint32_t>(text_.size());
  uint32_t start = line_starts_[position.line];
  uint32_t end = LineEnd(position.line);
  auto wanted = static_cast<uint32_t>(std::max(position.character, 0));
  if (encoding_ == PositionEncoding::Utf8) return std::min(start + wanted, end);
  uint32_t units = 0;
  uint32_t i = start;
  while (i < end && units < wanted) {
    uint32_t length = CharacterLength(text_, i, end);
    units += UnitsOf(length, encoding_);
    i += length;
  }
  return i;
}

auto LineIndex::ToOffsets(const Range& range) const -> std::pair<uint32_t, uint32_t> {
  uint32_t begin = ToOffset(range.start);
  uint32_t end = ToOffset(range.end);
  if (end < begin) std::swap(begin, end);
  return {begin, end};
}

auto EncodedLength(std::string_view text, PositionEncoding encoding) -> uint32_t {
  uint32_t units = 0;
  auto end = static_cast<uint32_t>(text.size());
  for (uint32_t i = 0; i < end;) {
    uint32_t length = CharacterLength(text, i, end);
    units += UnitsOf(length, encoding);
    i += length;
  }
  return units;
}

}  // namespace cobro::lsp
