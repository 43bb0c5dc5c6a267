// Chooses the line starts. The structure fixes most of them (one item per
// line); within a clause a line breaks where the author broke it, if the
// language allows a break there, and where it must to fit the width.
//
// Keeping the author's breaks at allowed places, rather than joining every
// clause that fits, is what lets a policy keep its `cite ...` metadata on a
// line of its own and a long guard split at its `and`. It is also what makes
// the result stable: every break the formatter makes is at an allowed place,
// so formatting again keeps it, and every line it leaves long has nowhere
// left to break.

#include <algorithm>

#include "compiler/format/layout.h"
#include "compiler/format/lines.h"

namespace cobro::format {

namespace {

auto At(Tokens& tokens, int32_t index) -> TokenInfo& { return tokens[static_cast<size_t>(index)]; }

auto NextCode(const Tokens& tokens, int32_t index) -> int32_t {
  for (auto i = static_cast<size_t>(index) + 1; i < tokens.size(); ++i) {
    if (!tokens[i].comment) return static_cast<int32_t>(i);
  }
  return -1;
}

void KeptBreaks(Tokens& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    TokenInfo& token = tokens[i];
    const TokenInfo* previous = i > 0 ? &tokens[i - 1] : nullptr;
    bool start = i == 0 || token.hard;
    // A comment on a line of its own stays there; one after code stays after it.
    if (token.comment && token.newlines_before > 0) start = true;
    if (previous != nullptr && previous->comment &&
        (previous->line_comment() || token.newlines_before > 0)) {
      start = true;
    }
    if (!token.comment && token.break_level != BreakLevel::None && token.newlines_before > 0) {
      start = true;
    }
    token.line_start = start;
  }
}

// A list broken after its opener or before its closer is broken at both,
// its items on lines of their own; one broken only between items hangs, its
// items lined up with the first (lines.cpp).
void BreakLists(Tokens& tokens, int32_t begin, int32_t end) {
  for (int32_t opener = begin; opener < end; ++opener) {
    const TokenInfo& token = At(tokens, opener);
    if (token.bracket != BracketKind::List || !token.opener() || token.match < opener) continue;
    int32_t closer = token.match;
    int32_t first = NextCode(tokens, opener);
    if (first == closer) continue;
    if (At(tokens, first).line_start || At(tokens, closer).line_start) {
      At(tokens, first).line_start = true;
      At(tokens, closer).line_start = true;
    }
  }
}

// Moves a required blank line above the comments attached to the token
// (the ones right above it or before it on its line, with no blank line
// between).
void AttachBlankLines(Tokens& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].blank_required) continue;
    size_t top = i;
    while (top > 0 && tokens[top].newlines_before <= 1 && tokens[top - 1].comment &&
           (top - 1 == 0 || tokens[top - 1].newlines_before > 0)) {
      --top;
    }
    tokens[i].blank_required = false;
    tokens[top].blank_required = true;
  }
}

// Lines up the tokens of each align group (the first bins of a scorecard's
// rows, the shares of an experiment's arms): what comes before them on their
// line is padded to the widest of the group.
void AlignColumns(Tokens& tokens) {
  struct Row {
    int32_t bins;
    int32_t width;
  };
  std::vector<std::vector<Row>> groups;
  for (size_t i = 0; i < tokens.size(); ++i) {
    int32_t group = tokens[i].align_group;
    if (group < 0) continue;
    int32_t start = static_cast<int32_t>(i);
    while (start > 0 && !At(tokens, start).hard) --start;
    int32_t width = 0;
    bool simple = true;
    for (int32_t k = start; k < static_cast<int32_t>(i) && simple; ++k) {
      simple = !At(tokens, k).comment && (k == start || !At(tokens, k).line_start);
      width += (k == start ? 0 : SpaceBefore(tokens, k)) + TokenColumns(At(tokens, k));
    }
    if (!simple) continue;
    if (groups.size() <= static_cast<size_t>(group)) groups.resize(static_cast<size_t>(group) + 1);
    groups[static_cast<size_t>(group)].push_back(Row{static_cast<int32_t>(i), width});
  }
  for (const std::vector<Row>& rows : groups) {
    int32_t widest = 0;
    for (const Row& row : rows) widest = std::max(widest, row.width);
    for (const Row& row : rows) At(tokens, row.bins).pad = widest - row.width;
  }
}

// A place where an overlong line may break: before token `index`.
struct Candidate {
  int32_t index;
  // Parentheses opened earlier on the line and still open: breaks outside
  // them are preferred.
  int32_t depth;
  // 0-2 for the break levels; 3 for "break open a list that starts here".
  int32_t rank;
  // Columns the line would keep before the break.
  int32_t width;
};

// Whether the items of the list opened at `opener` fit the width when each
// starts at `column`, the column of the first.
auto HangingFits(const Tokens& tokens, int32_t opener, int32_t column, const Options& options)
    -> bool {
  int32_t closer = tokens[static_cast<size_t>(opener)].match;
  int32_t width = 0;
  int32_t widest = 0;
  bool item_start = true;
  for (int32_t i = opener + 1; i < closer; ++i) {
    const TokenInfo& token = tokens[static_cast<size_t>(i)];
    width += (item_start ? 0 : SpaceBefore(tokens, i)) + TokenColumns(token);
    item_start = false;
    if (token.opener() && token.match > i) {
      for (int32_t k = i + 1; k <= token.match; ++k) {
        width += SpaceBefore(tokens, k) + TokenColumns(tokens[static_cast<size_t>(k)]);
      }
      i = token.match;
    } else if (token.is(",")) {
      widest = std::max(widest, width);
      width = 0;
      item_start = true;
    }
  }
  return column + std::max(widest, width + 1) <= options.max_width;
}

auto Candidates(const Tokens& tokens, const Line& line, const Options& options)
    -> std::vector<Candidate> {
  std::vector<Candidate> candidates;
  // Brackets opened on this line and still open, innermost last.
  std::vector<int32_t> open;
  // Where each token of the line starts.
  std::vector<int32_t> columns;
  int32_t cursor = line.indent;
  for (int32_t i = line.first; i < line.end; ++i) {
    const TokenInfo& token = tokens[static_cast<size_t>(i)];
    int32_t before = cursor;
    if (i != line.first) cursor += SpaceBefore(tokens, i);
    columns.push_back(cursor);
    cursor += TokenColumns(token);
    if (token.closer() && !open.empty() && tokens[static_cast<size_t>(open.back())].match == i) {
      open.pop_back();
    }
    auto lists = std::count_if(open.begin(), open.end(), [&](int32_t bracket) {
      return tokens[static_cast<size_t>(bracket)].bracket == BracketKind::List;
    });
    auto depth = static_cast<int32_t>(open.size());
    // A list's closer breaks only with the whole list (rank 3).
    bool breakable = i != line.first && !token.comment && !token.closer() &&
                     !token.keep_together && token.break_level != BreakLevel::None;
    if (breakable && lists == 0) {
      candidates.push_back(Candidate{i, depth, static_cast<int32_t>(token.break_level) - 1, before});
    } else if (breakable && lists == 1 && token.break_level == BreakLevel::ListItem) {
      // An item of a list opened on this line: the list hangs from here.
      int32_t list = open.back();
      int32_t first = NextCode(tokens, list);
      bool own_item = tokens[static_cast<size_t>(list)].bracket == BracketKind::List && first != i;
      if (own_item && HangingFits(tokens, list, columns[static_cast<size_t>(first - line.first)],
                                  options)) {
        candidates.push_back(Candidate{i, depth - 1, 2, before});
      }
    }
    if (token.opener() && (token.bracket == BracketKind::List || token.bracket == BracketKind::Group)) {
      if (token.bracket == BracketKind::List && lists == 0) {
        int32_t first = NextCode(tokens, i);
        if (first >= 0 && first < line.end && first != token.match &&
            !tokens[static_cast<size_t>(first)].keep_together) {
          candidates.push_back(Candidate{first, depth, 3, cursor});
        }
      }
      open.push_back(i);
    }
  }
  return candidates;
}

// The break for an overlong line: outside parentheses first, then by level;
// among equals, the last one that leaves a line that fits, else the first.
auto ChooseBreak(const Tokens& tokens, const Line& line, const Options& options) -> int32_t {
  std::vector<Candidate> candidates = Candidates(tokens, line, options);
  if (candidates.empty()) return -1;
  auto best = std::min_element(candidates.begin(), candidates.end(),
                               [](const Candidate& a, const Candidate& b) {
                                 return std::pair(a.depth, a.rank) < std::pair(b.depth, b.rank);
                               });
  int32_t chosen = -1;
  for (const Candidate& candidate : candidates) {
    if (candidate.depth != best->depth || candidate.rank != best->rank) continue;
    if (chosen < 0 || candidate.width <= options.max_width) chosen = candidate.index;
  }
  return chosen;
}

void FitClause(Tokens& tokens, int32_t begin, int32_t end, const Options& options) {
  while (true) {
    bool changed = false;
    for (const Line& line : ClauseLines(tokens, begin, end, options)) {
      if (line.width <= options.max_width) continue;
      int32_t index = ChooseBreak(tokens, line, options);
      if (index < 0) continue;
      At(tokens, index).line_start = true;
      BreakLists(tokens, begin, end);
      changed = true;
      break;
    }
    if (!changed) return;
  }
}

}  // namespace

void BreakLines(Tokens& tokens, const Options& options) {
  KeptBreaks(tokens);
  BreakLists(tokens, 0, static_cast<int32_t>(tokens.size()));
  AttachBlankLines(tokens);
  AlignColumns(tokens);
  for (auto [begin, end] : Clauses(tokens)) FitClause(tokens, begin, end, options);
}

}  // namespace cobro::format
