// Builtins that read the case's event history or the current time. Windows
// are half-open and end now: an event counts if now - window < at <= now.

#include <date/tz.h>

#include <cmath>

#include "compiler/flowir/builtin_id.h"
#include "runtime/abi/arithmetic.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::builtins {

namespace {

using flowir::Type;
using runtime::EventRecord;
using runtime::FromDouble;
using runtime::ToDouble;

auto InWindow(const EvalContext* context, const EventRecord* event, int64_t window) -> bool {
  return event->at <= context->now && event->at > context->now - window;
}

// The value of a field reference in one event, as a double for averages.
auto FieldValue(const EventRecord* event, int64_t slot) -> Value {
  if (slot == kAtSlot) return event->at;
  if (slot < 0 || slot >= event->field_count) return 0;
  return event->fields[slot];
}

auto AsDouble(Type type, Value value) -> double {
  if (type == Type::Float) return ToDouble(value);
  return static_cast<double>(value);
}

// The local date of an instant, in days since 1970.
auto LocalDay(const EvalContext* context, int64_t instant) -> int64_t {
  using namespace std::chrono;
  sys_time<milliseconds> time{milliseconds{instant}};
  int64_t local = instant;
  if (context->zone != nullptr) {
    auto* zone = static_cast<const date::time_zone*>(context->zone);
    local = zone->to_local(time).time_since_epoch().count();
  }
  int64_t day = local / 86'400'000;
  if (local % 86'400'000 < 0) --day;
  return day;
}

}  // namespace

auto BuiltinCount(EvalContext* context, Type, const Value* args) -> Value {
  Value count = 0;
  for (const EventRecord* event : context->history) {
    if (event->type == args[0] && InWindow(context, event, args[1])) ++count;
  }
  return count;
}

auto BuiltinSum(EvalContext* context, Type operand, const Value* args) -> Value {
  int64_t event_type = args[0] / kFieldSlots;
  int64_t slot = args[0] % kFieldSlots;
  if (operand == Type::Float) {
    double total = 0;
    for (const EventRecord* event : context->history) {
      if (event->type == event_type && InWindow(context, event, args[1])) total += ToDouble(FieldValue(event, slot));
    }
    return FromDouble(total);
  }
  Value total = 0;
  for (const EventRecord* event : context->history) {
    if (event->type == event_type && InWindow(context, event, args[1])) total += FieldValue(event, slot);
  }
  return total;
}

auto BuiltinAvg(EvalContext* context, Type operand, const Value* args) -> Value {
  int64_t event_type = args[0] / kFieldSlots;
  int64_t count = 0;
  for (const EventRecord* event : context->history) {
    if (event->type == event_type && InWindow(context, event, args[1])) ++count;
  }
  if (count == 0) return operand == Type::Float ? FromDouble(0.0) : 0;
  Value total = BuiltinSum(context, operand, args);
  switch (operand) {
    case Type::Float: return FromDouble(ToDouble(total) / static_cast<double>(count));
    case Type::Money: return cobro_money_div_int(context, total, count);
    default: return total / count;  // Toward zero.
  }
}

auto BuiltinDaysSince(EvalContext* context, Type, const Value* args) -> Value {
  const EventRecord* last = nullptr;
  for (const EventRecord* event : context->history) {
    if (event->type == args[0] && event->at <= context->now) last = event;
  }
  if (last == nullptr) return args[1];
  return LocalDay(context, context->now) - LocalDay(context, last->at);
}

auto BuiltinEwma(EvalContext* context, Type operand, const Value* args) -> Value {
  int64_t event_type = args[0] / kFieldSlots;
  int64_t slot = args[0] % kFieldSlots;
  double half_life = static_cast<double>(args[1]);
  double weighted = 0;
  double weights = 0;
  for (const EventRecord* event : context->history) {
    if (event->type != event_type || event->at > context->now) continue;
    double age = static_cast<double>(context->now - event->at);
    double weight = half_life > 0 ? std::exp2(-age / half_life) : (age == 0 ? 1.0 : 0.0);
    double value = AsDouble(operand, FieldValue(event, slot));
    if (operand == Type::Money) value /= flowir::kMoneyScale;
    weighted += weight * value;
    weights += weight;
  }
  return FromDouble(weights > 0 ? weighted / weights : 0.0);
}

auto BuiltinTrend(EvalContext* context, Type operand, const Value* args) -> Value {
  int64_t event_type = args[0] / kFieldSlots;
  int64_t slot = args[0] % kFieldSlots;
  std::vector<double> values;
  for (const EventRecord* event : context->history) {
    if (event->type != event_type || event->at > context->now) continue;
    double value = AsDouble(operand, FieldValue(event, slot));
    if (operand == Type::Money) value /= flowir::kMoneyScale;
    values.push_back(value);
  }
  size_t n = args[1] > 0 ? static_cast<size_t>(args[1]) : 0;
  if (values.size() > n) values.erase(values.begin(), values.end() - static_cast<ptrdiff_t>(n));
  if (values.size() < 2) return FromDouble(0.0);
  // Least squares slope of value against position (0, 1, ...): how much the
  // field grows per event.
  double count = static_cast<double>(values.size());
  double mean_x = (count - 1) / 2;
  double mean_y = 0;
  for (double value : values) mean_y += value;
  mean_y /= count;
  double numerator = 0;
  double denominator = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    double dx = static_cast<double>(i) - mean_x;
    numerator += dx * (values[i] - mean_y);
    denominator += dx * dx;
  }
  return FromDouble(numerator / denominator);
}

auto BuiltinPaidSince(EvalContext* context, Type, const Value* args) -> Value {
  const EventRecord* promise = runtime::AsEvent(args[0]);
  if (promise == nullptr || context->events.payment < 0 || context->events.payment_amount < 0) return 0;
  Value total = 0;
  for (const EventRecord* event : context->history) {
    if (event->type == context->events.payment && event->at >= promise->at && event->at <= context->now) {
      total += FieldValue(event, context->events.payment_amount);
    }
  }
  return total;
}

auto BuiltinNow(EvalContext* context, Type, const Value*) -> Value { return context->now; }

auto BuiltinOptedOut(EvalContext* context, Type, const Value* args) -> Value {
  // The last word on the channel decides: an opt-out not followed by a consent.
  bool opted_out = false;
  for (const EventRecord* event : context->history) {
    if (event->at > context->now || event->field_count < 1 || event->fields[0] != args[0]) continue;
    if (event->type == context->events.opt_out) opted_out = true;
    if (event->type == context->events.consent) opted_out = false;
  }
  return opted_out ? 1 : 0;
}

}  // namespace cobro::builtins

extern "C" int64_t cobro_builtin(cobro::runtime::EvalContext* context, int32_t id, int32_t operand,
                                 const int64_t* args) {
  using cobro::flowir::BuiltinId;
  auto type = static_cast<cobro::flowir::Type>(operand);
  switch (static_cast<BuiltinId>(id)) {
#define COBRO_BUILTIN(Id, Name, Signature, Purity, Cost) \
  case BuiltinId::Id: return cobro::builtins::Builtin##Id(context, type, args);
#include "stdlib/builtins/builtins.def"
#undef COBRO_BUILTIN
    default: return 0;
  }
}
