#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "compiler/base/check.h"

namespace cobro {

// Flat storage of values indexed by a typed Id. The store owns its values;
// references returned by Get are views that Add may invalidate.
template <class IdT, class T>
class ValueStore {
 public:
  // Stores `value` and returns its Id.
  auto Add(T value) -> IdT {
    IdT id{static_cast<int32_t>(values_.size())};
    values_.push_back(std::move(value));
    return id;
  }

  // The value stored under `id`, which must be valid.
  auto Get(IdT id) -> T& {
    COBRO_CHECK(id.index >= 0 && static_cast<size_t>(id.index) < values_.size());
    return values_[id.index];
  }
  auto Get(IdT id) const -> const T& {
    COBRO_CHECK(id.index >= 0 && static_cast<size_t>(id.index) < values_.size());
    return values_[id.index];
  }

  // The number of stored values.
  auto size() const -> size_t { return values_.size(); }

  // All values in Id order, for iteration.
  auto values() const -> const std::vector<T>& { return values_; }

 private:
  std::vector<T> values_;
};

}  // namespace cobro
