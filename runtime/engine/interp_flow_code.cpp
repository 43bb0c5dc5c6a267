// FlowCode over the reference interpreter: the specification the JIT's
// generated entry points are tested against.

#include <vector>

#include "runtime/engine/flow_code.h"
#include "runtime/interp/eval.h"

namespace cobro::runtime {

namespace {

class InterpretedFlow : public FlowCode {
 public:
  InterpretedFlow(const flowir::Module& module, int32_t flow)
      : module_(module), flow_(module.flows[flow]), locals_(static_cast<size_t>(flow_.locals), 0) {}

  void Start(EvalContext& context, const Value* profile, Transition& out) override {
    out.state = -1;
    Value* locals = Locals(profile, nullptr, 0);
    if (flow_.start_condition.has_value() && Eval(flow_.start_condition, locals, context) == 0) return;
    Resolve(flow_.start_target, locals, context, out);
    out.source = -1;
  }

  void Handle(EvalContext& context, const CaseView& view, const EventRecord& event, Transition& out) override {
    out.state = -1;
    const flowir::State& state = flow_.states[view.state];
    Value* locals = Locals(view.profile, view.args, state.params.size());
    for (size_t h = 0; h < state.handlers.size(); ++h) {
      const flowir::Handler& handler = state.handlers[h];
      if (handler.event != event.type || !Matches(handler, event)) continue;
      if (handler.event_slot >= 0) locals[handler.event_slot] = HandleOf(&event);
      for (const auto& [key, slot] : handler.key_slots) locals[slot] = event.fields[key];
      if (handler.guard.has_value() && Eval(handler.guard, locals, context) == 0) continue;
      Resolve(handler.target, locals, context, out);
      out.source = static_cast<int32_t>(h);
      return;
    }
  }

  void FireTimer(EvalContext& context, const CaseView& view, int32_t timer, Transition& out) override {
    const flowir::State& state = flow_.states[view.state];
    Value* locals = Locals(view.profile, view.args, state.params.size());
    Resolve(state.timers[timer].target, locals, context, out);
    out.source = timer;
  }

  auto TimerDue(EvalContext& context, const CaseView& view, int32_t timer, int64_t entered_at) -> int64_t override {
    const flowir::State& state = flow_.states[view.state];
    Value* locals = Locals(view.profile, view.args, state.params.size());
    Value delay = Eval(state.timers[timer].delay, locals, context);
    return state.timers[timer].absolute ? delay : entered_at + delay;
  }

  auto ActionGuard(EvalContext& context, const CaseView& view, int32_t action) -> bool override {
    const flowir::State& state = flow_.states[view.state];
    const flowir::Action& entry = state.actions[action];
    if (!entry.guard.has_value()) return true;
    return Eval(entry.guard, Locals(view.profile, view.args, state.params.size()), context) != 0;
  }

  void ActionWith(EvalContext& context, const CaseView& view, int32_t action, Value* out) override {
    const flowir::State& state = flow_.states[view.state];
    Value* locals = Locals(view.profile, view.args, state.params.size());
    const flowir::Action& entry = state.actions[action];
    for (size_t i = 0; i < entry.with.size(); ++i) out[i] = Eval(entry.with[i].value, locals, context);
  }

  auto RetryInterval(EvalContext& context, const CaseView& view, int32_t action) -> int64_t override {
    const flowir::State& state = flow_.states[view.state];
    const flowir::Action& entry = state.actions[action];
    if (!entry.retry_interval.has_value()) return 0;
    return Eval(entry.retry_interval, Locals(view.profile, view.args, state.params.size()), context);
  }

 private:
  auto Eval(flowir::ExprId expr, Value* locals, EvalContext& context) -> Value {
    return interp::Evaluate(module_, expr, locals, context);
  }

  auto Locals(const Value* profile, const Value* args, size_t count) -> Value* {
    std::fill(locals_.begin(), locals_.end(), 0);
    locals_[0] = HandleOf(profile);
    for (size_t i = 0; i < count; ++i) locals_[i + 1] = args[i];
    return locals_.data();
  }

  static auto Matches(const flowir::Handler& handler, const EventRecord& event) -> bool {
    for (const flowir::KeyFilter& filter : handler.filters) {
      if (filter.key >= event.field_count) return false;
      Value key = event.fields[filter.key];
      if (filter.channel_mask ? ((filter.mask >> key) & 1) == 0 : key != filter.bits) return false;
    }
    return true;
  }

  void Resolve(int32_t target_index, Value* locals, EvalContext& context, Transition& out) {
    const flowir::Target* target = &flow_.targets[target_index];
    while (target->kind == flowir::TargetKind::If) {
      target = &flow_.targets[Eval(target->condition, locals, context) != 0 ? target->then_target
                                                                               : target->else_target];
    }
    out.state = target->state;
    for (size_t i = 0; i < target->args.size(); ++i) out.args[i] = Eval(target->args[i], locals, context);
  }

  const flowir::Module& module_;
  const flowir::Flow& flow_;
  std::vector<Value> locals_;
};

}  // namespace

auto MakeInterpretedFlow(const flowir::Module& module, int32_t flow) -> std::unique_ptr<FlowCode> {
  return std::make_unique<InterpretedFlow>(module, flow);
}

}  // namespace cobro::runtime
