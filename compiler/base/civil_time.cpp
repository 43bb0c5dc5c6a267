#include "compiler/base/civil_time.h"

#include <chrono>

#include "compiler/base/int128.h"
#include <limits>

#include <fmt/format.h>

namespace cobro {

namespace {

// Reads exactly `count` digits at `pos`; nullopt if any is not a digit.
auto ReadDigits(std::string_view text, size_t pos, size_t count) -> std::optional<int32_t> {
  if (pos + count > text.size()) return std::nullopt;
  int32_t value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

auto Duration::Parse(std::string_view text) -> std::optional<Duration> {
  Int128 total = 0;
  size_t pos = 0;
  if (text.empty()) return std::nullopt;
  while (pos < text.size()) {
    Int128 amount = 0;
    size_t digits_begin = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      amount = amount * 10 + (text[pos] - '0');
      if (amount > std::numeric_limits<int64_t>::max()) return std::nullopt;
      ++pos;
    }
    if (pos == digits_begin || pos == text.size()) return std::nullopt;
    int64_t unit = 0;
    if (text.substr(pos, 2) == "ms") {
      unit = 1;
      pos += 2;
    } else {
      switch (text[pos]) {
        case 's': unit = kSecond; break;
        case 'm': unit = kMinute; break;
        case 'h': unit = kHour; break;
        case 'd': unit = kDay; break;
        case 'w': unit = kWeek; break;
        default: return std::nullopt;
      }
      ++pos;
    }
    total += amount * unit;
    if (total > std::numeric_limits<int64_t>::max()) return std::nullopt;
  }
  return Duration{static_cast<int64_t>(total)};
}

auto Duration::ToString() const -> std::string {
  if (milliseconds == 0) return "0s";
  std::string result = milliseconds < 0 ? "-" : "";
  uint64_t rest = milliseconds < 0 ? 0 - static_cast<uint64_t>(milliseconds)
                                   : static_cast<uint64_t>(milliseconds);
  // Weeks are left out on purpose: `14d` reads better in a diagnostic than `2w`.
  constexpr std::pair<int64_t, const char*> kUnits[] = {
      {kDay, "d"}, {kHour, "h"}, {kMinute, "m"}, {kSecond, "s"}, {1, "ms"}};
  for (auto [unit, suffix] : kUnits) {
    if (rest >= static_cast<uint64_t>(unit)) {
      result += std::to_string(rest / unit) + suffix;
      rest %= unit;
    }
  }
  return result;
}

auto TimeOfDay::Parse(std::string_view text) -> std::optional<TimeOfDay> {
  auto hours = ReadDigits(text, 0, 2);
  auto minutes = ReadDigits(text, 3, 2);
  if (!hours || !minutes || text.size() < 5 || text[2] != ':') return std::nullopt;
  int32_t seconds = 0;
  if (text.size() == 8) {
    auto parsed = ReadDigits(text, 6, 2);
    if (!parsed || text[5] != ':') return std::nullopt;
    seconds = *parsed;
  } else if (text.size() != 5) {
    return std::nullopt;
  }
  if (*minutes > 59 || seconds > 59) return std::nullopt;
  int32_t total = *hours * 3600 + *minutes * 60 + seconds;
  if (total > 24 * 3600) return std::nullopt;
  return TimeOfDay{total};
}

auto TimeOfDay::ToString() const -> std::string {
  if (seconds % 60 != 0) {
    return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
}

auto CivilDate::Parse(std::string_view text) -> std::optional<CivilDate> {
  auto year = ReadDigits(text, 0, 4);
  auto month = ReadDigits(text, 5, 2);
  auto day = ReadDigits(text, 8, 2);
  if (text.size() != 10 || !year || !month || !day || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{*year},
                                  std::chrono::month{static_cast<unsigned>(*month)},
                                  std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return CivilDate{static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

auto CivilDate::ToString() const -> std::string {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

auto CivilDate::Weekday() const -> int32_t {
  std::chrono::weekday weekday{std::chrono::sys_days{std::chrono::days{days}}};
  return static_cast<int32_t>(weekday.iso_encoding()) - 1;
}

auto CivilDateTime::Parse(std::string_view text) -> std::optional<CivilDateTime> {
  if (text.size() < 16 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  auto date = CivilDate::Parse(text.substr(0, 10));
  if (!date) return std::nullopt;
  std::string_view rest = text.substr(11);
  size_t time_length = rest.size() >= 8 && rest[5] == ':' ? 8 : 5;
  auto time = TimeOfDay::Parse(rest.substr(0, time_length));
  if (!time || time->seconds >= 24 * 3600) return std::nullopt;
  rest.remove_prefix(time_length);
  CivilDateTime result{*date, *time, std::nullopt};
  if (rest == "Z") {
    result.offset_minutes = 0;
  } else if (!rest.empty()) {
    auto hours = ReadDigits(rest, 1, 2);
    auto minutes = ReadDigits(rest, 4, 2);
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !hours ||
        !minutes || *hours > 14 || *minutes > 59) {
      return std::nullopt;
    }
    int32_t offset = *hours * 60 + *minutes;
    result.offset_minutes = rest[0] == '-' ? -offset : offset;
  }
  return result;
}

auto CivilDateTime::ToString() const -> std::string {
  std::string result = date.ToString() + " " + time.ToString();
  if (offset_minutes) {
    if (*offset_minutes == 0) return result + "Z";
    int32_t magnitude = *offset_minutes < 0 ? -*offset_minutes : *offset_minutes;
    result += fmt::format("{}{:02}:{:02}", *offset_minutes < 0 ? '-' : '+', magnitude / 60,
                          magnitude % 60);
  }
  return result;
}

}  // namespace cobro
