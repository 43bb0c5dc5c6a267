#include "runtime/engine/history_demand.h"

#include "compiler/flowir/builtin_id.h"
#include "runtime/abi/context.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::runtime {

auto BuiltinHistoryDemand(const flowir::Module& module) -> HistoryDemand {
  using flowir::BuiltinId;
  HistoryDemand demand;
  KnownEvents known = KnownEvents::Find(module);
  auto event_of_first_arg = [&](const flowir::Expr& expr, bool is_field) {
    const flowir::Expr& arg = module.exprs[static_cast<size_t>(module.args[static_cast<size_t>(expr.arg_begin)].index)];
    if (arg.op != flowir::Op::Const) {
      demand.types = ~uint64_t{0};
      return;
    }
    demand.Add(static_cast<int32_t>(is_field ? arg.imm / builtins::kFieldSlots : arg.imm));
  };
  for (const flowir::Expr& expr : module.exprs) {
    if (expr.op != flowir::Op::Builtin) continue;
    switch (static_cast<BuiltinId>(expr.imm)) {
      case BuiltinId::Count:
      case BuiltinId::DaysSince: event_of_first_arg(expr, false); break;
      case BuiltinId::Sum:
      case BuiltinId::Avg:
      case BuiltinId::Ewma:
      case BuiltinId::Trend: event_of_first_arg(expr, true); break;
      case BuiltinId::PaidSince: demand.Add(known.payment); break;
      case BuiltinId::OptedOut:
        demand.Add(known.opt_out);
        demand.Add(known.consent);
        break;
      default: break;
    }
  }
  return demand;
}

auto HeldByStates(const flowir::Module& module) -> HistoryDemand {
  HistoryDemand held;
  bool takes_event = false;
  for (const flowir::Flow& flow : module.flows) {
    for (const flowir::State& state : flow.states) {
      for (flowir::Type param : state.params) takes_event = takes_event || param == flowir::Type::Event;
    }
  }
  if (!takes_event) return held;
  for (const flowir::Flow& flow : module.flows) {
    for (const flowir::State& state : flow.states) {
      for (const flowir::Handler& handler : state.handlers) {
        if (handler.event_slot >= 0) held.Add(handler.event);
      }
    }
  }
  return held;
}

}  // namespace cobro::runtime
