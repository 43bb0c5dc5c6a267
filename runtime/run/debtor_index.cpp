#include "runtime/run/debtor_index.h"

#include <functional>

namespace cobro::runtime {

auto DebtorIndex::Hash(std::string_view id) -> uint64_t {
  // std::hash is a good mix already; the top bits become the tag and the
  // low bits the slot, so both stay independent.
  return std::hash<std::string_view>{}(id);
}

void DebtorIndex::Add(int32_t debtor) {
  // At most half full: probes stay short.
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  std::string_view id = engine_.debtor_id(debtor);
  uint64_t hash = Hash(id);
  uint64_t tag = hash >> 32;
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) {
      slots_[i] = (tag << 32) | static_cast<uint64_t>(debtor + 1);
      size_ += 1;
      return;
    }
    if ((slot >> 32) == tag && engine_.debtor_id(static_cast<int32_t>(slot & 0xFFFFFFFF) - 1) == id) return;
  }
}

auto DebtorIndex::Find(std::string_view id) const -> int32_t {
  if (slots_.empty()) return -1;
  uint64_t hash = Hash(id);
  uint64_t tag = hash >> 32;
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return -1;
    auto debtor = static_cast<int32_t>(slot & 0xFFFFFFFF) - 1;
    if ((slot >> 32) == tag && engine_.debtor_id(debtor) == id) return debtor;
  }
}

void DebtorIndex::Grow() {
  LargeVector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    std::string_view id = engine_.debtor_id(static_cast<int32_t>(slot & 0xFFFFFFFF) - 1);
    size_t i = Hash(id) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace cobro::runtime
