// The wake-up heap pops in the order std::priority_queue with std::greater
// does, for pushes and pops interleaved at random, across the 2 MB where
// its table moves to huge pages.

#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/engine/four_ary_heap.h"

namespace cobro::runtime {
namespace {

struct Item {
  int64_t due;
  uint64_t sequence;
  auto operator>(const Item& other) const -> bool {
    return due != other.due ? due > other.due : sequence > other.sequence;
  }
};

TEST_CASE("the four-ary heap pops as a binary priority queue does", "[engine]") {
  std::mt19937_64 random(20261123);
  FourAryHeap<Item> heap;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> reference;
  uint64_t sequence = 0;
  int64_t mismatches = 0;
  size_t most = 0;
  for (int round = 0; round < 500'000; ++round) {
    // Pushes outnumber pops for the first half, then pops win: the heap
    // grows past 131,072 items (2 MB) and drains.
    bool grow = round < 250'000;
    if (reference.empty() || random() % 10 < (grow ? 8u : 2u)) {
      Item item{static_cast<int64_t>(random() % 1000), sequence++};  // Many equal times.
      heap.push(item);
      reference.push(item);
    } else {
      REQUIRE_FALSE(heap.empty());
      mismatches += heap.top().sequence != reference.top().sequence ? 1 : 0;
      heap.pop();
      reference.pop();
    }
    most = std::max(most, heap.size());
    REQUIRE(heap.size() == reference.size());
  }
  while (!reference.empty()) {
    mismatches += heap.top().sequence != reference.top().sequence ? 1 : 0;
    heap.pop();
    reference.pop();
  }
  CHECK(heap.empty());
  CHECK(mismatches == 0);
  CHECK(most > 131'072);
}

}  // namespace
}  // namespace cobro::runtime
