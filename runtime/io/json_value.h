#pragma once

// Private to runtime/io, and the only header that includes simdjson: JSON
// values to runtime values, for the JSONL readers' .cpp files.

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/io/value_arena.h"

namespace cobro::runtime::io {

namespace ondemand = simdjson::ondemand;

enum class JsonRead : uint8_t { Value, Absent, Error };

// Reads `value` as `type`: a JSON string is read exactly like a CSV cell;
// numbers are accepted for int, float, money (by their literal text, never
// via double) and date-time (epoch seconds); true/false for bool; arrays for
// sets. `null` is Absent. On Error, `reason` says why.
auto ReadJsonValue(flowir::Type type, ondemand::value& value, StringPool& strings, ValueArena& arena, Value& out,
                   std::string& reason, std::vector<Value>& scratch) -> JsonRead;

// An identifier (debtor, profile id): a non-empty string or a non-negative
// integer, as text. The view lives until the parser's next document.
auto ReadJsonId(ondemand::value& value, std::string_view& out, std::string& reason) -> bool;

// `malformed JSON: unterminated string`.
auto JsonErrorReason(simdjson::error_code error) -> std::string;

// True when the document holds more than the value already read
// (`{"a": 1} {"b": 2}`).
auto HasTrailingContent(ondemand::document& document) -> bool;

// `a number`, `an object`: what a value is, for messages.
auto JsonKindOf(ondemand::value& value) -> std::string;

}  // namespace cobro::runtime::io
