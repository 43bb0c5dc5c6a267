// Text to values, one IR type at a time (runtime/io/value_text.h): each
// type's spellings, its edge cases and the exact reasons it gives.

#include "runtime/io/value_text.h"

#include <date/tz.h>

#include <catch2/catch.hpp>

#include "tests/unit/runtime/io/test_module.h"

namespace cobro::runtime::io {
namespace {

using flowir::Type;

constexpr int64_t kDay = 86'400'000;
// 2026-03-02T13:00:00Z in ms.
constexpr int64_t kInstant = 1'772'456'400'000;

struct Fixture {
  flowir::Module module = testing::TestModule();
  StringPool strings{module};
  ValueArena arena;

  auto Parse(Type type, std::string_view text) -> Expected<Value> { return ParseValue(type, text, strings, arena); }

  void Check(Type type, std::string_view text, Value expected) {
    INFO(flowir::TypeName(type) << " " << text);
    Expected<Value> value = Parse(type, text);
    REQUIRE(value.error() == "");
    CHECK(*value == expected);
  }

  void CheckError(Type type, std::string_view text, std::string_view reason) {
    INFO(flowir::TypeName(type) << " " << text);
    Expected<Value> value = Parse(type, text);
    CHECK_FALSE(value);
    CHECK(value.error() == reason);
  }

  auto SetValues(Value handle) -> std::vector<Value> {
    const auto* set = reinterpret_cast<const ValueSet*>(static_cast<intptr_t>(handle));
    return set == nullptr ? std::vector<Value>{} : set->values;
  }
};

TEST_CASE_METHOD(Fixture, "io: money is exact to 1/10,000 and never rounded") {
  Check(Type::Money, "120.50", 1'205'000);
  Check(Type::Money, "0.0001", 1);
  Check(Type::Money, "-12.5", -125'000);
  Check(Type::Money, "0", 0);
  Check(Type::Money, "007", 70'000);
  // Digits past the fourth place are fine when they are zeros: nothing is lost.
  Check(Type::Money, "1.23450", 12'345);
  Check(Type::Money, "922337203685477.5807", INT64_MAX);
  Check(Type::Money, "-922337203685477.5808", INT64_MIN);
  CheckError(Type::Money, "1.23456", "money \"1.23456\" has more than 4 decimal places");
  CheckError(Type::Money, "0.00001", "money \"0.00001\" has more than 4 decimal places");
  CheckError(Type::Money, "922337203685477.5808", "money \"922337203685477.5808\" is out of range");
  CheckError(Type::Money, "1e3", "money \"1e3\" has an exponent; write the digits out, like \"1000\"");
  CheckError(Type::Money, "1.5E+2", "money \"1.5E+2\" has an exponent; write the digits out, like \"1000\"");
  CheckError(Type::Money, "abc", "expected money like \"120.50\", got \"abc\"");
  for (std::string_view text : {"", ".5", "5.", "+5", "1,000.00", "$5", " 5", "5 ", "-", "1.2.3", "--1"}) {
    CheckError(Type::Money, text, "expected money like \"120.50\", got \"" + std::string(text) + "\"");
  }
}

TEST_CASE_METHOD(Fixture, "io: ints are checked for range") {
  Check(Type::Int, "42", 42);
  Check(Type::Int, "-7", -7);
  Check(Type::Int, "9223372036854775807", INT64_MAX);
  Check(Type::Int, "-9223372036854775808", INT64_MIN);
  CheckError(Type::Int, "9223372036854775808", "int \"9223372036854775808\" is out of range");
  CheckError(Type::Int, "-9223372036854775809", "int \"-9223372036854775809\" is out of range");
  for (std::string_view text : {"", "4.5", "+1", " 1", "1e3", "0x10", "-"}) {
    CheckError(Type::Int, text, "expected an int like \"42\", got \"" + std::string(text) + "\"");
  }
}

TEST_CASE_METHOD(Fixture, "io: floats, bools") {
  Check(Type::Float, "0.25", FromDouble(0.25));
  Check(Type::Float, "-1e-3", FromDouble(-1e-3));
  Check(Type::Float, "3", FromDouble(3.0));
  for (std::string_view text : {"", "nan", "inf", "1.0x", "1e999"}) {
    CheckError(Type::Float, text, "expected a number like \"0.25\", got \"" + std::string(text) + "\"");
  }
  Check(Type::Bool, "true", 1);
  Check(Type::Bool, "false", 0);
  for (std::string_view text : {"True", "1", "yes", ""}) {
    CheckError(Type::Bool, text, "expected true or false, got \"" + std::string(text) + "\"");
  }
}

TEST_CASE_METHOD(Fixture, "io: dates, times of day and durations") {
  Check(Type::Date, "2026-03-02", 20'514);
  Check(Type::Date, "2024-02-29", 19'782);
  Check(Type::Date, "1970-01-01", 0);
  CheckError(Type::Date, "2026-02-30", "expected a date like \"2026-03-02\", got \"2026-02-30\"");
  CheckError(Type::Date, "2026-3-2", "expected a date like \"2026-03-02\", got \"2026-3-2\"");
  Check(Type::Time, "09:30", 34'200);
  Check(Type::Time, "23:59:59", 86'399);
  Check(Type::Time, "24:00", 86'400);
  CheckError(Type::Time, "25:00", "expected a time of day like \"09:30\", got \"25:00\"");
  CheckError(Type::Time, "9:30", "expected a time of day like \"09:30\", got \"9:30\"");
  Check(Type::Duration, "3d", 3 * kDay);
  Check(Type::Duration, "90m", 90 * 60'000);
  Check(Type::Duration, "1h30m", 90 * 60'000);
  Check(Type::Duration, "500ms", 500);
  Check(Type::Duration, "1w", 7 * kDay);
  Check(Type::Duration, "-2h", -2 * 3'600'000);
  for (std::string_view text : {"3 days", "", "3", "3x", "-", "h"}) {
    CheckError(Type::Duration, text, "expected a duration like \"3d\" or \"1h30m\", got \"" + std::string(text) + "\"");
  }
}

TEST_CASE_METHOD(Fixture, "io: date-times are RFC 3339 with an offset, or epoch seconds") {
  Check(Type::DateTime, "2026-03-02T10:00:00-03:00", kInstant);
  Check(Type::DateTime, "2026-03-02T13:00:00Z", kInstant);
  Check(Type::DateTime, "2026-03-02t13:00:00z", kInstant);
  Check(Type::DateTime, "2026-03-02 13:00:00Z", kInstant);
  Check(Type::DateTime, "2026-03-02T13:00Z", kInstant);
  Check(Type::DateTime, "2026-03-02T18:30:00+05:30", kInstant);
  Check(Type::DateTime, "2026-03-02T13:00:00-00:00", kInstant);
  Check(Type::DateTime, "2026-03-02T13:00:00.250Z", kInstant + 250);
  Check(Type::DateTime, "2026-03-02T13:00:00.5Z", kInstant + 500);
  // Finer than a millisecond: truncated, the runtime's clock counts ms.
  Check(Type::DateTime, "2026-03-02T13:00:00.123999999Z", kInstant + 123);
  Check(Type::DateTime, "1772456400", kInstant);
  Check(Type::DateTime, "0", 0);
  Check(Type::DateTime, "-1", -1000);
  Check(Type::DateTime, "1969-12-31T23:59:59.999Z", -1);
  Check(Type::DateTime, "0000-01-01T00:00:00Z", -62'167'219'200'000);
  Check(Type::DateTime, "9999-12-31T23:59:59Z", 253'402'300'799'000);
  CheckError(Type::DateTime, "2026-03-02T10:00:00",
             "date-time \"2026-03-02T10:00:00\" has no offset; add \"Z\" for UTC or one like \"-03:00\"");
  CheckError(Type::DateTime, "1772456400000",
             "epoch seconds \"1772456400000\" are outside the years 0000 to 9999; give seconds, not milliseconds");
  CheckError(Type::DateTime, "99999999999999999999",
             "epoch seconds \"99999999999999999999\" are outside the years 0000 to 9999");
  for (std::string_view text :
       {"", "yesterday", "2026-03-02", "2026-02-30T00:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T10:00:60Z",
        "2026-03-02T10:00:00+5:30", "2026-03-02T10:00:00+05:30:00", "2026-03-02T10:00:00.Z",
        "2026-03-02T10:00:00.1234567890Z", "2026-03-02T10:00:00 Z", "2026-03-02T10:00:00+24:00", "1772456400.5",
        "-"}) {
    CheckError(Type::DateTime, text,
               "expected a date-time like \"2026-03-02T10:00:00-03:00\" or epoch seconds, got \"" + std::string(text) +
                   "\"");
  }
}

TEST_CASE_METHOD(Fixture, "io: time zones are IANA names, interned like the IR's") {
  Expected<Value> bogota = Parse(Type::Timezone, "America/Bogota");
  REQUIRE(bogota);
  // Module string 0 is "America/Bogota": the same handle as the IR's constant.
  CHECK(*bogota == 0);
  CHECK(arena.ZoneOf(*bogota) == date::locate_zone("America/Bogota"));
  Expected<Value> utc = Parse(Type::Timezone, "UTC");
  REQUIRE(utc);
  CHECK(strings.Get(*utc) == "UTC");
  CHECK(arena.ZoneOf(*utc) != nullptr);
  CheckError(Type::Timezone, "America/Bogata", "unknown time zone \"America/Bogata\"; did you mean \"America/Bogota\"?");
  CheckError(Type::Timezone, "Xx/Yy", "unknown time zone \"Xx/Yy\"");
  CheckError(Type::Timezone, "", "unknown time zone \"\"");
  CHECK(arena.ZoneOf(12345) == nullptr);
}

TEST_CASE_METHOD(Fixture, "io: strings and channels") {
  Expected<Value> card = Parse(Type::String, "card");
  REQUIRE(card);
  CHECK(strings.Get(*card) == "card");
  CHECK(*Parse(Type::String, "card") == *card);
  CHECK(*Parse(Type::String, "CO") == 1);  // The module's own string.
  CHECK(strings.Get(*Parse(Type::String, "")) == "");
  Check(Type::Channel, "email", static_cast<Value>(Channel::Email));
  Check(Type::Channel, "whatsapp", static_cast<Value>(Channel::Whatsapp));
  CheckError(Type::Channel, "mail", "unknown channel \"mail\"; did you mean \"email\"?");
  CheckError(Type::Channel, "call", "expected one channel, got the group \"call\"");
  CheckError(Type::Channel, "", "unknown channel \"\"");
}

TEST_CASE_METHOD(Fixture, "io: sets are `|`-separated and interned in the arena") {
  Check(Type::ChannelSet, "email|sms", MaskOf(Channel::Email) | MaskOf(Channel::Sms));
  Check(Type::ChannelSet, "sms|email|sms", MaskOf(Channel::Email) | MaskOf(Channel::Sms));
  Check(Type::ChannelSet, "call", MaskOf(Channel::Voice) | MaskOf(Channel::Voicebot));
  Check(Type::ChannelSet, "", 0);
  CheckError(Type::ChannelSet, "email|fax", "unknown channel \"fax\"");
  CheckError(Type::ChannelSet, "email||sms", "empty element in set; separate elements with a single `|`");
  CheckError(Type::ChannelSet, "email|", "empty element in set; separate elements with a single `|`");
  CheckError(Type::ChannelSet, "|email", "empty element in set; separate elements with a single `|`");

  Expected<Value> tags = Parse(Type::StringSet, "vip|late|vip");
  REQUIRE(tags);
  std::vector<Value> expected = {strings.Intern("vip"), strings.Intern("late")};
  std::sort(expected.begin(), expected.end());
  CHECK(SetValues(*tags) == expected);
  // Identical sets are one ValueSet, whatever the order they were written in.
  CHECK(*Parse(Type::StringSet, "late|vip") == *tags);
  CHECK(arena.set_count() == 1);
  Check(Type::StringSet, "", 0);

  Expected<Value> codes = Parse(Type::IntSet, "3|1|2|-4");
  REQUIRE(codes);
  CHECK(SetValues(*codes) == std::vector<Value>{-4, 1, 2, 3});
  CheckError(Type::IntSet, "1|x", "set element: expected an int like \"42\", got \"x\"");
}

TEST_CASE_METHOD(Fixture, "io: zero values and the types input cannot hold") {
  CHECK(strings.Get(ZeroValue(Type::String, strings, arena)) == "");
  Value utc = ZeroValue(Type::Timezone, strings, arena);
  CHECK(strings.Get(utc) == "UTC");
  CHECK(arena.ZoneOf(utc) != nullptr);
  for (Type type : {Type::Int, Type::Money, Type::Float, Type::Bool, Type::ChannelSet, Type::StringSet, Type::IntSet,
                    Type::DateTime, Type::Channel}) {
    CHECK(ZeroValue(type, strings, arena) == 0);
  }
  CheckError(Type::Profile, "x", "a profile cannot be read from input");
}

TEST_CASE_METHOD(Fixture, "io: long text is cut in reasons") {
  std::string text(100, 'x');
  CheckError(Type::Int, text, "expected an int like \"42\", got \"" + std::string(40, 'x') + "...\"");
  // Cut at a character boundary: 39 bytes, then a two-byte `é` across byte 40.
  std::string accented = std::string(39, 'a') + "\xC3\xA9" + std::string(10, 'a');
  CheckError(Type::Int, accented, "expected an int like \"42\", got \"" + std::string(39, 'a') + "...\"");
}

}  // namespace
}  // namespace cobro::runtime::io
