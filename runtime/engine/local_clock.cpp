#include "runtime/engine/local_clock.h"

#include <date/tz.h>

#include <limits>

namespace cobro::runtime {

namespace {

// The first and last periods of a zone reach sys_seconds::min()/max(),
// which do not fit in milliseconds: clamp instead of overflowing.
auto Milliseconds(date::sys_seconds time) -> int64_t {
  int64_t seconds = time.time_since_epoch().count();
  if (seconds <= std::numeric_limits<int64_t>::min() / 1000) return std::numeric_limits<int64_t>::min();
  if (seconds >= std::numeric_limits<int64_t>::max() / 1000) return std::numeric_limits<int64_t>::max();
  return seconds * 1000;
}

}  // namespace

void LocalClock::Load(const void* zone, int64_t instant) {
  using namespace std::chrono;
  date::sys_info info =
      static_cast<const date::time_zone*>(zone)->get_info(sys_time<milliseconds>{milliseconds{instant}});
  zone_ = zone;
  begin_ = Milliseconds(info.begin);
  end_ = Milliseconds(info.end);
  offset_ = duration_cast<milliseconds>(info.offset).count();
}

auto LocalClock::SearchInstant(const void* zone, int64_t local) -> int64_t {
  using namespace std::chrono;
  date::local_time<milliseconds> time{milliseconds{local}};
  date::local_info info = static_cast<const date::time_zone*>(zone)->get_info(date::floor<seconds>(time));
  return local - duration_cast<milliseconds>(info.first.offset).count();
}

}  // namespace cobro::runtime
