#include "runtime/io/line_reader.h"

#include <algorithm>
#include <cstring>

namespace cobro::runtime::io {

LineReader::LineReader(Input input, size_t chunk_bytes)
    : input_(input), chunk_bytes_(std::max<size_t>(chunk_bytes, 1)), buffer_(chunk_bytes_ + kLinePadding) {}

auto LineReader::Next(std::string_view& line) -> bool {
  while (true) {
    const char* data = buffer_.data();
    const void* newline = begin_ + scanned_ < end_
                              ? std::memchr(data + begin_ + scanned_, '\n', end_ - begin_ - scanned_)
                              : nullptr;
    size_t line_end = 0;
    size_t next = 0;
    if (newline != nullptr) {
      line_end = static_cast<size_t>(static_cast<const char*>(newline) - data);
      next = line_end + 1;
    } else if (!at_end_) {
      scanned_ = end_ - begin_;
      if (!Refill()) at_end_ = true;
      continue;
    } else if (begin_ < end_) {
      // The last line has no line break.
      line_end = end_;
      next = end_;
    } else {
      return false;
    }
    line = std::string_view(data + begin_, line_end - begin_);
    begin_ = next;
    scanned_ = 0;
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    return true;
  }
}

auto LineReader::Refill() -> bool {
  size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  // A line longer than the buffer: grow it, so any line fits.
  if (buffer_.size() - kLinePadding - end_ < chunk_bytes_ / 2 + 1) {
    buffer_.resize(std::max(buffer_.size() * 2, end_ + chunk_bytes_ + kLinePadding));
  }
  size_t room = buffer_.size() - kLinePadding - end_;
  size_t count = input_.Read(buffer_.data() + end_, room);
  end_ += count;
  // The padding after a short final line must not hold bytes of an older
  // chunk that a parser could mistake for data; zeros are inert.
  std::memset(buffer_.data() + end_, 0, kLinePadding);
  return count > 0;
}

}  // namespace cobro::runtime::io
