#pragma once

// run_bench's input: the generated workload, and its events parsed once so
// that the direct engine run and the hand-written machine start from the
// same vector without timing the parsing again. The units here are those of
// the flow IR, so that the generator, the hand-written machine and the
// engine read the same numbers the same way.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/value.h"

namespace cobro::bench::run {

inline constexpr int64_t kSecond = 1'000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;
inline constexpr int64_t kMoney = flowir::kMoneyScale;
// 2026-03-02 00:00 UTC; events fall over the next 56 days.
inline constexpr int64_t kStartDay = 20'514;
inline constexpr int64_t kDays = 56;

// ---------------------------------------------------------------------------
// The workload: profiles as CSV, events as JSONL in time order. Shapes as in
// examples/champion_challenger/generate.py, with more events per debtor.
// ---------------------------------------------------------------------------

struct DebtorTruth {
  int64_t balance;  // Money units (1/10,000).
  int64_t dpd;
  uint16_t optin;   // Channel bits.
};

struct Workload {
  std::string csv;
  std::string jsonl;
  std::vector<DebtorTruth> debtors;
  std::vector<std::string> ids;
};

// Deterministic (a fixed seed): every run and every round sees the same input.
auto Generate(int64_t debtor_count, int64_t event_count) -> Workload;

// ---------------------------------------------------------------------------
// The parsed events, for the direct engine run and the hand-written machine.
// ---------------------------------------------------------------------------

struct ParsedEvent {
  int64_t at;
  int32_t debtor;
  int32_t type;
  int32_t field_count;
  std::array<runtime::Value, 3> fields;
  uint32_t id_offset;  // The debtor's id as the line wrote it, in ParsedIds::text.
  uint32_t id_size;
};

// The events' debtor ids in event order, as they come off the reader, and
// the index a hand-written program would look them up in.
struct ParsedIds {
  std::string text;
  std::unordered_map<std::string_view, int32_t> index;
};

}  // namespace cobro::bench::run
