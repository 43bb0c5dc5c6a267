#pragma once

// The LLVM IR emitter's state, shared by emit_*.cpp. Private to codegen.
// Every value is an i64 (floats travel as their bits and are bitcast where
// a float operation needs them), as in runtime/abi/value.h.

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <map>
#include <vector>

#include "compiler/flowir/module.h"

namespace cobro::codegen {

// Where an expression is evaluated: the context pointer and the locals.
struct Frame {
  llvm::Value* context = nullptr;
  llvm::Value* locals = nullptr;  // [n x i64] alloca.
};

class Emitter {
 public:
  Emitter(const flowir::Module& module, llvm::LLVMContext& context);

  auto Run() -> std::unique_ptr<llvm::Module>;

  // --- emit_expr.cpp ---
  auto Emit(flowir::ExprId id, const Frame& frame) -> llvm::Value*;

  // --- emit_flow.cpp ---
  void EmitFlow(int32_t flow);

 private:
  friend class ExprEmitter;
  auto I64(int64_t value) -> llvm::ConstantInt* { return builder_.getInt64(static_cast<uint64_t>(value)); }
  auto I32(int32_t value) -> llvm::ConstantInt* { return builder_.getInt32(static_cast<uint32_t>(value)); }
  auto ToDouble(llvm::Value* bits) -> llvm::Value* { return builder_.CreateBitCast(bits, f64_); }
  auto ToBits(llvm::Value* value) -> llvm::Value* { return builder_.CreateBitCast(value, i64_); }
  auto Bool(llvm::Value* flag) -> llvm::Value* { return builder_.CreateZExt(flag, i64_); }
  auto LoadLocal(const Frame& frame, int64_t slot) -> llvm::Value*;
  void StoreLocal(const Frame& frame, int64_t slot, llvm::Value* value);
  auto Runtime(const char* name, llvm::Type* result, std::vector<llvm::Type*> params) -> llvm::FunctionCallee;
  auto Arithmetic(const flowir::Expr& expr, llvm::Value* a, llvm::Value* b, const Frame& frame) -> llvm::Value*;
  auto Compare(const flowir::Expr& expr, llvm::Value* a, llvm::Value* b, const Frame& frame) -> llvm::Value*;
  auto Convert(const flowir::Expr& expr, llvm::Value* value, const Frame& frame) -> llvm::Value*;
  auto Builtin(const flowir::Expr& expr, std::vector<llvm::Value*> args, const Frame& frame) -> llvm::Value*;
  auto Branch(llvm::Value* condition, flowir::ExprId then_id, flowir::ExprId else_id, const Frame& frame)
      -> llvm::Value*;
  auto StackArray(const std::vector<llvm::Value*>& values) -> llvm::Value*;
  void DeclareFunctions();
  void DefineFunctions();

  // --- emit_flow.cpp helpers ---
  auto EntryFrame(llvm::Function* function, llvm::Value* context, llvm::Value* profile, llvm::Value* args,
                  int32_t locals, int32_t params_of_state, llvm::Value* state) -> Frame;
  void EmitTarget(int32_t flow, int32_t target, const Frame& frame, llvm::Value* out, int32_t source);
  auto EntryFunction(const std::string& name, llvm::Type* result, std::vector<llvm::Type*> params) -> llvm::Function*;

  const flowir::Module& module_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> out_;
  llvm::IRBuilder<> builder_;
  llvm::Type* i64_;
  llvm::Type* i32_;
  llvm::Type* i1_;
  llvm::Type* f64_;
  llvm::Type* ptr_;
  llvm::Type* void_;
  // fastcc internal functions, one per flowir function: (ctx, i64 params...) -> i64.
  std::vector<llvm::Function*> functions_;
  std::map<std::string, llvm::FunctionCallee> runtime_;
};

}  // namespace cobro::codegen
