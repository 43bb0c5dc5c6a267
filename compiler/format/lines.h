#pragma once

// The lines of one clause once its line starts are chosen: where each line
// starts, how far it is indented and how wide its code is. Shared by the line
// breaker, which measures, and the printer, which writes. Private to
// compiler/format.

#include <cstdint>
#include <vector>

#include "compiler/format/layout.h"

namespace cobro::format {

struct Line {
  // Tokens [first, end).
  int32_t first = 0;
  int32_t end = 0;
  int32_t indent = 0;
  // Columns up to the end of its last code token; a comment after it does
  // not count.
  int32_t width = 0;
};

// The clauses of the file: [begin, end) ranges that start at a hard token
// (or the file's first token) and end before the next hard token.
auto Clauses(const Tokens& tokens) -> std::vector<std::pair<int32_t, int32_t>>;

// The lines of clause [begin, end) by the tokens' `line_start` flags.
//
// A line inside a broken list is indented one step past the line that opened
// the list, and one more when it continues an item; a list's closer lines up
// with its opener's line. Any other continuation is one step past the clause.
auto ClauseLines(const Tokens& tokens, int32_t begin, int32_t end, const Options& options)
    -> std::vector<Line>;

// The spaces between token `index` and the token before it on the same line.
auto SpaceBefore(const Tokens& tokens, int32_t index) -> int32_t;

// The columns token `index` takes: a comment's first line only.
auto TokenColumns(const TokenInfo& token) -> int32_t;

}  // namespace cobro::format
