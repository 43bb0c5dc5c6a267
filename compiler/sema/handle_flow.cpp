// Flows: the start rule, states, actions, handlers and transitions, plus the
// structural warnings a strategy designer needs: unreachable states, states
// with no way out, and handlers that can never run.

#include <deque>
#include <set>

#include "compiler/base/channel.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(TypeMismatch, Error, "expected `{0}`, found `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(UnknownPolicy, Error, "unknown policy `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(MissingStart, Error, "flow `{0}` has no `start` rule; add `start when <condition> -> <state>`",
                 std::string);
COBRO_DIAGNOSTIC(DuplicateStart, Error, "flow `{0}` has more than one `start` rule; combine the "
                 "conditions with `if`", std::string);
COBRO_NOTE(FirstStart, "the first `start` rule is here");
COBRO_DIAGNOSTIC(DuplicateDefinition, Error, "state `{0}` is already defined in this flow",
                 std::string);
COBRO_NOTE(PreviousState, "the first state `{0}` is here", std::string);
COBRO_DIAGNOSTIC(ReservedStateName, Error, "`{0}` is a built-in terminal state; pick another name",
                 std::string);
COBRO_DIAGNOSTIC(UnknownState, Error, "unknown state `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(StateArgumentCount, Error, "state `{0}` takes {1} argument{2}, but {3} {4} given",
                 std::string, int, std::string, int, std::string);
COBRO_DIAGNOSTIC(UnknownChannel, Error, "unknown channel `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(InvalidAction, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(InvalidRetry, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(InvalidTimer, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(DuplicateField, Error, "field `{0}` is given twice", std::string);
COBRO_DIAGNOSTIC(TerminalStateHandler, Error,
                 "terminal state `{0}` cannot have handlers; a case that reaches it is finished",
                 std::string);
COBRO_DIAGNOSTIC(UnreachableState, Warning, "state `{0}` is never entered; no transition leads to it",
                 std::string);
COBRO_DIAGNOSTIC(DeadEndState, Warning,
                 "state `{0}` has no way out; add a handler or mark it `terminal`", std::string);
COBRO_DIAGNOSTIC(ShadowedAlwaysHandler, Warning,
                 "handler never runs: the `always` handler for `{0}` takes the event first",
                 std::string);
COBRO_NOTE(AlwaysHandlerHere, "the `always` handler is here");
COBRO_DIAGNOSTIC(DuplicateHandler, Warning, "handler never runs: {0}", std::string);
COBRO_NOTE(EarlierHandlerHere, "the earlier handler is here");
COBRO_NOTE(ShorterTimerHere, "that timer is here");

constexpr ChannelMask kSendChannels = MaskOf(Channel::Email) | MaskOf(Channel::Sms) |
                                      MaskOf(Channel::Whatsapp) | MaskOf(Channel::Push) |
                                      MaskOf(Channel::Letter) | MaskOf(Channel::Visit);
constexpr ChannelMask kCallChannels = MaskOf(Channel::Voice) | MaskOf(Channel::Voicebot);

// The value of a constant duration: a literal, or a negated one.
auto ConstantDuration(Context& context, ast::ExprId id) -> std::optional<Duration> {
  if (!id.has_value()) return std::nullopt;
  const ast::Expr& expr = context.expr(id);
  if (expr.kind == ast::ExprKind::Duration) return expr.duration_value;
  if (expr.kind == ast::ExprKind::Unary && expr.unary_op == ast::UnaryOp::Negate) {
    if (auto inner = ConstantDuration(context, expr.lhs)) return Duration{-inner->milliseconds};
  }
  return std::nullopt;
}

struct StateInfo {
  const ast::StateDecl* decl = nullptr;
  std::vector<TypeId> param_types;
};

// The event a handler listens to and its key filters, for shadowing checks:
// a binding matches anything ("*").
struct HandlerKey {
  std::string event;
  std::vector<std::string> filters;
};

class FlowChecker {
 public:
  FlowChecker(Context& context, const ast::FlowDecl& flow, int32_t index)
      : context_(context), flow_(flow), index_(index) {}

  void Check() {
    CheckSubjectAndPolicies();
    CollectStates();
    CheckStart();
    for (const ast::StateDecl& state : flow_.states) CheckState(state);
    for (const ast::Handler& handler : flow_.always) {
      Scope scope(&flow_scope_);
      CheckHandler(scope, handler, always_edges_);
    }
    CheckShadowing();
    CheckReachability();
  }

 private:
  void CheckSubjectAndPolicies() {
    TypeId subject = context_.module().flow_subject_types[index_];
    TypeKind kind = context_.types().kind(subject);
    if (kind != TypeKind::Profile && kind != TypeKind::Error) {
      context_.emitter.Emit(flow_.subject.range, TypeMismatch, "profile", TypeName(context_, subject),
                            "; a flow runs for a debtor described by a `profile`");
    }
    flow_scope_.Add(Local{flow_.subject.text, subject, flow_.subject.range});
    for (const ast::QualifiedName& name : flow_.complies) {
      std::string joined = name.Joined();
      std::optional<Symbol> symbol;
      if (name.parts.size() > 1) {
        auto alias = context_.module().aliases.find(name.parts[0].text);
        if (alias != context_.module().aliases.end()) {
          symbol = LookupInModule(context_, alias->second,
                                  joined.substr(name.parts[0].text.size() + 1));
        }
      } else {
        symbol = LookupSymbol(context_, joined, name.range);
      }
      if (symbol && symbol->kind == SymbolKind::Policy) {
        context_.module().flow_policies[index_].push_back(symbol->decl);
        continue;
      }
      std::vector<std::string> candidates;
      CollectVisibleNames(context_, candidates, SymbolKind::Policy);
      auto suggestion = Suggest(joined, candidates);
      std::string hint = suggestion ? "; did you mean `" + *suggestion + "`?"
                         : symbol   ? "; `" + joined + "` is a " + SymbolKindName(symbol->kind)
                                    : "; import the module that declares it, such as "
                                      "`compliance.us.regf`";
      auto builder = context_.emitter.Build(name.range, UnknownPolicy, joined, hint);
      if (suggestion) builder.Fix(name.range, *suggestion);
      builder.Emit();
    }
  }

  void CollectStates() {
    for (const ast::StateDecl& state : flow_.states) {
      if (state.name.text.empty()) continue;
      if (state.name.text == "done" || state.name.text == "hold") {
        context_.emitter.Emit(state.name.range, ReservedStateName, state.name.text);
        continue;
      }
      StateInfo info{&state, {}};
      // Resolved (and any unknown type reported) by the signature pass.
      size_t position = static_cast<size_t>(&state - flow_.states.data());
      info.param_types = context_.module().state_param_types[index_][position];
      auto [it, inserted] = states_.emplace(state.name.text, std::move(info));
      if (!inserted) {
        context_.emitter.Build(state.name.range, DuplicateDefinition, state.name.text)
            .Note(it->second.decl->name.range, PreviousState, state.name.text)
            .Emit();
      }
    }
  }

  void CheckStart() {
    if (flow_.starts.empty()) {
      context_.emitter.Emit(flow_.name.range, MissingStart, flow_.name.text);
    }
    for (size_t i = 0; i < flow_.starts.size(); ++i) {
      const ast::StartRule& start = flow_.starts[i];
      if (i > 0) {
        context_.emitter.Build(start.range, DuplicateStart, flow_.name.text)
            .Note(flow_.starts[0].range, FirstStart)
            .Emit();
      }
      if (start.condition.has_value()) {
        CheckExprAs(context_, flow_scope_, start.condition, context_.types().Primitive(TypeKind::Bool));
      }
      CheckTarget(flow_scope_, start.target, start_edges_);
    }
  }

  void CheckState(const ast::StateDecl& state) {
    Scope scope(&flow_scope_);
    auto info = states_.find(state.name.text);
    bool owns_info = info != states_.end() && info->second.decl == &state;
    for (size_t i = 0; i < state.params.size(); ++i) {
      TypeId type = owns_info ? info->second.param_types[i] : context_.types().error();
      scope.Add(Local{state.params[i].name.text, type, state.params[i].name.range});
    }
    for (const ast::Action& action : state.actions) CheckAction(scope, action);
    if (state.terminal && !state.handlers.empty()) {
      context_.emitter.Emit(state.handlers[0].range, TerminalStateHandler, state.name.text);
    }
    std::vector<std::string>& edges = state_edges_[&state];
    for (const ast::Handler& handler : state.handlers) {
      Scope handler_scope(&scope);
      CheckHandler(handler_scope, handler, edges);
    }
    CheckDuplicateHandlers(state.handlers);
  }

  void CheckAction(const Scope& scope, const ast::Action& action) {
    TypeStore& types = context_.types();
    if (action.kind == ast::ActionKind::Send || action.kind == ast::ActionKind::Call) {
      auto channel = ChannelByName(action.channel.text);
      if (!channel && !action.channel.text.empty()) {
        std::vector<std::string> names;
        for (int c = 0; c < kChannelCount; ++c) {
          names.emplace_back(ChannelName(static_cast<Channel>(c)));
        }
        auto suggestion = Suggest(action.channel.text, names);
        auto builder = context_.emitter.Build(action.channel.range, UnknownChannel,
                                              action.channel.text,
                                              suggestion ? "; did you mean `" + *suggestion + "`?" : "");
        if (suggestion) builder.Fix(action.channel.range, *suggestion);
        builder.Emit();
      } else if (channel && action.kind == ast::ActionKind::Send &&
                 (MaskOf(*channel) & kSendChannels) == 0) {
        context_.emitter.Emit(action.channel.range, InvalidAction,
                              "`" + action.channel.text + "` is called, not sent; write `call " +
                                  action.channel.text + "`");
      } else if (channel && action.kind == ast::ActionKind::Call &&
                 (MaskOf(*channel) & kCallChannels) == 0) {
        context_.emitter.Emit(action.channel.range, InvalidAction,
                              "only `voice` and `voicebot` are called; write `send " +
                                  action.channel.text + "`");
      }
    }
    // A template the parser had to invent (`send email` with no string) has
    // an empty range and is reported as a syntax error already.
    if (action.template_name.empty() && action.template_range.has_value() &&
        action.template_range.end > action.template_range.begin) {
      context_.emitter.Emit(action.template_range, InvalidAction, "the template name is empty");
    }
    std::set<std::string> seen;
    for (const ast::FieldInit& field : action.with) {
      if (!seen.insert(field.name.text).second) {
        context_.emitter.Emit(field.name.range, DuplicateField, field.name.text);
      }
      CheckExpr(context_, scope, field.value);
    }
    if (action.retry_every.has_value()) {
      CheckExprAs(context_, scope, action.retry_every, types.Primitive(TypeKind::Duration));
      const ast::Expr& every = context_.expr(action.retry_every);
      if (auto interval = ConstantDuration(context_, action.retry_every);
          interval && interval->milliseconds <= 0) {
        context_.emitter.Emit(every.range, InvalidRetry, "a retry needs a positive interval");
      }
      if (action.retry_limit < 1) {
        context_.emitter.Emit(action.retry_range, InvalidRetry,
                              "`up to` needs at least 1 attempt");
      }
    }
    if (action.guard.has_value()) {
      CheckExprAs(context_, scope, action.guard, types.Primitive(TypeKind::Bool));
    }
  }

  void CheckHandler(Scope& scope, const ast::Handler& handler, std::vector<std::string>& edges) {
    TypeStore& types = context_.types();
    if (handler.kind == ast::HandlerKind::Event) {
      CheckEventPattern(context_, scope, handler.pattern);
      if (handler.guard.has_value()) {
        CheckExprAs(context_, scope, handler.guard, types.Primitive(TypeKind::Bool));
      }
    } else {
      TypeId delay = CheckExpr(context_, scope, handler.delay);
      TypeKind kind = types.kind(delay);
      const ast::Expr& expr = context_.expr(handler.delay);
      if (kind != TypeKind::Duration && kind != TypeKind::DateTime && kind != TypeKind::Date &&
          kind != TypeKind::Error) {
        context_.emitter.Emit(expr.range, InvalidTimer,
                              "`after` needs a duration such as `3d`, or a date and time, found `" +
                                  TypeName(context_, delay) + "`");
      } else if (auto value = ConstantDuration(context_, handler.delay);
                 value && value->milliseconds < 0) {
        context_.emitter.Emit(expr.range, InvalidTimer, "a timer cannot fire before the state is entered");
      }
    }
    CheckTarget(scope, handler.target, edges);
  }

  void CheckTarget(const Scope& scope, ast::TargetId id, std::vector<std::string>& edges) {
    if (!id.has_value()) return;
    const ast::Target& target = context_.file().targets.Get(id);
    if (target.kind == ast::TargetKind::If) {
      CheckExprAs(context_, scope, target.condition, context_.types().Primitive(TypeKind::Bool));
      CheckTarget(scope, target.then_target, edges);
      CheckTarget(scope, target.else_target, edges);
      return;
    }
    const std::string& name = target.state.text;
    if (name.empty()) return;
    edges.push_back(name);
    const std::vector<TypeId>* params = nullptr;
    static const std::vector<TypeId> kNoParams;
    if (name == "done" || name == "hold") {
      params = &kNoParams;
    } else if (auto it = states_.find(name); it != states_.end()) {
      params = &it->second.param_types;
    }
    if (params == nullptr) {
      has_unknown_target_ = true;
      std::vector<std::string> candidates{"done", "hold"};
      for (const auto& [state_name, info] : states_) candidates.push_back(state_name);
      auto suggestion = Suggest(name, candidates);
      auto builder = context_.emitter.Build(target.state.range, UnknownState, name,
                                            suggestion ? "; did you mean `" + *suggestion + "`?" : "");
      if (suggestion) builder.Fix(target.state.range, *suggestion);
      builder.Emit();
      for (ast::ExprId arg : target.args) CheckExpr(context_, scope, arg);
      return;
    }
    if (target.args.size() != params->size()) {
      auto expected = static_cast<int>(params->size());
      auto given = static_cast<int>(target.args.size());
      context_.emitter.Emit(target.range, StateArgumentCount, name, expected,
                            expected == 1 ? "" : "s", given, given == 1 ? "was" : "were");
      for (ast::ExprId arg : target.args) CheckExpr(context_, scope, arg);
      return;
    }
    for (size_t i = 0; i < target.args.size(); ++i) {
      CheckExprAs(context_, scope, target.args[i], (*params)[i]);
    }
  }

  // A literal's value as text, so equal filters compare equal.
  static auto LiteralKey(const ast::Expr& literal) -> std::string {
    switch (literal.kind) {
      case ast::ExprKind::String: return "\"" + literal.string_value;
      case ast::ExprKind::Int: return std::to_string(literal.int_value);
      case ast::ExprKind::Decimal: return literal.decimal_value.ToString();
      case ast::ExprKind::Bool: return literal.bool_value ? "true" : "false";
      default: return "?" + std::to_string(literal.range.begin);
    }
  }

  auto KeyOf(const ast::Handler& handler) -> HandlerKey {
    HandlerKey key{handler.pattern.event.Joined(), {}};
    for (const ast::EventPattern::Arg& arg : handler.pattern.args) {
      if (arg.name) {
        key.filters.push_back(ChannelMaskByName(arg.name->text) ? arg.name->text : "*");
      } else {
        key.filters.push_back(LiteralKey(context_.expr(arg.literal)));
      }
    }
    return key;
  }

  // Whether an unguarded handler with key `wide` takes every event `narrow` would.
  static auto Covers(const HandlerKey& wide, const HandlerKey& narrow) -> bool {
    if (wide.event != narrow.event) return false;
    for (size_t i = 0; i < wide.filters.size(); ++i) {
      if (wide.filters[i] == "*") continue;
      if (i >= narrow.filters.size() || wide.filters[i] != narrow.filters[i]) return false;
    }
    return true;
  }

  void CheckShadowing() {
    for (const ast::StateDecl& state : flow_.states) {
      for (const ast::Handler& handler : state.handlers) {
        if (handler.kind != ast::HandlerKind::Event) continue;
        HandlerKey key = KeyOf(handler);
        for (const ast::Handler& always : flow_.always) {
          if (always.kind != ast::HandlerKind::Event || always.guard.has_value()) continue;
          if (!Covers(KeyOf(always), key)) continue;
          context_.emitter.Build(handler.pattern.range, ShadowedAlwaysHandler, key.event)
              .Note(always.pattern.range, AlwaysHandlerHere)
              .Emit();
          break;
        }
      }
    }
    CheckDuplicateHandlers(flow_.always);
  }

  void CheckDuplicateHandlers(const std::vector<ast::Handler>& handlers) {
    // Every duration timer starts when the state is entered, so the shortest
    // (the first of equals) always leaves first, wherever it is written.
    // Negative delays are reported on their own.
    const ast::Handler* shortest = nullptr;
    Duration shortest_delay;
    for (const ast::Handler& handler : handlers) {
      if (handler.kind != ast::HandlerKind::Timer) continue;
      auto delay = ConstantDuration(context_, handler.delay);
      if (!delay || delay->milliseconds < 0) continue;
      if (shortest == nullptr || *delay < shortest_delay) {
        shortest = &handler;
        shortest_delay = *delay;
      }
    }
    for (size_t i = 0; i < handlers.size(); ++i) {
      const ast::Handler& handler = handlers[i];
      if (handler.kind == ast::HandlerKind::Timer) {
        auto delay = ConstantDuration(context_, handler.delay);
        if (!delay || delay->milliseconds < 0 || &handler == shortest) continue;
        context_.emitter.Build(handler.range, DuplicateHandler,
                               "the `after " + shortest_delay.ToString() +
                                   "` timer leaves the state first")
            .Note(shortest->range, ShorterTimerHere)
            .Emit();
        continue;
      }
      HandlerKey key = KeyOf(handler);
      for (size_t k = 0; k < i; ++k) {
        const ast::Handler& earlier = handlers[k];
        if (earlier.kind != ast::HandlerKind::Event || earlier.guard.has_value()) continue;
        if (!Covers(KeyOf(earlier), key)) continue;
        context_.emitter.Build(handler.pattern.range, DuplicateHandler,
                               "an earlier handler takes every `" + key.event + "` first")
            .Note(earlier.pattern.range, EarlierHandlerHere)
            .Emit();
        break;
      }
    }
  }

  void CheckReachability() {
    std::set<std::string> reached;
    std::deque<std::string> queue(start_edges_.begin(), start_edges_.end());
    while (!queue.empty()) {
      std::string name = queue.front();
      queue.pop_front();
      if (!reached.insert(name).second) continue;
      auto it = states_.find(name);
      if (it == states_.end()) continue;  // done, hold, or unknown (reported).
      if (it->second.decl->terminal) continue;
      for (const std::string& next : state_edges_[it->second.decl]) queue.push_back(next);
      for (const std::string& next : always_edges_) queue.push_back(next);
    }
    for (const ast::StateDecl& state : flow_.states) {
      auto it = states_.find(state.name.text);
      if (it == states_.end() || it->second.decl != &state) continue;
      if (!reached.contains(state.name.text)) {
        // Without a start rule everything would be unreachable; that is
        // reported once as a missing start instead. A misspelled target
        // (reported) most likely meant one of the states it leaves unreached.
        if (!flow_.starts.empty() && !has_unknown_target_) {
          context_.emitter.Emit(state.name.range, UnreachableState, state.name.text);
        }
        continue;
      }
      if (!state.terminal && state.handlers.empty() && flow_.always.empty()) {
        context_.emitter.Emit(state.name.range, DeadEndState, state.name.text);
      }
    }
  }

  Context& context_;
  const ast::FlowDecl& flow_;
  int32_t index_;
  Scope flow_scope_;
  std::map<std::string, StateInfo> states_;
  std::vector<std::string> start_edges_;
  std::vector<std::string> always_edges_;
  std::map<const ast::StateDecl*, std::vector<std::string>> state_edges_;
  // Whether some transition names a state that does not exist.
  bool has_unknown_target_ = false;
};

}  // namespace

void HandleFlow(Context& context, int32_t index) {
  FlowChecker(context, context.file().flows[index], index).Check();
}

}  // namespace cobro::sema
