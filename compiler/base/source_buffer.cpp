#include "compiler/base/source_buffer.h"

#include <algorithm>

#include "compiler/base/check.h"

namespace cobro {

auto SourceRange::Join(SourceRange a, SourceRange b) -> SourceRange {
  if (!a.has_value()) return b;
  if (!b.has_value()) return a;
  return SourceRange{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

SourceBuffer::SourceBuffer(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

auto SourceBuffer::LineColumnAt(uint32_t offset) const -> LineColumn {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<int32_t>(it - line_starts_.begin());
  return LineColumn{line, static_cast<int32_t>(offset - line_starts_[line - 1]) + 1};
}

auto SourceBuffer::LineText(int32_t line) const -> std::string_view {
  COBRO_CHECK(line >= 1 && line <= line_count());
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_count() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view result(text_.data() + begin, end - begin);
  while (!result.empty() && (result.back() == '\n' || result.back() == '\r')) {
    result.remove_suffix(1);
  }
  return result;
}

auto SourceManager::Add(std::string path, std::string text) -> FileId {
  buffers_.push_back(std::make_unique<SourceBuffer>(std::move(path), std::move(text)));
  return FileId{static_cast<int32_t>(buffers_.size() - 1)};
}

auto SourceManager::Get(FileId file) const -> const SourceBuffer& {
  COBRO_CHECK(file.has_value() && static_cast<size_t>(file.index) < buffers_.size());
  return *buffers_[file.index];
}

}  // namespace cobro
