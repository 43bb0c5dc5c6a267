#pragma once

// The formatter's working data: one TokenInfo per token of the input,
// comments included. ReadTokens lexes and pairs brackets, Annotate adds what
// the syntax tree knows (where lines must start, where they may break, where
// tokens touch), BreakLines decides the line starts and Print writes them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/format/format.h"
#include "compiler/parse/tokens.h"

namespace cobro::format {

enum class BracketKind : uint8_t {
  None,
  Block,  // The braces of a declaration, state or `always`: items go on lines of their own.
  List,   // Arguments, parameters, sets, records: broken after the opener and between items.
  Group,  // Parentheses of an expression, interval brackets, type angles: never broken.
};

// Where a line may break, most preferred first. A line that is too long breaks
// at clause keywords before `and`/`or` and clause lists, and at those before
// the items of bracketed lists.
enum class BreakLevel : uint8_t { None, Clause, Operator, ListItem };

struct TokenInfo {
  parse::SyntaxToken token;
  bool comment = false;
  // Line breaks in the input between the previous token and this one.
  int32_t newlines_before = 0;

  // --- From the syntax tree (Annotate) ---
  // Starts a line at `depth`: declarations, items of blocks, block closers.
  bool hard = false;
  // A blank line goes before it (or before the comments attached above it).
  bool blank_required = false;
  // How many blocks enclose it; a block's braces are outside it.
  int32_t depth = 0;
  BreakLevel break_level = BreakLevel::None;
  // No space between the previous token and this one.
  bool glue = false;
  // Spaces added to the one before it: scorecard alignment, `DATE  TIME`.
  int32_t pad = 0;
  // Brackets: their kind and the index of their partner.
  BracketKind bracket = BracketKind::None;
  int32_t match = -1;
  // A List `{` of a record writes `{ a: 1 }`; a set writes `{a, b}`.
  bool space_inside = false;
  // Tokens that line up in a column with the others of their group: the
  // first bin of each scorecard row, the share of each experiment arm.
  int32_t align_group = -1;
  // The width fitter never breaks before it: the subject of a scorecard row,
  // whose width the row's alignment depends on.
  bool keep_together = false;
  // An item of a comma-separated clause list (scorecard bins, expectations,
  // schedule items): on a line of its own it lines up with this token, the
  // list's first item.
  int32_t align_to = -1;

  // --- From BreakLines ---
  bool line_start = false;

  auto text() const -> std::string_view { return token.text; }
  auto is(std::string_view spelling) const -> bool { return !comment && token.text == spelling; }
  // A `//` or `///` comment: the line ends after it.
  auto line_comment() const -> bool { return comment && token.text.starts_with("//"); }
  auto opener() const -> bool { return is("(") || is("[") || is("{"); }
  auto closer() const -> bool { return is(")") || is("]") || is("}"); }
};

using Tokens = std::vector<TokenInfo>;

// Every token of `text` with the line breaks before it and brackets paired.
auto ReadTokens(std::string_view text) -> Tokens;

// Fills the structural fields of `tokens` from the tree parsed from the same text.
void Annotate(const ast::File& file, Tokens& tokens);

// Decides which tokens start lines: the hard ones, the breaks the author made
// where a break is allowed, and those that keep lines within the width.
void BreakLines(Tokens& tokens, const Options& options);

// The formatted text, and where each token landed in it.
struct Printed {
  std::string text;
  std::vector<uint32_t> begins;
  std::vector<uint32_t> ends;
};

// Writes the tokens on the lines BreakLines chose.
auto Print(const Tokens& tokens, const Options& options) -> Printed;

// A comment as the formatter writes it: trailing spaces of each line removed,
// line ends as `\n`.
auto CommentText(std::string_view text) -> std::string;

// The width of `text` in columns: code points, not bytes.
auto Columns(std::string_view text) -> int32_t;

}  // namespace cobro::format
