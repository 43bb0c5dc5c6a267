#pragma once

// Private to runtime/io. Instants as text: RFC 3339 and epoch seconds.

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/io/expected.h"

namespace cobro::runtime::io {

// Ms since 1970 UTC from `2026-03-02T10:00:00-03:00` (RFC 3339: `T`, `t` or
// a space; seconds and a fraction optional; `Z`, `z` or `±HH:MM` required)
// or from integer epoch seconds (`1772456400`). Fractions finer than a
// millisecond are truncated: the runtime's clock counts milliseconds.
auto ParseDateTime(std::string_view text) -> Expected<int64_t>;

// `2026-03-02T13:00:00Z`, with `.250` when there are milliseconds.
auto FormatDateTime(int64_t milliseconds) -> std::string;

// FormatDateTime's text in `out`, without allocating (output writers call
// it for every action). Returns the length.
inline constexpr size_t kDateTimeCapacity = 48;
auto FormatDateTimeTo(int64_t milliseconds, char (&out)[kDateTimeCapacity]) -> size_t;

}  // namespace cobro::runtime::io
