#include "compiler/base/decimal.h"

#include <catch2/catch.hpp>

namespace cobro {
namespace {

void CheckParse(const char* text, std::optional<std::string> printed) {
  auto value = Decimal::Parse(text);
  INFO(text);
  REQUIRE(value.has_value() == printed.has_value());
  if (value) CHECK(value->ToString() == *printed);
}

TEST_CASE("decimal parsing keeps the written scale", "[decimal]") {
  CheckParse("0", "0");
  CheckParse("20.00", "20.00");
  CheckParse("-0.50", "-0.50");
  CheckParse("0.000000000001", "0.000000000001");
  CheckParse("9223372036854775807", "9223372036854775807");
  CheckParse("9223372036854775808", std::nullopt);
  CheckParse("0.0000000000001", std::nullopt);  // Past the largest scale.
  CheckParse("1.2.3", std::nullopt);
  CheckParse("", std::nullopt);
  CheckParse(".", std::nullopt);
  CheckParse("12a", std::nullopt);
}

TEST_CASE("decimals compare by value across scales", "[decimal]") {
  CHECK(*Decimal::Parse("1.50") == *Decimal::Parse("1.5"));
  CHECK(*Decimal::Parse("499.99") < *Decimal::Parse("500"));
  CHECK(*Decimal::Parse("-1") < *Decimal::Parse("0.001"));
  CHECK(*Decimal::Parse("2000.00") > *Decimal::Parse("1999.999999"));
  // Money is never binary floating point: 0.1 + 0.2 style drift cannot occur.
  CHECK(Decimal{30, 2} == *Decimal::Parse("0.3"));
}

TEST_CASE("negation guards the smallest value", "[decimal]") {
  CHECK(Decimal{5, 1}.Negated()->ToString() == "-0.5");
  CHECK_FALSE(Decimal{std::numeric_limits<int64_t>::min(), 0}.Negated().has_value());
}

}  // namespace
}  // namespace cobro
