// The shared arithmetic of runtime/abi/arithmetic.h, which the interpreter
// and the JIT both call: money rounding (half to even at the currency's
// precision), duration scaling, float-to-int, strings and sets.

#include "runtime/abi/arithmetic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

namespace cobro::runtime {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

auto Money(double amount) -> int64_t { return static_cast<int64_t>(std::llround(amount * flowir::kMoneyScale)); }

auto ContextWithDecimals(int32_t decimals) -> EvalContext {
  EvalContext context;
  context.money_decimals = decimals;
  return context;
}

void CheckMoneyMulFloat(int32_t decimals, int64_t money, double factor, int64_t expected) {
  EvalContext context = ContextWithDecimals(decimals);
  INFO(money << " units * " << factor << " at " << decimals << " decimals");
  CHECK(cobro_money_mul_float(&context, money, factor) == expected);
}

TEST_CASE("money * float rounds half to even at the currency's precision", "[builtins][abi]") {
  CheckMoneyMulFloat(2, Money(10.00), 0.5, Money(5.00));
  CheckMoneyMulFloat(2, Money(0.25), 0.5, Money(0.12));   // 0.125
  CheckMoneyMulFloat(2, Money(0.35), 0.5, Money(0.18));   // 0.175
  CheckMoneyMulFloat(2, Money(0.10), 0.25, Money(0.02));  // 0.025
  CheckMoneyMulFloat(2, Money(0.30), 0.25, Money(0.08));  // 0.075
  CheckMoneyMulFloat(2, Money(-0.25), 0.5, Money(-0.12));
  CheckMoneyMulFloat(2, Money(-0.35), 0.5, Money(-0.18));
  CheckMoneyMulFloat(2, Money(0.25), -0.5, Money(-0.12));
  CheckMoneyMulFloat(2, Money(100.00), 1.5, Money(150.00));
  CheckMoneyMulFloat(2, Money(19.99), 3.0, Money(59.97));
  CheckMoneyMulFloat(2, Money(1.00), 1.0 / 3.0, Money(0.33));
  CheckMoneyMulFloat(2, Money(0.0123), 1.0, Money(0.01));  // Sub-cent amounts round too.
  CheckMoneyMulFloat(2, Money(0), -1.0, 0);
  // No decimals: 2.5 -> 2, 3.5 -> 4.
  CheckMoneyMulFloat(0, Money(2.50), 1.0, Money(2));
  CheckMoneyMulFloat(0, Money(3.50), 1.0, Money(4));
  CheckMoneyMulFloat(0, Money(5.00), 0.5, Money(2));
  CheckMoneyMulFloat(0, Money(7.00), 0.5, Money(4));
  CheckMoneyMulFloat(0, Money(-7.00), 0.5, Money(-4));
  // Four decimals: to the unit.
  CheckMoneyMulFloat(4, 1, 0.5, 0);
  CheckMoneyMulFloat(4, 3, 0.5, 2);
  // Decimals out of [0, 4] are clamped.
  CheckMoneyMulFloat(9, 3, 0.5, 2);
  CheckMoneyMulFloat(-1, Money(3.50), 1.0, Money(4));
  // Total: NaN and infinities give 0.
  CheckMoneyMulFloat(2, Money(10.00), kNan, 0);
  CheckMoneyMulFloat(2, Money(10.00), kInfinity, 0);
  CheckMoneyMulFloat(2, Money(10.00), -kInfinity, 0);
  // TODO(report): factors that are not exact binary fractions round the
  // binary product, not the decimal one: 10.15 * 1.10 gives 11.17 where the
  // exact 11.165 rounds half to even to 11.16. Not pinned.
  // TODO(report): products beyond int64 overflow in RoundToStep (UB). Not pinned.
  // A null context rounds at 2 decimals.
  CHECK(cobro_money_mul_float(nullptr, Money(0.25), 0.5) == Money(0.12));
}

void CheckMoneyDivInt(int32_t decimals, int64_t money, int64_t divisor, int64_t expected) {
  EvalContext context = ContextWithDecimals(decimals);
  INFO(money << " units / " << divisor << " at " << decimals << " decimals");
  CHECK(cobro_money_div_int(&context, money, divisor) == expected);
}

TEST_CASE("money / int rounds exactly, half to even, and / 0 is 0", "[builtins][abi]") {
  CheckMoneyDivInt(2, Money(10.00), 3, Money(3.33));
  CheckMoneyDivInt(2, Money(20.00), 3, Money(6.67));
  CheckMoneyDivInt(2, Money(0.05), 2, Money(0.02));   // 0.025
  CheckMoneyDivInt(2, Money(0.15), 2, Money(0.08));   // 0.075
  CheckMoneyDivInt(2, Money(-0.05), 2, Money(-0.02));
  CheckMoneyDivInt(2, Money(-0.15), 2, Money(-0.08));
  CheckMoneyDivInt(2, Money(0.05), -2, Money(-0.02));
  CheckMoneyDivInt(2, Money(-0.05), -2, Money(0.02));
  CheckMoneyDivInt(2, Money(-10.00), 3, Money(-3.33));
  CheckMoneyDivInt(2, Money(100.00), 6, Money(16.67));
  CheckMoneyDivInt(2, Money(10.00), 0, 0);
  CheckMoneyDivInt(2, Money(0), 7, 0);
  CheckMoneyDivInt(0, Money(5.00), 2, Money(2));
  CheckMoneyDivInt(0, Money(7.00), 2, Money(4));
  CheckMoneyDivInt(0, Money(-7.00), 2, Money(-4));
  CheckMoneyDivInt(4, 3, 2, 2);
  CheckMoneyDivInt(4, 5, 2, 2);
  // Near the int64 limits the arithmetic is done in 128 bits.
  CheckMoneyDivInt(2, INT64_MAX, 1, 9'223'372'036'854'775'800);
  CheckMoneyDivInt(2, INT64_MIN, 1, -9'223'372'036'854'775'800);
  CheckMoneyDivInt(2, INT64_MIN, -1, 9'223'372'036'854'775'800);
  CheckMoneyDivInt(2, INT64_MAX, -1, -9'223'372'036'854'775'800);
  CheckMoneyDivInt(2, INT64_MAX, 2, 4'611'686'018'427'387'900);
  CheckMoneyDivInt(4, INT64_MAX, 2, 4'611'686'018'427'387'904);  // x.5 with an odd quotient.
  CheckMoneyDivInt(2, INT64_MAX, INT64_MAX, 0);
  CheckMoneyDivInt(2, INT64_MIN, INT64_MIN, 0);
  // divisor * step overflows int64 (10^19): 128 bits keep it exact.
  CheckMoneyDivInt(2, INT64_MAX, 100'000'000'000'000'000, 100);
  CheckMoneyDivInt(2, INT64_MIN, 100'000'000'000'000'000, -100);
}

void CheckMoneyDivFloat(int32_t decimals, int64_t money, double divisor, int64_t expected) {
  EvalContext context = ContextWithDecimals(decimals);
  INFO(money << " units / " << divisor << " at " << decimals << " decimals");
  CHECK(cobro_money_div_float(&context, money, divisor) == expected);
}

TEST_CASE("money / float rounds half to even, and / 0.0 is 0", "[builtins][abi]") {
  CheckMoneyDivFloat(2, Money(10.00), 4.0, Money(2.50));
  CheckMoneyDivFloat(2, Money(0.05), 2.0, Money(0.02));
  CheckMoneyDivFloat(2, Money(0.15), 2.0, Money(0.08));
  CheckMoneyDivFloat(2, Money(-0.05), 2.0, Money(-0.02));
  CheckMoneyDivFloat(2, Money(0.05), -2.0, Money(-0.02));
  CheckMoneyDivFloat(2, Money(1.00), 3.0, Money(0.33));
  CheckMoneyDivFloat(2, Money(1.00), 0.5, Money(2.00));
  CheckMoneyDivFloat(0, Money(5.00), 2.0, Money(2));
  CheckMoneyDivFloat(0, Money(7.00), 2.0, Money(4));
  CheckMoneyDivFloat(2, Money(10.00), 0.0, 0);
  CheckMoneyDivFloat(2, Money(10.00), -0.0, 0);
  CheckMoneyDivFloat(2, Money(10.00), kNan, 0);
  CheckMoneyDivFloat(2, Money(10.00), kInfinity, 0);
  // TODO(report): a quotient beyond int64 (10.00 / 1e-300) is UB in RoundToStep. Not pinned.
}

void CheckDurationMulFloat(int64_t duration, double factor, int64_t expected) {
  INFO(duration << " ms * " << factor);
  CHECK(cobro_duration_mul_float(duration, factor) == expected);
}

void CheckDurationDivFloat(int64_t duration, double divisor, int64_t expected) {
  INFO(duration << " ms / " << divisor);
  CHECK(cobro_duration_div_float(duration, divisor) == expected);
}

void CheckDurationDivInt(int64_t duration, int64_t divisor, int64_t expected) {
  INFO(duration << " ms / " << divisor);
  CHECK(cobro_duration_div_int(duration, divisor) == expected);
}

TEST_CASE("durations scale to the millisecond, half to even", "[builtins][abi]") {
  CheckDurationMulFloat(1000, 0.5, 500);
  CheckDurationMulFloat(1, 0.5, 0);
  CheckDurationMulFloat(3, 0.5, 2);
  CheckDurationMulFloat(-1, 0.5, 0);
  CheckDurationMulFloat(-3, 0.5, -2);
  CheckDurationMulFloat(kDay, 1.5, 36 * kHour);
  CheckDurationMulFloat(kDay, -0.25, -6 * kHour);
  CheckDurationMulFloat(kDay, kNan, 0);
  CheckDurationMulFloat(kDay, kInfinity, 0);

  CheckDurationDivFloat(3, 2.0, 2);
  CheckDurationDivFloat(5, 2.0, 2);
  CheckDurationDivFloat(7, 2.0, 4);
  CheckDurationDivFloat(kDay, 4.0, 6 * kHour);
  CheckDurationDivFloat(7 * kDay, 2.0, 84 * kHour);
  CheckDurationDivFloat(kDay, 0.0, 0);
  CheckDurationDivFloat(kDay, kNan, 0);
  CheckDurationDivFloat(kDay, kInfinity, 0);

  // duration / int truncates toward zero.
  CheckDurationDivInt(7, 2, 3);
  CheckDurationDivInt(-7, 2, -3);
  CheckDurationDivInt(7, -2, -3);
  CheckDurationDivInt(kDay, 3, 8 * kHour);
  CheckDurationDivInt(kDay, 0, 0);
  CheckDurationDivInt(INT64_MIN, -1, 0);  // The one quotient int64 cannot hold.
  CheckDurationDivInt(INT64_MIN, 1, INT64_MIN);
}

void CheckFloatToInt(double value, int64_t expected) {
  INFO("float_to_int(" << value << ")");
  CHECK(cobro_float_to_int(value) == expected);
}

TEST_CASE("float to int: halves away from zero; NaN and infinities are 0", "[builtins][abi]") {
  CheckFloatToInt(2.5, 3);
  CheckFloatToInt(-2.5, -3);
  CheckFloatToInt(0.4, 0);
  CheckFloatToInt(-0.6, -1);
  CheckFloatToInt(kNan, 0);
  CheckFloatToInt(-kNan, 0);
  CheckFloatToInt(kInfinity, 0);
  CheckFloatToInt(-kInfinity, 0);
}

// Strings of a pool compared by content, whatever their handles.
void CheckStringCompare(const std::string& a, const std::string& b, int32_t expected) {
  flowir::Module module;
  module.strings = {"zebra", "apple"};  // Handles out of alphabetical order.
  StringPool strings(module);
  EvalContext context;
  context.strings = &strings;
  INFO("\"" << a << "\" vs \"" << b << "\"");
  CHECK(cobro_string_compare(&context, strings.Intern(a), strings.Intern(b)) == expected);
}

TEST_CASE("strings compare by content, in code point order", "[builtins][abi]") {
  CheckStringCompare("apple", "zebra", -1);
  CheckStringCompare("zebra", "apple", 1);
  CheckStringCompare("apple", "apple", 0);
  CheckStringCompare("", "a", -1);
  CheckStringCompare("Zebra", "apple", -1);  // Upper case sorts first.
  CheckStringCompare("é", "z", 1);           // U+00E9 after U+007A: UTF-8 bytes keep code point order.
  CheckStringCompare("app", "apple", -1);
}

void CheckSet(std::vector<int64_t> values, int64_t probe, int32_t expected) {
  std::vector<std::unique_ptr<ValueSet>> sets;
  EvalContext context;
  context.sets = &sets;
  int64_t set = cobro_set_make(&context, values.data(), static_cast<int32_t>(values.size()));
  INFO("probe " << probe << " in a set of " << values.size());
  CHECK(cobro_set_contains(set, probe) == expected);
  REQUIRE(sets.size() == 1);
  CHECK(std::is_sorted(sets[0]->values.begin(), sets[0]->values.end()));
  CHECK(std::adjacent_find(sets[0]->values.begin(), sets[0]->values.end()) == sets[0]->values.end());
}

TEST_CASE("set literals are sorted, deduplicated and searched", "[builtins][abi]") {
  CheckSet({3, 1, 3, 2}, 2, 1);
  CheckSet({3, 1, 3, 2}, 4, 0);
  CheckSet({}, 0, 0);
  CheckSet({INT64_MIN, INT64_MAX}, INT64_MIN, 1);
  CheckSet({-5, 5}, 0, 0);
  CHECK(cobro_set_contains(0, 1) == 0);  // No set.
}

}  // namespace
}  // namespace cobro::runtime
