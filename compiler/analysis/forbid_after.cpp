// After an event that forbids contact (an opt-out, a cease, a conversation
// that starts a quiet period): can the flow still contact, and how soon?
// A shortest-path search over (state, time since the trigger), where events
// cost no time and timers their delay.

#include "compiler/analysis/forbid_after.h"

#include <deque>
#include <queue>

#include <fmt/format.h>

#include "compiler/analysis/schedule.h"

namespace cobro::analysis {

namespace {

constexpr int64_t kNever = kNoTimer;

// A way into a state right after the trigger.
struct Start {
  int32_t state;
  int64_t time;
  const Edge* via;  // The edge that entered it; null when the case starts there.
};

// A run from the trigger to a forbidden contact.
struct Found {
  int64_t time = kNever;
  std::vector<std::pair<const Edge*, int64_t>> steps;  // Transitions and their times.
  int32_t state = -1;
  const ScheduledContact* contact = nullptr;
  const Start* start = nullptr;  // The start it came from.
};

class Search {
 public:
  Search(const ast::File& file, const FlowGraph& graph, const Trigger& trigger, const std::optional<Trigger>& until,
         const ForbiddenChannels& forbidden)
      : file_(file),
        graph_(graph),
        trigger_(trigger),
        until_(until),
        forbidden_(forbidden),
        schedules_(BuildSchedules(graph)) {
    reachable_ = Reachable();
  }

  auto Run() -> ContactsAfterTrigger {
    ContactsAfterTrigger result;
    auto consider = [](std::optional<ContactAfter>& best, std::optional<ContactAfter> found) {
      if (found && (!best || found->earliest_ms < best->earliest_ms)) best = std::move(found);
    };
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s] || graph_.states[s].terminal) continue;
      auto state = static_cast<int32_t>(s);
      // Contacts made outside the flow are the runtime guard's to count; for
      // `contact.attempt` the flow answers for its own contacts.
      if (trigger_.matches_own_contacts) {
        const StateSchedule& schedule = schedules_[s];
        for (const auto* contacts : {&schedule.contacts, &schedule.floating}) {
          for (const ScheduledContact& contact : *contacts) {
            if ((MaskOf(contact.action->channel) & trigger_.channels) == 0) continue;
            consider(result.in_case, FromOwnContact(state, contact));
          }
        }
        continue;
      }
      for (Channel channel : TriggerChannels()) consider(result.in_case, FromEvent(state, channel));
    }
    // A start rule with a `when` waits while events come; the first state
    // never sees them (the engine does not hand the case earlier events).
    if (graph_.start_guarded && !trigger_.matches_own_contacts) {
      for (Channel channel : TriggerChannels()) consider(result.before_start, BeforeStart(channel));
    }
    return result;
  }

 private:
  auto TriggerChannels() const -> std::vector<Channel> {
    std::vector<Channel> channels;
    for (int c = 0; c < kChannelCount; ++c) {
      if ((MaskOf(static_cast<Channel>(c)) & trigger_.channels) != 0) channels.push_back(static_cast<Channel>(c));
    }
    return channels;
  }

  auto Reachable() const -> std::vector<bool> {
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue(graph_.start_states.begin(), graph_.start_states.end());
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (seen[state]) continue;
      seen[state] = true;
      for (const Edge* edge : schedules_[state].edges) queue.push_back(edge->to);
    }
    return seen;
  }

  // Whether every condition of an edge holds (true), one fails (false), or
  // it cannot be told.
  auto Holds(const Edge& edge) const -> std::optional<bool> {
    bool all = true;
    for (const Edge::Condition& condition : edge.conditions) {
      auto value = Decide(file_, condition.expr, edge.binding, trigger_.facts);
      if (value && *value != condition.value) return false;
      if (!value) all = false;
    }
    return all ? std::optional<bool>(true) : std::nullopt;
  }

  // Whether the handler's `when` guard holds; true without a guard.
  auto WhenHolds(const Edge& edge) const -> std::optional<bool> {
    if (!edge.guarded || edge.conditions.empty()) return true;
    return Decide(file_, edge.conditions.front().expr, edge.binding, trigger_.facts);
  }

  // The channels whose `until` event ends the rule for a trigger on
  // `channel`: `until consent(ch)`, with `ch` the trigger's key, only on it.
  auto UntilChannels(Channel channel) const -> ChannelMask {
    if (!until_) return 0;
    bool bound = !until_->binding.empty() && until_->binding == trigger_.binding;
    return bound ? static_cast<ChannelMask>(until_->channels & MaskOf(channel)) : until_->channels;
  }

  // An edge taken only on an event that ends the rule: past it, nothing is
  // forbidden. An edge that may be taken on another event stays open.
  auto IsUntil(const Edge& edge) const -> bool {
    return until_ && edge.kind == EdgeKind::Event && edge.event == until_->event &&
           (edge.channels & ~until_channels_) == 0;
  }

  // `when not opted_out(ch)` keeps an action back after `opt_out(ch)` until
  // `consent(ch)`; it meets the rule only when that consent ends the rule.
  auto GuardMeetsRule(Channel channel) const -> bool {
    return trigger_.event_name == "opt_out" && until_ && until_->event_name == "consent" &&
           (UntilChannels(channel) & MaskOf(channel)) != 0;
  }

  auto Skipped(const ContactAction& action) const -> bool { return (action.skipped_after_opt_out & skipped_) != 0; }

  // Whether a guard `when not opted_out(ch)` of `mask` holds the contact back
  // after an opt-out of `channel` until a consent, under a rule that the
  // consent does not end: the run then needs `consent(ch)` to make it.
  auto NeedsConsent(ChannelMask mask, Channel channel) const -> bool {
    return trigger_.event_name == "opt_out" && skipped_ == 0 && (mask & MaskOf(channel)) != 0;
  }

  // The step that re-enables such a guard; the case stays where it is.
  static auto ConsentText(Channel channel) -> std::string {
    return fmt::format("`consent({0})` arrives: `opted_out({0})` is false again, and the rule still forbids `{0}`",
                       ChannelName(channel));
  }

  auto Forbidden(const ScheduledContact& contact, ChannelMask forbidden) const -> bool {
    return (MaskOf(contact.action->channel) & forbidden) != 0 && !Skipped(*contact.action);
  }

  // Sets what the trigger on `channel` implies for the whole search.
  void Prepare(Channel channel, bool opt_out_guards) {
    until_channels_ = UntilChannels(channel);
    skipped_ = opt_out_guards && GuardMeetsRule(channel) ? MaskOf(channel) : 0;
  }

  auto TriggerText(Channel channel) const -> std::string {
    bool keyed = !(trigger_.channels == kAllChannels && trigger_.binding.empty());
    return keyed ? fmt::format("{}({})", trigger_.event_name, ChannelName(channel)) : trigger_.event_name;
  }

  // The trigger arrives as an event while the case is in `state`.
  auto FromEvent(int32_t state, Channel channel) -> std::optional<ContactAfter> {
    ChannelMask forbidden = forbidden_(channel);
    if (forbidden == 0) return std::nullopt;
    Prepare(channel, true);
    const StateSchedule& schedule = schedules_[state];
    std::vector<Start> starts;
    bool handled = false;
    // Handlers in priority order; the branches of one handler share it.
    const auto& edges = schedule.edges;
    for (size_t i = 0; i < edges.size() && !handled;) {
      size_t end = i;
      while (end < edges.size() && edges[end]->priority == edges[i]->priority) ++end;
      const Edge& first = *edges[i];
      bool matches = first.kind == EdgeKind::Event && first.event == trigger_.event &&
                     (first.channels & MaskOf(channel)) != 0;
      if (matches) {
        // A branch is taken if its conditions may hold; the handler surely
        // fires (and later handlers never see the event) if its `when` surely
        // holds.
        bool fires = false;
        for (size_t k = i; k < end; ++k) {
          if (Holds(*edges[k]) != false) {
            starts.push_back({edges[k]->to, 0, edges[k]});
            fires = true;
          }
        }
        handled = fires && WhenHolds(first) == true;
      }
      i = end;
    }
    size_t handled_starts = starts.size();
    // Unhandled, the case stays: its remaining retries and its ways out come
    // next, and the trigger may arrive just before any of them.
    const ScheduledContact* pending = nullptr;
    if (!handled) {
      for (const ScheduledContact& contact : schedule.contacts) {
        if (contact.offset > 0 && Forbidden(contact, forbidden)) {
          pending = &contact;
          break;
        }
      }
      // A retry at a computed interval may come any time after the trigger.
      for (const ScheduledContact& contact : schedule.floating) {
        if (pending == nullptr && Forbidden(contact, forbidden)) pending = &contact;
      }
      for (const Edge* edge : schedule.edges) {
        if (!IsUntil(*edge)) starts.push_back({edge->to, 0, edge});
      }
    }
    std::string arrives = fmt::format("`{}` arrives while the case is in `{}`", TriggerText(channel),
                                      graph_.states[state].name);
    auto result = [&](Found found, bool is_pending) {
      ContactAfter after;
      after.earliest_ms = found.time;
      after.channel = found.contact->action->channel;
      after.trigger = "`" + TriggerText(channel) + "`";
      after.state = state;
      bool by_handler = !is_pending && found.start != nullptr && found.start < starts.data() + handled_starts;
      after.origin = by_handler ? TriggerOrigin::Handled : TriggerOrigin::Stays;
      after.handler = by_handler ? found.start->via : nullptr;
      after.trace = PathTo(state);
      std::string text = arrives;
      if (!handled && !by_handler) text += ", which does not leave on it";
      // Just before the state's timer: the timer fires right after it.
      if (!is_pending && !by_handler && !found.steps.empty() && found.steps.front().first->kind == EdgeKind::Timer) {
        text += fmt::format(", just before `{}` fires", found.steps.front().first->label);
      }
      after.trace.push_back({0, text, graph_.states[state].range});
      if (is_pending) {
        after.trace.push_back({0,
                               fmt::format("`{}`: {} (a pending retry)", graph_.states[state].name,
                                           AttemptText(*found.contact)),
                               found.contact->action->range});
      } else {
        const Edge* first = found.start->via;
        bool first_is_trigger = first != nullptr && first->kind == EdgeKind::Event && first->event == trigger_.event &&
                                (first->channels & MaskOf(channel)) != 0;
        AppendRun(after.trace, found, first_is_trigger);
      }
      if (NeedsConsent(found.contact->action->skipped_after_opt_out, channel)) {
        // Right after the trigger, or after the handler that took it.
        size_t at = after.trace.size() - (is_pending ? 1 : found.steps.size() + 1);
        if (by_handler && !found.steps.empty()) ++at;
        after.trace.insert(after.trace.begin() + static_cast<ptrdiff_t>(at),
                           {0, ConsentText(channel), graph_.states[by_handler ? found.start->state : state].range});
      }
      return after;
    };
    std::optional<ContactAfter> best;
    if (pending != nullptr) best = result(Found{0, {}, state, pending, nullptr}, true);
    if (auto found = Dijkstra(starts, forbidden); found && (!best || found->time < best->earliest_ms)) {
      best = result(*found, false);
    }
    return best;
  }

  // The trigger is one of the flow's own contacts in `state`.
  auto FromOwnContact(int32_t state, const ScheduledContact& trigger) -> std::optional<ContactAfter> {
    ChannelMask forbidden = forbidden_(trigger.action->channel);
    if (forbidden == 0) return std::nullopt;
    Prepare(trigger.action->channel, false);
    const StateSchedule& schedule = schedules_[state];
    bool floating = !trigger.action->retry_interval_exact && trigger.repeat > 0;
    // A floating trigger may be made at any instant of the stay, right
    // before any later contact or the timer.
    const ScheduledContact* next = nullptr;
    int64_t next_time = kNever;
    for (const ScheduledContact& contact : schedule.contacts) {
      if (&contact == &trigger || !Forbidden(contact, forbidden)) continue;
      bool after = floating ? contact.offset > 0 : (contact.offset > trigger.offset ||
                                                    (contact.offset == trigger.offset && &contact > &trigger));
      if (after) {
        int64_t time = floating ? 0 : contact.offset - trigger.offset;
        if (time < next_time) {
          next = &contact;
          next_time = time;
        }
      }
    }
    for (const ScheduledContact& contact : schedule.floating) {
      if (&contact != &trigger && Forbidden(contact, forbidden) && next_time > 0) {
        next = &contact;
        next_time = 0;
      }
    }
    std::vector<Start> starts;
    int64_t trigger_offset = floating ? schedule.timer_ms : trigger.offset;
    for (const Edge* edge : schedule.edges) {
      if (IsUntil(*edge)) continue;
      bool timer = edge->kind == EdgeKind::Timer;
      starts.push_back({edge->to, timer ? std::max<int64_t>(schedule.timer_ms - trigger_offset, 0) : 0, edge});
    }
    ContactAfter after;
    after.channel = trigger.action->channel;
    after.trigger = fmt::format("a contact by `{}`", ChannelName(trigger.action->channel));
    after.origin = TriggerOrigin::OwnContact;
    after.state = state;
    after.trace = PathTo(state);
    after.trace.push_back({0, fmt::format("`{}`: {} (the trigger)", graph_.states[state].name, AttemptText(trigger)),
                           trigger.action->range});
    std::optional<Found> found = Dijkstra(starts, forbidden);
    if (next != nullptr && (!found || next_time <= found->time)) {
      after.earliest_ms = next_time;
      after.channel = next->action->channel;
      after.trace.push_back(
          {next_time, fmt::format("`{}`: {}", graph_.states[state].name, AttemptText(*next)), next->action->range});
      return after;
    }
    if (!found) return std::nullopt;
    after.earliest_ms = found->time;
    after.channel = found->contact->action->channel;
    AppendRun(after.trace, *found, false);
    return after;
  }

  // The trigger arrived before the case started; the case then starts at
  // once (the worst), in any state the start rule enters.
  auto BeforeStart(Channel channel) -> std::optional<ContactAfter> {
    ChannelMask forbidden = forbidden_(channel);
    if (forbidden == 0) return std::nullopt;
    Prepare(channel, true);
    // A start rule testing `not opted_out(ch)` waits out the opt-out.
    if (skipped_ != 0 && (graph_.start_skipped_after_opt_out & skipped_) != 0) return std::nullopt;
    std::vector<Start> starts;
    for (int32_t state : graph_.start_states) starts.push_back({state, 0, nullptr});
    std::optional<Found> found = Dijkstra(starts, forbidden);
    if (!found) return std::nullopt;
    ContactAfter after;
    after.earliest_ms = found->time;
    after.channel = found->contact->action->channel;
    after.trigger = "`" + TriggerText(channel) + "`";
    after.origin = TriggerOrigin::BeforeStart;
    after.trace.push_back({0,
                           fmt::format("`{}` arrives before the case starts, while the start rule waits for its "
                                       "condition",
                                       TriggerText(channel)),
                           graph_.start_range});
    if (NeedsConsent(found->contact->action->skipped_after_opt_out | graph_.start_skipped_after_opt_out, channel)) {
      after.trace.push_back({0, ConsentText(channel), graph_.start_range});
    }
    after.trace.push_back(
        {0, fmt::format("the case starts in `{}`", graph_.states[found->start->state].name), graph_.start_range});
    AppendRun(after.trace, *found, false);
    return after;
  }

  // Earliest forbidden contact from the given entries.
  auto Dijkstra(const std::vector<Start>& starts, ChannelMask forbidden) const -> std::optional<Found> {
    size_t n = graph_.states.size();
    std::vector<int64_t> dist(n, kNever);
    std::vector<const Edge*> via(n, nullptr);
    // Entered straight from the trigger: the walk back stops there.
    std::vector<const Start*> from_start(n, nullptr);
    using Item = std::pair<int64_t, int32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (const Start& start : starts) {
      if (start.time < dist[start.state]) {
        dist[start.state] = start.time;
        via[start.state] = start.via;
        from_start[start.state] = &start;
        queue.push({start.time, start.state});
      }
    }
    Found best;
    while (!queue.empty()) {
      auto [time, state] = queue.top();
      queue.pop();
      if (time > dist[state] || time >= best.time) continue;
      const StateSchedule& schedule = schedules_[state];
      // Fixed attempts come first: a floating retry follows its action's
      // entry attempt.
      for (const ScheduledContact& contact : schedule.contacts) {
        if (!Forbidden(contact, forbidden)) continue;
        if (time + contact.offset < best.time) {
          best.time = time + contact.offset;
          best.state = state;
          best.contact = &contact;
        }
        break;
      }
      if (graph_.states[state].terminal) continue;
      for (const Edge* edge : schedule.edges) {
        if (IsUntil(*edge)) continue;
        int64_t next = time + (edge->kind == EdgeKind::Timer ? schedule.timer_ms : 0);
        if (next < dist[edge->to]) {
          dist[edge->to] = next;
          via[edge->to] = edge;
          from_start[edge->to] = nullptr;
          queue.push({next, edge->to});
        }
      }
    }
    if (best.contact == nullptr) return std::nullopt;
    for (int32_t at = best.state;;) {
      if (from_start[at] != nullptr) {
        best.start = from_start[at];
        if (via[at] != nullptr) best.steps.insert(best.steps.begin(), {via[at], dist[at]});
        break;
      }
      if (via[at] == nullptr || best.steps.size() > n) break;
      best.steps.insert(best.steps.begin(), {via[at], dist[at]});
      at = via[at]->from;
    }
    return best;
  }

  // The transitions of a run and its forbidden contact. A transition on the
  // trigger's own event is another such event, unless it is the first step
  // and `first_is_trigger` (the handler that took the trigger itself).
  void AppendRun(std::vector<TraceStep>& trace, const Found& found, bool first_is_trigger) const {
    for (size_t i = 0; i < found.steps.size(); ++i) {
      const Edge* edge = found.steps[i].first;
      bool again = edge->kind == EdgeKind::Event && edge->event == trigger_.event && !(i == 0 && first_is_trigger);
      trace.push_back({found.steps[i].second,
                       fmt::format("`{}` -> `{}` ({}{})", graph_.states[edge->from].name,
                                   graph_.states[edge->to].name, edge->label,
                                   again ? fmt::format(", another `{}`", trigger_.event_name) : ""),
                       edge->range});
    }
    trace.push_back({found.time,
                     fmt::format("`{}`: {}", graph_.states[found.state].name, AttemptText(*found.contact)),
                     found.contact->action->range});
  }

  // The steps from the start to `target`, without times.
  auto PathTo(int32_t target) const -> std::vector<TraceStep> {
    std::vector<const Edge*> parent(graph_.states.size(), nullptr);
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue;
    for (int32_t start : graph_.start_states) {
      if (!seen[start]) {
        seen[start] = true;
        queue.push_back(start);
      }
    }
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (state == target) break;
      for (const Edge* edge : schedules_[state].edges) {
        if (!seen[edge->to]) {
          seen[edge->to] = true;
          parent[edge->to] = edge;
          queue.push_back(edge->to);
        }
      }
    }
    std::vector<const Edge*> path;
    for (int32_t at = target; parent[at] != nullptr; at = parent[at]->from) path.insert(path.begin(), parent[at]);
    int32_t first = path.empty() ? target : path.front()->from;
    std::vector<TraceStep> steps{
        {std::nullopt, fmt::format("the case starts in `{}`", graph_.states[first].name), graph_.start_range}};
    for (const Edge* edge : path) {
      steps.push_back({std::nullopt,
                       fmt::format("`{}` -> `{}` ({})", graph_.states[edge->from].name,
                                   graph_.states[edge->to].name, edge->label),
                       edge->range});
    }
    return steps;
  }

  const ast::File& file_;
  const FlowGraph& graph_;
  const Trigger& trigger_;
  const std::optional<Trigger>& until_;
  const ForbiddenChannels& forbidden_;
  std::vector<StateSchedule> schedules_;
  std::vector<bool> reachable_;
  // For the trigger being searched: channels whose `until` event ends the
  // rule, and channels whose opt-out guarded actions skip.
  ChannelMask until_channels_ = 0;
  ChannelMask skipped_ = 0;
};

}  // namespace

auto ContactsAfterTrigger::Earliest() const -> std::optional<ContactAfter> {
  if (!in_case) return before_start;
  if (!before_start) return in_case;
  return before_start->earliest_ms < in_case->earliest_ms ? before_start : in_case;
}

auto EarliestContactAfter(const ast::File& file, const FlowGraph& graph, const Trigger& trigger,
                          const std::optional<Trigger>& until, const ForbiddenChannels& forbidden)
    -> ContactsAfterTrigger {
  if (graph.states.empty()) return {};
  return Search(file, graph, trigger, until, forbidden).Run();
}

}  // namespace cobro::analysis
