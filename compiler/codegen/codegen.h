#pragma once

// Flow IR to LLVM IR. The generated module's entry points have C signatures
// that runtime/jit calls (see runtime/engine/flow_code.h for what each does):
//
//   void    cobro_flow_<F>_start(ctx*, const i64* profile, Transition* out)
//   void    cobro_flow_<F>_handle(ctx*, const i64* profile, i32 state, const i64* args,
//                                 const EventRecord* event, Transition* out)
//   void    cobro_flow_<F>_timer(ctx*, const i64* profile, i32 state, const i64* args, i32 timer,
//                                Transition* out)
//   i64     cobro_flow_<F>_timer_due(ctx*, const i64* profile, i32 state, const i64* args,
//                                    i32 timer, i64 entered_at)
//   i32     cobro_flow_<F>_guard(ctx*, const i64* profile, i32 state, const i64* args, i32 action)
//   void    cobro_flow_<F>_with(ctx*, const i64* profile, i32 state, const i64* args, i32 action,
//                               i64* out)
//   i64     cobro_flow_<F>_retry(ctx*, const i64* profile, i32 state, const i64* args, i32 action)
//   i64     cobro_fn_<N>(ctx*, const i64* args)       every fn and scorecard, callable alone
//
// Builtins and exact arithmetic are calls to the C functions of
// runtime/abi/arithmetic.h; the pure math builtins are inlined.

#include <memory>
#include <string>

#include "compiler/flowir/module.h"

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
}  // namespace llvm

namespace cobro::codegen {

// The name of flow `flow`'s entry point `what` ("start", "handle", ...).
auto FlowEntryName(int32_t flow, const char* what) -> std::string;

// The name of the callable-alone entry point of function `function`.
auto FunctionEntryName(int32_t function) -> std::string;

// Generates LLVM IR for a whole module, unoptimised.
auto EmitLlvm(const flowir::Module& module, llvm::LLVMContext& context) -> std::unique_ptr<llvm::Module>;

// A target machine for the host, or null with `error` set.
auto HostTargetMachine(std::string& error) -> std::unique_ptr<llvm::TargetMachine>;

// Optimises with the new pass manager at O`level` (0-3).
void Optimize(llvm::Module& module, llvm::TargetMachine& machine, int level);

enum class Artifact { Assembly, Object };

// Machine code for `module`, as assembly text or an object file; empty
// with `error` set on failure.
auto EmitMachineCode(llvm::Module& module, llvm::TargetMachine& machine, Artifact artifact, std::string& error)
    -> std::string;

// The module as LLVM IR text.
auto PrintLlvm(const llvm::Module& module) -> std::string;

}  // namespace cobro::codegen
