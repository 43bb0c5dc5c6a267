// Large tables: 2 MB and more on 2 MB boundaries (where huge pages can back
// them), less from the heap at the type's alignment; vectors over them grow
// across the boundary with their contents intact.

#include <cstdint>

#include <catch2/catch.hpp>

#include "runtime/engine/large_table.h"

namespace cobro::runtime {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

TEST_CASE("large allocations sit on 2 MB boundaries and are writable to their last byte", "[engine]") {
  for (size_t bytes : {kHugePage, kHugePage + 1, 5 * kHugePage + 123}) {
    INFO(bytes);
    auto* memory = static_cast<unsigned char*>(AllocateLarge(bytes, 64));
    REQUIRE(memory != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(memory) % kHugePage == 0);
    memory[0] = 1;
    memory[bytes - 1] = 2;
    CHECK(memory[0] + memory[bytes - 1] == 3);
    FreeLarge(memory, bytes, 64);
  }
}

TEST_CASE("small allocations keep the type's alignment", "[engine]") {
  for (size_t alignment : {size_t{8}, size_t{64}, size_t{256}}) {
    void* memory = AllocateLarge(1000, alignment);
    CHECK(reinterpret_cast<uintptr_t>(memory) % alignment == 0);
    FreeLarge(memory, 1000, alignment);
  }
}

TEST_CASE("a large vector keeps its contents as it grows past 2 MB", "[engine]") {
  struct alignas(64) Line {
    int64_t value = 0;
  };
  LargeVector<Line> lines;
  constexpr int64_t kCount = 3 * (kHugePage / sizeof(Line));
  for (int64_t i = 0; i < kCount; ++i) lines.push_back(Line{i});
  CHECK(reinterpret_cast<uintptr_t>(lines.data()) % kHugePage == 0);
  bool intact = true;
  for (int64_t i = 0; i < kCount; ++i) intact = intact && lines[static_cast<size_t>(i)].value == i;
  CHECK(intact);
}

}  // namespace
}  // namespace cobro::runtime
