#include "runtime/io/suggest.h"

#include <algorithm>
#include <vector>

namespace cobro::runtime::io {

namespace {

// Restricted Damerau-Levenshtein distance (transpositions are one edit, as
// in the compiler's suggestions), over two rows.
auto EditDistance(std::string_view a, std::string_view b) -> size_t {
  std::vector<size_t> before(b.size() + 1);
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

}  // namespace

auto DidYouMean(std::string_view name, std::span<const std::string_view> candidates) -> std::string {
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    if (candidate == name) continue;
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance || (distance == best_distance && candidate < best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best_distance > limit) return "";
  return "; did you mean \"" + std::string(best) + "\"?";
}

auto Quoted(std::string_view text) -> std::string {
  constexpr size_t kLimit = 40;
  if (text.size() > kLimit) {
    // Cut at a character boundary, never inside a UTF-8 sequence.
    size_t cut = kLimit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + std::string(text.substr(0, cut)) + "...\"";
  }
  return "\"" + std::string(text) + "\"";
}

}  // namespace cobro::runtime::io
