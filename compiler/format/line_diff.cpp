// Myers' O(ND) difference algorithm ("An O(ND) Difference Algorithm and Its
// Variations", 1986) over lines. A formatted file differs from its input in
// few lines, so D is small and the trace of D frontiers stays small too,
// where a table of all line pairs (LCS) would not for a 10,000-line file.

#include "compiler/format/line_diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace cobro::format {

namespace {

enum class Op : uint8_t { Keep, Remove, Add };

struct Step {
  Op op;
  // The line in `before` (Keep, Remove) or `after` (Add).
  int32_t line;
};

// Lines with their `\n`, so that a last line without one differs from the
// same line with one (the diff then marks it).
struct Lines {
  std::vector<std::string_view> lines;
};

auto SplitLines(std::string_view text) -> Lines {
  Lines result;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) {
      result.lines.push_back(text.substr(begin));
      break;
    }
    result.lines.push_back(text.substr(begin, end - begin + 1));
    begin = end + 1;
  }
  return result;
}

// The shortest edit script turning `a` into `b`.
auto Script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b)
    -> std::vector<Step> {
  auto n = static_cast<int32_t>(a.size());
  auto m = static_cast<int32_t>(b.size());
  int32_t offset = n + m + 1;
  std::vector<int32_t> frontier(static_cast<size_t>(2 * offset + 1), 0);
  // trace[d] is the part of the frontier step d reads (diagonals -d-1 to
  // d+1); walking it back gives the path.
  std::vector<std::vector<int32_t>> trace;
  int32_t found = -1;
  for (int32_t d = 0; d <= n + m && found < 0; ++d) {
    trace.emplace_back(frontier.begin() + (offset - d - 1), frontier.begin() + (offset + d + 2));
    for (int32_t k = -d; k <= d; k += 2) {
      auto at = [&](int32_t diagonal) -> int32_t& {
        return frontier[static_cast<size_t>(diagonal + offset)];
      };
      int32_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int32_t y = x - k;
      while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  std::vector<Step> steps;
  int32_t x = n;
  int32_t y = m;
  for (int32_t d = found; d > 0; --d) {
    const std::vector<int32_t>& previous = trace[static_cast<size_t>(d)];
    auto at = [&](int32_t diagonal) { return previous[static_cast<size_t>(diagonal + d + 1)]; };
    int32_t k = x - y;
    bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    int32_t previous_k = down ? k + 1 : k - 1;
    int32_t previous_x = at(previous_k);
    int32_t previous_y = previous_x - previous_k;
    while (x > previous_x + (down ? 0 : 1) && y > previous_y + (down ? 1 : 0)) {
      steps.push_back(Step{Op::Keep, --x});
      --y;
    }
    if (down) {
      steps.push_back(Step{Op::Add, --y});
    } else {
      steps.push_back(Step{Op::Remove, --x});
    }
  }
  while (x > 0) {
    steps.push_back(Step{Op::Keep, --x});
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

// `-3,2` in a hunk header; an empty range names the line before it.
auto RangeText(int32_t first, int32_t count) -> std::string {
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

}  // namespace

auto UnifiedDiff(std::string_view before, std::string_view after, std::string_view before_name,
                 std::string_view after_name, int context) -> std::string {
  if (before == after) return "";
  Lines a = SplitLines(before);
  Lines b = SplitLines(after);
  std::vector<Step> steps = Script(a.lines, b.lines);
  // Where each step sits in both files.
  std::vector<std::pair<int32_t, int32_t>> positions;
  int32_t in_a = 0;
  int32_t in_b = 0;
  for (const Step& step : steps) {
    positions.emplace_back(in_a, in_b);
    if (step.op != Op::Add) ++in_a;
    if (step.op != Op::Remove) ++in_b;
  }
  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  auto line_text = [&](const Step& step) -> std::string {
    const Lines& side = step.op == Op::Add ? b : a;
    std::string text(1, step.op == Op::Keep ? ' ' : step.op == Op::Add ? '+' : '-');
    std::string_view line = side.lines[static_cast<size_t>(step.line)];
    text += line;
    if (!line.ends_with('\n')) text += "\n\\ No newline at end of file\n";
    return text;
  };
  auto total = static_cast<int32_t>(steps.size());
  for (int32_t i = 0; i < total;) {
    if (steps[static_cast<size_t>(i)].op == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: changes closer than twice the context merge into one.
    int32_t begin = std::max(0, i - context);
    int32_t end = i;
    while (end < total) {
      if (steps[static_cast<size_t>(end)].op != Op::Keep) {
        ++end;
        continue;
      }
      int32_t keeps = end;
      while (keeps < total && steps[static_cast<size_t>(keeps)].op == Op::Keep) ++keeps;
      if (keeps == total || keeps - end > 2 * context) {
        end = std::min(total, end + context);
        break;
      }
      end = keeps;
    }
    int32_t count_a = 0;
    int32_t count_b = 0;
    std::string body;
    for (int32_t k = begin; k < end; ++k) {
      const Step& step = steps[static_cast<size_t>(k)];
      if (step.op != Op::Add) ++count_a;
      if (step.op != Op::Remove) ++count_b;
      body += line_text(step);
    }
    auto [first_a, first_b] = positions[static_cast<size_t>(begin)];
    out += fmt::format("@@ -{} +{} @@\n", RangeText(first_a, count_a), RangeText(first_b, count_b));
    out += body;
    i = end;
  }
  return out;
}

}  // namespace cobro::format
