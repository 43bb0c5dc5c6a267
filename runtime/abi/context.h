#pragma once

// What evaluating an expression may read besides its locals: the case's
// history, the current time and zone, strings. One per evaluation thread;
// the engine fills it before calling into the interpreter or JIT code.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/value.h"

namespace cobro::runtime {

// Interned strings: a String value is an index here. The module's string
// table is interned first, so module string i is handle i and equality of
// strings is equality of handles.
class StringPool {
 public:
  explicit StringPool(const flowir::Module& module);

  auto Intern(std::string_view text) -> Value;
  auto Get(Value handle) const -> std::string_view;

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, Value> index_;
};

// A set of strings or ints, as a sorted array of values.
struct ValueSet {
  std::vector<Value> values;
};

// Event types the builtins look up by name; -1 when the module lacks one.
struct KnownEvents {
  int32_t payment = -1;
  int32_t payment_amount = -1;  // Slot of `amount` in a payment record.
  int32_t opt_out = -1;
  int32_t consent = -1;

  static auto Find(const flowir::Module& module) -> KnownEvents;
};

struct EvalContext {
  const flowir::Module* module = nullptr;
  StringPool* strings = nullptr;
  KnownEvents events;
  // The case's events in time order, the one being handled included.
  std::span<const EventRecord* const> history;
  // Now, in ms since 1970 UTC: the time of the event or timer being handled.
  int64_t now = 0;
  // The debtor's zone (a date::time_zone), or null for UTC.
  const void* zone = nullptr;
  // Decimal places of the currency (2 for USD and COP): money results of
  // multiplication and division round half to even at this precision.
  int32_t money_decimals = 2;
  // Sets built while evaluating (set literals); cleared by the engine.
  std::vector<std::unique_ptr<ValueSet>>* sets = nullptr;
};

}  // namespace cobro::runtime
