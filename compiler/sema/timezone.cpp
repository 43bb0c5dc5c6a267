// IANA time zone names, validated against the system's tz database through
// Howard Hinnant's date library (the same one the runtime uses).

#include <date/tz.h>

#include <algorithm>
#include <mutex>

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

auto ZoneNames() -> const std::vector<std::string>& {
  static std::vector<std::string> names;
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      const date::tzdb& database = date::get_tzdb();
      for (const date::time_zone& zone : database.zones) names.push_back(zone.name());
      // Debian builds the library over the OS database (USE_OS_TZDB), where
      // links such as "US/Eastern" are listed as zones too.
      std::sort(names.begin(), names.end());
    } catch (const std::exception&) {
      // No tz database on this machine: every zone will be reported unknown,
      // which is loud enough to be noticed.
    }
  });
  return names;
}

}  // namespace

auto IsKnownTimezone(std::string_view name) -> bool {
  const auto& names = ZoneNames();
  return std::binary_search(names.begin(), names.end(), std::string(name));
}

auto SuggestTimezone(std::string_view name) -> std::optional<std::string> {
  return Suggest(name, ZoneNames());
}

}  // namespace cobro::sema
