#pragma once

// Private to runtime/io. Splits one CSV line into cells (RFC 4180 quoting).
// A record is one physical line: a quoted cell may not hold a line break,
// so one stray quote costs one quarantined line, not the rest of the file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cobro::runtime::io {

struct CsvCell {
  std::string_view text;  // Unquoted, doubled quotes undone.
  bool quoted = false;    // `""` is a present empty string; an empty unquoted cell is absent.
};

struct CsvSyntaxError {
  size_t column = 0;  // 0-based.
  std::string what;   // `unterminated quote`.
};

class CsvSplitter {
 public:
  // Splits `line` into `cells` (cleared first). The views point into `line`
  // or into the splitter and stay valid until the next call.
  auto Split(std::string_view line, std::vector<CsvCell>& cells) -> std::optional<CsvSyntaxError>;

 private:
  std::string unescaped_;
};

}  // namespace cobro::runtime::io
