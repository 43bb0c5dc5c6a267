// After an event that forbids contact (an opt-out, a cease, a conversation
// that starts a quiet period): can the flow still contact, and how soon?
// A shortest-path search over (state, time since the trigger), where events
// cost no time and timers their delay.

#include "compiler/analysis/forbid_after.h"

#include <deque>
#include <limits>
#include <queue>

#include <fmt/format.h>

namespace cobro::analysis {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;

struct Contact {
  int64_t offset = 0;
  const ContactAction* action = nullptr;
};

// A state's contacts in the order they are made, up to its earliest timer.
struct StateInfo {
  std::vector<Contact> contacts;
  int64_t timer = kNever;
  std::vector<const Edge*> edges;  // In priority order.
};

class Search {
 public:
  Search(const ast::File& file, const FlowGraph& graph, const Trigger& trigger,
         const std::optional<Trigger>& until, const ForbiddenChannels& forbidden)
      : file_(file), graph_(graph), trigger_(trigger), until_(until), forbidden_(forbidden) {
    info_.resize(graph.states.size());
    for (size_t s = 0; s < graph.states.size(); ++s) {
      StateInfo& info = info_[s];
      info.edges = graph.EdgesFrom(static_cast<int32_t>(s));
      for (const Edge* edge : info.edges) {
        if (edge->kind == EdgeKind::Timer) info.timer = std::min(info.timer, edge->delay_ms);
      }
      for (const ContactAction& action : graph.states[s].contacts) {
        int64_t interval = action.retry_interval_exact ? action.retry_interval_ms : 0;
        for (int64_t k = 0; k < action.retry_count; ++k) {
          if (k * interval > info.timer) break;
          info.contacts.push_back({k * interval, &action});
        }
      }
      std::stable_sort(info.contacts.begin(), info.contacts.end(),
                       [](const Contact& a, const Contact& b) { return a.offset < b.offset; });
    }
    reachable_ = Reachable();
  }

  auto Run() -> std::optional<ContactAfter> {
    std::optional<ContactAfter> best;
    auto consider = [&](std::optional<ContactAfter> found) {
      if (found && (!best || found->earliest_ms < best->earliest_ms)) best = std::move(found);
    };
    for (size_t s = 0; s < graph_.states.size(); ++s) {
      if (!reachable_[s] || graph_.states[s].terminal) continue;
      // Contacts made outside the flow are the runtime guard's to count; for
      // `contact.attempt` the flow answers for its own contacts.
      for (int c = 0; c < kChannelCount && !trigger_.matches_own_contacts; ++c) {
        auto channel = static_cast<Channel>(c);
        if ((MaskOf(channel) & trigger_.channels) == 0) continue;
        consider(FromEvent(static_cast<int32_t>(s), channel));
      }
      if (trigger_.matches_own_contacts) {
        const StateInfo& info = info_[s];
        for (size_t i = 0; i < info.contacts.size(); ++i) {
          if ((MaskOf(info.contacts[i].action->channel) & trigger_.channels) == 0) continue;
          consider(FromOwnContact(static_cast<int32_t>(s), i));
        }
      }
    }
    return best;
  }

 private:
  auto Reachable() const -> std::vector<bool> {
    std::vector<bool> seen(graph_.states.size(), false);
    std::deque<int32_t> queue(graph_.start_states.begin(), graph_.start_states.end());
    while (!queue.empty()) {
      int32_t state = queue.front();
      queue.pop_front();
      if (seen[state]) continue;
      seen[state] = true;
      for (const Edge* edge : info_[state].edges) queue.push_back(edge->to);
    }
    return seen;
  }

  // Whether an expression over the handler's bound event holds, given what
  // the rule states of the trigger; nullopt when it cannot be told.
  auto Decide(ast::ExprId id, const std::string& binding) const -> std::optional<bool> {
    if (!id.has_value() || binding.empty()) return std::nullopt;
    const ast::Expr& expr = file_.exprs.Get(id);
    auto fact = [&](ast::ExprId member_id) -> std::optional<std::string> {
      if (!member_id.has_value()) return std::nullopt;
      const ast::Expr& member = file_.exprs.Get(member_id);
      if (member.kind != ast::ExprKind::Member || !member.lhs.has_value()) return std::nullopt;
      const ast::Expr& object = file_.exprs.Get(member.lhs);
      if (object.kind != ast::ExprKind::Name || object.name.text != binding) return std::nullopt;
      for (const auto& [field, value] : trigger_.facts) {
        if (field == member.name.text) return value;
      }
      return std::nullopt;
    };
    switch (expr.kind) {
      case ast::ExprKind::Member: {
        auto value = fact(id);
        if (value == "true") return true;
        if (value == "false") return false;
        return std::nullopt;
      }
      case ast::ExprKind::Unary: {
        if (expr.unary_op != ast::UnaryOp::Not) return std::nullopt;
        auto inner = Decide(expr.lhs, binding);
        return inner ? std::optional<bool>(!*inner) : std::nullopt;
      }
      case ast::ExprKind::Binary: {
        if (expr.binary_op == ast::BinaryOp::And || expr.binary_op == ast::BinaryOp::Or) {
          auto left = Decide(expr.lhs, binding);
          auto right = Decide(expr.rhs, binding);
          bool is_and = expr.binary_op == ast::BinaryOp::And;
          if (left == !is_and || right == !is_and) return !is_and;
          if (left && right) return is_and;
          return std::nullopt;
        }
        if (expr.binary_op != ast::BinaryOp::Eq && expr.binary_op != ast::BinaryOp::Ne) return std::nullopt;
        auto value = fact(expr.lhs);
        ast::ExprId literal = expr.rhs;
        if (!value) {
          value = fact(expr.rhs);
          literal = expr.lhs;
        }
        std::string text = literal.has_value() ? LiteralText(file_.exprs.Get(literal)) : "";
        if (!value || text.empty()) return std::nullopt;
        bool equal = *value == text;
        // A different literal decides `==` only when the fact is an equality
        // the rule states; a boolean fact compared to `true`/`false` too.
        return expr.binary_op == ast::BinaryOp::Eq ? equal : !equal;
      }
      default: return std::nullopt;
    }
  }

  // Whether every condition of an edge holds (true), one fails (false), or
  // it cannot be told.
  auto Holds(const Edge& edge) const -> std::optional<bool> {
    bool all = true;
    for (const Edge::Condition& condition : edge.conditions) {
      auto value = Decide(condition.expr, edge.binding);
      if (value && *value != condition.value) return false;
      if (!value) all = false;
    }
    return all ? std::optional<bool>(true) : std::nullopt;
  }

  // Whether the handler's `when` guard holds; true without a guard.
  auto WhenHolds(const Edge& edge) const -> std::optional<bool> {
    if (!edge.guarded || edge.conditions.empty()) return true;
    return Decide(edge.conditions.front().expr, edge.binding);
  }

  auto Skipped(const ContactAction& action) const -> bool {
    return (action.skipped_after_opt_out & skipped_) != 0;
  }

  auto IsUntil(const Edge& edge) const -> bool {
    return until_ && edge.kind == EdgeKind::Event && edge.event == until_->event &&
           (edge.channels & until_->channels) != 0;
  }

  // A frontier entry: entering `state` `time` after the trigger, or already in
  // it (`in_state`) with its contacts from `from_contact` on still to come.
  struct Start {
    int32_t state;
    int64_t time;
    const Edge* via;  // The edge that entered it; null for a state the case is in.
  };

  // The trigger arrives as an event while the case is in `state`.
  auto FromEvent(int32_t state, Channel channel) -> std::optional<ContactAfter> {
    ChannelMask forbidden = forbidden_(channel);
    if (forbidden == 0) return std::nullopt;
    std::vector<Start> starts;
    bool handled = false;
    skipped_ = trigger_.event_name == "opt_out" ? MaskOf(channel) : 0;
    // Handlers in priority order; the branches of one handler share it.
    const auto& edges = info_[state].edges;
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
    // Unhandled, the case stays: its remaining retries and its way out come
    // next, and the trigger may arrive just before either.
    std::optional<Contact> pending;
    if (!handled) {
      for (const Contact& contact : info_[state].contacts) {
        if (contact.offset > 0 && (MaskOf(contact.action->channel) & forbidden) != 0 &&
            !Skipped(*contact.action)) {
          pending = contact;
          break;
        }
      }
      for (const Edge* edge : info_[state].edges) {
        if (IsUntil(*edge) || (edge->kind == EdgeKind::Timer && edge->delay_ms > info_[state].timer)) continue;
        starts.push_back({edge->to, 0, edge});
      }
    }
    std::string channel_text =
        (trigger_.channels == kAllChannels && trigger_.binding.empty()) ? "" : fmt::format("({})", ChannelName(channel));
    std::vector<TraceStep> prefix = PathTo(state);
    prefix.push_back({0,
                      fmt::format("`{}{}` arrives while the case is in `{}`{}", trigger_.event_name,
                                  channel_text, graph_.states[state].name,
                                  handled ? "" : ", which does not leave on it"),
                      graph_.states[state].range});
    std::optional<ContactAfter> result;
    if (pending) {
      ContactAfter found;
      found.earliest_ms = 0;
      found.channel = pending->action->channel;
      found.trace = prefix;
      found.trace.push_back({0, fmt::format("`{}`: {} (a pending retry)", graph_.states[state].name,
                                            pending->action->what),
                             pending->action->range});
      result = std::move(found);
    }
    result = Better(result, Dijkstra(starts, forbidden, prefix));
    if (result) result->trigger = "`" + trigger_.event_name + channel_text + "`";
    return result;
  }

  // The trigger is one of the flow's own contacts: contact `index` of `state`.
  auto FromOwnContact(int32_t state, size_t index) -> std::optional<ContactAfter> {
    skipped_ = 0;
    const StateInfo& info = info_[state];
    const Contact& trigger = info.contacts[index];
    ChannelMask forbidden = forbidden_(trigger.action->channel);
    if (forbidden == 0) return std::nullopt;
    std::vector<TraceStep> prefix = PathTo(state);
    prefix.push_back({0, fmt::format("`{}`: {} (the trigger)", graph_.states[state].name, trigger.action->what),
                      trigger.action->range});
    std::optional<ContactAfter> result;
    for (size_t i = index + 1; i < info.contacts.size(); ++i) {
      const Contact& next = info.contacts[i];
      if ((MaskOf(next.action->channel) & forbidden) == 0) continue;
      ContactAfter found;
      found.earliest_ms = next.offset - trigger.offset;
      found.channel = next.action->channel;
      found.trace = prefix;
      found.trace.push_back({found.earliest_ms,
                             fmt::format("`{}`: {}", graph_.states[state].name, next.action->what),
                             next.action->range});
      result = std::move(found);
      break;
    }
    std::vector<Start> starts;
    for (const Edge* edge : info.edges) {
      if (IsUntil(*edge)) continue;
      if (edge->kind == EdgeKind::Timer) {
        if (edge->delay_ms > info.timer) continue;
        starts.push_back({edge->to, edge->delay_ms - trigger.offset, edge});
      } else {
        starts.push_back({edge->to, 0, edge});
      }
    }
    result = Better(result, Dijkstra(starts, forbidden, prefix));
    if (result) result->trigger = fmt::format("a contact by `{}`", ChannelName(trigger.action->channel));
    return result;
  }

  static auto Better(std::optional<ContactAfter> a, std::optional<ContactAfter> b)
      -> std::optional<ContactAfter> {
    if (!a) return b;
    if (!b) return a;
    return b->earliest_ms < a->earliest_ms ? std::move(b) : std::move(a);
  }

  // Earliest forbidden contact from the given entries.
  auto Dijkstra(const std::vector<Start>& starts, ChannelMask forbidden,
                const std::vector<TraceStep>& prefix) -> std::optional<ContactAfter> {
    size_t n = graph_.states.size();
    std::vector<int64_t> dist(n, kNever);
    std::vector<const Edge*> via(n, nullptr);
    // Entered straight from the trigger: the walk back stops there.
    std::vector<bool> from_start(n, false);
    using Item = std::pair<int64_t, int32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (const Start& start : starts) {
      if (start.time < dist[start.state]) {
        dist[start.state] = start.time;
        via[start.state] = start.via;
        from_start[start.state] = true;
        queue.push({start.time, start.state});
      }
    }
    int64_t best = kNever;
    int32_t best_state = -1;
    const Contact* best_contact = nullptr;
    while (!queue.empty()) {
      auto [time, state] = queue.top();
      queue.pop();
      if (time > dist[state] || time >= best) continue;
      const StateInfo& info = info_[state];
      for (const Contact& contact : info.contacts) {
        if ((MaskOf(contact.action->channel) & forbidden) == 0 || Skipped(*contact.action)) continue;
        if (time + contact.offset < best) {
          best = time + contact.offset;
          best_state = state;
          best_contact = &contact;
        }
        break;
      }
      if (graph_.states[state].terminal) continue;
      for (const Edge* edge : info.edges) {
        if (IsUntil(*edge)) continue;
        int64_t next = time;
        if (edge->kind == EdgeKind::Timer) {
          if (edge->delay_ms > info.timer) continue;
          next += edge->delay_ms;
        }
        if (next < dist[edge->to]) {
          dist[edge->to] = next;
          via[edge->to] = edge;
          from_start[edge->to] = false;
          queue.push({next, edge->to});
        }
      }
    }
    if (best_contact == nullptr) return std::nullopt;
    ContactAfter result;
    result.earliest_ms = best;
    result.channel = best_contact->action->channel;
    result.trace = prefix;
    std::vector<TraceStep> steps;
    for (int32_t at = best_state; via[at] != nullptr; at = via[at]->from) {
      const Edge* edge = via[at];
      steps.insert(steps.begin(), TraceStep{dist[at],
                                            fmt::format("`{}` -> `{}` ({})", graph_.states[edge->from].name,
                                                        graph_.states[edge->to].name, edge->label),
                                            edge->range});
      if (from_start[at] || steps.size() > n) break;
    }
    result.trace.insert(result.trace.end(), steps.begin(), steps.end());
    result.trace.push_back({best,
                            fmt::format("`{}`: {}", graph_.states[best_state].name, best_contact->action->what),
                            best_contact->action->range});
    return result;
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
      for (const Edge* edge : info_[state].edges) {
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
  std::vector<StateInfo> info_;
  std::vector<bool> reachable_;
  // Channels whose opt-out the current trigger is: guarded actions skip them.
  ChannelMask skipped_ = 0;
};

}  // namespace

auto EarliestContactAfter(const ast::File& file, const FlowGraph& graph, const Trigger& trigger,
                          const std::optional<Trigger>& until, const ForbiddenChannels& forbidden)
    -> std::optional<ContactAfter> {
  if (graph.states.empty()) return std::nullopt;
  return Search(file, graph, trigger, until, forbidden).Run();
}

}  // namespace cobro::analysis
