#include "runtime/engine/engine.h"

#include <algorithm>

namespace cobro::runtime {

Engine::Engine(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options)
    : module_(module),
      code_(std::move(code)),
      options_(options),
      strings_(module),
      known_(KnownEvents::Find(module)) {
  context_.module = &module_;
  context_.strings = &strings_;
  context_.events = known_;
  context_.money_decimals = options_.money_decimals;
  context_.sets = &sets_;
}

auto Engine::AddDebtor(const std::string& id, int32_t profile, std::vector<Value> fields, const void* zone)
    -> int32_t {
  Debtor debtor;
  debtor.id = id;
  debtor.profile = profile;
  debtor.fields = std::move(fields);
  debtor.zone = zone;
  debtors_.push_back(std::move(debtor));
  return static_cast<int32_t>(debtors_.size() - 1);
}

auto Engine::Context(int32_t debtor, int64_t now) -> EvalContext& {
  const Debtor& owner = debtors_[debtor];
  context_.history = owner.history;
  context_.now = now;
  context_.zone = owner.zone;
  // Sets built by set literals live for one evaluation step.
  sets_.clear();
  return context_;
}

auto Engine::View(const Case& a_case) const -> CaseView {
  return CaseView{debtors_[a_case.debtor].fields.data(), a_case.state, a_case.args.data()};
}

void Engine::Enroll(int32_t debtor, int32_t flow, int64_t time) {
  AdvanceTo(time);
  debtors_[debtor].pending_flows.push_back(flow);
  TryStart(debtor, flow, time);
}

void Engine::TryStart(int32_t debtor, int32_t flow, int64_t time) {
  Transition transition;
  code_[flow]->Start(Context(debtor, time), debtors_[debtor].fields.data(), transition);
  if (transition.state < 0) return;
  auto& pending = debtors_[debtor].pending_flows;
  pending.erase(std::remove(pending.begin(), pending.end(), flow), pending.end());
  Case a_case;
  a_case.debtor = debtor;
  a_case.flow = flow;
  cases_.push_back(std::move(a_case));
  auto case_id = static_cast<int32_t>(cases_.size() - 1);
  debtors_[debtor].cases.push_back(case_id);
  Enter(case_id, transition, time);
}

void Engine::Enter(int32_t case_id, const Transition& transition, int64_t time) {
  Case& a_case = cases_[case_id];
  const flowir::State& state = module_.flows[a_case.flow].states[transition.state];
  transitions_.push_back({time, case_id, a_case.state, transition.state});
  a_case.state = transition.state;
  a_case.args = transition.args;
  a_case.entered_at = time;
  a_case.epoch += 1;
  a_case.timer_due = INT64_MAX;
  a_case.timer = -1;
  a_case.attempts.assign(state.actions.size(), 0);
  a_case.retry_due.assign(state.actions.size(), INT64_MAX);
  for (size_t action = 0; action < state.actions.size(); ++action) {
    Attempt(case_id, static_cast<int32_t>(action), time);
  }
  if (state.terminal) {
    cases_[case_id].finished = true;
    return;
  }
  FlowCode& code = *code_[cases_[case_id].flow];
  for (size_t timer = 0; timer < state.timers.size(); ++timer) {
    int64_t due = code.TimerDue(Context(cases_[case_id].debtor, time), View(cases_[case_id]),
                                static_cast<int32_t>(timer), time);
    // The earliest timer fires; of equal ones, the first written.
    if (due < cases_[case_id].timer_due) {
      cases_[case_id].timer_due = due;
      cases_[case_id].timer = static_cast<int32_t>(timer);
    }
  }
  Schedule(case_id);
}

void Engine::Attempt(int32_t case_id, int32_t action, int64_t time) {
  Case& a_case = cases_[case_id];
  const flowir::Action& entry = module_.flows[a_case.flow].states[a_case.state].actions[action];
  FlowCode& code = *code_[a_case.flow];
  a_case.attempts[action] += 1;
  int32_t attempt = a_case.attempts[action];
  if (code.ActionGuard(Context(a_case.debtor, time), View(a_case), action)) {
    ActionRecord record;
    record.time = time;
    record.debtor = a_case.debtor;
    record.case_id = case_id;
    record.flow = a_case.flow;
    record.state = a_case.state;
    record.action = action;
    record.attempt = attempt;
    record.kind = entry.kind;
    record.channel = entry.channel;
    record.name = entry.name;
    record.with.resize(entry.with.size());
    code.ActionWith(Context(a_case.debtor, time), View(a_case), action, record.with.data());
    actions_.push_back(std::move(record));
  }
  Case& current = cases_[case_id];
  if (attempt < entry.retry_count) {
    int64_t interval = code.RetryInterval(Context(current.debtor, time), View(current), action);
    current.retry_due[action] = time + std::max<int64_t>(interval, 0);
  } else {
    current.retry_due[action] = INT64_MAX;
  }
}

void Engine::Schedule(int32_t case_id) {
  const Case& a_case = cases_[case_id];
  int64_t due = a_case.timer_due;
  for (int64_t retry : a_case.retry_due) due = std::min(due, retry);
  if (due == INT64_MAX) return;
  wake_ups_.push({due, case_id, sequence_++, a_case.epoch});
}

void Engine::Wake(const WakeUp& wake_up) {
  Case& a_case = cases_[wake_up.case_id];
  if (a_case.finished || a_case.epoch != wake_up.epoch) return;
  int64_t now = wake_up.due;
  // Retries due now go out before the state's timer: a retry scheduled for
  // the instant the state ends is still made.
  bool acted = false;
  for (size_t action = 0; action < a_case.retry_due.size(); ++action) {
    if (cases_[wake_up.case_id].retry_due[action] == now) {
      Attempt(wake_up.case_id, static_cast<int32_t>(action), now);
      acted = true;
    }
  }
  Case& current = cases_[wake_up.case_id];
  if (current.timer >= 0 && current.timer_due == now) {
    Transition transition;
    code_[current.flow]->FireTimer(Context(current.debtor, now), View(current), current.timer, transition);
    if (transition.state >= 0) {
      Enter(wake_up.case_id, transition, now);
      return;
    }
  }
  (void)acted;
  current.epoch += 1;
  Schedule(wake_up.case_id);
}

void Engine::AdvanceTo(int64_t time) {
  while (!wake_ups_.empty() && wake_ups_.top().due <= time) {
    WakeUp wake_up = wake_ups_.top();
    wake_ups_.pop();
    Wake(wake_up);
  }
}

void Engine::PushEvent(int32_t debtor, int32_t type, int64_t at, std::vector<Value> fields) {
  AdvanceTo(at);
  Debtor& owner = debtors_[debtor];
  auto values = std::make_unique<std::vector<Value>>(std::move(fields));
  auto record = std::make_unique<EventRecord>();
  record->at = at;
  record->type = type;
  record->field_count = static_cast<int32_t>(values->size());
  record->fields = values->data();
  const EventRecord* event = record.get();
  owner.event_fields.push_back(std::move(values));
  owner.events.push_back(std::move(record));
  owner.history.push_back(event);
  // Cases in the order they were created: the (time, case) order.
  std::vector<int32_t> cases = owner.cases;
  for (int32_t case_id : cases) {
    Case& a_case = cases_[case_id];
    if (a_case.finished) continue;
    Transition transition;
    code_[a_case.flow]->Handle(Context(debtor, at), View(a_case), *event, transition);
    if (transition.state >= 0) Enter(case_id, transition, at);
  }
  // Flows not yet started look at their start rule again; the event that
  // starts a case is not handled again by its first state.
  std::vector<int32_t> pending = debtors_[debtor].pending_flows;
  for (int32_t flow : pending) TryStart(debtor, flow, at);
}

}  // namespace cobro::runtime
