#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The language's time literals: durations, times of day, dates, date-times.
// Plain integers underneath so every phase can store and compare them.
namespace cobro {

// A span of elapsed time in milliseconds.
struct Duration {
  int64_t milliseconds = 0;

  static constexpr int64_t kSecond = 1000;
  static constexpr int64_t kMinute = 60 * kSecond;
  static constexpr int64_t kHour = 60 * kMinute;
  static constexpr int64_t kDay = 24 * kHour;
  static constexpr int64_t kWeek = 7 * kDay;

  // Parses `30m`, `12h`, `3d`, `1w`, `1h30m`, `500ms`; nullopt on overflow.
  static auto Parse(std::string_view text) -> std::optional<Duration>;

  // The shortest spelling in the literal syntax (`7d`, `1h30m`, `0s`).
  auto ToString() const -> std::string;

  friend auto operator<=>(Duration, Duration) = default;
};

// A time of day in seconds since midnight; 24:00 is the end of the day.
struct TimeOfDay {
  int32_t seconds = 0;

  // Parses `HH:MM` or `HH:MM:SS`; nullopt when out of range.
  static auto Parse(std::string_view text) -> std::optional<TimeOfDay>;

  // `HH:MM`, or `HH:MM:SS` when seconds are set.
  auto ToString() const -> std::string;

  friend auto operator<=>(TimeOfDay, TimeOfDay) = default;
};

// A calendar date as days since 1970-01-01 (proleptic Gregorian).
struct CivilDate {
  int32_t days = 0;

  // Parses `YYYY-MM-DD`; nullopt for impossible dates such as 2026-02-30.
  static auto Parse(std::string_view text) -> std::optional<CivilDate>;

  // `YYYY-MM-DD`.
  auto ToString() const -> std::string;

  // 0 = Monday ... 6 = Sunday.
  auto Weekday() const -> int32_t;

  friend auto operator<=>(CivilDate, CivilDate) = default;
};

// A date and time. Without an offset it is local time in the debtor's zone;
// with one it is an instant.
struct CivilDateTime {
  CivilDate date;
  TimeOfDay time;
  std::optional<int32_t> offset_minutes;

  // Parses `YYYY-MM-DD HH:MM[:SS]` or with `T`, optionally `Z` or `+HH:MM`.
  static auto Parse(std::string_view text) -> std::optional<CivilDateTime>;

  // `YYYY-MM-DD HH:MM[:SS][offset]`.
  auto ToString() const -> std::string;

  friend auto operator==(const CivilDateTime&, const CivilDateTime&) -> bool = default;
};

}  // namespace cobro
