#pragma once

// The engine core: cases (one per flow and debtor), event-time scheduling of
// timers and retries, and actions emitted into memory. Input formats, the
// compliance guard and the CLI come on top of it (runtime/engine/ingest and
// guard, later). The same engine drives the interpreter or the JIT through
// FlowCode.

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/engine/action_record.h"
#include "runtime/engine/flow_code.h"

namespace cobro::runtime {

struct EngineOptions {
  // Decimal places of the currency, for money rounding.
  int32_t money_decimals = 2;
};

// One case: a debtor in a flow. Flat and small; the history it reads lives
// with its debtor.
struct Case {
  int32_t debtor = -1;
  int32_t flow = -1;
  int32_t state = -1;
  bool finished = false;
  int64_t entered_at = 0;
  std::array<Value, kMaxStateParams> args{};
  // The earliest timer of the state: when, and which.
  int64_t timer_due = INT64_MAX;
  int32_t timer = -1;
  // Per action of the state: attempts made and the next retry's time.
  std::vector<int32_t> attempts;
  std::vector<int64_t> retry_due;
  // Bumped on every change of state, so stale wake-ups are ignored.
  uint32_t epoch = 0;
};

class Engine {
 public:
  // `code[f]` runs flow f of `module`. The engine keeps references to both.
  Engine(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options = {});

  // Adds a debtor with profile field values (in the profile's field order)
  // and a time zone (a date::time_zone, or null for UTC). Returns its index.
  auto AddDebtor(const std::string& id, int32_t profile, std::vector<Value> fields, const void* zone) -> int32_t;

  // Puts the debtor in `flow` if the flow's start rule holds at `time`;
  // otherwise the start rule is tried again after each of its events.
  void Enroll(int32_t debtor, int32_t flow, int64_t time);

  // Processes an event of the debtor: timers due at or before its time fire
  // first, then the event is recorded and handled by each of the debtor's
  // cases. Events must come in time order.
  void PushEvent(int32_t debtor, int32_t type, int64_t at, std::vector<Value> fields);

  // Fires every timer and retry due at or before `time`, in (time, case,
  // sequence) order.
  void AdvanceTo(int64_t time);

  auto actions() const -> const std::vector<ActionRecord>& { return actions_; }
  auto transitions() const -> const std::vector<TransitionRecord>& { return transitions_; }
  auto cases() const -> const std::vector<Case>& { return cases_; }
  auto strings() -> StringPool& { return strings_; }
  auto module() const -> const flowir::Module& { return module_; }
  auto debtor_id(int32_t debtor) const -> const std::string& { return debtors_[debtor].id; }

 private:
  struct Debtor {
    std::string id;
    int32_t profile = -1;
    std::vector<Value> fields;
    const void* zone = nullptr;
    std::vector<std::unique_ptr<EventRecord>> events;
    std::vector<std::unique_ptr<std::vector<Value>>> event_fields;
    std::vector<const EventRecord*> history;
    std::vector<int32_t> cases;
    std::vector<int32_t> pending_flows;  // Enrolled, start rule not yet true.
  };

  // A wake-up of a case at `due`; stale once the case's epoch moved on.
  struct WakeUp {
    int64_t due;
    int32_t case_id;
    uint64_t sequence;
    uint32_t epoch;
    auto operator>(const WakeUp& other) const -> bool {
      if (due != other.due) return due > other.due;
      if (case_id != other.case_id) return case_id > other.case_id;
      return sequence > other.sequence;
    }
  };

  auto Context(int32_t debtor, int64_t now) -> EvalContext&;
  auto View(const Case& a_case) const -> CaseView;
  void TryStart(int32_t debtor, int32_t flow, int64_t time);
  void Enter(int32_t case_id, const Transition& transition, int64_t time);
  void Attempt(int32_t case_id, int32_t action, int64_t time);
  void Schedule(int32_t case_id);
  void Wake(const WakeUp& wake_up);

  const flowir::Module& module_;
  std::vector<std::unique_ptr<FlowCode>> code_;
  EngineOptions options_;
  StringPool strings_;
  KnownEvents known_;
  EvalContext context_;
  std::vector<std::unique_ptr<ValueSet>> sets_;
  std::vector<Debtor> debtors_;
  std::vector<Case> cases_;
  std::priority_queue<WakeUp, std::vector<WakeUp>, std::greater<>> wake_ups_;
  uint64_t sequence_ = 0;
  std::vector<ActionRecord> actions_;
  std::vector<TransitionRecord> transitions_;
};

}  // namespace cobro::runtime
