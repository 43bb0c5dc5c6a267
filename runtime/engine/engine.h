#pragma once

// The engine core: cases (one per flow and debtor), event-time scheduling of
// timers and retries, the compliance guard on every contact, and records to
// a sink. Input formats and the CLI sit on top (runtime/io, driver). The
// same engine drives the interpreter or the JIT through FlowCode.

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/base/holiday_calendar.h"
#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/engine/event_store.h"
#include "runtime/engine/flow_code.h"
#include "runtime/engine/four_ary_heap.h"
#include "runtime/engine/guard.h"
#include "runtime/engine/large_table.h"
#include "runtime/engine/records.h"

namespace cobro::runtime {

struct EngineOptions {
  // Decimal places of the currency, for money rounding.
  int32_t money_decimals = 2;
  // Policies that bind every case besides its flow's `complies` list
  // (`--policy`, the project configuration's `policies`).
  std::vector<int32_t> policies;
  // The packs of the jurisdictions the run binds (`--jurisdiction`): they
  // bind debtors whose jurisdiction is unknown. A debtor whose profile
  // names its jurisdiction gets the packs that cover it instead, bound or
  // not: the law of where the debtor lives.
  std::vector<int32_t> jurisdiction_policies;
  // The flows EnrollAll may put debtors in; empty: every flow.
  std::vector<int32_t> flows;
  // Holiday calendars by code ("CO"); null when there is none.
  std::function<const HolidayCalendar*(std::string_view code)> calendars;
};

// One case: a debtor in a flow. Flat, small and one cache line: an event or
// a wake-up reads it whole. The history it reads lives with its debtor; its
// per-action slots and state arguments in the engine's pools.
struct alignas(64) Case {
  int64_t entered_at = 0;
  // The earliest timer of the state: when, and which.
  int64_t timer_due = INT64_MAX;
  int32_t debtor = -1;
  int32_t flow = -1;
  int32_t state = -1;
  int32_t timer = -1;
  int32_t slots = 0;             // First of the flow's action slots in the pool.
  int32_t next_of_debtor = -1;   // The debtor's next case, in creation order.
  int32_t policy_set = -1;       // The policies that bind it (Engine::policy_sets_).
  int32_t experiment = -1;
  int32_t arm = -1;
  // Bumped on every wake-up and change of state, so stale wake-ups are ignored.
  uint32_t epoch = 0;
  // States entered so far: a deferred contact is dropped once it changes.
  uint32_t visits = 0;
  bool finished = false;
};

// Counts a run reports, so that nothing is lost silently.
struct EngineStats {
  int64_t events = 0;
  int64_t actions = 0;
  int64_t deferrals = 0;
  int64_t blocks = 0;
  int64_t drops = 0;
  int64_t pending_deferred = 0;  // Deferred contacts not yet due at the end.
};

class Engine {
 public:
  // `code[f]` runs flow f of `module`. The engine keeps references to both
  // and to `sink`; without a sink it keeps every record in memory.
  Engine(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options = {},
         EngineSink* sink = nullptr);

  // Adds a debtor with profile field values (in the profile's field order),
  // a time zone (a date::time_zone, or null for UTC) and a jurisdiction
  // ("US-MA"; empty for none). Returns its index.
  auto AddDebtor(std::string_view id, int32_t profile, std::span<const Value> fields, const void* zone,
                 std::string_view jurisdiction = {}) -> int32_t;
  auto AddDebtor(std::string_view id, int32_t profile, std::initializer_list<Value> fields, const void* zone)
      -> int32_t {
    return AddDebtor(id, profile, std::span<const Value>(fields.begin(), fields.size()), zone);
  }

  // Puts the debtor in `flow` if the flow's start rule holds at `time`;
  // otherwise the start rule is tried again after each of its events (the
  // flows waiting so, in flow order).
  // `experiment`/`arm` are recorded on the case's actions.
  void Enroll(int32_t debtor, int32_t flow, int64_t time, int32_t experiment = -1, int32_t arm = -1);

  // Enrolls the debtor in every flow over its profile; a flow that is an
  // arm of an experiment only for the debtors the experiment assigns to it.
  void EnrollAll(int32_t debtor, int64_t time);

  // Processes an event of the debtor: timers due at or before its time fire
  // first, then the event is recorded and handled by each of the debtor's
  // cases. Events must come in time order.
  void PushEvent(int32_t debtor, int32_t type, int64_t at, std::span<const Value> fields);
  void PushEvent(int32_t debtor, int32_t type, int64_t at, std::initializer_list<Value> fields) {
    PushEvent(debtor, type, at, std::span<const Value>(fields.begin(), fields.size()));
  }

  // Fires every timer, retry and deferred contact due at or before `time`,
  // in (time, case, sequence) order.
  void AdvanceTo(int64_t time);

  // Sends records to `sink` from now on (null: back to memory).
  void set_sink(EngineSink* sink) { sink_ = sink != nullptr ? sink : &memory_; }

  // In-memory records, when the engine was made without a sink.
  auto actions() const -> const std::vector<ActionRecord>& { return memory_.actions; }
  auto audits() const -> const std::vector<AuditRecord>& { return memory_.audits; }
  auto transitions() const -> const std::vector<TransitionRecord>& { return memory_.transitions; }

  auto cases() const -> std::span<const Case> { return cases_; }
  // The arguments of a case's state (its first parameter count are set).
  auto case_args(int32_t case_id) const -> std::span<const Value, kMaxStateParams> {
    return std::span<const Value, kMaxStateParams>(case_args_.data() + static_cast<size_t>(case_id) * kMaxStateParams,
                                                   kMaxStateParams);
  }
  auto stats() const -> const EngineStats& { return stats_; }
  auto strings() -> StringPool& { return strings_; }
  auto strings() const -> const StringPool& { return strings_; }
  auto module() const -> const flowir::Module& { return module_; }
  auto debtor_count() const -> int32_t { return static_cast<int32_t>(debtors_.size()); }
  auto debtor_id(int32_t debtor) const -> std::string_view { return debtors_[debtor].id; }
  // The debtor's first case (then Case::next_of_debtor), -1 for none.
  auto first_case(int32_t debtor) const -> int32_t { return debtors_[debtor].first_case; }
  auto debtor_zone(int32_t debtor) const -> const void* { return debtors_[debtor].zone; }
  // The policies that bind a case, in the order the guard checks them.
  auto case_policies(const Case& a_case) const -> const std::vector<int32_t>& {
    return policy_sets_[a_case.policy_set];
  }
  // The contacts the debtor received, ours and others', in time order.
  auto contacts(int32_t debtor) const -> std::span<const ContactRecord> { return debtors_[debtor].contacts; }
  // Approximate heap bytes held per case and debtor, for benchmarks.
  auto MemoryBytes() const -> size_t;
  // Bytes held by the cases themselves: the case records, their action
  // slots and their state arguments.
  auto CaseBytes() const -> size_t {
    return cases_.size() * sizeof(Case) + slot_pool_.size() * sizeof(ActionSlot) + case_args_.size() * sizeof(Value);
  }

 private:
  // Two cache lines, aligned: an event reads the first (its id for the
  // lookup, its history, its cases) and the second (the flows yet to start,
  // the event types its history holds); a contact, the second's contact
  // list and zone.
  struct alignas(64) Debtor {
    std::string id;
    std::vector<const EventRecord*> history;  // The types history_demand_ wants.
    int32_t first_case = -1;
    int32_t fields = 0;        // First field value in fields_.
    // Flows whose start rule has not held yet: bit f for flow f < 64; the
    // rest, in modules with more flows, in Engine::pending_flows_.
    uint64_t pending_flows = 0;
    uint64_t history_types = 0;  // GuardRequest::history_types of `history`.
    std::vector<ContactRecord> contacts;
    const void* zone = nullptr;
    int32_t profile = -1;
    int32_t jurisdiction = -1; // Index in jurisdictions_.
    bool pending_more = false;
  };

  // Per action of a case's state: attempts made and the next retry's time.
  struct ActionSlot {
    int64_t retry_due = INT64_MAX;
    int32_t attempts = 0;
  };

  // A wake-up of a case at `due`. Plain wake-ups (deferred -1) fire retries
  // and timers and are stale once the case's epoch moved on; a deferred
  // contact's wake-up (its index in deferred_) is dropped once the case left
  // the state. 32 bytes: a node's four children in the heap fill two lines.
  struct WakeUp {
    int64_t due;
    uint64_t sequence;
    int32_t case_id;
    uint32_t epoch;     // The case's epoch; for a deferred contact, its visits.
    int32_t deferred;   // -1, or the contact in deferred_.
    auto operator>(const WakeUp& other) const -> bool {
      if (due != other.due) return due > other.due;
      if (case_id != other.case_id) return case_id > other.case_id;
      return sequence > other.sequence;
    }
  };
  // A contact the guard deferred: which attempt, and when it was issued.
  struct DeferredContact {
    int64_t issued_at;
    int32_t action;
    int32_t attempt;
    int32_t state;
  };

  auto Context(int32_t debtor, int64_t now) -> EvalContext&;
  auto View(const Case& a_case) -> CaseView;
  auto Slots(const Case& a_case) -> ActionSlot* { return slot_pool_.data() + a_case.slots; }
  auto Args(int32_t case_id) -> Value* { return case_args_.data() + static_cast<size_t>(case_id) * kMaxStateParams; }
  auto PolicySet(int32_t flow, int32_t jurisdiction) -> int32_t;
  // Whether the start rule held and the case began.
  auto TryStart(int32_t debtor, int32_t flow, int64_t time, int32_t experiment, int32_t arm) -> bool;
  // Tries the start rules of the debtor's flows that have not started.
  void RetryPending(int32_t debtor, int64_t at);
  void Enter(int32_t case_id, const Transition& transition, int64_t time);
  void Attempt(int32_t case_id, int32_t action, int64_t time);
  // Asks the guard and sends, defers or blocks. `attempt` and `issued_at`
  // identify the attempt across deferrals.
  void Contact(int32_t case_id, int32_t action, int32_t attempt, int64_t issued_at, int64_t time);
  void Send(int32_t case_id, int32_t action, int32_t attempt, int64_t issued_at, int64_t time);
  void Audit(const Case& a_case, int32_t action, int32_t attempt, int64_t time, const GuardDecision& decision);
  void Schedule(int32_t case_id);
  static void AddContact(Debtor& debtor, const ContactRecord& contact);
  // The first capacity of a debtor's history and contact list: room for
  // what most debtors get in a run, so that few lists grow (a growth is a
  // malloc and a free on a path every event takes).
  static constexpr size_t kFirstHistory = 4;
  static constexpr size_t kFirstContacts = 4;
  void Wake(const WakeUp& wake_up);
  void WakeDeferred(const WakeUp& wake_up);

  const flowir::Module& module_;
  std::vector<std::unique_ptr<FlowCode>> code_;
  EngineOptions options_;
  MemorySink memory_;
  EngineSink* sink_;
  StringPool strings_;
  KnownEvents known_;
  EvalContext context_;
  Guard guard_;
  // The event types kept in a debtor's history: those a builtin or the
  // guard reads back.
  HistoryDemand history_demand_;
  // The types whose records outlive the event: those in the history and
  // those a state argument may hold. Other events are handled from
  // `transient_` and take no memory once handled.
  HistoryDemand retained_;
  EventRecord transient_;
  // Per flow, per state: bit t (HistoryTypeBit) when one of the state's
  // handlers, its own or an `always` one, is for events of type t. Other
  // events pass the case without a call into its flow's code.
  std::vector<std::vector<uint64_t>> handled_types_;
  std::vector<std::unique_ptr<ValueSet>> sets_;
  EventStore events_;
  LargeVector<Value> fields_;
  LargeVector<Debtor> debtors_;
  std::unordered_map<int32_t, std::vector<int32_t>> pending_flows_;  // By debtor: flows from the 65th on.
  LargeVector<Case> cases_;
  LargeVector<ActionSlot> slot_pool_;
  // kMaxStateParams per case: the arguments of its state, apart from the
  // case so that only states with parameters touch them.
  LargeVector<Value> case_args_;
  std::vector<int32_t> slots_per_flow_;
  std::vector<std::string> jurisdictions_;
  std::vector<std::vector<int32_t>> policy_sets_;
  std::map<std::pair<int32_t, int32_t>, int32_t> policy_set_index_;
  std::vector<std::vector<int32_t>> experiment_of_flow_;  // Per flow: experiments it is an arm of.
  int32_t contact_attempt_ = -1;  // The event of contacts made outside the flows.
  FourAryHeap<WakeUp> wake_ups_;
  std::vector<DeferredContact> deferred_;
  std::vector<int32_t> free_deferred_;  // Slots of deferred_ to reuse.
  uint64_t sequence_ = 0;
  ActionRecord action_;  // Reused for every action, so sending does not allocate.
  EngineStats stats_;
};

}  // namespace cobro::runtime
