#include "runtime/engine/engine.h"

#include <algorithm>
#include <bit>

namespace cobro::runtime {

namespace {

// Whether a policy of `code` ("US") binds a debtor of `jurisdiction`
// ("US-MA"): the same code, or the country of a subdivision.
auto Binds(std::string_view code, std::string_view jurisdiction) -> bool {
  if (code.empty() || jurisdiction.empty()) return false;
  if (code == jurisdiction) return true;
  return jurisdiction.size() > code.size() && jurisdiction.starts_with(code) && jurisdiction[code.size()] == '-';
}

auto IsContact(flowir::ActionKind kind) -> bool {
  return kind == flowir::ActionKind::Send || kind == flowir::ActionKind::Call;
}

// What actions and audits both say: which attempt of which action of which
// state of which case, and when.
template <typename Record>
void Describe(Record& record, const Case& a_case, int32_t case_id, int32_t state, int32_t action, int32_t attempt,
              const flowir::Action& entry, int64_t time) {
  record.time = time;
  record.debtor = a_case.debtor;
  record.case_id = case_id;
  record.flow = a_case.flow;
  record.state = state;
  record.action = action;
  record.attempt = attempt;
  record.experiment = a_case.experiment;
  record.arm = a_case.arm;
  record.channel = entry.channel;
  record.name = entry.name;
}

}  // namespace

Engine::Engine(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options,
               EngineSink* sink)
    : module_(module),
      code_(std::move(code)),
      options_(std::move(options)),
      sink_(sink != nullptr ? sink : &memory_),
      strings_(module),
      known_(KnownEvents::Find(module)),
      guard_(module, options_.calendars ? options_.calendars
                                        : std::function<const HolidayCalendar*(std::string_view)>(
                                              [](std::string_view) -> const HolidayCalendar* { return nullptr; })) {
  history_demand_ = BuiltinHistoryDemand(module);
  history_demand_.types |= guard_.Demand().types;
  retained_.types = history_demand_.types | HeldByStates(module).types;
  context_.module = &module_;
  context_.strings = &strings_;
  context_.events = known_;
  context_.money_decimals = options_.money_decimals;
  context_.sets = &sets_;
  for (const flowir::Flow& flow : module.flows) {
    std::vector<uint64_t>& handled = handled_types_.emplace_back(flow.states.size(), 0);
    for (size_t s = 0; s < flow.states.size(); ++s) {
      for (const flowir::Handler& handler : flow.states[s].handlers) {
        if (handler.event >= 0) handled[s] |= HistoryTypeBit(handler.event);
      }
    }
    size_t most = 0;
    for (const flowir::State& state : flow.states) most = std::max(most, state.actions.size());
    slots_per_flow_.push_back(static_cast<int32_t>(most));
  }
  experiment_of_flow_.resize(module.flows.size());
  for (size_t e = 0; e < module.experiments.size(); ++e) {
    for (const flowir::Arm& arm : module.experiments[e].arms) {
      experiment_of_flow_[arm.flow].push_back(static_cast<int32_t>(e));
    }
  }
  for (size_t i = 0; i < module.events.size(); ++i) {
    if (module.events[i].name == "contact.attempt" && module.events[i].key_count > 0) {
      contact_attempt_ = static_cast<int32_t>(i);
    }
  }
}

auto Engine::AddDebtor(std::string_view id, int32_t profile, std::span<const Value> fields, const void* zone,
                       std::string_view jurisdiction) -> int32_t {
  Debtor debtor;
  debtor.id = std::string(id);
  debtor.profile = profile;
  debtor.fields = static_cast<int32_t>(fields_.size());
  fields_.insert(fields_.end(), fields.begin(), fields.end());
  debtor.zone = zone;
  if (!jurisdiction.empty()) {
    auto it = std::find(jurisdictions_.begin(), jurisdictions_.end(), jurisdiction);
    debtor.jurisdiction = static_cast<int32_t>(it - jurisdictions_.begin());
    if (it == jurisdictions_.end()) jurisdictions_.emplace_back(jurisdiction);
  }
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

auto Engine::View(const Case& a_case) -> CaseView {
  return CaseView{fields_.data() + debtors_[a_case.debtor].fields, a_case.state,
                  Args(static_cast<int32_t>(&a_case - cases_.data()))};
}

auto Engine::PolicySet(int32_t flow, int32_t jurisdiction) -> int32_t {
  auto [it, inserted] = policy_set_index_.try_emplace({flow, jurisdiction}, 0);
  if (!inserted) return it->second;
  // The flow's own policies first, in its `complies` order, then those the
  // run binds, then the packs of the debtor's jurisdiction.
  std::vector<int32_t> set;
  auto add = [&](int32_t policy) {
    if (std::find(set.begin(), set.end(), policy) == set.end()) set.push_back(policy);
  };
  for (int32_t policy : module_.flows[flow].policies) add(policy);
  for (int32_t policy : options_.policies) add(policy);
  if (jurisdiction >= 0) {
    for (size_t p = 0; p < module_.policies.size(); ++p) {
      if (Binds(module_.policies[p].jurisdiction, jurisdictions_[jurisdiction])) add(static_cast<int32_t>(p));
    }
  } else {
    for (int32_t policy : options_.jurisdiction_policies) add(policy);
  }
  auto found = std::find(policy_sets_.begin(), policy_sets_.end(), set);
  it->second = static_cast<int32_t>(found - policy_sets_.begin());
  if (found == policy_sets_.end()) policy_sets_.push_back(std::move(set));
  return it->second;
}

void Engine::Enroll(int32_t debtor, int32_t flow, int64_t time, int32_t experiment, int32_t arm) {
  AdvanceTo(time);
  if (!TryStart(debtor, flow, time, experiment, arm)) {
    // Not started: the start rule is tried again after the debtor's events.
    // The experiment is found again then from the flow.
    Debtor& owner = debtors_[debtor];
    if (flow < 64) {
      owner.pending_flows |= uint64_t{1} << flow;
    } else if (std::vector<int32_t>& more = pending_flows_[debtor];
               std::find(more.begin(), more.end(), flow) == more.end()) {
      more.push_back(flow);
      owner.pending_more = true;
    }
  }
}

void Engine::EnrollAll(int32_t debtor, int64_t time) {
  int32_t profile = debtors_[debtor].profile;
  for (size_t flow = 0; flow < module_.flows.size(); ++flow) {
    if (module_.flows[flow].profile != profile) continue;
    if (!options_.flows.empty() &&
        std::find(options_.flows.begin(), options_.flows.end(), static_cast<int32_t>(flow)) == options_.flows.end()) {
      continue;
    }
    int32_t experiment = -1;
    int32_t arm = -1;
    bool chosen = true;
    for (int32_t e : experiment_of_flow_[flow]) {
      const flowir::Experiment& split = module_.experiments[e];
      int32_t assigned = flowir::AssignArm(split, debtors_[debtor].id);
      if (assigned >= 0 && split.arms[assigned].flow == static_cast<int32_t>(flow)) {
        experiment = e;
        arm = assigned;
      } else {
        chosen = false;
      }
    }
    if (chosen) Enroll(debtor, static_cast<int32_t>(flow), time, experiment, arm);
  }
}

auto Engine::TryStart(int32_t debtor, int32_t flow, int64_t time, int32_t experiment, int32_t arm) -> bool {
  Transition transition;
  code_[flow]->Start(Context(debtor, time), fields_.data() + debtors_[debtor].fields, transition);
  if (transition.state < 0) return false;
  if (experiment < 0) {
    // A pending flow that is an arm: the debtor was assigned to it.
    for (int32_t e : experiment_of_flow_[flow]) {
      int32_t assigned = flowir::AssignArm(module_.experiments[e], debtors_[debtor].id);
      if (assigned >= 0 && module_.experiments[e].arms[assigned].flow == flow) {
        experiment = e;
        arm = assigned;
      }
    }
  }
  Case a_case;
  a_case.debtor = debtor;
  a_case.flow = flow;
  a_case.experiment = experiment;
  a_case.arm = arm;
  a_case.slots = static_cast<int32_t>(slot_pool_.size());
  slot_pool_.resize(slot_pool_.size() + static_cast<size_t>(slots_per_flow_[flow]));
  a_case.policy_set = PolicySet(flow, debtors_[debtor].jurisdiction);
  cases_.push_back(a_case);
  case_args_.resize(case_args_.size() + kMaxStateParams);
  auto case_id = static_cast<int32_t>(cases_.size() - 1);
  // Append to the debtor's chain: events reach cases in creation order.
  int32_t* link = &debtors_[debtor].first_case;
  while (*link >= 0) link = &cases_[*link].next_of_debtor;
  *link = case_id;
  Enter(case_id, transition, time);
  return true;
}

void Engine::Enter(int32_t case_id, const Transition& transition, int64_t time) {
  Case& a_case = cases_[case_id];
  const flowir::State& state = module_.flows[a_case.flow].states[transition.state];
  sink_->OnTransition({time, case_id, a_case.state, transition.state});
  a_case.state = transition.state;
  std::copy_n(transition.args.begin(), std::min(state.params.size(), size_t{kMaxStateParams}), Args(case_id));
  a_case.entered_at = time;
  a_case.epoch += 1;
  a_case.visits += 1;
  a_case.timer_due = INT64_MAX;
  a_case.timer = -1;
  std::fill_n(Slots(a_case), slots_per_flow_[a_case.flow], ActionSlot{});
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
    // A computed time already past fires now: time never runs backwards.
    due = std::max(due, time);
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
  ActionSlot& slot = Slots(a_case)[action];
  slot.attempts += 1;
  int32_t attempt = slot.attempts;
  if (code.ActionGuard(Context(a_case.debtor, time), View(a_case), action)) {
    if (IsContact(entry.kind)) {
      Contact(case_id, action, attempt, time, time);
    } else {
      Send(case_id, action, attempt, time, time);
    }
  }
  Case& current = cases_[case_id];
  ActionSlot& current_slot = Slots(current)[action];
  if (attempt < entry.retry_count) {
    int64_t interval = code.RetryInterval(Context(current.debtor, time), View(current), action);
    current_slot.retry_due = time + std::max<int64_t>(interval, 0);
  } else {
    current_slot.retry_due = INT64_MAX;
  }
}

void Engine::Contact(int32_t case_id, int32_t action, int32_t attempt, int64_t issued_at, int64_t time) {
  const Case& a_case = cases_[case_id];
  const std::vector<int32_t>& policies = policy_sets_[a_case.policy_set];
  if (policies.empty()) {
    Send(case_id, action, attempt, issued_at, time);
    return;
  }
  const Debtor& debtor = debtors_[a_case.debtor];
  const flowir::Action& entry = module_.flows[a_case.flow].states[a_case.state].actions[action];
  GuardRequest request;
  request.policies = policies;
  request.channel = entry.channel;
  request.now = time;
  request.case_id = case_id;
  request.contacts = debtor.contacts;
  request.history = debtor.history;
  request.history_types = debtor.history_types;
  if (debtor.zone != nullptr) request.zones = std::span<const void* const>(&debtor.zone, 1);
  GuardDecision decision = guard_.Decide(request, Context(a_case.debtor, time), sink_->WantsAuditDetail());
  if (decision.verdict == Verdict::Allow) {
    Send(case_id, action, attempt, issued_at, time);
    return;
  }
  Audit(a_case, action, attempt, time, decision);
  if (decision.verdict == Verdict::Defer) {
    stats_.deferrals += 1;
    stats_.pending_deferred += 1;
    int32_t slot;
    if (free_deferred_.empty()) {
      slot = static_cast<int32_t>(deferred_.size());
      deferred_.emplace_back();
    } else {
      slot = free_deferred_.back();
      free_deferred_.pop_back();
    }
    deferred_[static_cast<size_t>(slot)] = {issued_at, action, attempt, a_case.state};
    wake_ups_.push({decision.until, sequence_++, case_id, a_case.visits, slot});
  } else {
    stats_.blocks += 1;
  }
}

void Engine::Send(int32_t case_id, int32_t action, int32_t attempt, int64_t issued_at, int64_t time) {
  const Case& a_case = cases_[case_id];
  const flowir::Action& entry = module_.flows[a_case.flow].states[a_case.state].actions[action];
  ActionRecord& record = action_;
  Describe(record, a_case, case_id, a_case.state, action, attempt, entry, time);
  record.issued_at = issued_at;
  record.visit = a_case.visits;
  record.kind = entry.kind;
  record.with.resize(entry.with.size());
  code_[a_case.flow]->ActionWith(Context(a_case.debtor, time), View(a_case), action, record.with.data());
  if (IsContact(entry.kind)) AddContact(debtors_[a_case.debtor], {time, entry.channel, case_id});
  stats_.actions += 1;
  sink_->OnAction(record);
}

void Engine::Audit(const Case& a_case, int32_t action, int32_t attempt, int64_t time, const GuardDecision& decision) {
  const flowir::Action& entry = module_.flows[a_case.flow].states[a_case.state].actions[action];
  AuditRecord audit;
  Describe(audit, a_case, static_cast<int32_t>(&a_case - cases_.data()), a_case.state, action, attempt, entry, time);
  audit.until = decision.until;
  audit.verdict = decision.verdict;
  audit.policy = decision.policy;
  audit.rule = decision.rule;
  audit.detail = decision.detail;
  sink_->OnAudit(audit);
}

void Engine::Schedule(int32_t case_id) {
  const Case& a_case = cases_[case_id];
  int64_t due = a_case.timer_due;
  const ActionSlot* slots = slot_pool_.data() + a_case.slots;
  for (int32_t i = 0; i < slots_per_flow_[a_case.flow]; ++i) due = std::min(due, slots[i].retry_due);
  if (due == INT64_MAX) return;
  wake_ups_.push({due, sequence_++, case_id, a_case.epoch, -1});
}

void Engine::Wake(const WakeUp& wake_up) {
  if (wake_up.deferred >= 0) {
    WakeDeferred(wake_up);
    return;
  }
  Case& a_case = cases_[wake_up.case_id];
  if (a_case.finished || a_case.epoch != wake_up.epoch) return;
  int64_t now = wake_up.due;
  // Retries due now go out before the state's timer: a retry scheduled for
  // the instant the state ends is still made.
  int32_t actions = static_cast<int32_t>(module_.flows[a_case.flow].states[a_case.state].actions.size());
  for (int32_t action = 0; action < actions; ++action) {
    if (Slots(cases_[wake_up.case_id])[action].retry_due == now) Attempt(wake_up.case_id, action, now);
  }
  Case& current = cases_[wake_up.case_id];
  if (current.timer >= 0 && current.timer_due == now) {
    Transition transition;
    code_[current.flow]->FireTimer(Context(current.debtor, now), View(current), current.timer, transition);
    if (transition.state >= 0) {
      Enter(wake_up.case_id, transition, now);
      return;
    }
    current.timer_due = INT64_MAX;
    current.timer = -1;
  }
  current.epoch += 1;
  Schedule(wake_up.case_id);
}

void Engine::WakeDeferred(const WakeUp& wake_up) {
  stats_.pending_deferred -= 1;
  DeferredContact contact = deferred_[static_cast<size_t>(wake_up.deferred)];
  free_deferred_.push_back(wake_up.deferred);
  const Case& a_case = cases_[wake_up.case_id];
  if (a_case.visits != wake_up.epoch) {
    // The case left the state that issued the contact: it is not made, and
    // the audit says so.
    stats_.drops += 1;
    const flowir::Action& entry = module_.flows[a_case.flow].states[contact.state].actions[contact.action];
    AuditRecord audit;
    Describe(audit, a_case, wake_up.case_id, contact.state, contact.action, contact.attempt, entry, wake_up.due);
    audit.verdict = Verdict::Drop;
    audit.detail = "the case left the state that issued the contact before it was due";
    sink_->OnAudit(audit);
    return;
  }
  Contact(wake_up.case_id, contact.action, contact.attempt, contact.issued_at, wake_up.due);
}

void Engine::AdvanceTo(int64_t time) {
  while (!wake_ups_.empty() && wake_ups_.top().due <= time) {
    WakeUp wake_up = wake_ups_.top();
    wake_ups_.pop();
    Wake(wake_up);
  }
}

void Engine::PushEvent(int32_t debtor, int32_t type, int64_t at, std::span<const Value> fields) {
  AdvanceTo(at);
  stats_.events += 1;
  const EventRecord* event = &transient_;
  if (retained_.Wants(type)) {
    event = events_.Add(type, at, fields);
  } else {
    transient_ = EventRecord{at, type, static_cast<int32_t>(fields.size()), fields.empty() ? nullptr : fields.data()};
  }
  Debtor& owner = debtors_[debtor];
  if (history_demand_.Wants(type)) {
    if (owner.history.capacity() == 0) owner.history.reserve(kFirstHistory);
    owner.history.push_back(event);
    owner.history_types |= HistoryTypeBit(type);
  }
  if (type == contact_attempt_ && !fields.empty() && fields[0] >= 0 && fields[0] < kChannelCount) {
    // A contact made outside the flows counts against the debtor's limits.
    AddContact(owner, {at, static_cast<Channel>(fields[0]), -1});
  }
  sink_->OnEvent(debtor, *event);
  // Cases in the order they were created: the (time, case) order. A case
  // created while handling (a start) is not handled again by this event.
  int32_t last = static_cast<int32_t>(cases_.size());
  uint64_t type_bit = HistoryTypeBit(type);
  for (int32_t case_id = owner.first_case; case_id >= 0 && case_id < last;
       case_id = cases_[case_id].next_of_debtor) {
    const Case& a_case = cases_[case_id];
    if (a_case.finished || (handled_types_[a_case.flow][a_case.state] & type_bit) == 0) continue;
    Transition transition;
    code_[a_case.flow]->Handle(Context(debtor, at), View(a_case), *event, transition);
    if (transition.state >= 0) Enter(case_id, transition, at);
  }
  // Flows not yet started look at their start rule again; the event that
  // starts a case is not handled again by its first state.
  if (owner.pending_flows != 0 || owner.pending_more) RetryPending(debtor, at);
}

void Engine::RetryPending(int32_t debtor, int64_t at) {
  // In place: most debtors whose start rule does not hold still do not after
  // an event, and nothing of theirs changes. AdvanceTo before each start
  // fires what the case before it scheduled for this instant.
  for (uint64_t flows = debtors_[debtor].pending_flows; flows != 0; flows &= flows - 1) {
    auto flow = static_cast<int32_t>(std::countr_zero(flows));
    AdvanceTo(at);
    if (TryStart(debtor, flow, at, -1, -1)) debtors_[debtor].pending_flows &= ~(uint64_t{1} << flow);
  }
  if (!debtors_[debtor].pending_more) return;
  auto found = pending_flows_.find(debtor);
  std::vector<int32_t>& more = found->second;
  size_t kept = 0;
  for (int32_t flow : more) {
    AdvanceTo(at);
    if (!TryStart(debtor, flow, at, -1, -1)) more[kept++] = flow;
  }
  more.resize(kept);
  if (kept == 0) {
    pending_flows_.erase(found);
    debtors_[debtor].pending_more = false;
  }
}

void Engine::AddContact(Debtor& debtor, const ContactRecord& contact) {
  if (debtor.contacts.capacity() == 0) debtor.contacts.reserve(kFirstContacts);
  debtor.contacts.push_back(contact);
}

auto Engine::MemoryBytes() const -> size_t {
  size_t bytes = cases_.capacity() * sizeof(Case) + slot_pool_.capacity() * sizeof(ActionSlot) +
                 case_args_.capacity() * sizeof(Value) +
                 debtors_.capacity() * sizeof(Debtor) + fields_.capacity() * sizeof(Value);
  for (const Debtor& debtor : debtors_) {
    bytes += debtor.history.capacity() * sizeof(const EventRecord*) +
             debtor.contacts.capacity() * sizeof(ContactRecord) + (debtor.id.size() > 15 ? debtor.id.capacity() : 0);
  }
  return bytes;
}

}  // namespace cobro::runtime
