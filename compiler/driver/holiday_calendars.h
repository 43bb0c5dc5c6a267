#pragma once

// The public-holiday calendars of the standard library
// (`stdlib/holidays/<CODE>.tsv`), read through the driver's FileSystem the
// first time a policy asks for one. Commands that run flows hand `Find` to
// the engine (EngineOptions::calendars).

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "compiler/base/holiday_calendar.h"
#include "compiler/driver/file_system.h"

namespace cobro::driver {

class HolidayCalendars {
 public:
  // Calendars under `stdlib_root`/holidays; the FileSystem must outlive this.
  HolidayCalendars(FileSystem& files, std::string stdlib_root);

  // The calendar of `code` ("CO", "GB-SCT"), or null when the stdlib has
  // none; the guard then treats every day of that calendar as unknown. The
  // pointer lives as long as this object.
  auto Find(std::string_view code) -> const HolidayCalendar*;

 private:
  FileSystem& files_;
  std::string stdlib_root_;
  std::map<std::string, std::unique_ptr<HolidayCalendar>, std::less<>> loaded_;
};

}  // namespace cobro::driver
