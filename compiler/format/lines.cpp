#include "compiler/format/lines.h"

namespace cobro::format {

namespace {

struct OpenBracket {
  int32_t opener;
  BracketKind kind;
  // The indent of the line the opener is on.
  int32_t line_indent;
  // A list broken only between items hangs: its items line up with the first.
  bool hanging;
  int32_t first_item;
};

auto At(const Tokens& tokens, int32_t index) -> const TokenInfo& {
  return tokens[static_cast<size_t>(index)];
}

auto FirstCodeFrom(const Tokens& tokens, int32_t index) -> int32_t {
  for (auto i = static_cast<size_t>(index); i < tokens.size(); ++i) {
    if (!tokens[i].comment) return static_cast<int32_t>(i);
  }
  return -1;
}

auto PreviousCode(const Tokens& tokens, int32_t index) -> int32_t {
  for (int32_t i = index - 1; i >= 0; --i) {
    if (!At(tokens, i).comment) return i;
  }
  return -1;
}

}  // namespace

auto Clauses(const Tokens& tokens) -> std::vector<std::pair<int32_t, int32_t>> {
  std::vector<std::pair<int32_t, int32_t>> clauses;
  int32_t begin = 0;
  for (size_t i = 1; i < tokens.size(); ++i) {
    if (!tokens[i].hard) continue;
    clauses.emplace_back(begin, static_cast<int32_t>(i));
    begin = static_cast<int32_t>(i);
  }
  if (!tokens.empty()) clauses.emplace_back(begin, static_cast<int32_t>(tokens.size()));
  return clauses;
}

auto ClauseLines(const Tokens& tokens, int32_t begin, int32_t end, const Options& options)
    -> std::vector<Line> {
  std::vector<Line> lines;
  std::vector<OpenBracket> open;
  int32_t clause_indent = At(tokens, begin).depth * options.indent;
  // The column each token of the clause starts at.
  std::vector<int32_t> columns(static_cast<size_t>(end - begin), 0);
  auto column_of = [&](int32_t index) { return columns[static_cast<size_t>(index - begin)]; };

  auto indent_for = [&](int32_t index) -> int32_t {
    if (index == begin) return clause_indent;
    int32_t code = FirstCodeFrom(tokens, index);
    if (code < 0) return At(tokens, index).depth * options.indent;
    const TokenInfo& next = At(tokens, code);
    if (code >= end || next.hard) {
      // Comments above a line sit at its indent; above a block's closer, at
      // the indent of the block's items.
      bool block_close = next.bracket == BracketKind::Block && next.is("}");
      return next.depth * options.indent + (block_close && code != index ? options.indent : 0);
    }
    if (next.align_to >= begin && next.align_to < code) return column_of(next.align_to);
    if (open.empty()) return clause_indent + options.indent;
    const OpenBracket& top = open.back();
    if (next.match == top.opener) {
      return code == index ? top.line_indent : top.line_indent + options.indent;
    }
    int32_t content = top.hanging ? column_of(top.first_item) : top.line_indent + options.indent;
    if (top.kind != BracketKind::List) return content;
    int32_t previous = PreviousCode(tokens, code);
    bool item_start = previous == top.opener || (previous >= 0 && At(tokens, previous).is(","));
    return item_start ? content : content + options.indent;
  };

  int32_t cursor = 0;
  for (int32_t i = begin; i < end; ++i) {
    const TokenInfo& token = At(tokens, i);
    if (i == begin || token.line_start) {
      if (!lines.empty()) lines.back().end = i;
      int32_t indent = indent_for(i);
      lines.push_back(Line{i, end, indent, indent});
      cursor = indent;
    } else {
      cursor += SpaceBefore(tokens, i);
    }
    columns[static_cast<size_t>(i - begin)] = cursor;
    cursor += TokenColumns(token);
    if (!token.comment) lines.back().width = cursor;
    if (token.bracket == BracketKind::List || token.bracket == BracketKind::Group) {
      if (token.opener()) {
        int32_t first = FirstCodeFrom(tokens, i + 1);
        bool hanging = token.bracket == BracketKind::List && first >= 0 && first < end &&
                       first != token.match && !At(tokens, first).line_start;
        open.push_back(OpenBracket{i, token.bracket, lines.back().indent, hanging, first});
      } else if (!open.empty()) {
        open.pop_back();
      }
    }
  }
  return lines;
}

auto SpaceBefore(const Tokens& tokens, int32_t index) -> int32_t {
  const TokenInfo& token = At(tokens, index);
  if (index == 0) return 0;
  if (token.comment) return 1;
  if (At(tokens, index - 1).comment) return token.glue ? 0 : 1;
  return token.glue ? 0 : 1 + token.pad;
}

auto TokenColumns(const TokenInfo& token) -> int32_t {
  std::string_view text = token.text();
  if (token.comment) {
    text = text.substr(0, text.find('\n'));
    text = text.substr(0, text.find_last_not_of(" \t\r\f") + 1);
  }
  return Columns(text);
}

}  // namespace cobro::format
