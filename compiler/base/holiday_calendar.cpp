#include "compiler/base/holiday_calendar.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobro {

namespace {

// Strips trailing carriage returns (files edited on Windows), spaces and tabs.
auto TrimEnd(std::string_view text) -> std::string_view {
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

auto IsBlank(std::string_view text) -> bool {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// A usable line, before sorting.
struct Row {
  Holiday holiday;
  int32_t year = 0;
  int32_t line = 0;
};

}  // namespace

auto HolidayCalendar::Parse(std::string_view text) -> ParsedHolidayCalendar {
  ParsedHolidayCalendar result;
  auto error = [&](int32_t line, std::string message) {
    result.errors.push_back({line, std::move(message)});
  };
  // A UTF-8 byte order mark is not part of the first line.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<Row> rows;
  int32_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_number;
    if (IsBlank(line) || line.front() == '#') continue;

    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      error(line_number, "expected `YYYY-MM-DD<tab>name`; the line has no tab");
      continue;
    }
    std::string_view date_text = line.substr(0, tab);
    std::string_view name = TrimEnd(line.substr(tab + 1));
    if (name.find('\t') != std::string_view::npos) {
      error(line_number, "expected `YYYY-MM-DD<tab>name`; the line has more than one tab");
      continue;
    }
    std::optional<CivilDate> date = CivilDate::Parse(date_text);
    if (!date) {
      error(line_number, fmt::format("`{}` is not a date in the form `YYYY-MM-DD`", date_text));
      continue;
    }
    if (IsBlank(name)) {
      error(line_number, fmt::format("holiday on `{}` has no name", date_text));
      continue;
    }
    int32_t year = (date_text[0] - '0') * 1000 + (date_text[1] - '0') * 100 +
                   (date_text[2] - '0') * 10 + (date_text[3] - '0');
    if (!rows.empty() && *date < rows.back().holiday.date) {
      error(line_number, fmt::format("`{}` comes after `{}` on line {}; the file is sorted by date",
                                     date_text, rows.back().holiday.date.ToString(),
                                     rows.back().line));
    }
    rows.push_back({{*date, std::string(name)}, year, line_number});
  }

  // Stable, so the first of two rows with one date comes first.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.holiday.date < b.holiday.date; });
  HolidayCalendar& calendar = result.calendar;
  std::vector<HolidayFileError> duplicates;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i].holiday.date == rows[i - 1].holiday.date) {
      duplicates.push_back({rows[i].line, fmt::format("`{}` is already listed on line {}; put "
                                                      "both names on one line, joined by ` / `",
                                                      rows[i].holiday.date.ToString(),
                                                      rows[i - 1].line)});
      continue;
    }
    calendar.holidays_.push_back(std::move(rows[i].holiday));
    if (calendar.years_.empty() || calendar.years_.back() != rows[i].year) {
      calendar.years_.push_back(rows[i].year);
    }
  }
  // Report in line order, whichever check found the error.
  result.errors.insert(result.errors.end(), duplicates.begin(), duplicates.end());
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const HolidayFileError& a, const HolidayFileError& b) { return a.line < b.line; });
  return result;
}

auto HolidayCalendar::Find(CivilDate date) const -> const Holiday* {
  auto it = std::lower_bound(holidays_.begin(), holidays_.end(), date,
                             [](const Holiday& holiday, CivilDate value) { return holiday.date < value; });
  if (it == holidays_.end() || it->date != date) return nullptr;
  return &*it;
}

auto HolidayCalendar::Contains(CivilDate date) const -> bool { return Find(date) != nullptr; }

auto HolidayCalendar::Name(CivilDate date) const -> std::optional<std::string_view> {
  const Holiday* holiday = Find(date);
  if (holiday == nullptr) return std::nullopt;
  return std::string_view(holiday->name);
}

auto HolidayCalendar::Covers(int32_t year) const -> bool {
  return std::binary_search(years_.begin(), years_.end(), year);
}

}  // namespace cobro
