#pragma once

// Arithmetic whose exact rounding the interpreter and the JIT must share:
// the JIT calls these instead of re-implementing them, so both agree to the
// last unit. All are total: no input traps.

#include <cstdint>

#include "runtime/abi/context.h"

extern "C" {

// money * float, rounded half to even at the currency's precision.
int64_t cobro_money_mul_float(const cobro::runtime::EvalContext* context, int64_t money, double factor);
// money / int, rounded half to even at the currency's precision; / 0 is 0.
int64_t cobro_money_div_int(const cobro::runtime::EvalContext* context, int64_t money, int64_t divisor);
// money / float, rounded likewise; / 0.0 is 0.
int64_t cobro_money_div_float(const cobro::runtime::EvalContext* context, int64_t money, double divisor);
// duration * float and duration / float, rounded half to even to a ms; / 0 is 0.
int64_t cobro_duration_mul_float(int64_t duration, double factor);
int64_t cobro_duration_div_float(int64_t duration, double divisor);
// duration / int, truncated toward zero; / 0 is 0.
int64_t cobro_duration_div_int(int64_t duration, int64_t divisor);
// Midnight of a date, and a local date-time, in the context's zone (UTC
// when none). A local time that does not exist (clocks going forward) moves
// forward by the gap; an ambiguous one takes the earlier instant.
int64_t cobro_local_midnight(const cobro::runtime::EvalContext* context, int64_t days);
int64_t cobro_local_to_utc(const cobro::runtime::EvalContext* context, int64_t local_ms);
// A float rounded to an int, halves away from zero; 0 for NaN and infinity.
int64_t cobro_float_to_int(double value);
// Strings compared by content: -1, 0 or 1.
int32_t cobro_string_compare(const cobro::runtime::EvalContext* context, int64_t a, int64_t b);
// Membership in a set of strings or ints.
int32_t cobro_set_contains(int64_t set, int64_t value);
// A set of `count` values (sorted, deduplicated), owned by the context.
int64_t cobro_set_make(cobro::runtime::EvalContext* context, const int64_t* values, int32_t count);
// Calls builtin `id` (flowir::BuiltinId) on `args`; `operand` is the type
// the builtin works on (flowir::Type), as the Builtin expression says.
int64_t cobro_builtin(cobro::runtime::EvalContext* context, int32_t id, int32_t operand, const int64_t* args);
}
