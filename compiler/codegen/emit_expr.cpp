// Expressions, mirroring runtime/interp/eval.cpp case for case: the JIT and
// the interpreter must agree to the bit, so rounding goes through the same
// C functions (runtime/abi/arithmetic.h).

#include "compiler/codegen/emitter.h"
#include "compiler/flowir/builtin_id.h"

namespace cobro::codegen {

using flowir::Op;
using flowir::Type;

namespace {

constexpr int64_t kDay = 86'400'000;

}  // namespace

auto Emitter::LoadLocal(const Frame& frame, int64_t slot) -> llvm::Value* {
  llvm::Value* address = builder_.CreateConstInBoundsGEP1_64(i64_, frame.locals, static_cast<uint64_t>(slot));
  return builder_.CreateLoad(i64_, address);
}

void Emitter::StoreLocal(const Frame& frame, int64_t slot, llvm::Value* value) {
  llvm::Value* address = builder_.CreateConstInBoundsGEP1_64(i64_, frame.locals, static_cast<uint64_t>(slot));
  builder_.CreateStore(value, address);
}

auto Emitter::Runtime(const char* name, llvm::Type* result, std::vector<llvm::Type*> params) -> llvm::FunctionCallee {
  auto it = runtime_.find(name);
  if (it != runtime_.end()) return it->second;
  llvm::FunctionCallee callee = out_->getOrInsertFunction(name, llvm::FunctionType::get(result, params, false));
  runtime_.emplace(name, callee);
  return callee;
}

auto Emitter::StackArray(const std::vector<llvm::Value*>& values) -> llvm::Value* {
  // Allocas go in the entry block so the optimiser can promote them.
  llvm::IRBuilder<> entry(&builder_.GetInsertBlock()->getParent()->getEntryBlock(),
                          builder_.GetInsertBlock()->getParent()->getEntryBlock().begin());
  llvm::Value* array = entry.CreateAlloca(i64_, I64(std::max<int64_t>(static_cast<int64_t>(values.size()), 1)));
  for (size_t i = 0; i < values.size(); ++i) {
    builder_.CreateStore(values[i], builder_.CreateConstInBoundsGEP1_64(i64_, array, i));
  }
  return array;
}

auto Emitter::Branch(llvm::Value* condition, flowir::ExprId then_id, flowir::ExprId else_id, const Frame& frame)
    -> llvm::Value* {
  llvm::Function* function = builder_.GetInsertBlock()->getParent();
  llvm::BasicBlock* then_block = llvm::BasicBlock::Create(context_, "then", function);
  llvm::BasicBlock* else_block = llvm::BasicBlock::Create(context_, "else", function);
  llvm::BasicBlock* join = llvm::BasicBlock::Create(context_, "join", function);
  builder_.CreateCondBr(condition, then_block, else_block);
  builder_.SetInsertPoint(then_block);
  llvm::Value* then_value = Emit(then_id, frame);
  llvm::BasicBlock* then_end = builder_.GetInsertBlock();
  builder_.CreateBr(join);
  builder_.SetInsertPoint(else_block);
  llvm::Value* else_value = Emit(else_id, frame);
  llvm::BasicBlock* else_end = builder_.GetInsertBlock();
  builder_.CreateBr(join);
  builder_.SetInsertPoint(join);
  llvm::PHINode* phi = builder_.CreatePHI(i64_, 2);
  phi->addIncoming(then_value, then_end);
  phi->addIncoming(else_value, else_end);
  return phi;
}

auto Emitter::Arithmetic(const flowir::Expr& expr, llvm::Value* a, llvm::Value* b, const Frame& frame)
    -> llvm::Value* {
  Type b_type = module_.expr(expr.b).type;
  switch (expr.operand) {
    case Type::Float: {
      llvm::Value* x = ToDouble(a);
      llvm::Value* y = ToDouble(b);
      switch (expr.op) {
        case Op::Add: return ToBits(builder_.CreateFAdd(x, y));
        case Op::Sub: return ToBits(builder_.CreateFSub(x, y));
        case Op::Mul: return ToBits(builder_.CreateFMul(x, y));
        default: return ToBits(builder_.CreateFDiv(x, y));
      }
    }
    case Type::Money:
    case Type::Duration: {
      bool money = expr.operand == Type::Money;
      switch (expr.op) {
        case Op::Add: return builder_.CreateAdd(a, b);
        case Op::Sub: return builder_.CreateSub(a, b);
        case Op::Mul:
          if (b_type == Type::Float) {
            return money ? builder_.CreateCall(Runtime("cobro_money_mul_float", i64_, {ptr_, i64_, f64_}),
                                               {frame.context, a, ToDouble(b)})
                         : builder_.CreateCall(Runtime("cobro_duration_mul_float", i64_, {i64_, f64_}),
                                               {a, ToDouble(b)});
          }
          return builder_.CreateMul(a, b);
        default:
          if (b_type == expr.operand) {
            // money / money and duration / duration: a float; / 0 is 0.
            llvm::Value* zero = builder_.CreateICmpEQ(b, I64(0));
            llvm::Value* ratio = builder_.CreateFDiv(builder_.CreateSIToFP(a, f64_), builder_.CreateSIToFP(b, f64_));
            return ToBits(builder_.CreateSelect(zero, llvm::ConstantFP::get(f64_, 0.0), ratio));
          }
          if (b_type == Type::Float) {
            return money ? builder_.CreateCall(Runtime("cobro_money_div_float", i64_, {ptr_, i64_, f64_}),
                                               {frame.context, a, ToDouble(b)})
                         : builder_.CreateCall(Runtime("cobro_duration_div_float", i64_, {i64_, f64_}),
                                               {a, ToDouble(b)});
          }
          return money ? builder_.CreateCall(Runtime("cobro_money_div_int", i64_, {ptr_, i64_, i64_}),
                                             {frame.context, a, b})
                       : builder_.CreateCall(Runtime("cobro_duration_div_int", i64_, {i64_, i64_}), {a, b});
      }
    }
    case Type::DateTime: return expr.op == Op::Add ? builder_.CreateAdd(a, b) : builder_.CreateSub(a, b);
    case Type::Date: return builder_.CreateMul(builder_.CreateSub(a, b), I64(kDay));
    default:
      switch (expr.op) {
        case Op::Add: return builder_.CreateAdd(a, b);
        case Op::Sub: return builder_.CreateSub(a, b);
        case Op::Mul: return builder_.CreateMul(a, b);
        default:
          return ToBits(builder_.CreateFDiv(builder_.CreateSIToFP(a, f64_), builder_.CreateSIToFP(b, f64_)));
      }
  }
}

auto Emitter::Compare(const flowir::Expr& expr, llvm::Value* a, llvm::Value* b, const Frame& frame)
    -> llvm::Value* {
  using P = llvm::CmpInst::Predicate;
  if (expr.operand == Type::Float) {
    // Ordered comparisons: false with a NaN, except `!=` (unordered or not equal).
    P predicate = P::FCMP_OEQ;
    switch (expr.compare) {
      case flowir::Compare::Lt: predicate = P::FCMP_OLT; break;
      case flowir::Compare::Le: predicate = P::FCMP_OLE; break;
      case flowir::Compare::Gt: predicate = P::FCMP_OGT; break;
      case flowir::Compare::Ge: predicate = P::FCMP_OGE; break;
      case flowir::Compare::Eq: predicate = P::FCMP_OEQ; break;
      case flowir::Compare::Ne: predicate = P::FCMP_UNE; break;
    }
    return Bool(builder_.CreateFCmp(predicate, ToDouble(a), ToDouble(b)));
  }
  if (expr.operand == Type::String && expr.compare != flowir::Compare::Eq && expr.compare != flowir::Compare::Ne) {
    llvm::Value* order = builder_.CreateCall(Runtime("cobro_string_compare", i32_, {ptr_, i64_, i64_}),
                                             {frame.context, a, b});
    a = builder_.CreateSExt(order, i64_);
    b = I64(0);
  }
  P predicate = P::ICMP_EQ;
  switch (expr.compare) {
    case flowir::Compare::Lt: predicate = P::ICMP_SLT; break;
    case flowir::Compare::Le: predicate = P::ICMP_SLE; break;
    case flowir::Compare::Gt: predicate = P::ICMP_SGT; break;
    case flowir::Compare::Ge: predicate = P::ICMP_SGE; break;
    case flowir::Compare::Eq: predicate = P::ICMP_EQ; break;
    case flowir::Compare::Ne: predicate = P::ICMP_NE; break;
  }
  return Bool(builder_.CreateICmp(predicate, a, b));
}

auto Emitter::Convert(const flowir::Expr& expr, llvm::Value* value, const Frame& frame) -> llvm::Value* {
  switch (expr.conversion) {
    case flowir::Conversion::IntToFloat: return ToBits(builder_.CreateSIToFP(value, f64_));
    case flowir::Conversion::MoneyToFloat:
      return ToBits(builder_.CreateFDiv(builder_.CreateSIToFP(value, f64_),
                                        llvm::ConstantFP::get(f64_, static_cast<double>(flowir::kMoneyScale))));
    case flowir::Conversion::FloatToInt:
      return builder_.CreateCall(Runtime("cobro_float_to_int", i64_, {f64_}), {ToDouble(value)});
    case flowir::Conversion::DateToDateTime:
      return builder_.CreateCall(Runtime("cobro_local_midnight", i64_, {ptr_, i64_}), {frame.context, value});
    case flowir::Conversion::LocalToDateTime:
      return builder_.CreateCall(Runtime("cobro_local_to_utc", i64_, {ptr_, i64_}), {frame.context, value});
  }
  return value;
}

auto Emitter::Builtin(const flowir::Expr& expr, std::vector<llvm::Value*> args, const Frame& frame) -> llvm::Value* {
  using flowir::BuiltinId;
  auto id = static_cast<BuiltinId>(expr.imm);
  bool is_float = expr.operand == Type::Float;
  auto exp = [&](llvm::Value* x) {
    return builder_.CreateCall(Runtime("exp", f64_, {f64_}), {x});
  };
  // Pure math is inlined; its libm calls are the same functions the
  // interpreter's builtins call.
  switch (id) {
    case BuiltinId::Logistic: {
      llvm::Value* x = ToDouble(args[0]);
      llvm::Value* e = exp(builder_.CreateFNeg(x));
      return ToBits(builder_.CreateFDiv(llvm::ConstantFP::get(f64_, 1.0),
                                        builder_.CreateFAdd(llvm::ConstantFP::get(f64_, 1.0), e)));
    }
    case BuiltinId::Exp: return ToBits(exp(ToDouble(args[0])));
    case BuiltinId::Log: return ToBits(builder_.CreateCall(Runtime("log", f64_, {f64_}), {ToDouble(args[0])}));
    case BuiltinId::Round:
      return builder_.CreateCall(Runtime("cobro_float_to_int", i64_, {f64_}), {ToDouble(args[0])});
    case BuiltinId::ToFloat:
      if (is_float) return args[0];
      if (expr.operand == Type::Money) {
        return ToBits(builder_.CreateFDiv(builder_.CreateSIToFP(args[0], f64_),
                                          llvm::ConstantFP::get(f64_, static_cast<double>(flowir::kMoneyScale))));
      }
      return ToBits(builder_.CreateSIToFP(args[0], f64_));
    case BuiltinId::Abs:
      if (is_float) {
        llvm::Function* fabs = llvm::Intrinsic::getDeclaration(out_.get(), llvm::Intrinsic::fabs, {f64_});
        return ToBits(builder_.CreateCall(fabs, {ToDouble(args[0])}));
      }
      return builder_.CreateSelect(builder_.CreateICmpSLT(args[0], I64(0)), builder_.CreateNeg(args[0]), args[0]);
    case BuiltinId::Min:
    case BuiltinId::Max: {
      // min(a, b) is b when b < a; max(a, b) is b when b > a.
      llvm::Value* pick = is_float ? (id == BuiltinId::Min ? builder_.CreateFCmpOLT(ToDouble(args[1]), ToDouble(args[0]))
                                                           : builder_.CreateFCmpOGT(ToDouble(args[1]), ToDouble(args[0])))
                                   : (id == BuiltinId::Min ? builder_.CreateICmpSLT(args[1], args[0])
                                                           : builder_.CreateICmpSGT(args[1], args[0]));
      return builder_.CreateSelect(pick, args[1], args[0]);
    }
    case BuiltinId::Clamp: {
      llvm::Value* below = is_float ? builder_.CreateFCmpOLT(ToDouble(args[0]), ToDouble(args[1]))
                                    : builder_.CreateICmpSLT(args[0], args[1]);
      llvm::Value* above = is_float ? builder_.CreateFCmpOGT(ToDouble(args[0]), ToDouble(args[2]))
                                    : builder_.CreateICmpSGT(args[0], args[2]);
      return builder_.CreateSelect(below, args[1], builder_.CreateSelect(above, args[2], args[0]));
    }
    case BuiltinId::Days:
      return ToBits(builder_.CreateFDiv(builder_.CreateSIToFP(args[0], f64_), llvm::ConstantFP::get(f64_, 86'400'000.0)));
    default:
      return builder_.CreateCall(Runtime("cobro_builtin", i64_, {ptr_, i32_, i32_, ptr_}),
                                 {frame.context, I32(static_cast<int32_t>(expr.imm)),
                                  I32(static_cast<int32_t>(expr.operand)), StackArray(args)});
  }
}

auto Emitter::Emit(flowir::ExprId id, const Frame& frame) -> llvm::Value* {
  const flowir::Expr& expr = module_.expr(id);
  auto args = [&] {
    std::vector<llvm::Value*> values;
    for (int32_t i = 0; i < expr.arg_count; ++i) values.push_back(Emit(module_.args[expr.arg_begin + i], frame));
    return values;
  };
  switch (expr.op) {
    case Op::Const: return I64(expr.imm);
    case Op::Local: return LoadLocal(frame, expr.imm);
    case Op::Field: {
      llvm::Value* record = builder_.CreateIntToPtr(Emit(expr.a, frame), ptr_);
      if (module_.expr(expr.a).type == Type::Profile) {
        return builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, record, static_cast<uint64_t>(expr.imm)));
      }
      // An event record: {i64 at, i32 type, i32 field_count, ptr fields}.
      llvm::Value* count = builder_.CreateLoad(i32_, builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), record, 12));
      llvm::Value* fields = builder_.CreateLoad(ptr_, builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), record, 16));
      llvm::Value* present = builder_.CreateICmpSLT(I32(static_cast<int32_t>(expr.imm)), count);
      llvm::Function* function = builder_.GetInsertBlock()->getParent();
      llvm::BasicBlock* load_block = llvm::BasicBlock::Create(context_, "field", function);
      llvm::BasicBlock* join = llvm::BasicBlock::Create(context_, "field_join", function);
      llvm::BasicBlock* from = builder_.GetInsertBlock();
      builder_.CreateCondBr(present, load_block, join);
      builder_.SetInsertPoint(load_block);
      llvm::Value* value =
          builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, fields, static_cast<uint64_t>(expr.imm)));
      builder_.CreateBr(join);
      builder_.SetInsertPoint(join);
      llvm::PHINode* phi = builder_.CreatePHI(i64_, 2);
      phi->addIncoming(I64(0), from);
      phi->addIncoming(value, load_block);
      return phi;
    }
    case Op::EventTime:
      return builder_.CreateLoad(i64_, builder_.CreateIntToPtr(Emit(expr.a, frame), ptr_));
    case Op::Negate: {
      llvm::Value* value = Emit(expr.a, frame);
      if (expr.type == Type::Float) return ToBits(builder_.CreateFNeg(ToDouble(value)));
      return builder_.CreateSub(I64(0), value);
    }
    case Op::Not: return Bool(builder_.CreateICmpEQ(Emit(expr.a, frame), I64(0)));
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div: {
      llvm::Value* a = Emit(expr.a, frame);
      llvm::Value* b = Emit(expr.b, frame);
      return Arithmetic(expr, a, b, frame);
    }
    case Op::Compare: {
      llvm::Value* a = Emit(expr.a, frame);
      llvm::Value* b = Emit(expr.b, frame);
      return Compare(expr, a, b, frame);
    }
    case Op::And:
    case Op::Or: {
      // Short circuit: `a and b` is `if a then b != 0 else 0`.
      llvm::Value* first = builder_.CreateICmpNE(Emit(expr.a, frame), I64(0));
      llvm::Function* function = builder_.GetInsertBlock()->getParent();
      llvm::BasicBlock* rest = llvm::BasicBlock::Create(context_, "rest", function);
      llvm::BasicBlock* join = llvm::BasicBlock::Create(context_, "logic", function);
      llvm::BasicBlock* from = builder_.GetInsertBlock();
      bool is_and = expr.op == Op::And;
      builder_.CreateCondBr(first, is_and ? rest : join, is_and ? join : rest);
      builder_.SetInsertPoint(rest);
      llvm::Value* second = Bool(builder_.CreateICmpNE(Emit(expr.b, frame), I64(0)));
      llvm::BasicBlock* rest_end = builder_.GetInsertBlock();
      builder_.CreateBr(join);
      builder_.SetInsertPoint(join);
      llvm::PHINode* phi = builder_.CreatePHI(i64_, 2);
      phi->addIncoming(I64(is_and ? 0 : 1), from);
      phi->addIncoming(second, rest_end);
      return phi;
    }
    case Op::If: return Branch(builder_.CreateICmpNE(Emit(expr.a, frame), I64(0)), expr.b, expr.c, frame);
    case Op::InSet: {
      llvm::Value* element = Emit(expr.a, frame);
      llvm::Value* set = Emit(expr.b, frame);
      if (expr.operand == Type::Channel) return builder_.CreateAnd(builder_.CreateLShr(set, element), I64(1));
      return builder_.CreateZExt(builder_.CreateCall(Runtime("cobro_set_contains", i32_, {i64_, i64_}), {set, element}), i64_);
    }
    case Op::SetLiteral: {
      std::vector<llvm::Value*> values = args();
      if (expr.type == Type::ChannelSet) {
        llvm::Value* mask = I64(0);
        for (llvm::Value* channel : values) mask = builder_.CreateOr(mask, builder_.CreateShl(I64(1), channel));
        return mask;
      }
      return builder_.CreateCall(Runtime("cobro_set_make", i64_, {ptr_, ptr_, i32_}),
                                 {frame.context, StackArray(values), I32(static_cast<int32_t>(values.size()))});
    }
    case Op::Convert: return Convert(expr, Emit(expr.a, frame), frame);
    case Op::Call: {
      std::vector<llvm::Value*> values{frame.context};
      for (llvm::Value* value : args()) values.push_back(value);
      llvm::CallInst* call = builder_.CreateCall(functions_[expr.imm], values);
      call->setCallingConv(llvm::CallingConv::Fast);
      return call;
    }
    case Op::Builtin: return Builtin(expr, args(), frame);
    case Op::Let:
      StoreLocal(frame, expr.imm, Emit(expr.a, frame));
      return Emit(expr.b, frame);
  }
  return I64(0);
}

}  // namespace cobro::codegen
