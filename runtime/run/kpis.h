#pragma once

// The numbers a simulation is run for: contacts and their cost, guard
// decisions, promises and payments, overall, per flow state and per
// experiment arm. Payments and promises are credited to the state (and arm)
// the debtor's case was in when they arrived.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/engine/engine.h"

namespace cobro::runtime {

// Cost of one contact per channel, in money units (1/10,000).
using PriceTable = std::array<int64_t, kChannelCount>;

struct KpiGroup {
  int64_t debtors = 0;
  std::array<int64_t, kChannelCount> contacts{};
  int64_t assignments = 0;
  int64_t emits = 0;
  std::map<std::string, int64_t> deferred;  // By rule name.
  std::map<std::string, int64_t> blocked;
  int64_t dropped = 0;
  int64_t promises = 0;
  int64_t promises_kept = 0;
  int64_t promises_broken = 0;
  int64_t payments = 0;
  int64_t recovered = 0;  // Money units.
  int64_t cost = 0;       // Money units.

  auto total_contacts() const -> int64_t;
};

struct Kpis {
  int64_t start = 0;
  int64_t until = 0;
  int64_t events = 0;
  int64_t cases = 0;
  KpiGroup overall;
  std::map<std::string, KpiGroup> by_state;  // "Flow.state"
  std::map<std::string, KpiGroup> by_arm;    // "Experiment/Flow"
  // Contacts per UTC day ("2026-03-02") and channel.
  std::map<std::string, std::array<int64_t, kChannelCount>> by_day;
  PriceTable prices{};
};

class KpiCollector final : public EngineSink {
 public:
  KpiCollector(const Engine& engine, const PriceTable& prices);

  void OnAction(const ActionRecord& action) override;
  void OnAudit(const AuditRecord& audit) override;
  void OnTransition(const TransitionRecord&) override {}
  void OnEvent(int32_t debtor, const EventRecord& event) override;
  // Counts by rule; the numbers behind each decision are the audit's.
  auto WantsAuditDetail() const -> bool override { return false; }

  // Settles promises due by `until` (kept or broken) and counts debtors.
  auto Finish(int64_t start, int64_t until) -> Kpis;

 private:
  struct OpenPromise {
    int32_t debtor;
    int64_t amount;
    int64_t paid;
    int64_t due_end;  // The end of the due date, UTC.
    std::string state;
    std::string arm;
    bool kept;
  };

  auto StateKey(int32_t flow, int32_t state) const -> std::string;
  auto ArmKey(int32_t experiment, int32_t arm) const -> std::string;
  // The groups an event of the debtor counts in, from its first case.
  void Groups(int32_t debtor, std::string& state, std::string& arm) const;

  const Engine& engine_;
  Kpis kpis_;
  int32_t payment_ = -1;
  int32_t promise_ = -1;
  std::vector<OpenPromise> promises_;
  std::map<int32_t, std::vector<size_t>> open_by_debtor_;
};

// `cobro simulate`'s report as text and as JSON.
auto KpisText(const Kpis& kpis) -> std::string;
auto KpisJson(const Kpis& kpis) -> std::string;

}  // namespace cobro::runtime
