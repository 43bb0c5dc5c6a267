#include "compiler/base/decimal.h"

#include <cstdlib>
#include "compiler/base/int128.h"
#include <limits>

namespace cobro {

namespace {

// 10^n as a 128-bit integer, for exact cross-scale comparison.
auto Pow10(int32_t n) -> Int128 {
  Int128 result = 1;
  for (int32_t i = 0; i < n; ++i) result *= 10;
  return result;
}

}  // namespace

auto Decimal::Parse(std::string_view text) -> std::optional<Decimal> {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Int128 coefficient = 0;
  int32_t scale = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    seen_digit = true;
    coefficient = coefficient * 10 + (c - '0');
    if (coefficient > std::numeric_limits<int64_t>::max()) return std::nullopt;
    if (seen_point && ++scale > kMaxScale) return std::nullopt;
  }
  if (!seen_digit) return std::nullopt;
  auto value = static_cast<int64_t>(coefficient);
  return Decimal{negative ? -value : value, scale};
}

auto Decimal::Negated() const -> std::optional<Decimal> {
  if (coefficient == std::numeric_limits<int64_t>::min()) return std::nullopt;
  return Decimal{-coefficient, scale};
}

auto Decimal::ToString() const -> std::string {
  // Work on the magnitude as unsigned so INT64_MIN prints correctly.
  uint64_t magnitude = coefficient < 0 ? 0 - static_cast<uint64_t>(coefficient)
                                       : static_cast<uint64_t>(coefficient);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    // Built by concatenation: GCC 12 warns falsely (-Wrestrict) on
    // std::string::insert here.
    auto width = static_cast<size_t>(scale);
    if (digits.size() <= width) digits = std::string(width - digits.size() + 1, '0') + digits;
    digits = digits.substr(0, digits.size() - width) + "." + digits.substr(digits.size() - width);
  }
  return coefficient < 0 ? "-" + digits : digits;
}

auto Decimal::ToDouble() const -> double { return std::strtod(ToString().c_str(), nullptr); }

auto operator<=>(const Decimal& a, const Decimal& b) -> std::strong_ordering {
  int32_t scale = a.scale > b.scale ? a.scale : b.scale;
  Int128 left = static_cast<Int128>(a.coefficient) * Pow10(scale - a.scale);
  Int128 right = static_cast<Int128>(b.coefficient) * Pow10(scale - b.scale);
  if (left < right) return std::strong_ordering::less;
  if (left > right) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

}  // namespace cobro
