#pragma once

// Storage for the engine's large tables, read at random (debtors, cases,
// wake-ups, the debtor-id index). At a million debtors they span hundreds
// of megabytes; with 4 KB pages nearly every random read also misses the
// TLB. Tables of 2 MB and more are mapped on 2 MB boundaries and marked for
// transparent huge pages (madvise: Debian's default mode honours it), so a
// random debtor costs a cache miss and rarely a page walk too. Smaller
// tables come from the usual heap.

#include <cstddef>
#include <vector>

namespace cobro::runtime {

// `bytes` aligned to `alignment` (at most 4 KB); FreeLarge takes the same
// `bytes` back.
auto AllocateLarge(size_t bytes, size_t alignment) -> void*;
void FreeLarge(void* memory, size_t bytes, size_t alignment);

template <typename T>
struct LargeTableAllocator {
  using value_type = T;

  LargeTableAllocator() = default;
  template <typename U>
  explicit LargeTableAllocator(const LargeTableAllocator<U>&) {}

  auto allocate(size_t count) -> T* { return static_cast<T*>(AllocateLarge(count * sizeof(T), alignof(T))); }
  void deallocate(T* memory, size_t count) { FreeLarge(memory, count * sizeof(T), alignof(T)); }

  friend auto operator==(const LargeTableAllocator&, const LargeTableAllocator&) -> bool { return true; }
};

template <typename T>
using LargeVector = std::vector<T, LargeTableAllocator<T>>;

}  // namespace cobro::runtime
