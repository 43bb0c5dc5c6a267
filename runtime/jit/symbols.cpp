// The runtime functions generated code calls, by name and address. The
// builtins' C ABI and exact arithmetic are declared once, in
// runtime/abi/arithmetic.h; this is the table the JIT resolves them from.

#include <cmath>

#include "runtime/abi/arithmetic.h"
#include "runtime/jit/symbols.h"

namespace cobro::jit {

auto RuntimeSymbols() -> std::vector<std::pair<const char*, void*>> {
  return {
      {"cobro_money_mul_float", reinterpret_cast<void*>(&cobro_money_mul_float)},
      {"cobro_money_div_int", reinterpret_cast<void*>(&cobro_money_div_int)},
      {"cobro_money_div_float", reinterpret_cast<void*>(&cobro_money_div_float)},
      {"cobro_duration_mul_float", reinterpret_cast<void*>(&cobro_duration_mul_float)},
      {"cobro_duration_div_float", reinterpret_cast<void*>(&cobro_duration_div_float)},
      {"cobro_duration_div_int", reinterpret_cast<void*>(&cobro_duration_div_int)},
      {"cobro_local_midnight", reinterpret_cast<void*>(&cobro_local_midnight)},
      {"cobro_local_to_utc", reinterpret_cast<void*>(&cobro_local_to_utc)},
      {"cobro_float_to_int", reinterpret_cast<void*>(&cobro_float_to_int)},
      {"cobro_string_compare", reinterpret_cast<void*>(&cobro_string_compare)},
      {"cobro_set_contains", reinterpret_cast<void*>(&cobro_set_contains)},
      {"cobro_set_make", reinterpret_cast<void*>(&cobro_set_make)},
      {"cobro_builtin", reinterpret_cast<void*>(&cobro_builtin)},
      // libm, the same functions the interpreter's builtins call.
      {"exp", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::exp))},
      {"log", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::log))},
  };
}

}  // namespace cobro::jit
