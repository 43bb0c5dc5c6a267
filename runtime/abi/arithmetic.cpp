#include "runtime/abi/arithmetic.h"

#include <date/tz.h>

#include <algorithm>
#include <cmath>

#include "compiler/base/int128.h"

namespace {

using cobro::Int128;
using cobro::runtime::EvalContext;

constexpr int64_t kDay = 86'400'000;

// Units of money per step of the currency's precision.
auto MoneyStep(const EvalContext* context) -> int64_t {
  int32_t decimals = std::clamp(context != nullptr ? context->money_decimals : 2, 0, 4);
  int64_t step = 1;
  for (int32_t i = decimals; i < 4; ++i) step *= 10;
  return step;
}

// `value` rounded half to even to a multiple of `step`.
auto RoundToStep(double value, int64_t step) -> int64_t {
  double steps = value / static_cast<double>(step);
  double rounded = std::nearbyint(steps);  // The default mode rounds half to even.
  if (!std::isfinite(rounded)) return 0;
  return static_cast<int64_t>(rounded) * step;
}

auto Zone(const EvalContext* context) -> const date::time_zone* {
  return context != nullptr ? static_cast<const date::time_zone*>(context->zone) : nullptr;
}

}  // namespace

extern "C" {

int64_t cobro_money_mul_float(const EvalContext* context, int64_t money, double factor) {
  return RoundToStep(static_cast<double>(money) * factor, MoneyStep(context));
}

int64_t cobro_money_div_int(const EvalContext* context, int64_t money, int64_t divisor) {
  if (divisor == 0) return 0;
  int64_t step = MoneyStep(context);
  // Exact integer rounding: q = money / (divisor * step), half to even.
  Int128 denominator = static_cast<Int128>(divisor) * step;
  Int128 numerator = money;
  if (denominator < 0) {
    denominator = -denominator;
    numerator = -numerator;
  }
  Int128 quotient = numerator / denominator;
  Int128 remainder = numerator % denominator;
  if (remainder < 0) {
    remainder += denominator;
    quotient -= 1;
  }
  Int128 twice = remainder * 2;
  if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) quotient += 1;
  return static_cast<int64_t>(quotient * step);
}

int64_t cobro_money_div_float(const EvalContext* context, int64_t money, double divisor) {
  if (divisor == 0.0) return 0;
  return RoundToStep(static_cast<double>(money) / divisor, MoneyStep(context));
}

int64_t cobro_duration_mul_float(int64_t duration, double factor) {
  return RoundToStep(static_cast<double>(duration) * factor, 1);
}

int64_t cobro_duration_div_float(int64_t duration, double divisor) {
  if (divisor == 0.0) return 0;
  return RoundToStep(static_cast<double>(duration) / divisor, 1);
}

int64_t cobro_duration_div_int(int64_t duration, int64_t divisor) {
  if (divisor == 0 || (divisor == -1 && duration == INT64_MIN)) return 0;
  return duration / divisor;
}

int64_t cobro_local_to_utc(const EvalContext* context, int64_t local_ms) {
  const date::time_zone* zone = Zone(context);
  if (zone == nullptr) return local_ms;
  using namespace std::chrono;
  date::local_time<milliseconds> local{milliseconds{local_ms}};
  date::local_info info = zone->get_info(date::floor<seconds>(local));
  switch (info.result) {
    case date::local_info::unique: return local_ms - duration_cast<milliseconds>(info.first.offset).count();
    case date::local_info::ambiguous:
      // The earlier of the two instants: the first offset.
      return local_ms - duration_cast<milliseconds>(info.first.offset).count();
    case date::local_info::nonexistent:
      // In the gap when clocks go forward: the same wall time after the gap,
      // i.e. shifted by the gap's length.
      return local_ms - duration_cast<milliseconds>(info.first.offset).count();
  }
  return local_ms;
}

int64_t cobro_local_midnight(const EvalContext* context, int64_t days) {
  return cobro_local_to_utc(context, days * kDay);
}

int64_t cobro_float_to_int(double value) {
  return std::isfinite(value) ? static_cast<int64_t>(std::llround(value)) : 0;
}

int32_t cobro_string_compare(const EvalContext* context, int64_t a, int64_t b) {
  if (a == b) return 0;
  std::string_view left = context->strings->Get(a);
  std::string_view right = context->strings->Get(b);
  int result = left.compare(right);
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

int32_t cobro_set_contains(int64_t set, int64_t value) {
  const auto* values = reinterpret_cast<const cobro::runtime::ValueSet*>(static_cast<intptr_t>(set));
  if (values == nullptr) return 0;
  return std::binary_search(values->values.begin(), values->values.end(), value) ? 1 : 0;
}

int64_t cobro_set_make(EvalContext* context, const int64_t* values, int32_t count) {
  auto set = std::make_unique<cobro::runtime::ValueSet>();
  set->values.assign(values, values + count);
  std::sort(set->values.begin(), set->values.end());
  set->values.erase(std::unique(set->values.begin(), set->values.end()), set->values.end());
  int64_t handle = static_cast<int64_t>(reinterpret_cast<intptr_t>(set.get()));
  context->sets->push_back(std::move(set));
  return handle;
}

}  // extern "C"
