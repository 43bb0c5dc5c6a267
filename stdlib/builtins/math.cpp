// Pure builtins: numbers, durations, hashing.

#include <cmath>
#include <string_view>

#include "runtime/abi/arithmetic.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::builtins {

namespace {

using flowir::Type;
using runtime::FromDouble;
using runtime::ToDouble;

auto IsFloat(Type type) -> bool { return type == Type::Float; }

// -1, 0 or 1, comparing two values of `type`.
auto Order(Type type, Value a, Value b) -> int {
  if (IsFloat(type)) {
    double x = ToDouble(a);
    double y = ToDouble(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

auto BuiltinLogistic(EvalContext*, Type, const Value* args) -> Value {
  return FromDouble(1.0 / (1.0 + std::exp(-ToDouble(args[0]))));
}

auto BuiltinExp(EvalContext*, Type, const Value* args) -> Value { return FromDouble(std::exp(ToDouble(args[0]))); }

auto BuiltinLog(EvalContext*, Type, const Value* args) -> Value { return FromDouble(std::log(ToDouble(args[0]))); }

auto BuiltinRound(EvalContext*, Type, const Value* args) -> Value {
  return cobro_float_to_int(ToDouble(args[0]));  // Halves away from zero.
}

auto BuiltinToFloat(EvalContext*, Type operand, const Value* args) -> Value {
  switch (operand) {
    case Type::Float: return args[0];
    case Type::Money: return FromDouble(static_cast<double>(args[0]) / flowir::kMoneyScale);
    default: return FromDouble(static_cast<double>(args[0]));
  }
}

auto BuiltinAbs(EvalContext*, Type operand, const Value* args) -> Value {
  if (IsFloat(operand)) return FromDouble(std::fabs(ToDouble(args[0])));
  return args[0] < 0 ? -args[0] : args[0];
}

auto BuiltinMin(EvalContext*, Type operand, const Value* args) -> Value {
  return Order(operand, args[1], args[0]) < 0 ? args[1] : args[0];
}

auto BuiltinMax(EvalContext*, Type operand, const Value* args) -> Value {
  return Order(operand, args[1], args[0]) > 0 ? args[1] : args[0];
}

auto BuiltinClamp(EvalContext*, Type operand, const Value* args) -> Value {
  if (Order(operand, args[0], args[1]) < 0) return args[1];
  if (Order(operand, args[0], args[2]) > 0) return args[2];
  return args[0];
}

auto BuiltinDays(EvalContext*, Type, const Value* args) -> Value {
  return FromDouble(static_cast<double>(args[0]) / 86'400'000.0);
}

// FNV-1a over the key's UTF-8 bytes: the same bucket on every platform and
// in every run, so experiment arms never move.
auto BuiltinHashBucket(EvalContext* context, Type, const Value* args) -> Value {
  if (args[1] <= 0) return 0;
  std::string_view key = context->strings->Get(args[0]);
  uint64_t hash = 1469598103934665603ULL;
  for (char byte : key) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 1099511628211ULL;
  }
  return static_cast<Value>(hash % static_cast<uint64_t>(args[1]));
}

}  // namespace cobro::builtins
