#include "runtime/io/csv_line.h"

#include <cstring>

namespace cobro::runtime::io {

auto CsvSplitter::Split(std::string_view line, std::vector<CsvCell>& cells) -> std::optional<CsvSyntaxError> {
  cells.clear();
  // Reserved up front so views into it survive later appends.
  unescaped_.clear();
  unescaped_.reserve(line.size());
  size_t pos = 0;
  while (true) {
    size_t column = cells.size();
    if (pos < line.size() && line[pos] == '"') {
      // Quoted: runs of text up to each quote; `""` stands for one quote.
      size_t start = ++pos;
      bool doubled = false;
      size_t unescaped_start = unescaped_.size();
      while (true) {
        const void* quote = pos < line.size() ? std::memchr(line.data() + pos, '"', line.size() - pos) : nullptr;
        if (quote == nullptr) return CsvSyntaxError{column, "unterminated quote"};
        size_t at = static_cast<size_t>(static_cast<const char*>(quote) - line.data());
        if (at + 1 < line.size() && line[at + 1] == '"') {
          doubled = true;
          unescaped_.append(line.substr(pos, at + 1 - pos));
          pos = at + 2;
          continue;
        }
        if (doubled) {
          unescaped_.append(line.substr(pos, at - pos));
          cells.push_back({std::string_view(unescaped_).substr(unescaped_start), true});
        } else {
          cells.push_back({line.substr(start, at - start), true});
        }
        pos = at + 1;
        break;
      }
      if (pos < line.size() && line[pos] != ',') {
        return CsvSyntaxError{column, "unexpected `" + std::string(1, line[pos]) + "` after a closing quote"};
      }
    } else {
      const void* comma = pos < line.size() ? std::memchr(line.data() + pos, ',', line.size() - pos) : nullptr;
      size_t end = comma != nullptr ? static_cast<size_t>(static_cast<const char*>(comma) - line.data()) : line.size();
      std::string_view text = line.substr(pos, end - pos);
      if (text.find('"') != std::string_view::npos) {
        return CsvSyntaxError{column, "quote inside an unquoted cell; quote the whole cell and double the quote"};
      }
      cells.push_back({text, false});
      pos = end;
    }
    if (pos >= line.size()) return std::nullopt;
    ++pos;  // The comma.
  }
}

}  // namespace cobro::runtime::io
