// Local dates and times in a real zone across daylight-saving changes:
// cobro_local_midnight and cobro_local_to_utc (the conversions behind
// `date + duration`, `after p.due` and local date-time literals), and
// days_since counting local days. America/New_York in 2026: clocks go
// forward on March 8 at 02:00 and back on November 1 at 02:00.
// America/Santiago goes forward at midnight (September 6), so that day has
// no midnight at all.

#include <date/tz.h>

#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/abi/arithmetic.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::runtime {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// Days since 1970 of a calendar date.
auto Days(int year, unsigned month, unsigned day) -> int64_t {
  return date::sys_days{date::year{year} / date::month{month} / date::day{day}}.time_since_epoch().count();
}

// An instant, in ms since 1970 UTC, written as its UTC calendar time.
auto Utc(int year, unsigned month, unsigned day, int64_t hour, int64_t minute = 0) -> int64_t {
  return Days(year, month, day) * kDay + hour * kHour + minute * kMinute;
}

// A local wall time as the flow IR carries it: ms since 1970 as if UTC.
auto Local(int year, unsigned month, unsigned day, int64_t hour, int64_t minute = 0) -> int64_t {
  return Utc(year, month, day, hour, minute);
}

auto ContextIn(const char* zone) -> EvalContext {
  EvalContext context;
  context.zone = zone != nullptr ? date::locate_zone(zone) : nullptr;
  return context;
}

void CheckMidnight(const char* zone, int64_t days, int64_t expected) {
  EvalContext context = ContextIn(zone);
  INFO("midnight of day " << days << " in " << (zone != nullptr ? zone : "UTC"));
  CHECK(cobro_local_midnight(&context, days) == expected);
}

TEST_CASE("local midnight on days that clocks change", "[builtins][abi][dst]") {
  const char* new_york = "America/New_York";
  CheckMidnight(new_york, Days(2026, 3, 7), Utc(2026, 3, 7, 5));
  CheckMidnight(new_york, Days(2026, 3, 8), Utc(2026, 3, 8, 5));   // Still EST at midnight.
  CheckMidnight(new_york, Days(2026, 3, 9), Utc(2026, 3, 9, 4));   // EDT: March 8 lasted 23 hours.
  CheckMidnight(new_york, Days(2026, 11, 1), Utc(2026, 11, 1, 4)); // Still EDT at midnight.
  CheckMidnight(new_york, Days(2026, 11, 2), Utc(2026, 11, 2, 5)); // EST: November 1 lasted 25 hours.
  // Santiago: midnight of September 6 does not exist (00:00 -04 becomes
  // 01:00 -03); it moves forward by the gap, to 01:00 -03.
  CheckMidnight("America/Santiago", Days(2026, 9, 6), Utc(2026, 9, 6, 4));
  CheckMidnight("America/Santiago", Days(2026, 9, 7), Utc(2026, 9, 7, 3));
  // Going back (April 5 00:00 -03 becomes April 4 23:00 -04): midnight of
  // April 5 is the one after the change.
  CheckMidnight("America/Santiago", Days(2026, 4, 5), Utc(2026, 4, 5, 4));
  // Without a zone, UTC; before 1970 too.
  CheckMidnight(nullptr, Days(2026, 3, 8), Utc(2026, 3, 8, 0));
  CheckMidnight(nullptr, -1, -kDay);
  CheckMidnight(new_york, -1, -kDay + 5 * kHour);
}

void CheckLocalToUtc(const char* zone, int64_t local, int64_t expected) {
  EvalContext context = ContextIn(zone);
  INFO("local " << local << " in " << (zone != nullptr ? zone : "UTC"));
  CHECK(cobro_local_to_utc(&context, local) == expected);
}

TEST_CASE("local times that do not exist or exist twice", "[builtins][abi][dst]") {
  const char* new_york = "America/New_York";
  CheckLocalToUtc(new_york, Local(2026, 7, 1, 12), Utc(2026, 7, 1, 16));
  CheckLocalToUtc(new_york, Local(2026, 1, 15, 9), Utc(2026, 1, 15, 14));
  // 02:30 on March 8 is in the gap: moved forward by the gap's hour, to 03:30 EDT.
  CheckLocalToUtc(new_york, Local(2026, 3, 8, 2, 30), Utc(2026, 3, 8, 7, 30));
  CheckLocalToUtc(new_york, Local(2026, 3, 8, 2, 0), Utc(2026, 3, 8, 7, 0));
  CheckLocalToUtc(new_york, Local(2026, 3, 8, 3, 0), Utc(2026, 3, 8, 7, 0));  // Same instant as 02:00.
  CheckLocalToUtc(new_york, Local(2026, 3, 8, 1, 59), Utc(2026, 3, 8, 6, 59));
  // Milliseconds survive the lookup, which works in whole seconds.
  CheckLocalToUtc(new_york, Local(2026, 3, 8, 2, 30) + 123, Utc(2026, 3, 8, 7, 30) + 123);
  // 01:30 on November 1 happens twice: the earlier instant (EDT).
  CheckLocalToUtc(new_york, Local(2026, 11, 1, 1, 30), Utc(2026, 11, 1, 5, 30));
  CheckLocalToUtc(new_york, Local(2026, 11, 1, 1, 0), Utc(2026, 11, 1, 5, 0));
  CheckLocalToUtc(new_york, Local(2026, 11, 1, 2, 0), Utc(2026, 11, 1, 7, 0));  // After the fold: EST.
  CheckLocalToUtc(nullptr, Local(2026, 3, 8, 2, 30), Local(2026, 3, 8, 2, 30));
}

TEST_CASE("date + duration is local midnight plus exact time", "[builtins][abi][dst]") {
  // `p.due + 1d` with p.due = March 8 is midnight EST plus 24 hours: 01:00
  // EDT on March 9, not midnight (a `d` is 24 hours; docs/language.md 3.3).
  EvalContext context = ContextIn("America/New_York");
  CHECK(cobro_local_midnight(&context, Days(2026, 3, 8)) + kDay == Utc(2026, 3, 9, 5));
  CHECK(cobro_local_midnight(&context, Days(2026, 11, 1)) + kDay == Utc(2026, 11, 2, 4));
}

// days_since over one event of type 0 at `event_at`, evaluated at `now`.
void CheckDaysSince(const char* zone, int64_t event_at, int64_t now, int64_t expected) {
  flowir::Module module;
  StringPool strings(module);
  std::vector<Value> fields;
  EventRecord event;
  event.at = event_at;
  event.type = 0;
  event.fields = fields.data();
  std::vector<const EventRecord*> history = {&event};
  EvalContext context = ContextIn(zone);
  context.module = &module;
  context.strings = &strings;
  context.history = history;
  context.now = now;
  Value args[2] = {0, 999};
  INFO("days_since from " << event_at << " to " << now << " in " << (zone != nullptr ? zone : "UTC"));
  CHECK(builtins::BuiltinDaysSince(&context, flowir::Type::Void, args) == expected);
}

TEST_CASE("days_since counts local days across clock changes", "[builtins][abi][dst]") {
  const char* new_york = "America/New_York";
  // 00:30 EST to 22:30 EDT on March 8: the same local day, though UTC has
  // moved to March 9.
  CheckDaysSince(new_york, Utc(2026, 3, 8, 5, 30), Utc(2026, 3, 9, 2, 30), 0);
  CheckDaysSince(nullptr, Utc(2026, 3, 8, 5, 30), Utc(2026, 3, 9, 2, 30), 1);
  // 23:00 EST March 7 to 00:30 EDT March 9: 24.5 hours, two local days.
  CheckDaysSince(new_york, Utc(2026, 3, 8, 4), Utc(2026, 3, 9, 4, 30), 2);
  // 00:10 EDT to 23:50 EST on November 1: 24h40m, still the same local day.
  CheckDaysSince(new_york, Utc(2026, 11, 1, 4, 10), Utc(2026, 11, 2, 4, 50), 0);
  // 23:30 EDT October 31 to 23:30 EST November 1: 25 hours, one local day.
  CheckDaysSince(new_york, Utc(2026, 11, 1, 3, 30), Utc(2026, 11, 2, 4, 30), 1);
  // A minute across local midnight is a day.
  CheckDaysSince(new_york, Utc(2026, 3, 10, 3, 59), Utc(2026, 3, 10, 4, 1), 1);
  // An event later than now is not seen: `otherwise`.
  CheckDaysSince(new_york, Utc(2026, 3, 10, 5), Utc(2026, 3, 10, 4), 999);
}

}  // namespace
}  // namespace cobro::runtime
