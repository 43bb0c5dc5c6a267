#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cobro {

// An exact decimal number, coefficient * 10^-scale. Money is never binary
// floating point: literals, scorecard bounds and the runtime all use this.
struct Decimal {
  int64_t coefficient = 0;
  int32_t scale = 0;

  // The largest scale kept; more fractional digits are a parse failure.
  static constexpr int32_t kMaxScale = 12;

  // Parses `[-]digits[.digits]`; nullopt on malformed text or overflow.
  static auto Parse(std::string_view text) -> std::optional<Decimal>;

  // An integer as a Decimal of scale 0.
  static auto FromInt(int64_t value) -> Decimal { return Decimal{value, 0}; }

  // The negated value; nullopt on overflow.
  auto Negated() const -> std::optional<Decimal>;

  // The decimal text, keeping the scale (`20.00` stays `20.00`).
  auto ToString() const -> std::string;

  // The nearest double, for diagnostics and float contexts only.
  auto ToDouble() const -> double;

  // Numeric comparison across scales (`1.50 == 1.5`).
  friend auto operator<=>(const Decimal& a, const Decimal& b) -> std::strong_ordering;
  friend auto operator==(const Decimal& a, const Decimal& b) -> bool {
    return (a <=> b) == std::strong_ordering::equal;
  }
};

}  // namespace cobro
