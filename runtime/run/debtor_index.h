#pragma once

// Debtor ids to the engine's debtor indexes, for every event line of a run.
// Open addressing over one flat array of (hash tag, index): a lookup reads
// one slot and then the debtor's id in the engine, a record the engine
// reads next anyway; std::unordered_map costs a bucket, a node and a key,
// three cache misses an event on a million debtors.

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/engine.h"

namespace cobro::runtime {

class DebtorIndex {
 public:
  explicit DebtorIndex(const Engine& engine) : engine_(engine) {}

  // Adds the engine's debtor under its id; an id already present keeps its
  // first debtor.
  void Add(int32_t debtor);
  // The debtor with this id, or -1.
  auto Find(std::string_view id) const -> int32_t;

 private:
  static auto Hash(std::string_view id) -> uint64_t;
  void Grow();

  const Engine& engine_;
  // Low 32 bits: debtor + 1 (0: empty); high 32 bits: the hash's top bits,
  // compared before the id.
  LargeVector<uint64_t> slots_;
  size_t size_ = 0;
};

}  // namespace cobro::runtime
