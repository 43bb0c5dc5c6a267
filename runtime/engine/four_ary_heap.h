#pragma once

// A min-heap with four children per node, for the engine's wake-ups. With
// a million cases waiting, a binary heap's pop walks twenty levels, the
// lower ones out of cache; four children halve the levels, and the heap is
// laid out so that a node's four 32-byte children sit in two cache lines,
// not three. The order of pops is that of `operator>` alone, as with
// std::priority_queue and std::greater: for a total order, the same
// sequence.

#include <algorithm>
#include <cstddef>

#include "runtime/engine/large_table.h"

namespace cobro::runtime {

template <typename T>
class FourAryHeap {
 public:
  FourAryHeap() : items_(kPad) {}

  auto empty() const -> bool { return items_.size() == kPad; }
  auto size() const -> size_t { return items_.size() - kPad; }
  auto top() const -> const T& { return items_[kPad]; }

  void push(const T& item) {
    size_t hole = size();
    items_.push_back(item);
    while (hole > 0) {
      size_t parent = (hole - 1) / 4;
      if (!(At(parent) > item)) break;
      At(hole) = At(parent);
      hole = parent;
    }
    At(hole) = item;
  }

  void pop() {
    T last = items_.back();
    items_.pop_back();
    size_t count = size();
    if (count == 0) return;
    size_t hole = 0;
    for (;;) {
      size_t first = hole * 4 + 1;
      if (first >= count) break;
      size_t best = first;
      size_t end = std::min(first + 4, count);
      for (size_t child = first + 1; child < end; ++child) {
        if (At(best) > At(child)) best = child;
      }
      if (!(last > At(best))) break;
      At(hole) = At(best);
      hole = best;
    }
    At(hole) = last;
  }

 private:
  // Node i lives at i + kPad: the children of i, 4i + 1 ... 4i + 4, then
  // start at 4(i + 1), a multiple of four entries from the table's start.
  static constexpr size_t kPad = 3;

  auto At(size_t node) -> T& { return items_[node + kPad]; }
  auto At(size_t node) const -> const T& { return items_[node + kPad]; }

  LargeVector<T> items_;
};

}  // namespace cobro::runtime
