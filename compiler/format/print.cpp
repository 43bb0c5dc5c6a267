// Writes the tokens on their lines: indentation, spaces, blank lines, and
// comments at the end of consecutive lines lined up in one column.

#include <algorithm>

#include "compiler/format/layout.h"
#include "compiler/format/lines.h"

namespace cobro::format {

namespace {

struct OutLine {
  Line line;
  bool blank_before = false;
  // The comment that ends the line after code, or -1.
  int32_t trailing = -1;
  // Where the trailing comment starts.
  int32_t comment_column = 0;
};

auto NextCode(const Tokens& tokens, size_t index) -> const TokenInfo* {
  for (size_t i = index; i < tokens.size(); ++i) {
    if (!tokens[i].comment) return &tokens[i];
  }
  return nullptr;
}

// Blank lines from the input survive between the items of a block (at most
// one), never inside a clause or at the edges of a block.
auto BlankBefore(const Tokens& tokens, size_t index) -> bool {
  if (index == 0) return false;
  const TokenInfo& token = tokens[index];
  if (token.bracket == BracketKind::Block && token.is("}")) return false;
  const TokenInfo& previous = tokens[index - 1];
  if (previous.bracket == BracketKind::Block && previous.is("{")) return false;
  if (token.blank_required) return true;
  if (token.newlines_before < 2) return false;
  if (token.hard) return true;
  const TokenInfo* next = NextCode(tokens, index);
  return token.comment && (next == nullptr || next->hard);
}

auto Layout(const Tokens& tokens, const Options& options) -> std::vector<OutLine> {
  std::vector<OutLine> lines;
  for (auto [begin, end] : Clauses(tokens)) {
    for (const Line& line : ClauseLines(tokens, begin, end, options)) {
      OutLine out{line};
      out.blank_before = BlankBefore(tokens, static_cast<size_t>(line.first));
      int32_t last = line.end - 1;
      if (last > line.first && tokens[static_cast<size_t>(last)].comment) {
        out.trailing = last;
        out.comment_column = line.width + 1;
      }
      lines.push_back(out);
    }
  }
  // Comments ending consecutive lines of one indent start in one column,
  // like gofmt's.
  for (size_t run = 0; run < lines.size();) {
    size_t end = run;
    int32_t column = 0;
    while (end < lines.size() && lines[end].trailing >= 0 &&
           (end == run || (!lines[end].blank_before &&
                           lines[end].line.indent == lines[run].line.indent))) {
      column = std::max(column, lines[end].comment_column);
      ++end;
    }
    for (size_t i = run; i < end; ++i) lines[i].comment_column = column;
    run = std::max(end, run + 1);
  }
  return lines;
}

}  // namespace

auto Print(const Tokens& tokens, const Options& options) -> Printed {
  Printed printed;
  printed.begins.resize(tokens.size());
  printed.ends.resize(tokens.size());
  std::string& out = printed.text;
  for (const OutLine& line : Layout(tokens, options)) {
    if (!out.empty()) out += line.blank_before ? "\n\n" : "\n";
    out.append(static_cast<size_t>(line.line.indent), ' ');
    int32_t column = line.line.indent;
    for (int32_t i = line.line.first; i < line.line.end; ++i) {
      const TokenInfo& token = tokens[static_cast<size_t>(i)];
      if (i != line.line.first) {
        int32_t spaces = SpaceBefore(tokens, i);
        if (i == line.trailing) spaces = std::max(1, line.comment_column - column);
        out.append(static_cast<size_t>(spaces), ' ');
        column += spaces;
      }
      printed.begins[static_cast<size_t>(i)] = static_cast<uint32_t>(out.size());
      if (token.comment) {
        out += CommentText(token.text());
      } else {
        out += token.text();
      }
      printed.ends[static_cast<size_t>(i)] = static_cast<uint32_t>(out.size());
      column += TokenColumns(token);
    }
  }
  if (!out.empty()) out += '\n';
  return printed;
}

}  // namespace cobro::format
