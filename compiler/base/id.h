#pragma once

#include <compare>
#include <cstdint>

namespace cobro {

// A typed index into one ValueStore. Ids of different stores don't mix, and
// carry no arithmetic: an Id is a name for a stored value, not a number.
template <class Tag>
struct Id {
  int32_t index = -1;

  // The Id that refers to nothing.
  static constexpr auto None() -> Id { return Id{}; }

  // Whether this Id refers to a stored value.
  constexpr auto has_value() const -> bool { return index >= 0; }

  friend constexpr auto operator<=>(Id, Id) = default;
};

}  // namespace cobro
