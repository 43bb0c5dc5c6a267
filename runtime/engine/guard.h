#pragma once

// The compliance guard: every contact action passes it before it goes out.
// It evaluates the policies bound to the case in the debtor's local time
// (every candidate zone when the zone is uncertain), over the debtor's real
// contact history, and allows, defers (to the first instant every rule
// holds) or blocks, naming the rule. docs/compliance.md describes the rules.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/base/channel.h"
#include "compiler/base/holiday_calendar.h"
#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/engine/history_demand.h"
#include "runtime/engine/local_clock.h"
#include "runtime/engine/records.h"

namespace cobro::runtime {

// A contact the debtor received: made by a flow (`case_id` >= 0) or reported
// by an outside system as a `contact.attempt` event (`case_id` -1).
struct ContactRecord {
  int64_t at = 0;
  Channel channel = Channel::Email;
  int32_t case_id = -1;
};

struct GuardDecision {
  Verdict verdict = Verdict::Allow;
  int64_t until = 0;        // Defer: the first instant every rule holds.
  int32_t policy = -1;      // The rule that decided: Module::policies index,
  int32_t rule = -1;        // and its index in the policy.
  std::string detail;       // The numbers: "8th `call` contact in 7 consecutive days (limit 7)".
};

struct GuardRequest {
  std::span<const int32_t> policies;  // Module::policies bound to the case.
  Channel channel = Channel::Email;
  int64_t now = 0;
  int32_t case_id = -1;
  std::span<const ContactRecord> contacts;           // The debtor's, in time order.
  std::span<const EventRecord* const> history;       // The debtor's events.
  // Bit t: the history may hold an event of type t (types from 64 on share
  // bit 63). Lets a rule skip reading the history for a type never seen.
  uint64_t history_types = ~uint64_t{0};
  std::span<const void* const> zones;                // date::time_zone*; empty: UTC.
};

class Guard {
 public:
  // `calendars` finds a holiday calendar by code ("CO"), or null.
  Guard(const flowir::Module& module,
        std::function<const HolidayCalendar*(std::string_view code)> calendars);

  // Decides one contact. `context` evaluates trigger conditions. Without
  // `explain`, the decision's detail stays empty (nobody reads it).
  auto Decide(const GuardRequest& request, EvalContext& context, bool explain = true) const -> GuardDecision;

  // The event types the rules read from the history: triggers and their
  // ends, conversations, consents and opt-outs.
  auto Demand() const -> HistoryDemand;

 private:
  struct Finding;
  // One rule at one instant (`today`: its local day in the first zone).
  // `detail`, when not null, receives the numbers of a rule that does not
  // hold; the search for a legal instant passes null and formats nothing.
  auto Check(const GuardRequest& request, EvalContext& context, int32_t policy, int32_t rule, int64_t at,
             int64_t today, std::string* detail) const -> Finding;
  // The rules of a policy that may hold a contact on `channel` back, in order.
  auto RulesFor(int32_t policy, Channel channel) const -> const std::vector<int32_t>& {
    return rules_for_channel_[static_cast<size_t>(policy) * kChannelCount + static_cast<size_t>(channel)];
  }
  auto LocalDay(const void* zone, int64_t instant) const -> int64_t;
  auto Bucket(const void* zone, flowir::WindowKind kind, int64_t instant) const -> std::pair<int64_t, int64_t>;

  const flowir::Module& module_;
  int32_t contact_attempt_ = -1;
  int32_t conversation_ = -1;
  int32_t consent_ = -1;
  int32_t opt_out_ = -1;
  std::vector<std::vector<int32_t>> rules_for_channel_;  // By policy, then channel: RulesFor.
  std::vector<const HolidayCalendar*> calendar_of_policy_;  // Null: none, or not found.
  // Caches and scratch space. An engine, and so its guard, runs on one
  // thread; Decide stays const to its callers and allocates nothing once
  // these have grown.
  mutable LocalClock clock_;
  mutable std::vector<int64_t> counted_;
  mutable std::vector<int64_t> counted_days_;
  mutable std::vector<Value> locals_;
};

}  // namespace cobro::runtime
