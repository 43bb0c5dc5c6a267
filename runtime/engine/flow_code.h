#pragma once

// The code of one flow, as the engine calls it: a start rule, event
// handling and timers for one case at a time. Two implementations exist and
// must agree exactly: the interpreter's (interp_flow_code.cpp) and the
// JIT's (runtime/jit). Everything about the case's time line (entering
// states, retries, timers, history) is the engine's; everything that
// evaluates Cobro expressions is here.

#include <array>
#include <cstdint>
#include <memory>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"

namespace cobro::runtime {

// States take at most this many parameters (the checker enforces it).
inline constexpr int kMaxStateParams = 8;

// A decision to change state: the target and its arguments. `state` -1
// means no transition. `source` is the handler or timer that decided it.
struct Transition {
  int32_t state = -1;
  int32_t source = -1;
  std::array<Value, kMaxStateParams> args{};
};

// The case as the flow code sees it: who, where, with what.
struct CaseView {
  const Value* profile = nullptr;
  int32_t state = -1;
  const Value* args = nullptr;  // The state's parameters.
};

class FlowCode {
 public:
  virtual ~FlowCode() = default;

  // Evaluates the start rule for a debtor; `out.state` is -1 if it does not hold.
  virtual void Start(EvalContext& context, const Value* profile, Transition& out) = 0;

  // Tries the current state's handlers (`always` first) on an event; fills
  // `out` from the first that matches and whose guard holds.
  virtual void Handle(EvalContext& context, const CaseView& view, const EventRecord& event, Transition& out) = 0;

  // The transition of timer `timer` of the current state, which has fired.
  virtual void FireTimer(EvalContext& context, const CaseView& view, int32_t timer, Transition& out) = 0;

  // When timer `timer` of the current state fires, for a case that entered
  // it at `entered_at`.
  virtual auto TimerDue(EvalContext& context, const CaseView& view, int32_t timer, int64_t entered_at)
      -> int64_t = 0;

  // Whether action `action` of the current state goes out now (its guard).
  virtual auto ActionGuard(EvalContext& context, const CaseView& view, int32_t action) -> bool = 0;

  // The values of the action's `with` record, in order, into `out`.
  virtual void ActionWith(EvalContext& context, const CaseView& view, int32_t action, Value* out) = 0;

  // The action's retry interval in ms.
  virtual auto RetryInterval(EvalContext& context, const CaseView& view, int32_t action) -> int64_t = 0;
};

// The interpreter's FlowCode for flow `flow` of `module`.
auto MakeInterpretedFlow(const flowir::Module& module, int32_t flow) -> std::unique_ptr<FlowCode>;

}  // namespace cobro::runtime
