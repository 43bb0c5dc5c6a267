#pragma once

#include <cstdint>

namespace cobro::flowir {

// The builtins of stdlib/builtins/builtins.def, numbered in its order; a
// Builtin expression's `imm` is one of these.
enum class BuiltinId : int32_t {
#define COBRO_BUILTIN(Id, Name, Signature, Purity, Cost) Id,
#include "stdlib/builtins/builtins.def"
#undef COBRO_BUILTIN
  Count_,
};

// The builtin's name in Cobro source.
auto BuiltinName(BuiltinId id) -> const char*;

// The id of the builtin named `name`, or Count_.
auto BuiltinByName(const char* name) -> BuiltinId;

}  // namespace cobro::flowir
