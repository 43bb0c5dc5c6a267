#pragma once

// Public-holiday calendars read from the `YYYY-MM-DD<TAB>name` files in
// stdlib/holidays/ (see its README.md for the format).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/civil_time.h"

namespace cobro {

// One holiday: a date and the names of what is observed on it (two holidays
// on one date share a row, their names joined by " / ").
struct Holiday {
  CivilDate date;
  std::string name;
};

// A line of a holiday file that was not used, and why.
struct HolidayFileError {
  int32_t line = 0;  // 1-based.
  std::string message;
};

struct ParsedHolidayCalendar;

// The holidays of one jurisdiction, sorted by date, at most one per date.
class HolidayCalendar {
 public:
  // Parses the text of a holiday file. Never fails: malformed, duplicate and
  // out-of-order lines are reported with their line numbers, and every line
  // that holds a valid date and name is kept (the first of duplicates).
  static auto Parse(std::string_view text) -> ParsedHolidayCalendar;

  // Whether `date` is a holiday in the data. False for a date in a year the
  // data does not cover; ask `Covers` before reading false as a working day.
  auto Contains(CivilDate date) const -> bool;

  // The name of the holiday on `date`, or nullopt when it is not one. The view
  // lives as long as the calendar.
  auto Name(CivilDate date) const -> std::optional<std::string_view>;

  // Whether the data covers `year`, that is, lists at least one holiday in it
  // (a file lists each year it mentions completely).
  auto Covers(int32_t year) const -> bool;

  // Every holiday, sorted by date.
  auto holidays() const -> const std::vector<Holiday>& { return holidays_; }

  // The covered years, ascending.
  auto years() const -> const std::vector<int32_t>& { return years_; }

 private:
  auto Find(CivilDate date) const -> const Holiday*;

  std::vector<Holiday> holidays_;
  std::vector<int32_t> years_;
};

// The result of `HolidayCalendar::Parse`: the calendar of the usable lines and
// an error for each line that was not usable, in line order.
struct ParsedHolidayCalendar {
  HolidayCalendar calendar;
  std::vector<HolidayFileError> errors;
};

}  // namespace cobro
