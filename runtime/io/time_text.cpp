#include "runtime/io/time_text.h"

#include <chrono>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "runtime/io/suggest.h"

namespace cobro::runtime::io {

namespace {

// The instants years 0000 and 9999 bound, in epoch seconds; beyond them a
// number is more likely milliseconds than a date.
constexpr int64_t kFirstSecond = -62'167'219'200;
constexpr int64_t kLastSecond = 253'402'300'799;

auto Digits(std::string_view text, size_t pos, size_t count, int32_t& value) -> bool {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

auto Malformed(std::string_view text) -> Expected<int64_t> {
  return Expected<int64_t>::Error("expected a date-time like \"2026-03-02T10:00:00-03:00\" or epoch seconds, got " +
                                  Quoted(text));
}

auto EpochSeconds(std::string_view text) -> Expected<int64_t> {
  bool negative = text.front() == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty()) return Malformed(text);
  if (digits.size() > 18) {
    return Expected<int64_t>::Error("epoch seconds " + Quoted(text) + " are outside the years 0000 to 9999");
  }
  int64_t seconds = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return Malformed(text);
    seconds = seconds * 10 + (c - '0');
  }
  if (negative) seconds = -seconds;
  if (seconds < kFirstSecond || seconds > kLastSecond) {
    std::string hint = seconds > kLastSecond && seconds / 1000 <= kLastSecond ? "; give seconds, not milliseconds" : "";
    return Expected<int64_t>::Error("epoch seconds " + Quoted(text) + " are outside the years 0000 to 9999" + hint);
  }
  return seconds * 1000;
}

}  // namespace

auto ParseDateTime(std::string_view text) -> Expected<int64_t> {
  if (text.empty()) return Malformed(text);
  if (text.size() < 10 || text[4] != '-') return EpochSeconds(text);
  int32_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, year) || !Digits(text, 5, 2, month) || text[7] != '-' || !Digits(text, 8, 2, day) ||
      text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !Digits(text, 11, 2, hour) ||
      text[13] != ':' || !Digits(text, 14, 2, minute)) {
    return Malformed(text);
  }
  size_t pos = 16;
  int64_t millisecond = 0;
  if (pos < text.size() && text[pos] == ':') {
    if (!Digits(text, pos + 1, 2, second)) return Malformed(text);
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      size_t first = ++pos;
      int64_t scale = 100;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        millisecond += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == first || pos - first > 9) return Malformed(text);
    }
  }
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return Malformed(text);
  std::string_view zone = text.substr(pos);
  int64_t offset_minutes = 0;
  if (zone.empty()) {
    return Expected<int64_t>::Error("date-time " + Quoted(text) +
                                    " has no offset; add \"Z\" for UTC or one like \"-03:00\"");
  }
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else {
    int32_t offset_hours = 0, offset_rest = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !Digits(zone, 1, 2, offset_hours) ||
        zone[3] != ':' || !Digits(zone, 4, 2, offset_rest) || offset_hours > 23 || offset_rest > 59) {
      return Malformed(text);
    }
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (offset_hours * 60 + offset_rest);
  }
  int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  int64_t seconds = days * 86'400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millisecond;
}

auto FormatDateTimeTo(int64_t milliseconds, char (&out)[kDateTimeCapacity]) -> size_t {
  int64_t seconds = milliseconds / 1000;
  int64_t rest = milliseconds % 1000;
  if (rest < 0) {
    rest += 1000;
    seconds -= 1;
  }
  int64_t days = seconds / 86'400;
  int64_t in_day = seconds % 86'400;
  if (in_day < 0) {
    in_day += 86'400;
    days -= 1;
  }
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  // The widest text (a negative five-digit year, milliseconds) is 30 chars.
  char* end = fmt::format_to_n(out, kDateTimeCapacity - 1, FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}"),
                               static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                               static_cast<unsigned>(date.day()), in_day / 3600, in_day / 60 % 60, in_day % 60)
                  .out;
  if (rest != 0) end = fmt::format_to(end, FMT_COMPILE(".{:03}"), rest);
  *end++ = 'Z';
  return static_cast<size_t>(end - out);
}

auto FormatDateTime(int64_t milliseconds) -> std::string {
  char text[kDateTimeCapacity];
  return std::string(text, FormatDateTimeTo(milliseconds, text));
}

}  // namespace cobro::runtime::io
