#include "runtime/io/input.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace cobro::runtime::io {

namespace {

auto EndsWithIgnoringCase(std::string_view text, std::string_view suffix) -> bool {
  if (text.size() < suffix.size()) return false;
  text.remove_prefix(text.size() - suffix.size());
  return std::equal(text.begin(), text.end(), suffix.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

}  // namespace

auto FormatOfPath(std::string_view path) -> std::optional<Format> {
  for (std::string_view suffix : {".jsonl", ".ndjson", ".json"}) {
    if (EndsWithIgnoringCase(path, suffix)) return Format::Jsonl;
  }
  if (EndsWithIgnoringCase(path, ".csv")) return Format::Csv;
  return std::nullopt;
}

auto Input::Read(char* destination, size_t size) -> size_t {
  if (stream_ == nullptr) {
    size_t count = std::min(size, buffer_.size());
    std::memcpy(destination, buffer_.data(), count);
    buffer_.remove_prefix(count);
    return count;
  }
  if (!*stream_) return 0;
  stream_->read(destination, static_cast<std::streamsize>(size));
  return static_cast<size_t>(stream_->gcount());
}

auto Input::failed() const -> bool { return stream_ != nullptr && stream_->bad(); }

}  // namespace cobro::runtime::io
