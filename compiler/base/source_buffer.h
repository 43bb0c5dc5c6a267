#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/id.h"

namespace cobro {

struct FileTag;
// Identifies one source file within a SourceManager.
using FileId = Id<FileTag>;

// A byte range [begin, end) in one file. Line and column come from the file's
// SourceBuffer; conversion to UTF-16 happens only in lsp/.
struct SourceRange {
  FileId file;
  uint32_t begin = 0;
  uint32_t end = 0;

  // Whether the range points into a file.
  auto has_value() const -> bool { return file.has_value(); }

  // The smallest range covering both; `a` and `b` must be in the same file
  // unless one of them is empty.
  static auto Join(SourceRange a, SourceRange b) -> SourceRange;

  friend auto operator==(const SourceRange&, const SourceRange&) -> bool = default;
};

// A 1-based line and column; the column counts bytes.
struct LineColumn {
  int32_t line = 0;
  int32_t column = 0;
};

// The text of one source file with its line table. The path is how the file
// was named on the command line or found by import resolution.
class SourceBuffer {
 public:
  SourceBuffer(std::string path, std::string text);

  auto path() const -> const std::string& { return path_; }
  auto text() const -> std::string_view { return text_; }

  // The 1-based line and byte column of a byte offset.
  auto LineColumnAt(uint32_t offset) const -> LineColumn;

  // The text of a 1-based line, without its line terminator.
  auto LineText(int32_t line) const -> std::string_view;

  // The number of lines.
  auto line_count() const -> int32_t { return static_cast<int32_t>(line_starts_.size()); }

  // The byte offset at which a 1-based line starts.
  auto LineStart(int32_t line) const -> uint32_t { return line_starts_[line - 1]; }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Owns every SourceBuffer of a compilation, indexed by FileId.
class SourceManager {
 public:
  // Adds a file and returns its Id.
  auto Add(std::string path, std::string text) -> FileId;

  // The buffer of `file`, which must be valid.
  auto Get(FileId file) const -> const SourceBuffer&;

  // The number of files.
  auto size() const -> size_t { return buffers_.size(); }

 private:
  // unique_ptr keeps buffers at stable addresses while files are added.
  std::vector<std::unique_ptr<SourceBuffer>> buffers_;
};

}  // namespace cobro
