#include "runtime/engine/large_table.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace cobro::runtime {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

auto RoundUp(size_t bytes) -> size_t { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

}  // namespace

auto AllocateLarge(size_t bytes, size_t alignment) -> void* {
  if (bytes < kHugePage) return ::operator new(bytes, std::align_val_t(alignment));
  size_t size = RoundUp(bytes);
  // Map one huge page more than needed and trim to a 2 MB boundary: the
  // kernel backs only aligned 2 MB ranges with huge pages.
  void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<uintptr_t>(mapped);
  uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(mapped, aligned - start);
  size_t tail = start + size + kHugePage - (aligned + size);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  // Advice only: without transparent huge pages the table still works.
  madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void FreeLarge(void* memory, size_t bytes, size_t alignment) {
  if (memory == nullptr) return;
  if (bytes < kHugePage) {
    ::operator delete(memory, std::align_val_t(alignment));
    return;
  }
  munmap(memory, RoundUp(bytes));
}

}  // namespace cobro::runtime
