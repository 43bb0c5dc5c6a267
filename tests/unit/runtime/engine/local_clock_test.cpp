// LocalClock remembers the last UTC offset period; its answers must equal
// the tz database's searched afresh, on every instant and local time around
// the changes: daylight saving in Santiago (at midnight) and London, Lord
// Howe's half hour, and Samoa skipping 30 December 2011 entirely.

#include <date/tz.h>

#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/engine/local_clock.h"

namespace cobro::runtime {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 1440 * kMinute;

auto Days(int year, unsigned month, unsigned day) -> int64_t {
  return date::sys_days{date::year{year} / date::month{month} / date::day{day}}.time_since_epoch().count();
}

auto SearchedLocal(const date::time_zone* zone, int64_t instant) -> int64_t {
  using namespace std::chrono;
  return zone->to_local(sys_time<milliseconds>{milliseconds{instant}}).time_since_epoch().count();
}

auto SearchedInstant(const date::time_zone* zone, int64_t local) -> int64_t {
  using namespace std::chrono;
  date::local_info info = zone->get_info(date::floor<seconds>(date::local_time<milliseconds>{milliseconds{local}}));
  return local - duration_cast<milliseconds>(info.first.offset).count();
}

TEST_CASE("LocalClock agrees with the tz database across offset changes", "[engine][local_clock]") {
  struct Span {
    const char* zone;
    int64_t first_day;
    int64_t days;
  };
  std::vector<Span> spans{
      {"America/Santiago", Days(2026, 4, 1), 10},  // Back an hour at midnight, 5 April.
      {"America/Santiago", Days(2026, 9, 1), 10},  // Forward at midnight, 6 September.
      {"Europe/London", Days(2026, 3, 26), 6},
      {"Europe/London", Days(2026, 10, 22), 6},
      {"Australia/Lord_Howe", Days(2026, 4, 2), 5},  // Half an hour.
      {"Pacific/Apia", Days(2011, 12, 27), 6},       // No 30 December 2011.
  };
  for (const Span& span : spans) {
    const date::time_zone* zone = date::locate_zone(span.zone);
    LocalClock clock;
    // Every 7 minutes (not a divisor of an hour, so all minutes of the
    // hour come up), forward and then back, so the remembered period is
    // left both ways.
    std::vector<int64_t> steps;
    for (int64_t t = span.first_day * kDay; t < (span.first_day + span.days) * kDay; t += 7 * kMinute) {
      steps.push_back(t);
    }
    for (int pass = 0; pass < 2; ++pass) {
      for (int64_t t : steps) {
        INFO(span.zone << " at " << t);
        REQUIRE(clock.ToLocal(zone, t) == SearchedLocal(zone, t));
        REQUIRE(clock.ToInstant(zone, t) == SearchedInstant(zone, t));
      }
      std::reverse(steps.begin(), steps.end());
    }
  }
}

TEST_CASE("LocalClock switches between zones and UTC", "[engine][local_clock]") {
  const date::time_zone* santiago = date::locate_zone("America/Santiago");
  const date::time_zone* tokyo = date::locate_zone("Asia/Tokyo");
  LocalClock clock;
  int64_t t = Days(2026, 7, 1) * kDay;
  CHECK(clock.ToLocal(santiago, t) == t - 4 * 60 * kMinute);
  CHECK(clock.ToLocal(tokyo, t) == t + 9 * 60 * kMinute);
  CHECK(clock.ToLocal(nullptr, t) == t);
  CHECK(clock.ToInstant(santiago, t) == t + 4 * 60 * kMinute);
  CHECK(clock.ToInstant(tokyo, t) == t - 9 * 60 * kMinute);
  CHECK(clock.ToInstant(nullptr, t) == t);
}

}  // namespace
}  // namespace cobro::runtime
