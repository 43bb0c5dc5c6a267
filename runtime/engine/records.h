#pragma once

// What a run produces: actions that went out, guard decisions that held one
// back, and changes of state. Outputs (JSONL, KPIs, tests) read these.

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/value.h"

namespace cobro::runtime {

// An action a case produced: what, when, for whom, from where. Values of the
// `with` record keep their IR types so outputs can print them.
struct ActionRecord {
  int64_t time = 0;
  int64_t issued_at = 0;   // Later than `time` never; earlier when deferred.
  int32_t debtor = -1;
  int32_t case_id = -1;
  int32_t flow = -1;
  int32_t state = -1;
  int32_t action = -1;     // Index in the state's actions.
  int32_t attempt = 1;     // 1 for the entry attempt, then each retry.
  int32_t experiment = -1; // Module::experiments index, when the case is an arm's.
  int32_t arm = -1;
  uint32_t visit = 0;      // How many times the case had entered a state then.
  flowir::ActionKind kind = flowir::ActionKind::Send;
  Channel channel = Channel::Email;
  int32_t name = -1;       // Template, queue or emitted name: module string.
  std::vector<Value> with;
};

enum class Verdict : uint8_t { Allow, Defer, Block, Drop };

auto VerdictName(Verdict verdict) -> const char*;

// A guard decision that held a contact back, or a deferred contact dropped
// because its case moved on. `policy`/`rule` name the deciding rule
// (Module::policies index and index in the policy), -1 for a drop.
struct AuditRecord {
  int64_t time = 0;
  int64_t until = 0;  // Defer: when the contact is tried again.
  int32_t debtor = -1;
  int32_t case_id = -1;
  int32_t flow = -1;
  int32_t state = -1;
  int32_t action = -1;
  int32_t attempt = 1;
  int32_t experiment = -1;
  int32_t arm = -1;
  Verdict verdict = Verdict::Defer;
  Channel channel = Channel::Email;
  int32_t name = -1;
  int32_t policy = -1;
  int32_t rule = -1;
  std::string detail;  // The numbers: "8th `voice` contact in 7d (limit 7)".
};

// A case's change of state, for traces and tests.
struct TransitionRecord {
  int64_t time = 0;
  int32_t case_id = -1;
  int32_t from = -1;  // -1 when the case starts.
  int32_t to = -1;
};

// Where a run's records go. The engine reuses the records it passes, so a
// sink that keeps one copies it.
class EngineSink {
 public:
  virtual ~EngineSink() = default;
  virtual void OnAction(const ActionRecord& action) = 0;
  virtual void OnAudit(const AuditRecord& audit) = 0;
  virtual void OnTransition(const TransitionRecord& transition) = 0;
  // An event of a debtor, before its cases handle it. The record lives for
  // the call only: the engine keeps no record nothing reads back.
  virtual void OnEvent(int32_t debtor, const EventRecord& event) {}
  // Whether the sink reads AuditRecord::detail. The guard formats the
  // numbers behind a deferral or block only for sinks that do.
  virtual auto WantsAuditDetail() const -> bool { return true; }
};

// Keeps every record in memory: for tests and small runs.
class MemorySink final : public EngineSink {
 public:
  void OnAction(const ActionRecord& action) override { actions.push_back(action); }
  void OnAudit(const AuditRecord& audit) override { audits.push_back(audit); }
  void OnTransition(const TransitionRecord& transition) override { transitions.push_back(transition); }

  std::vector<ActionRecord> actions;
  std::vector<AuditRecord> audits;
  std::vector<TransitionRecord> transitions;
};

}  // namespace cobro::runtime
