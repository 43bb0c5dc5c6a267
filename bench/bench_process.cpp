#include "bench/bench_process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace cobro::bench {

auto CurrentRssKb() -> int64_t {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0;
  int64_t resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

auto PeakRssKb() -> int64_t {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void WriteAll(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t written = write(fd, bytes, size);
    if (written <= 0) std::_Exit(3);
    bytes += written;
    size -= static_cast<size_t>(written);
  }
}

auto ReadAll(int fd, void* data, size_t size) -> bool {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    ssize_t got = read(fd, bytes, size);
    if (got <= 0) return false;
    bytes += got;
    size -= static_cast<size_t>(got);
  }
  return true;
}

auto Mix(uint64_t hash, int64_t value) -> uint64_t {
  for (int i = 0; i < 8; ++i) {
    hash ^= static_cast<uint64_t>(value >> (8 * i)) & 0xFF;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace cobro::bench
