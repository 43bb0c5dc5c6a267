#include "compiler/driver/holiday_calendars.h"

#include <algorithm>

namespace cobro::driver {

namespace {

// A code names a file, so it may only hold what calendar codes hold: no
// path separators, no dots.
auto IsCalendarCode(std::string_view code) -> bool {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

HolidayCalendars::HolidayCalendars(FileSystem& files, std::string stdlib_root)
    : files_(files), stdlib_root_(std::move(stdlib_root)) {}

auto HolidayCalendars::Find(std::string_view code) -> const HolidayCalendar* {
  auto found = loaded_.find(code);
  if (found != loaded_.end()) return found->second.get();
  std::unique_ptr<HolidayCalendar> calendar;
  if (IsCalendarCode(code) && !stdlib_root_.empty()) {
    std::string error;
    std::string path = stdlib_root_ + "/holidays/" + std::string(code) + ".tsv";
    if (std::optional<std::string> text = files_.ReadFile(path, error)) {
      // Lines the parser cannot use are reported by the holiday files' own
      // unit test; the usable ones are the calendar.
      calendar = std::make_unique<HolidayCalendar>(HolidayCalendar::Parse(*text).calendar);
    }
  }
  const HolidayCalendar* result = calendar.get();
  loaded_.emplace(std::string(code), std::move(calendar));
  return result;
}

}  // namespace cobro::driver
