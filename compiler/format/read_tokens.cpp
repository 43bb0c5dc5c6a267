// Lexing for the formatter: the parser's own tokens, with the input's line
// breaks between them and brackets paired.

#include <algorithm>

#include "compiler/format/layout.h"

namespace cobro::format {

auto ReadTokens(std::string_view text) -> Tokens {
  Tokens tokens;
  uint32_t previous_end = 0;
  for (const parse::SyntaxToken& token : parse::Tokenize(text)) {
    TokenInfo info;
    info.token = token;
    info.comment = token.kind == parse::TokenClass::Comment ||
                   token.kind == parse::TokenClass::DocComment;
    std::string_view gap = text.substr(previous_end, token.begin - previous_end);
    info.newlines_before = static_cast<int32_t>(std::count(gap.begin(), gap.end(), '\n'));
    previous_end = token.end;
    tokens.push_back(info);
  }
  // Pairs brackets by nesting alone: an interval `[0, 30)` closes a `[` with
  // `)`. The file parsed without errors, so every opener has its closer.
  std::vector<int32_t> open;
  for (size_t i = 0; i < tokens.size(); ++i) {
    TokenInfo& token = tokens[i];
    if (token.opener()) {
      open.push_back(static_cast<int32_t>(i));
      token.bracket = BracketKind::Group;
    } else if (token.closer() && !open.empty()) {
      int32_t opener = open.back();
      open.pop_back();
      token.match = opener;
      token.bracket = BracketKind::Group;
      tokens[static_cast<size_t>(opener)].match = static_cast<int32_t>(i);
    }
  }
  return tokens;
}

auto CommentText(std::string_view text) -> std::string {
  std::string result;
  size_t begin = 0;
  while (true) {
    size_t end = text.find('\n', begin);
    std::string_view line = text.substr(begin, end == std::string_view::npos ? text.size() - begin
                                                                             : end - begin);
    size_t keep = line.find_last_not_of(" \t\r\f");
    result += line.substr(0, keep == std::string_view::npos ? 0 : keep + 1);
    if (end == std::string_view::npos) break;
    result += '\n';
    begin = end + 1;
  }
  return result;
}

auto Columns(std::string_view text) -> int32_t {
  int32_t columns = 0;
  for (char c : text) {
    // Continuation bytes of UTF-8 (10xxxxxx) add no column.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

}  // namespace cobro::format
