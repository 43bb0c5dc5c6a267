// The holiday-file parser on small inputs, and every calendar shipped in
// stdlib/holidays/ against its format and a few dates checked by hand.

#include "compiler/base/holiday_calendar.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace cobro {
namespace {

auto Date(const char* text) -> CivilDate {
  std::optional<CivilDate> date = CivilDate::Parse(text);
  REQUIRE(date.has_value());
  return *date;
}

// Parses `text` and checks the errors' line numbers and a word of each message.
void CheckErrors(std::string_view text, std::vector<std::pair<int32_t, std::string>> expected) {
  ParsedHolidayCalendar parsed = HolidayCalendar::Parse(text);
  INFO(text);
  REQUIRE(parsed.errors.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(parsed.errors[i].message);
    CHECK(parsed.errors[i].line == expected[i].first);
    CHECK(parsed.errors[i].message.find(expected[i].second) != std::string::npos);
  }
}

TEST_CASE("holiday calendar parses rows and skips comments", "[holiday]") {
  ParsedHolidayCalendar parsed = HolidayCalendar::Parse(
      "# A header.\n"
      "\n"
      "2026-01-01\tAño Nuevo\r\n"
      "  \n"
      "2026-01-12\tDía de los Reyes Magos \t\n"  // Trailing blanks are not part of the name.
      "# A comment between rows.\n"
      "2027-01-01\tAño Nuevo");  // No final newline.
  CHECK(parsed.errors.empty());
  const HolidayCalendar& calendar = parsed.calendar;
  REQUIRE(calendar.holidays().size() == 3);
  CHECK(calendar.Contains(Date("2026-01-12")));
  CHECK_FALSE(calendar.Contains(Date("2026-01-06")));
  CHECK(calendar.Name(Date("2026-01-01")) == std::optional<std::string_view>("Año Nuevo"));
  CHECK(calendar.Name(Date("2026-01-12")) == std::optional<std::string_view>("Día de los Reyes Magos"));
  CHECK_FALSE(calendar.Name(Date("2026-01-02")).has_value());
  CHECK(calendar.years() == std::vector<int32_t>{2026, 2027});
}

TEST_CASE("holiday calendar covers only the years it lists", "[holiday]") {
  HolidayCalendar calendar =
      HolidayCalendar::Parse("2025-12-25\tNavidad\n2027-01-01\tAño Nuevo\n").calendar;
  CHECK(calendar.Covers(2025));
  CHECK_FALSE(calendar.Covers(2026));  // A gap is not covered.
  CHECK(calendar.Covers(2027));
  CHECK_FALSE(calendar.Covers(2028));
  // Outside the data, Contains is false but the day is not known to be a working day.
  CHECK_FALSE(calendar.Contains(Date("2028-01-01")));
  CHECK_FALSE(HolidayCalendar::Parse("").calendar.Covers(2026));
}

TEST_CASE("holiday calendar reports malformed lines with their numbers", "[holiday]") {
  CheckErrors("2026-01-01 Año Nuevo\n", {{1, "no tab"}});
  CheckErrors("# h\n2026-02-30\tNope\n", {{2, "`2026-02-30` is not a date"}});
  CheckErrors("26-01-01\tAño Nuevo\n", {{1, "not a date"}});
  CheckErrors(" 2026-01-01\tAño Nuevo\n", {{1, "not a date"}});
  CheckErrors("2026-01-01\t\n2026-01-02\t  \n", {{1, "no name"}, {2, "no name"}});
  CheckErrors("2026-01-01\tAño Nuevo\textra\n", {{1, "more than one tab"}});
  // The good lines around a bad one are kept.
  ParsedHolidayCalendar parsed =
      HolidayCalendar::Parse("2026-01-01\ta\nbroken\n2026-01-02\tb\n");
  CHECK(parsed.errors.size() == 1);
  CHECK(parsed.calendar.holidays().size() == 2);
}

TEST_CASE("holiday calendar reports duplicates and disorder but sorts", "[holiday]") {
  CheckErrors("2026-01-01\ta\n2026-01-01\tb\n", {{2, "already listed on line 1"}});
  CheckErrors("2026-03-01\ta\n2026-01-01\tb\n2026-04-01\tc\n", {{2, "comes after `2026-03-01`"}});
  ParsedHolidayCalendar parsed = HolidayCalendar::Parse("2026-03-01\ta\n2026-01-01\tb\n2026-03-01\tc\n");
  const std::vector<Holiday>& holidays = parsed.calendar.holidays();
  REQUIRE(holidays.size() == 2);
  CHECK(holidays[0].date == Date("2026-01-01"));
  CHECK(holidays[1].name == "a");  // The first of the duplicates is kept.
}

auto ReadShipped(const std::string& code) -> std::string {
  std::ifstream file(std::string(COBRO_SOURCE_DIR) + "/stdlib/holidays/" + code + ".tsv",
                     std::ios::binary);
  REQUIRE(file.good());
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A shipped file: parses cleanly, is sorted with no duplicates (the parser
// reports both), covers every year, and holds the listed holidays and not the
// listed working days.
void CheckShipped(const std::string& code, std::vector<std::pair<const char*, const char*>> holidays,
                  std::vector<const char*> working_days) {
  INFO(code);
  std::string text = ReadShipped(code);
  REQUIRE(text.rfind("# ", 0) == 0);  // Opens with its header comment.
  ParsedHolidayCalendar parsed = HolidayCalendar::Parse(text);
  for (const HolidayFileError& error : parsed.errors) {
    INFO("line " << error.line << ": " << error.message);
    CHECK(false);
  }
  const HolidayCalendar& calendar = parsed.calendar;
  for (size_t i = 1; i < calendar.holidays().size(); ++i) {
    CHECK(calendar.holidays()[i - 1].date < calendar.holidays()[i].date);
  }
  CHECK(calendar.years() == std::vector<int32_t>{2025, 2026, 2027});
  for (int32_t year : {2025, 2026, 2027}) {
    std::string new_year = std::to_string(year) + "-01-01";
    INFO(new_year);
    CHECK(calendar.Contains(Date(new_year.c_str())));
  }
  for (const auto& [date, name] : holidays) {
    INFO(date);
    std::optional<std::string_view> found = calendar.Name(Date(date));
    REQUIRE(found.has_value());
    CHECK(found->find(name) != std::string_view::npos);
  }
  for (const char* date : working_days) {
    INFO(date);
    CHECK_FALSE(calendar.Contains(Date(date)));
  }
}

TEST_CASE("holiday calendar CO: Emiliani moves and Easter-based festivos", "[holiday]") {
  CheckShipped("CO",
               {{"2026-01-12", "Reyes Magos"},   // 6 Jan 2026 is a Tuesday.
                {"2026-04-02", "Jueves Santo"},  // Easter 2026 is 5 April.
                {"2026-04-03", "Viernes Santo"},
                {"2026-05-18", "Ascensión"},
                {"2026-06-08", "Corpus Christi"},
                {"2026-06-15", "Sagrado Corazón"},
                {"2025-06-30", "San Pedro"},  // Shares the day with Sagrado Corazón.
                {"2025-06-30", "Sagrado Corazón"},
                {"2026-11-02", "Todos los Santos"},
                {"2026-07-20", "Independencia"},
                {"2027-03-22", "San José"}},
               {"2026-01-06", "2026-03-19", "2026-04-06", "2026-11-01"});
}

TEST_CASE("holiday calendar MX: LFT art. 74 Mondays", "[holiday]") {
  CheckShipped("MX",
               {{"2026-02-02", "Constitución"},
                {"2026-03-16", "Benito Juárez"},
                {"2026-11-16", "Revolución"},
                {"2026-09-16", "Independencia"},
                {"2025-11-17", "Revolución"}},
               {"2026-02-05", "2026-03-21", "2026-11-20", "2026-04-03"});
}

TEST_CASE("holiday calendar PE: fixed feriados", "[holiday]") {
  CheckShipped("PE",
               {{"2026-04-02", "Jueves Santo"},
                {"2026-06-07", "Bandera"},
                {"2026-07-23", "Fuerza Aérea"},
                {"2026-07-29", "Fiestas Patrias"},
                {"2026-08-06", "Junín"},
                {"2026-08-30", "Santa Rosa"},
                {"2026-12-09", "Ayacucho"}},
               {"2026-04-06", "2026-07-27"});
}

TEST_CASE("holiday calendar CL: moved feriados and Holy Saturday", "[holiday]") {
  CheckShipped("CL",
               {{"2026-04-04", "Sábado Santo"},
                {"2025-06-20", "Pueblos Indígenas"},
                {"2027-06-28", "San Pedro"},  // 29 Jun 2027 is a Tuesday.
                {"2027-10-11", "Dos Mundos"},
                {"2026-09-18", "Independencia"},
                {"2026-09-19", "Glorias del Ejército"},
                {"2026-10-31", "Iglesias Evangélicas"}},
               {"2027-06-29", "2027-10-12", "2026-04-02"});
}

TEST_CASE("holiday calendar GB: substitute days", "[holiday]") {
  CheckShipped("GB",
               {{"2026-04-06", "Easter Monday"},
                {"2026-05-04", "Early May"},
                {"2026-08-31", "Summer"},
                {"2026-12-28", "Boxing Day (substitute day)"},
                {"2027-12-27", "Christmas Day (substitute day)"},
                {"2027-12-28", "Boxing Day (substitute day)"}},
               {"2026-12-26", "2026-08-03", "2026-11-30"});
  CheckShipped("GB-SCT",
               {{"2026-01-02", "2nd January"},
                {"2027-01-04", "2nd January (substitute day)"},
                {"2026-08-03", "Summer"},
                {"2025-12-01", "St Andrew's Day (substitute day)"}},
               {"2026-04-06", "2026-08-31"});
  CheckShipped("GB-NIR",
               {{"2026-03-17", "St Patrick"}, {"2026-07-13", "Boyne"}, {"2026-04-06", "Easter Monday"}},
               {"2026-07-12"});
}

TEST_CASE("holiday calendar US: observed days", "[holiday]") {
  CheckShipped("US",
               {{"2026-07-03", "Independence Day (observed)"},  // 4 July 2026 is a Saturday.
                {"2026-07-04", "Independence Day"},
                {"2026-01-19", "Martin Luther King"},
                {"2026-11-26", "Thanksgiving"},
                {"2027-06-18", "Juneteenth"},
                {"2027-07-05", "Independence Day (observed)"},
                {"2027-12-24", "Christmas Day (observed)"},
                {"2027-12-31", "New Year's Day 2028 (observed)"}},
               {"2026-07-06", "2025-12-24", "2025-12-26", "2026-11-27"});
}

}  // namespace
}  // namespace cobro
