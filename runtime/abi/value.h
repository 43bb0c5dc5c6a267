#pragma once

// The one representation of runtime values, shared by the interpreter, the
// JIT and the builtins: 64 bits, read according to the flow IR type (see
// compiler/flowir/module.h). Floats are stored as their bits.

#include <cstdint>
#include <cstring>

namespace cobro::runtime {

using Value = int64_t;

inline auto FromDouble(double value) -> Value {
  Value bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

inline auto ToDouble(Value bits) -> double {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// An event as the runtime keeps it: its type (an index into
// flowir::Module::events), its time (ms since 1970, UTC) and its keys then
// fields. An Event-typed value is a pointer to one of these.
struct EventRecord {
  int64_t at = 0;
  int32_t type = -1;
  int32_t field_count = 0;
  const Value* fields = nullptr;
};

// A Profile-typed value points at the profile's field values, in the
// order of flowir::Profile::fields.

inline auto AsEvent(Value value) -> const EventRecord* {
  return reinterpret_cast<const EventRecord*>(static_cast<intptr_t>(value));
}
inline auto AsProfile(Value value) -> const Value* {
  return reinterpret_cast<const Value*>(static_cast<intptr_t>(value));
}
inline auto HandleOf(const void* pointer) -> Value {
  return static_cast<Value>(reinterpret_cast<intptr_t>(pointer));
}

}  // namespace cobro::runtime
