#include "compiler/base/civil_time.h"

#include <catch2/catch.hpp>

namespace cobro {
namespace {

void CheckDuration(const char* text, std::optional<int64_t> milliseconds, const char* printed = nullptr) {
  auto value = Duration::Parse(text);
  INFO(text);
  REQUIRE(value.has_value() == milliseconds.has_value());
  if (!value) return;
  CHECK(value->milliseconds == *milliseconds);
  if (printed != nullptr) CHECK(value->ToString() == printed);
}

TEST_CASE("durations parse in every unit", "[time]") {
  CheckDuration("30m", 30 * Duration::kMinute, "30m");
  CheckDuration("12h", 12 * Duration::kHour, "12h");
  CheckDuration("3d", 3 * Duration::kDay, "3d");
  CheckDuration("1w", Duration::kWeek, "7d");
  CheckDuration("1h30m", Duration::kHour + 30 * Duration::kMinute, "1h30m");
  CheckDuration("500ms", 500, "500ms");
  CheckDuration("0d", 0, "0s");
  CheckDuration("3", std::nullopt);
  CheckDuration("d", std::nullopt);
  CheckDuration("3x", std::nullopt);
  CheckDuration("99999999999999999999d", std::nullopt);
  CheckDuration("106751991167w", std::nullopt);  // Overflows milliseconds.
}

TEST_CASE("times of day", "[time]") {
  CHECK(TimeOfDay::Parse("08:00")->seconds == 8 * 3600);
  CHECK(TimeOfDay::Parse("21:30:15")->ToString() == "21:30:15");
  CHECK(TimeOfDay::Parse("24:00")->seconds == 24 * 3600);
  CHECK_FALSE(TimeOfDay::Parse("24:01").has_value());
  CHECK_FALSE(TimeOfDay::Parse("12:60").has_value());
  CHECK_FALSE(TimeOfDay::Parse("7:00").has_value());
}

TEST_CASE("dates are validated against the calendar", "[time]") {
  CHECK(CivilDate::Parse("1970-01-01")->days == 0);
  CHECK(CivilDate::Parse("2026-01-05")->ToString() == "2026-01-05");
  CHECK(CivilDate::Parse("2024-02-29").has_value());
  CHECK_FALSE(CivilDate::Parse("2026-02-29").has_value());
  CHECK_FALSE(CivilDate::Parse("2026-02-30").has_value());
  CHECK_FALSE(CivilDate::Parse("2026-13-01").has_value());
  CHECK(CivilDate::Parse("2026-01-05")->Weekday() == 0);  // A Monday.
  CHECK(CivilDate::Parse("2026-11-22")->Weekday() == 6);  // A Sunday.
}

TEST_CASE("date-times with and without offsets", "[time]") {
  auto local = CivilDateTime::Parse("2026-01-05 09:00");
  REQUIRE(local.has_value());
  CHECK_FALSE(local->offset_minutes.has_value());
  CHECK(local->ToString() == "2026-01-05 09:00");
  auto utc = CivilDateTime::Parse("2026-01-05T09:00:30Z");
  REQUIRE(utc.has_value());
  CHECK(*utc->offset_minutes == 0);
  auto bogota = CivilDateTime::Parse("2026-01-05T09:00-05:00");
  REQUIRE(bogota.has_value());
  CHECK(*bogota->offset_minutes == -300);
  CHECK(bogota->ToString() == "2026-01-05 09:00-05:00");
  CHECK_FALSE(CivilDateTime::Parse("2026-01-05 24:00").has_value());
  CHECK_FALSE(CivilDateTime::Parse("2026-01-05T09:00+15:00").has_value());
}

}  // namespace
}  // namespace cobro
