#pragma once

// The C++ bodies of the builtins of builtins.def, one function each. They
// all take the evaluation context, the builtin's arguments and the type it
// works on (for generic builtins), and return a value. cobro_builtin
// dispatches to them; the JIT calls the same functions, or inlines the pure
// arithmetic ones.

#include <cstdint>

#include "runtime/abi/context.h"

namespace cobro::builtins {

using runtime::EvalContext;
using runtime::Value;

#define COBRO_BUILTIN(Id, Name, Signature, Purity, Cost) \
  auto Builtin##Id(EvalContext* context, flowir::Type operand, const Value* args) -> Value;
#include "stdlib/builtins/builtins.def"
#undef COBRO_BUILTIN

// The field reference `payment.amount` passed to sum/avg/ewma/trend:
// (event, slot); slot kAtSlot is the event's time.
inline constexpr int64_t kFieldSlots = 4096;
inline constexpr int64_t kAtSlot = kFieldSlots - 1;

}  // namespace cobro::builtins
