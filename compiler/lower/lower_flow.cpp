// Flows: states with their actions, handlers (`always` first) and timers;
// transition targets; the start rule.

#include <map>

#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "compiler/lower/lower.h"

namespace cobro::lower {

namespace {

using flowir::Type;

class FlowLowering {
 public:
  FlowLowering(Context& context, const ast::FlowDecl& flow, int32_t index)
      : context_(context), flow_(flow), index_(index) {}

  auto Run() -> flowir::Flow {
    const sema::Module& module = context_.module();
    out_.name = flow_.name.text;
    out_.module = module.name;
    const sema::TypeInfo& subject = context_.program.types.Get(module.flow_subject_types[index_]);
    out_.profile = context_.profiles.at(subject.decl);
    // Number the states: declared ones, then `done` and `hold`.
    for (const ast::StateDecl& state : flow_.states) {
      if (state_index_.contains(state.name.text)) continue;
      state_index_[state.name.text] = static_cast<int32_t>(declared_.size());
      declared_.push_back(&state);
    }
    state_index_["done"] = static_cast<int32_t>(declared_.size());
    state_index_["hold"] = static_cast<int32_t>(declared_.size()) + 1;

    context_.slots = Slots();
    context_.next_slot = 0;
    context_.max_slot = 0;
    context_.slots.Bind(flow_.subject.range.begin, context_.NewSlot());
    if (!flow_.starts.empty()) {
      const ast::StartRule& start = flow_.starts.front();
      if (start.condition.has_value()) out_.start_condition = LowerExpr(context_, start.condition, Type::Bool);
      out_.start_target = LowerTarget(start.target);
    }
    const auto& param_types = module.state_param_types[index_];
    for (size_t s = 0; s < declared_.size(); ++s) {
      size_t position = static_cast<size_t>(declared_[s] - flow_.states.data());
      for (sema::TypeId type : param_types[position]) {
        param_types_[static_cast<int32_t>(s)].push_back(LowerType(context_.program, type));
      }
    }
    for (const ast::StateDecl* state : declared_) out_.states.push_back(LowerState(*state));
    for (const char* terminal : {"done", "hold"}) {
      flowir::State state;
      state.name = terminal;
      state.terminal = true;
      out_.states.push_back(std::move(state));
    }
    out_.locals = std::max(context_.max_slot, 1);
    for (const sema::GlobalDecl& policy : module.flow_policies[index_]) {
      out_.policies.push_back(context_.policies.at(policy));
    }
    return std::move(out_);
  }

 private:
  // The source line of a range, for audit records; 0 without sources.
  auto Line(SourceRange range) const -> int32_t {
    if (context_.sources == nullptr || !range.has_value()) return 0;
    return context_.sources->Get(range.file).LineColumnAt(range.begin).line;
  }

  auto LowerTarget(ast::TargetId id) -> int32_t {
    const ast::Target& target = context_.file().targets.Get(id);
    flowir::Target out;
    if (target.kind == ast::TargetKind::If) {
      out.kind = flowir::TargetKind::If;
      out.condition = LowerExpr(context_, target.condition, Type::Bool);
      out.then_target = LowerTarget(target.then_target);
      out.else_target = LowerTarget(target.else_target);
    } else {
      out.kind = flowir::TargetKind::State;
      out.state = state_index_.at(target.state.text);
      if (out.state < static_cast<int32_t>(declared_.size())) {
        const std::vector<Type>& params = param_types_[out.state];
        for (size_t i = 0; i < target.args.size(); ++i) {
          out.args.push_back(LowerExpr(context_, target.args[i], params[i]));
        }
      }
    }
    out_.targets.push_back(std::move(out));
    return static_cast<int32_t>(out_.targets.size() - 1);
  }

  void LowerHandler(flowir::State& state, const ast::Handler& handler, bool from_always) {
    int32_t mark = context_.next_slot;
    if (handler.kind == ast::HandlerKind::Timer) {
      flowir::Timer timer;
      sema::TypeKind kind = context_.program.types.kind(context_.module().expr_types[handler.delay.index]);
      timer.absolute = kind != sema::TypeKind::Duration;
      timer.delay = LowerExpr(context_, handler.delay, timer.absolute ? Type::DateTime : Type::Duration);
      timer.target = LowerTarget(handler.target);
      timer.line = Line(handler.range);
      state.timers.push_back(std::move(timer));
      return;
    }
    flowir::Handler out;
    auto event = context_.module().pattern_events.find(handler.pattern.event.range.begin);
    COBRO_CHECK(event != context_.module().pattern_events.end());
    out.event = context_.events.at(event->second);
    const flowir::Event& event_decl = context_.out.events[out.event];
    for (size_t i = 0; i < handler.pattern.args.size(); ++i) {
      const ast::EventPattern::Arg& arg = handler.pattern.args[i];
      Type key_type = event_decl.fields[i].type;
      if (arg.name) {
        if (auto mask = ChannelMaskByName(arg.name->text); mask && key_type == Type::Channel) {
          out.filters.push_back({static_cast<int32_t>(i), true, *mask, 0});
        } else {
          int32_t slot = context_.NewSlot();
          context_.slots.Bind(arg.name->range.begin, slot);
          out.key_slots.push_back({static_cast<int32_t>(i), slot});
        }
      } else {
        flowir::ExprId literal = LowerExpr(context_, arg.literal, key_type);
        out.filters.push_back({static_cast<int32_t>(i), false, 0, context_.out.expr(literal).imm});
      }
    }
    if (handler.pattern.binding) {
      out.event_slot = context_.NewSlot();
      context_.slots.Bind(handler.pattern.binding->range.begin, out.event_slot);
    }
    if (handler.guard.has_value()) out.guard = LowerExpr(context_, handler.guard, Type::Bool);
    out.target = LowerTarget(handler.target);
    out.from_always = from_always;
    out.line = Line(handler.range);
    state.handlers.push_back(std::move(out));
    // Bindings live for one handler; the next may reuse the slots.
    context_.next_slot = mark;
  }

  auto LowerState(const ast::StateDecl& decl) -> flowir::State {
    flowir::State state;
    state.name = decl.name.text;
    state.terminal = decl.terminal;
    int32_t mark = context_.next_slot;
    for (const ast::Param& param : decl.params) {
      int32_t slot = context_.NewSlot();
      COBRO_CHECK(slot == static_cast<int32_t>(state.params.size()) + 1);
      context_.slots.Bind(param.name.range.begin, slot);
      state.params.push_back(param_types_[state_index_.at(decl.name.text)][state.params.size()]);
    }
    for (const ast::Action& action : decl.actions) {
      flowir::Action out;
      switch (action.kind) {
        case ast::ActionKind::Send: out.kind = flowir::ActionKind::Send; break;
        case ast::ActionKind::Call: out.kind = flowir::ActionKind::Call; break;
        case ast::ActionKind::Assign: out.kind = flowir::ActionKind::Assign; break;
        case ast::ActionKind::Emit: out.kind = flowir::ActionKind::Emit; break;
      }
      out.channel = action.kind == ast::ActionKind::Send || action.kind == ast::ActionKind::Call
                        ? ChannelByName(action.channel.text).value_or(Channel::Email)
                        : Channel::Agent;
      out.name = Intern(context_, action.template_name);
      for (const ast::FieldInit& field : action.with) {
        sema::TypeId type = context_.module().expr_types[field.value.index];
        out.with.push_back({Intern(context_, field.name.text),
                            LowerExpr(context_, field.value, LowerType(context_.program, type))});
      }
      if (action.retry_every.has_value()) {
        out.retry_count = std::max<int64_t>(action.retry_limit, 1);
        out.retry_interval = LowerExpr(context_, action.retry_every, Type::Duration);
      }
      if (action.guard.has_value()) out.guard = LowerExpr(context_, action.guard, Type::Bool);
      out.line = Line(action.range);
      state.actions.push_back(std::move(out));
    }
    if (!decl.terminal) {
      for (const ast::Handler& handler : flow_.always) {
        if (handler.kind == ast::HandlerKind::Event) LowerHandler(state, handler, true);
      }
      for (const ast::Handler& handler : decl.handlers) LowerHandler(state, handler, false);
      for (const ast::Handler& handler : flow_.always) {
        if (handler.kind == ast::HandlerKind::Timer) LowerHandler(state, handler, true);
      }
    }
    context_.next_slot = mark;
    return state;
  }

  Context& context_;
  const ast::FlowDecl& flow_;
  int32_t index_;
  flowir::Flow out_;
  std::map<std::string, int32_t> state_index_;
  std::vector<const ast::StateDecl*> declared_;
  std::map<int32_t, std::vector<Type>> param_types_;
};

}  // namespace

void LowerFlow(Context& context, int32_t flow) {
  context.out.flows.push_back(FlowLowering(context, context.file().flows[flow], flow).Run());
}

void LowerProgram(Context& context) {
  const sema::Program& program = context.program;
  LowerDeclarations(context);
  LowerPolicies(context);
  for (size_t m = 0; m < program.modules.size(); ++m) {
    context.module_index = static_cast<int32_t>(m);
    for (size_t f = 0; f < program.modules[m].ast.flows.size(); ++f) {
      context.flows[{static_cast<int32_t>(m), static_cast<int32_t>(f)}] = static_cast<int32_t>(context.out.flows.size());
      LowerFlow(context, static_cast<int32_t>(f));
    }
  }
  LowerExperiments(context);
}

auto Lower(const sema::Program& program, const SourceManager* sources) -> flowir::Module {
  Context context(program);
  context.sources = sources;
  LowerProgram(context);
  return std::move(context.out);
}

auto LowerWithTests(const sema::Program& program, const SourceManager* sources) -> LoweredTests {
  Context context(program);
  context.sources = sources;
  LowerProgram(context);
  std::vector<flowir::Test> tests = LowerTests(context);
  return {std::move(context.out), std::move(tests)};
}

}  // namespace cobro::lower
