#include "runtime/run/kpis.h"

#include <set>

#include <fmt/format.h>

#include "runtime/io/time_text.h"
#include "runtime/run/record_text.h"

namespace cobro::runtime {

namespace {

constexpr int64_t kDay = 86'400'000;

auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

auto DayText(int64_t instant) -> std::string { return io::FormatDateTime(FloorDiv(instant, kDay) * kDay).substr(0, 10); }

}  // namespace

auto KpiGroup::total_contacts() const -> int64_t {
  int64_t total = 0;
  for (int64_t count : contacts) total += count;
  return total;
}

KpiCollector::KpiCollector(const Engine& engine, const PriceTable& prices) : engine_(engine) {
  kpis_.prices = prices;
  const flowir::Module& module = engine.module();
  for (size_t i = 0; i < module.events.size(); ++i) {
    const flowir::Event& event = module.events[i];
    auto has = [&](const char* name, flowir::Type type) {
      return std::any_of(event.fields.begin(), event.fields.end(),
                         [&](const flowir::Field& field) { return field.name == name && field.type == type; });
    };
    if (event.name == "payment" && has("amount", flowir::Type::Money)) payment_ = static_cast<int32_t>(i);
    if (event.name == "promise" && has("amount", flowir::Type::Money) && has("due", flowir::Type::Date)) {
      promise_ = static_cast<int32_t>(i);
    }
  }
}

auto KpiCollector::StateKey(int32_t flow, int32_t state) const -> std::string {
  const flowir::Flow& entry = engine_.module().flows[flow];
  return entry.name + "." + (state >= 0 ? entry.states[state].name : "?");
}

auto KpiCollector::ArmKey(int32_t experiment, int32_t arm) const -> std::string {
  if (experiment < 0) return "";
  const flowir::Experiment& split = engine_.module().experiments[experiment];
  return split.name + "/" + engine_.module().flows[split.arms[arm].flow].name;
}

void KpiCollector::Groups(int32_t debtor, std::string& state, std::string& arm) const {
  state.clear();
  arm.clear();
  int32_t first = engine_.first_case(debtor);
  if (first < 0) return;
  const Case& a_case = engine_.cases()[first];
  state = StateKey(a_case.flow, a_case.state);
  arm = ArmKey(a_case.experiment, a_case.arm);
}

void KpiCollector::OnAction(const ActionRecord& action) {
  KpiGroup* groups[3] = {&kpis_.overall, &kpis_.by_state[StateKey(action.flow, action.state)], nullptr};
  if (action.experiment >= 0) groups[2] = &kpis_.by_arm[ArmKey(action.experiment, action.arm)];
  bool contact = action.kind == flowir::ActionKind::Send || action.kind == flowir::ActionKind::Call;
  auto channel = static_cast<size_t>(action.channel);
  for (KpiGroup* group : groups) {
    if (group == nullptr) continue;
    if (contact) {
      group->contacts[channel] += 1;
      group->cost += kpis_.prices[channel];
    } else if (action.kind == flowir::ActionKind::Assign) {
      group->assignments += 1;
    } else {
      group->emits += 1;
    }
  }
  if (contact) kpis_.by_day[DayText(action.time)][channel] += 1;
}

void KpiCollector::OnAudit(const AuditRecord& audit) {
  std::string rule = RuleName(engine_.module(), audit.policy, audit.rule);
  KpiGroup* groups[3] = {&kpis_.overall, audit.state >= 0 ? &kpis_.by_state[StateKey(audit.flow, audit.state)] : nullptr,
                         audit.experiment >= 0 ? &kpis_.by_arm[ArmKey(audit.experiment, audit.arm)] : nullptr};
  for (KpiGroup* group : groups) {
    if (group == nullptr) continue;
    if (audit.verdict == Verdict::Defer) group->deferred[rule] += 1;
    if (audit.verdict == Verdict::Block) group->blocked[rule] += 1;
    if (audit.verdict == Verdict::Drop) group->dropped += 1;
  }
}

void KpiCollector::OnEvent(int32_t debtor, const EventRecord& event) {
  kpis_.events += 1;
  if (event.type != payment_ && event.type != promise_) return;
  std::string state;
  std::string arm;
  Groups(debtor, state, arm);
  KpiGroup* groups[3] = {&kpis_.overall, state.empty() ? nullptr : &kpis_.by_state[state],
                         arm.empty() ? nullptr : &kpis_.by_arm[arm]};
  const flowir::Event& type = engine_.module().events[event.type];
  auto field = [&](const char* name) -> Value {
    for (size_t i = 0; i < type.fields.size(); ++i) {
      if (type.fields[i].name == name) return event.fields[i];
    }
    return 0;
  };
  if (event.type == payment_) {
    Value amount = field("amount");
    for (KpiGroup* group : groups) {
      if (group == nullptr) continue;
      group->payments += 1;
      group->recovered += amount;
    }
    // Payments go to the debtor's open promises, oldest first.
    auto open = open_by_debtor_.find(debtor);
    if (open == open_by_debtor_.end()) return;
    for (size_t index : open->second) {
      OpenPromise& promise = promises_[index];
      if (promise.kept || event.at >= promise.due_end) continue;
      int64_t used = std::min(amount, promise.amount - promise.paid);
      promise.paid += used;
      amount -= used;
      if (promise.paid >= promise.amount) {
        promise.kept = true;
        kpis_.overall.promises_kept += 1;
        if (!promise.state.empty()) kpis_.by_state[promise.state].promises_kept += 1;
        if (!promise.arm.empty()) kpis_.by_arm[promise.arm].promises_kept += 1;
      }
      if (amount <= 0) break;
    }
    return;
  }
  for (KpiGroup* group : groups) {
    if (group != nullptr) group->promises += 1;
  }
  int64_t due = field("due");
  promises_.push_back({debtor, field("amount"), 0, (due + 1) * kDay, state, arm, false});
  open_by_debtor_[debtor].push_back(promises_.size() - 1);
}

auto KpiCollector::Finish(int64_t start, int64_t until) -> Kpis {
  kpis_.start = start;
  kpis_.until = until;
  kpis_.cases = static_cast<int64_t>(engine_.cases().size());
  for (const OpenPromise& promise : promises_) {
    if (promise.kept || promise.due_end > until) continue;
    kpis_.overall.promises_broken += 1;
    if (!promise.state.empty()) kpis_.by_state[promise.state].promises_broken += 1;
    if (!promise.arm.empty()) kpis_.by_arm[promise.arm].promises_broken += 1;
  }
  kpis_.overall.debtors = engine_.debtor_count();
  for (int32_t debtor = 0; debtor < engine_.debtor_count(); ++debtor) {
    std::set<std::string> arms;
    for (int32_t c = engine_.first_case(debtor); c >= 0; c = engine_.cases()[c].next_of_debtor) {
      const Case& a_case = engine_.cases()[c];
      if (a_case.experiment >= 0) arms.insert(ArmKey(a_case.experiment, a_case.arm));
    }
    for (const std::string& arm : arms) kpis_.by_arm[arm].debtors += 1;
  }
  return kpis_;
}

}  // namespace cobro::runtime
