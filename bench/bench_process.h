#pragma once

// What the runtime benchmarks share: each variant runs in a child process
// (so one variant's heap does not colour the next one's memory figures) and
// sends its result back through a pipe; results are compared by hashes of
// what each run did.

#include <cstddef>
#include <cstdint>

namespace cobro::bench {

// Resident memory now, and its peak so far, of this process, in KiB.
auto CurrentRssKb() -> int64_t;
auto PeakRssKb() -> int64_t;

// Writes all of `data` to `fd`; exits the (child) process with 3 on failure.
void WriteAll(int fd, const void* data, size_t size);
// Reads exactly `size` bytes; false when the pipe ends first.
auto ReadAll(int fd, void* data, size_t size) -> bool;

// FNV-1a over the 8 bytes of `value`, continuing `hash`.
auto Mix(uint64_t hash, int64_t value) -> uint64_t;

}  // namespace cobro::bench
