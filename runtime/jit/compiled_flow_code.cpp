// FlowCode over JIT-compiled entry points: the same contract as the
// interpreter's, tested against it.

#include "runtime/jit/jit.h"

namespace cobro::jit {

namespace {

using runtime::CaseView;
using runtime::EvalContext;
using runtime::EventRecord;
using runtime::Transition;
using runtime::Value;

class CompiledFlow : public runtime::FlowCode {
 public:
  explicit CompiledFlow(const FlowEntryPoints& entry) : entry_(entry) {}

  void Start(EvalContext& context, const Value* profile, Transition& out) override {
    entry_.start(&context, profile, &out);
  }
  void Handle(EvalContext& context, const CaseView& view, const EventRecord& event, Transition& out) override {
    entry_.handle(&context, view.profile, view.state, view.args, &event, &out);
  }
  void FireTimer(EvalContext& context, const CaseView& view, int32_t timer, Transition& out) override {
    entry_.timer(&context, view.profile, view.state, view.args, timer, &out);
  }
  auto TimerDue(EvalContext& context, const CaseView& view, int32_t timer, int64_t entered_at) -> int64_t override {
    return entry_.timer_due(&context, view.profile, view.state, view.args, timer, entered_at);
  }
  auto ActionGuard(EvalContext& context, const CaseView& view, int32_t action) -> bool override {
    return entry_.guard(&context, view.profile, view.state, view.args, action) != 0;
  }
  void ActionWith(EvalContext& context, const CaseView& view, int32_t action, Value* out) override {
    entry_.with(&context, view.profile, view.state, view.args, action, out);
  }
  auto RetryInterval(EvalContext& context, const CaseView& view, int32_t action) -> int64_t override {
    return entry_.retry(&context, view.profile, view.state, view.args, action);
  }

 private:
  FlowEntryPoints entry_;
};

}  // namespace

auto MakeCompiledFlows(const CompiledModule& compiled) -> std::vector<std::unique_ptr<runtime::FlowCode>> {
  std::vector<std::unique_ptr<runtime::FlowCode>> flows;
  for (const FlowEntryPoints& entry : compiled.flows) flows.push_back(std::make_unique<CompiledFlow>(entry));
  return flows;
}

}  // namespace cobro::jit
