#include "compiler/driver/command_line.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobro::driver {

namespace {

// Levenshtein distance over bytes.
auto EditDistance(std::string_view a, std::string_view b) -> size_t {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

auto ArgReader::Is(std::string_view name) const -> bool {
  const std::string& current = arg();
  return current == name || (current.starts_with(name) && current.size() > name.size() &&
                             current[name.size()] == '=' && name.starts_with("--"));
}

auto ArgReader::Value(std::string& target) -> bool {
  const std::string& current = arg();
  if (auto equals = current.find('='); equals != std::string::npos && current.starts_with("--")) {
    target = current.substr(equals + 1);
    return true;
  }
  if (index_ + 1 >= args_.size()) return Fail(fmt::format("`{}` needs a value", current));
  target = args_[++index_];
  return true;
}

auto ArgReader::Fail(std::string_view message) -> bool {
  err_ << fmt::format("cobro: {}; see `cobro {} --help`\n", message, command_);
  return false;
}

auto Closest(std::string_view name, const std::vector<std::string>& candidates)
    -> std::optional<std::string> {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& candidate : sorted) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  // A code written without its last words: `Unreachable` for `UnreachableState`.
  for (const std::string& candidate : sorted) {
    if (name.size() >= 4 && candidate.starts_with(name)) return candidate;
  }
  return std::nullopt;
}

}  // namespace cobro::driver
