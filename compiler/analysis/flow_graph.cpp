#include "compiler/analysis/flow_graph.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/sema/program.h"

namespace cobro::analysis {

namespace {

class GraphBuilder {
 public:
  GraphBuilder(const sema::Program& program, int32_t module, const ast::FlowDecl& flow)
      : program_(program), module_index_(module), module_(program.modules[module]), flow_(flow) {}

  auto Build() -> FlowGraph {
    graph_.module = module_index_;
    graph_.flow_name = flow_.name.text;
    graph_.flow_range = flow_.name.range;
    for (const ast::StateDecl& state : flow_.states) {
      if (state.name.text.empty() || index_.contains(state.name.text) ||
          state.name.text == "done" || state.name.text == "hold") {
        continue;
      }
      index_[state.name.text] = static_cast<int32_t>(graph_.states.size());
      StateNode node;
      node.name = state.name.text;
      node.terminal = state.terminal;
      node.range = state.name.range;
      for (const ast::Action& action : state.actions) AddContact(node, action);
      graph_.states.push_back(std::move(node));
      declared_.push_back(&state);
    }
    for (const char* terminal : {"done", "hold"}) {
      index_[terminal] = static_cast<int32_t>(graph_.states.size());
      graph_.states.push_back(StateNode{terminal, true, {}, flow_.name.range});
    }
    for (size_t s = 0; s < declared_.size(); ++s) {
      if (declared_[s]->terminal) continue;
      int32_t priority = 0;
      for (const ast::Handler& handler : flow_.always) {
        AddHandler(static_cast<int32_t>(s), handler, true, priority++);
      }
      for (const ast::Handler& handler : declared_[s]->handlers) {
        AddHandler(static_cast<int32_t>(s), handler, false, priority++);
      }
    }
    if (!flow_.starts.empty()) {
      graph_.start_range = flow_.starts.front().range;
      graph_.start_guarded = flow_.starts.front().condition.has_value();
      graph_.start_skipped_after_opt_out = OptOutTests(flow_.starts.front().condition);
      std::vector<int32_t> targets;
      Leaves(flow_.starts.front().target, targets);
      for (int32_t target : targets) {
        if (std::find(graph_.start_states.begin(), graph_.start_states.end(), target) ==
            graph_.start_states.end()) {
          graph_.start_states.push_back(target);
        }
      }
    }
    MarkHandlersThatNeverRun(graph_);
    return std::move(graph_);
  }

 private:
  auto Expr(ast::ExprId id) const -> const ast::Expr* {
    return id.has_value() ? &module_.ast.exprs.Get(id) : nullptr;
  }

  void AddContact(StateNode& node, const ast::Action& action) {
    ContactAction contact;
    switch (action.kind) {
      case ast::ActionKind::Send:
      case ast::ActionKind::Call: {
        auto channel = ChannelByName(action.channel.text);
        if (!channel) return;
        contact.channel = *channel;
        contact.what = fmt::format("{} {} \"{}\"", action.kind == ast::ActionKind::Send ? "send" : "call",
                                   action.channel.text, action.template_name);
        break;
      }
      case ast::ActionKind::Assign:  // A hand-over to people, not a contact.
      case ast::ActionKind::Emit: return;
    }
    contact.range = action.range;
    contact.guarded = action.guard.has_value();
    // A terminal state ends the case right after its entry actions
    // (Engine::Enter), so its retries are never made.
    if (action.retry_every.has_value() && !node.terminal) {
      contact.retry_count = std::max<int64_t>(action.retry_limit, 1);
      const ast::Expr* every = Expr(action.retry_every);
      if (every != nullptr && every->kind == ast::ExprKind::Duration) {
        contact.retry_interval_ms = every->duration_value.milliseconds;
      } else {
        // Computed at run time, at every attempt: any interval >= 0.
        contact.retry_interval_ms = 0;
        contact.retry_interval_exact = false;
      }
    }
    if (action.guard.has_value()) {
      contact.skipped_after_opt_out = OptOutTests(action.guard);
      Literals(action.guard, true, contact.guard_literals);
    }
    node.contacts.push_back(std::move(contact));
  }

  // A structural key of an expression: equal keys, equal expressions.
  auto Key(ast::ExprId id) const -> std::string {
    const ast::Expr* expr = Expr(id);
    if (expr == nullptr) return "?";
    switch (expr->kind) {
      case ast::ExprKind::Name: return expr->name.text;
      case ast::ExprKind::Member: return Key(expr->lhs) + "." + expr->name.text;
      case ast::ExprKind::Call: {
        std::string key = Key(expr->lhs) + "(";
        for (ast::ExprId arg : expr->elements) key += Key(arg) + ",";
        return key + ")";
      }
      case ast::ExprKind::Unary: return std::string(ast::Spelling(expr->unary_op)) + " " + Key(expr->lhs);
      case ast::ExprKind::Binary:
        return "(" + Key(expr->lhs) + " " + ast::Spelling(expr->binary_op) + " " + Key(expr->rhs) + ")";
      case ast::ExprKind::String: return "\"" + expr->string_value + "\"";
      case ast::ExprKind::Int: return std::to_string(expr->int_value);
      case ast::ExprKind::Decimal: return expr->decimal_value.ToString();
      case ast::ExprKind::Bool: return expr->bool_value ? "true" : "false";
      // Literals by value, so `d.wait > 72h` and `d.wait <= 3d` share an atom.
      case ast::ExprKind::Duration: return "duration " + std::to_string(expr->duration_value.milliseconds);
      case ast::ExprKind::Time: return "time " + expr->time_value.ToString();
      case ast::ExprKind::Date: return "date " + expr->date_value.ToString();
      case ast::ExprKind::DateTime: return "datetime " + expr->datetime_value.ToString();
      case ast::ExprKind::Percent: return expr->decimal_value.ToString() + "%";
      case ast::ExprKind::Set: {
        // A set is its members, in any order.
        std::vector<std::string> members;
        for (ast::ExprId member : expr->elements) members.push_back(Key(member));
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        std::string key = "{";
        for (const std::string& member : members) key += member + ",";
        return key + "}";
      }
      case ast::ExprKind::If:
        return "(if " + Key(expr->condition) + " then " + Key(expr->lhs) + " else " + Key(expr->rhs) + ")";
      default: return "#" + std::to_string(expr->range.begin);
    }
  }

  // The conjuncts of a guard, negations and negated comparisons folded into
  // the sign: `a not in s` is `a in s` with sign false, `x >= 3` is `x < 3`.
  void Literals(ast::ExprId id, bool sign, std::vector<std::pair<std::string, bool>>& out) const {
    const ast::Expr* expr = Expr(id);
    if (expr == nullptr) return;
    if (expr->kind == ast::ExprKind::Binary && expr->binary_op == ast::BinaryOp::And && sign) {
      Literals(expr->lhs, sign, out);
      Literals(expr->rhs, sign, out);
      return;
    }
    if (expr->kind == ast::ExprKind::Unary && expr->unary_op == ast::UnaryOp::Not) {
      Literals(expr->lhs, !sign, out);
      return;
    }
    if (expr->kind == ast::ExprKind::Binary) {
      auto flipped = [&](ast::BinaryOp op) {
        return "(" + Key(expr->lhs) + " " + ast::Spelling(op) + " " + Key(expr->rhs) + ")";
      };
      switch (expr->binary_op) {
        case ast::BinaryOp::NotIn: out.push_back({flipped(ast::BinaryOp::In), !sign}); return;
        case ast::BinaryOp::Ne: out.push_back({flipped(ast::BinaryOp::Eq), !sign}); return;
        case ast::BinaryOp::Ge: out.push_back({flipped(ast::BinaryOp::Lt), !sign}); return;
        case ast::BinaryOp::Gt: out.push_back({flipped(ast::BinaryOp::Le), !sign}); return;
        default: break;
      }
    }
    out.push_back({Key(id), sign});
  }

  // The channels whose opt-out a guard tests as a conjunct:
  // `not opted_out(email) and ...`.
  auto OptOutTests(ast::ExprId id) const -> ChannelMask {
    const ast::Expr* expr = Expr(id);
    if (expr == nullptr) return 0;
    if (expr->kind == ast::ExprKind::Binary && expr->binary_op == ast::BinaryOp::And) {
      return OptOutTests(expr->lhs) | OptOutTests(expr->rhs);
    }
    if (expr->kind != ast::ExprKind::Unary || expr->unary_op != ast::UnaryOp::Not) return 0;
    const ast::Expr* call = Expr(expr->lhs);
    if (call == nullptr || call->kind != ast::ExprKind::Call || call->elements.size() != 1) return 0;
    const ast::Expr* callee = Expr(call->lhs);
    const ast::Expr* arg = Expr(call->elements[0]);
    if (callee == nullptr || callee->kind != ast::ExprKind::Name || callee->name.text != "opted_out" ||
        arg == nullptr || arg->kind != ast::ExprKind::Name) {
      return 0;
    }
    return ChannelMaskByName(arg->name.text).value_or(0);
  }

  // Every state a target may lead to, with the branch conditions that lead there.
  void Branches(ast::TargetId id, std::vector<Edge::Condition>& conditions,
                std::vector<std::pair<int32_t, std::vector<Edge::Condition>>>& out) const {
    if (!id.has_value()) return;
    const ast::Target& target = module_.ast.targets.Get(id);
    if (target.kind == ast::TargetKind::If) {
      conditions.push_back({target.condition, true});
      Branches(target.then_target, conditions, out);
      conditions.back().value = false;
      Branches(target.else_target, conditions, out);
      conditions.pop_back();
      return;
    }
    auto it = index_.find(target.state.text);
    if (it != index_.end()) out.push_back({it->second, conditions});
  }

  // Every state a target may lead to.
  void Leaves(ast::TargetId id, std::vector<int32_t>& out) const {
    if (!id.has_value()) return;
    const ast::Target& target = module_.ast.targets.Get(id);
    if (target.kind == ast::TargetKind::If) {
      Leaves(target.then_target, out);
      Leaves(target.else_target, out);
      return;
    }
    auto it = index_.find(target.state.text);
    if (it != index_.end()) out.push_back(it->second);
  }

  void AddHandler(int32_t from, const ast::Handler& handler, bool from_always, int32_t priority) {
    Edge edge;
    edge.from = from;
    edge.from_always = from_always;
    edge.priority = priority;
    edge.range = handler.range;
    if (handler.kind == ast::HandlerKind::Event) {
      edge.kind = EdgeKind::Event;
      edge.event_name = handler.pattern.event.Joined();
      auto event = module_.pattern_events.find(handler.pattern.event.range.begin);
      if (event == module_.pattern_events.end()) return;  // Unknown event, reported by sema.
      edge.event = event->second;
      for (const ast::EventPattern::Arg& arg : handler.pattern.args) {
        if (arg.name) {
          if (auto mask = ChannelMaskByName(arg.name->text)) edge.channels &= *mask;
        } else {
          edge.literal_filter = true;
        }
      }
      edge.guarded = handler.guard.has_value();
      if (handler.guard.has_value()) edge.conditions.push_back({handler.guard, true});
      if (handler.pattern.binding) edge.binding = handler.pattern.binding->text;
      edge.label = "on " + edge.event_name;
      if (!handler.pattern.args.empty() && edge.channels != kAllChannels) {
        std::string channels;
        for (const ast::EventPattern::Arg& arg : handler.pattern.args) {
          if (arg.name) channels += (channels.empty() ? "" : ", ") + arg.name->text;
        }
        edge.label += "(" + channels + ")";
      }
    } else {
      const ast::Expr* delay = Expr(handler.delay);
      if (delay != nullptr && delay->kind == ast::ExprKind::Duration) {
        edge.kind = EdgeKind::Timer;
        edge.delay_ms = std::max<int64_t>(delay->duration_value.milliseconds, 0);
        edge.label = "after " + delay->duration_value.ToString();
      } else {
        edge.kind = EdgeKind::DynamicTimer;
        edge.delay_ms = 0;
        edge.label = "after a computed time";
      }
    }
    // A choice target always fires; only where it leads depends on the choice.
    std::vector<Edge::Condition> conditions;
    std::vector<std::pair<int32_t, std::vector<Edge::Condition>>> branches;
    Branches(handler.target, conditions, branches);
    for (auto& [to, branch_conditions] : branches) {
      Edge copy = edge;
      copy.to = to;
      copy.conditions.insert(copy.conditions.end(), branch_conditions.begin(), branch_conditions.end());
      graph_.edges.push_back(std::move(copy));
    }
  }

  const sema::Program& program_;
  int32_t module_index_;
  const sema::Module& module_;
  const ast::FlowDecl& flow_;
  FlowGraph graph_;
  std::map<std::string, int32_t> index_;
  std::vector<const ast::StateDecl*> declared_;
};

}  // namespace

auto Exclusive(const ContactAction& a, const ContactAction& b) -> bool {
  for (const auto& [atom, sign] : a.guard_literals) {
    for (const auto& [other_atom, other_sign] : b.guard_literals) {
      if (atom == other_atom && sign != other_sign) return true;
    }
  }
  return false;
}

auto FlowGraph::LiveEdgesFrom(int32_t state) const -> std::vector<const Edge*> {
  std::vector<const Edge*> result = EdgesFrom(state);
  std::erase_if(result, [](const Edge* edge) { return edge->never_fires; });
  return result;
}

auto FlowGraph::EdgesFrom(int32_t state) const -> std::vector<const Edge*> {
  std::vector<const Edge*> result;
  for (const Edge& edge : edges) {
    if (edge.from == state) result.push_back(&edge);
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const Edge* a, const Edge* b) { return a->priority < b->priority; });
  return result;
}

auto BuildFlowGraph(const sema::Program& program, int32_t module, int32_t flow) -> FlowGraph {
  return GraphBuilder(program, module, program.modules[module].ast.flows[flow]).Build();
}

}  // namespace cobro::analysis
