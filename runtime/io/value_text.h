#pragma once

// Text to runtime values and back, one flow IR type at a time: the spellings
// a CSV cell or a JSON string may use (docs/inputs.md lists them).

#include <string>
#include <string_view>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/abi/value.h"
#include "runtime/io/expected.h"
#include "runtime/io/value_arena.h"

namespace cobro::runtime::io {

// Converts `text` to a value of `type`, or says why it cannot, e.g.
// `expected money like "120.50", got "abc"` (the caller names the field).
// Exact: money never goes through binary floating point, and digits it
// cannot keep are an error, not rounded. Strings and zones are interned in
// `strings`; sets live in `arena`. Profile and Event types have no text.
auto ParseValue(flowir::Type type, std::string_view text, StringPool& strings, ValueArena& arena)
    -> Expected<Value>;

// The value a missing event field without a default takes: 0, false, 0.0,
// the empty set, the empty string, "UTC" for a zone.
auto ZeroValue(flowir::Type type, StringPool& strings, ValueArena& arena) -> Value;

// The canonical spelling of `value`, which ParseValue reads back to the same
// value: `120.5`, `2026-03-02T13:00:00Z`, `email|sms`. Set elements are
// joined with `|` in sorted order (by handle for strings).
auto FormatValue(flowir::Type type, Value value, const StringPool& strings) -> std::string;

// A short description of what `type` accepts, for messages:
// `money like "120.50"`.
auto ExpectedSpelling(flowir::Type type) -> std::string_view;

}  // namespace cobro::runtime::io
