#pragma once

// What every run is checked by: per debtor, a hash of its actions (Mix from
// bench/bench_process.h, starting at kHashSeed), and these counts. The
// engine's sink and the hand-written machine each keep both, so that
// run_bench can tell whether they did the same thing.

#include <cstdint>

namespace cobro::bench::run {

inline constexpr uint64_t kHashSeed = 1469598103934665603ULL;

// Sent from the child processes as bytes (inside run_bench.cpp's Summary):
// plain integers only.
struct Counts {
  int64_t actions = 0;
  int64_t transitions = 0;
  int64_t deferrals = 0;
  int64_t blocks = 0;
  int64_t drops = 0;
  int64_t cases = 0;
  int64_t finished = 0;
};

}  // namespace cobro::bench::run
