// The pure builtins of stdlib/builtins/math.cpp on exact inputs: rounding,
// NaN and infinities, every operand type of the generic builtins, and pinned
// hash buckets (so that a change of platform or algorithm is caught).

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "compiler/flowir/builtin_id.h"
#include "runtime/abi/arithmetic.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::builtins {
namespace {

using flowir::Type;
using runtime::FromDouble;
using runtime::ToDouble;

using BuiltinFunction = Value (*)(EvalContext*, Type, const Value*);

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

// An evaluation context over an empty module, with its own string pool.
struct Fixture {
  flowir::Module module;
  runtime::StringPool strings{module};
  std::vector<std::unique_ptr<runtime::ValueSet>> sets;
  EvalContext context;

  Fixture() {
    context.module = &module;
    context.strings = &strings;
    context.sets = &sets;
  }
};

// Money in units of 1/10,000 from currency units written as a decimal.
auto Money(double amount) -> Value { return static_cast<Value>(std::llround(amount * flowir::kMoneyScale)); }

// A float builtin of one float argument; NaN expects NaN, and finite results
// are compared to the last few bits (libm may differ in the last place).
void CheckFloat(BuiltinFunction builtin, double input, double expected) {
  Fixture fixture;
  Value arg = FromDouble(input);
  double result = ToDouble(builtin(&fixture.context, Type::Float, &arg));
  INFO("input " << input << " result " << result << " expected " << expected);
  if (std::isnan(expected)) {
    CHECK(std::isnan(result));
  } else if (std::isinf(expected) || expected == 0.0) {
    CHECK(result == expected);
  } else {
    CHECK(result == Approx(expected).epsilon(1e-15));
  }
}

TEST_CASE("logistic, exp and log at their special points", "[builtins]") {
  CheckFloat(BuiltinLogistic, 0.0, 0.5);
  CheckFloat(BuiltinLogistic, 2.0, 0.8807970779778823);
  CheckFloat(BuiltinLogistic, -2.0, 0.11920292202211755);
  CheckFloat(BuiltinLogistic, 800.0, 1.0);    // e^-800 underflows to 0.
  CheckFloat(BuiltinLogistic, -800.0, 0.0);   // e^800 overflows to infinity.
  CheckFloat(BuiltinLogistic, kInfinity, 1.0);
  CheckFloat(BuiltinLogistic, -kInfinity, 0.0);
  CheckFloat(BuiltinLogistic, kNan, kNan);

  CheckFloat(BuiltinExp, 0.0, 1.0);
  CheckFloat(BuiltinExp, 1.0, 2.718281828459045);
  CheckFloat(BuiltinExp, -1.0, 0.36787944117144233);
  CheckFloat(BuiltinExp, 710.0, kInfinity);
  CheckFloat(BuiltinExp, -kInfinity, 0.0);
  CheckFloat(BuiltinExp, kNan, kNan);

  // std.scoring documents log(0) as -infinity and log(x < 0) as NaN.
  CheckFloat(BuiltinLog, 1.0, 0.0);
  CheckFloat(BuiltinLog, 2.718281828459045, 1.0);
  CheckFloat(BuiltinLog, 0.0, -kInfinity);
  CheckFloat(BuiltinLog, -1.0, kNan);
  CheckFloat(BuiltinLog, kInfinity, kInfinity);
  CheckFloat(BuiltinLog, kNan, kNan);
}

void CheckRound(double input, int64_t expected) {
  Fixture fixture;
  Value arg = FromDouble(input);
  INFO("round(" << input << ")");
  CHECK(BuiltinRound(&fixture.context, Type::Float, &arg) == expected);
}

TEST_CASE("round takes halves away from zero and NaN and infinities to 0", "[builtins]") {
  CheckRound(0.0, 0);
  CheckRound(-0.0, 0);
  CheckRound(0.5, 1);
  CheckRound(-0.5, -1);
  CheckRound(1.5, 2);
  CheckRound(2.5, 3);
  CheckRound(-2.5, -3);
  CheckRound(2.4999999999999996, 2);
  CheckRound(0.49999999999999994, 0);  // The largest double below 0.5.
  CheckRound(-7.5000000000000009, -8);
  CheckRound(1e15 + 0.5, 1'000'000'000'000'001);
  CheckRound(9.2233720368547748e18, 9'223'372'036'854'774'784);  // The largest double below 2^63.
  CheckRound(kNan, 0);
  CheckRound(kInfinity, 0);
  CheckRound(-kInfinity, 0);
  // TODO(report): round(1e19) and round(-1e19) are out of int64's range;
  // llround leaves that unspecified (INT64_MIN on x86-64). Not pinned.
}

void CheckToFloat(Type operand, Value input, double expected) {
  Fixture fixture;
  INFO("to_float of " << flowir::TypeName(operand) << " " << input);
  CHECK(BuiltinToFloat(&fixture.context, operand, &input) == FromDouble(expected));
}

TEST_CASE("to_float converts each number type", "[builtins]") {
  CheckToFloat(Type::Int, 0, 0.0);
  CheckToFloat(Type::Int, -42, -42.0);
  CheckToFloat(Type::Int, int64_t{1} << 53, 9007199254740992.0);
  CheckToFloat(Type::Money, Money(12.34), 12.34);
  CheckToFloat(Type::Money, Money(-0.5), -0.5);
  CheckToFloat(Type::Money, 1, 0.0001);
  CheckToFloat(Type::Float, FromDouble(2.75), 2.75);
  CheckToFloat(Type::Float, FromDouble(-0.0), -0.0);
  Fixture fixture;
  Value nan = FromDouble(kNan);
  CHECK(std::isnan(ToDouble(BuiltinToFloat(&fixture.context, Type::Float, &nan))));
}

// A generic builtin (abs, min, max, clamp) on `args` of `type`; the result is
// compared bit for bit, so -0.0 and NaN are told apart.
void CheckGeneric(BuiltinFunction builtin, Type type, std::vector<Value> args, Value expected) {
  Fixture fixture;
  INFO(flowir::TypeName(type) << " args " << args.size());
  CHECK(builtin(&fixture.context, type, args.data()) == expected);
}

TEST_CASE("abs of int, float and money", "[builtins]") {
  CheckGeneric(BuiltinAbs, Type::Int, {-5}, 5);
  CheckGeneric(BuiltinAbs, Type::Int, {0}, 0);
  CheckGeneric(BuiltinAbs, Type::Int, {7}, 7);
  CheckGeneric(BuiltinAbs, Type::Float, {FromDouble(-2.5)}, FromDouble(2.5));
  CheckGeneric(BuiltinAbs, Type::Float, {FromDouble(-0.0)}, FromDouble(0.0));
  CheckGeneric(BuiltinAbs, Type::Float, {FromDouble(-kInfinity)}, FromDouble(kInfinity));
  CheckGeneric(BuiltinAbs, Type::Money, {Money(-20.00)}, Money(20.00));
  CheckGeneric(BuiltinAbs, Type::Money, {Money(0.01)}, Money(0.01));
  // TODO(report): abs of INT64_MIN negates it with signed overflow (UB in
  // BuiltinAbs); not pinned.
}

TEST_CASE("min and max of every ordered type keep the first on ties", "[builtins]") {
  CheckGeneric(BuiltinMin, Type::Int, {3, -4}, -4);
  CheckGeneric(BuiltinMax, Type::Int, {3, -4}, 3);
  CheckGeneric(BuiltinMin, Type::Float, {FromDouble(0.25), FromDouble(0.5)}, FromDouble(0.25));
  CheckGeneric(BuiltinMax, Type::Float, {FromDouble(0.25), FromDouble(0.5)}, FromDouble(0.5));
  // Ties (0.0 == -0.0) and NaN (unordered) keep the first argument.
  CheckGeneric(BuiltinMin, Type::Float, {FromDouble(0.0), FromDouble(-0.0)}, FromDouble(0.0));
  CheckGeneric(BuiltinMax, Type::Float, {FromDouble(-0.0), FromDouble(0.0)}, FromDouble(-0.0));
  CheckGeneric(BuiltinMin, Type::Float, {FromDouble(kNan), FromDouble(1.0)}, FromDouble(kNan));
  CheckGeneric(BuiltinMin, Type::Float, {FromDouble(1.0), FromDouble(kNan)}, FromDouble(1.0));
  CheckGeneric(BuiltinMax, Type::Float, {FromDouble(1.0), FromDouble(kNan)}, FromDouble(1.0));
  CheckGeneric(BuiltinMin, Type::Money, {Money(10.00), Money(9.99)}, Money(9.99));
  CheckGeneric(BuiltinMax, Type::Money, {Money(-1.00), Money(-2.00)}, Money(-1.00));
  CheckGeneric(BuiltinMin, Type::Duration, {3 * kDay, 36 * kHour}, 36 * kHour);
  CheckGeneric(BuiltinMax, Type::Duration, {3 * kDay, 36 * kHour}, 3 * kDay);
  CheckGeneric(BuiltinMax, Type::Duration, {-kHour, 0}, 0);
  CheckGeneric(BuiltinMin, Type::Date, {20'500, 20'499}, 20'499);
  CheckGeneric(BuiltinMax, Type::DateTime, {20'500 * kDay, 20'500 * kDay + 1}, 20'500 * kDay + 1);
  CheckGeneric(BuiltinMin, Type::Time, {9 * 3600, 8 * 3600 + 59 * 60}, 8 * 3600 + 59 * 60);
  CheckGeneric(BuiltinMin, Type::Int, {INT64_MIN, INT64_MAX}, INT64_MIN);
}

TEST_CASE("clamp limits to [lo, hi] for every ordered type", "[builtins]") {
  CheckGeneric(BuiltinClamp, Type::Int, {-5, 0, 180}, 0);
  CheckGeneric(BuiltinClamp, Type::Int, {200, 0, 180}, 180);
  CheckGeneric(BuiltinClamp, Type::Int, {90, 0, 180}, 90);
  CheckGeneric(BuiltinClamp, Type::Int, {0, 0, 180}, 0);
  CheckGeneric(BuiltinClamp, Type::Int, {180, 0, 180}, 180);
  // lo > hi: the `x < lo` test comes first, so lo wins for small x.
  CheckGeneric(BuiltinClamp, Type::Int, {5, 10, 0}, 10);
  CheckGeneric(BuiltinClamp, Type::Int, {50, 10, 0}, 0);
  CheckGeneric(BuiltinClamp, Type::Float, {FromDouble(1.5), FromDouble(0.0), FromDouble(1.0)}, FromDouble(1.0));
  CheckGeneric(BuiltinClamp, Type::Float, {FromDouble(-0.1), FromDouble(0.0), FromDouble(1.0)}, FromDouble(0.0));
  CheckGeneric(BuiltinClamp, Type::Float, {FromDouble(kNan), FromDouble(0.0), FromDouble(1.0)}, FromDouble(kNan));
  CheckGeneric(BuiltinClamp, Type::Money, {Money(12.5), Money(20.00), Money(500.00)}, Money(20.00));
  CheckGeneric(BuiltinClamp, Type::Money, {Money(1250.00), Money(20.00), Money(500.00)}, Money(500.00));
  CheckGeneric(BuiltinClamp, Type::Duration, {10 * kDay, kDay, 7 * kDay}, 7 * kDay);
  CheckGeneric(BuiltinClamp, Type::Duration, {-kHour, 0, 7 * kDay}, 0);
  CheckGeneric(BuiltinClamp, Type::Date, {20'400, 20'450, 20'460}, 20'450);
  CheckGeneric(BuiltinClamp, Type::DateTime, {20'470 * kDay, 20'450 * kDay, 20'460 * kDay}, 20'460 * kDay);
}

void CheckDays(int64_t duration, double expected) {
  Fixture fixture;
  INFO("days(" << duration << " ms)");
  CHECK(BuiltinDays(&fixture.context, Type::Duration, &duration) == FromDouble(expected));
}

TEST_CASE("days converts a duration to fractional days", "[builtins]") {
  CheckDays(36 * kHour, 1.5);
  CheckDays(0, 0.0);
  CheckDays(-12 * kHour, -0.5);
  CheckDays(7 * kDay, 7.0);
  CheckDays(1, 1.0 / 86'400'000.0);
}

void CheckHashBucket(const std::string& key, int64_t buckets, int64_t expected) {
  Fixture fixture;
  Value args[2] = {fixture.strings.Intern(key), buckets};
  INFO("hash_bucket(\"" << key << "\", " << buckets << ")");
  CHECK(BuiltinHashBucket(&fixture.context, Type::Void, args) == expected);
}

TEST_CASE("hash_bucket is pinned: experiment arms never move", "[builtins]") {
  // These values are the contract with every experiment already running:
  // if one changes, debtors change arms. They follow the implementation's
  // FNV-1a variant, whose offset basis is 1469598103934665603 (standard
  // FNV-1a uses 14695981039346656037; see the report of this test's author).
  CheckHashBucket("", 10, 3);
  CheckHashBucket("a", 100, 66);
  CheckHashBucket("debtor-42", 100, 48);
  CheckHashBucket("cl-early-2026q2:d1", 100, 13);
  CheckHashBucket("días", 7, 4);  // UTF-8 bytes, not code points.
  CheckHashBucket("abc", 1'000'003, 544'136);
  CheckHashBucket("d1", 2, 0);
  CheckHashBucket("x", 1, 0);
  // No buckets: 0 rather than a division by zero.
  CheckHashBucket("a", 0, 0);
  CheckHashBucket("a", -3, 0);
}

TEST_CASE("hash_bucket stays in range and spreads keys", "[builtins]") {
  Fixture fixture;
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 10'000; ++i) {
    Value args[2] = {fixture.strings.Intern("debtor-" + std::to_string(i)), 10};
    Value bucket = BuiltinHashBucket(&fixture.context, Type::Void, args);
    REQUIRE(bucket >= 0);
    REQUIRE(bucket < 10);
    counts[static_cast<size_t>(bucket)] += 1;
  }
  for (int count : counts) CHECK(count > 850);
}

TEST_CASE("cobro_builtin dispatches by builtins.def order", "[builtins]") {
  Fixture fixture;
  Value x = FromDouble(2.5);
  CHECK(cobro_builtin(&fixture.context, static_cast<int32_t>(flowir::BuiltinId::Round),
                      static_cast<int32_t>(Type::Float), &x) == 3);
  Value pair[2] = {4, 9};
  CHECK(cobro_builtin(&fixture.context, static_cast<int32_t>(flowir::BuiltinId::Max), static_cast<int32_t>(Type::Int),
                      pair) == 9);
  fixture.context.now = 1234;
  CHECK(cobro_builtin(&fixture.context, static_cast<int32_t>(flowir::BuiltinId::Now), 0, nullptr) == 1234);
  // An id past the table is 0, not a crash.
  CHECK(cobro_builtin(&fixture.context, static_cast<int32_t>(flowir::BuiltinId::Count_), 0, pair) == 0);
  CHECK(std::string(flowir::BuiltinName(flowir::BuiltinId::HashBucket)) == "hash_bucket");
  CHECK(flowir::BuiltinByName("opted_out") == flowir::BuiltinId::OptedOut);
  CHECK(flowir::BuiltinByName("no_such_builtin") == flowir::BuiltinId::Count_);
}

}  // namespace
}  // namespace cobro::builtins
