#pragma once

// Local time of an IANA zone with the last offset period remembered. The
// guard converts a debtor's contacts one after another, and nearly all of
// them fall in one period between two DST changes, so the tz database is
// searched once per period instead of once per instant.

#include <cstdint>

namespace cobro::runtime {

class LocalClock {
 public:
  // Local time of `instant` (ms since 1970 UTC) in `zone` (a
  // date::time_zone, or null for UTC), as ms since 1970 "as if UTC".
  auto ToLocal(const void* zone, int64_t instant) -> int64_t {
    if (zone == nullptr) return instant;
    if (zone != zone_ || instant < begin_ || instant >= end_) Load(zone, instant);
    return instant + offset_;
  }

  // The instant of a local time; a time in a gap moves forward by the gap,
  // an ambiguous one takes the earlier instant (as cobro_local_to_utc).
  // Local times well inside the remembered period, farther from its ends
  // than any offset change, map to it alone and need no search.
  auto ToInstant(const void* zone, int64_t local) -> int64_t {
    if (zone == nullptr) return local;
    int64_t instant = local - offset_;
    if (zone == zone_ && instant - kMargin >= begin_ && instant + kMargin < end_) return instant;
    return SearchInstant(zone, local);
  }


 private:
  // Two days: more than any UTC offset has ever jumped (Samoa skipped a
  // whole day in 2011).
  static constexpr int64_t kMargin = 2 * 86'400'000;

  void Load(const void* zone, int64_t instant);
  static auto SearchInstant(const void* zone, int64_t local) -> int64_t;

  const void* zone_ = nullptr;
  int64_t begin_ = 0;  // The period [begin_, end_) with offset_.
  int64_t end_ = 0;
  int64_t offset_ = 0;
};

}  // namespace cobro::runtime
