// The module: fns and scorecards as fastcc functions, their callable-alone
// wrappers, and every flow's entry points.

#include <llvm/IR/Verifier.h>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emitter.h"

namespace cobro::codegen {

Emitter::Emitter(const flowir::Module& module, llvm::LLVMContext& context)
    : module_(module),
      context_(context),
      out_(std::make_unique<llvm::Module>("cobro", context)),
      builder_(context),
      i64_(llvm::Type::getInt64Ty(context)),
      i32_(llvm::Type::getInt32Ty(context)),
      i1_(llvm::Type::getInt1Ty(context)),
      f64_(llvm::Type::getDoubleTy(context)),
      ptr_(llvm::PointerType::get(context, 0)),
      void_(llvm::Type::getVoidTy(context)) {}

auto Emitter::Run() -> std::unique_ptr<llvm::Module> {
  DeclareFunctions();
  DefineFunctions();
  for (size_t flow = 0; flow < module_.flows.size(); ++flow) EmitFlow(static_cast<int32_t>(flow));
  return std::move(out_);
}

void Emitter::DeclareFunctions() {
  for (size_t i = 0; i < module_.functions.size(); ++i) {
    const flowir::Function& function = module_.functions[i];
    std::vector<llvm::Type*> params{ptr_};
    params.insert(params.end(), function.params.size(), i64_);
    auto* type = llvm::FunctionType::get(i64_, params, false);
    auto* declared = llvm::Function::Create(type, llvm::Function::InternalLinkage, "fn_" + std::to_string(i), *out_);
    declared->setCallingConv(llvm::CallingConv::Fast);
    functions_.push_back(declared);
  }
}

void Emitter::DefineFunctions() {
  for (size_t i = 0; i < module_.functions.size(); ++i) {
    const flowir::Function& function = module_.functions[i];
    llvm::Function* body = functions_[i];
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", body));
    Frame frame;
    frame.context = body->getArg(0);
    frame.locals = builder_.CreateAlloca(i64_, I64(std::max(function.locals, 1)));
    for (size_t p = 0; p < function.params.size(); ++p) StoreLocal(frame, static_cast<int64_t>(p), body->getArg(p + 1));
    builder_.CreateRet(Emit(function.body, frame));

    // Callable alone: i64 cobro_fn_<N>(ctx*, const i64* args).
    llvm::Function* wrapper = EntryFunction(FunctionEntryName(static_cast<int32_t>(i)), i64_, {ptr_, ptr_});
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", wrapper));
    std::vector<llvm::Value*> args{wrapper->getArg(0)};
    for (size_t p = 0; p < function.params.size(); ++p) {
      args.push_back(builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, wrapper->getArg(1), p)));
    }
    llvm::CallInst* call = builder_.CreateCall(body, args);
    call->setCallingConv(llvm::CallingConv::Fast);
    builder_.CreateRet(call);
  }
}

auto Emitter::EntryFunction(const std::string& name, llvm::Type* result, std::vector<llvm::Type*> params)
    -> llvm::Function* {
  auto* type = llvm::FunctionType::get(result, params, false);
  return llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, *out_);
}

auto FlowEntryName(int32_t flow, const char* what) -> std::string {
  return "cobro_flow_" + std::to_string(flow) + "_" + what;
}

auto FunctionEntryName(int32_t function) -> std::string { return "cobro_fn_" + std::to_string(function); }

auto EmitLlvm(const flowir::Module& module, llvm::LLVMContext& context) -> std::unique_ptr<llvm::Module> {
  return Emitter(module, context).Run();
}

}  // namespace cobro::codegen
