#pragma once

// How records read in the outputs: values by their IR type, the idempotency
// key of an action, names of flows, states and rules.

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "runtime/engine/engine.h"

namespace cobro::runtime {

// Appends a value as JSON: numbers for ints and floats, true/false, strings
// for money (exact decimals), instants (RFC 3339), durations and names,
// arrays for sets.
void AppendJsonValue(fmt::memory_buffer& out, flowir::Type type, Value value, const StringPool& strings);

// A stable key for an action: the same debtor, flow, state visit, action and
// attempt give the same key in every run, so a platform that receives an
// action twice (a replay, a restart) can send it once.
auto IdempotencyKey(std::string_view debtor, const flowir::Module& module, const ActionRecord& action) -> std::string;
// The key's number; the key is its 16 hex digits.
auto IdempotencyHash(std::string_view debtor, const flowir::Module& module, const ActionRecord& action) -> uint64_t;

// `RegF.calls_7in7`.
auto RuleName(const flowir::Module& module, int32_t policy, int32_t rule) -> std::string;

}  // namespace cobro::runtime
