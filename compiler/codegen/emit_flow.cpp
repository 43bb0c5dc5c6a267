// A flow's entry points: each switches on the case's state (and handler,
// timer or action), rebuilds the locals (subject, state parameters,
// bindings) and evaluates what the engine asked for, exactly as
// runtime/engine/interp_flow_code.cpp does.

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emitter.h"

namespace cobro::codegen {

namespace {

// Byte offsets in runtime::Transition: {i32 state, i32 source, i64 args[]}.
constexpr uint64_t kTransitionState = 0;
constexpr uint64_t kTransitionSource = 4;
constexpr uint64_t kTransitionArgs = 8;
// Byte offsets in runtime::EventRecord: {i64 at, i32 type, i32 count, ptr fields}.
constexpr uint64_t kEventType = 8;
constexpr uint64_t kEventCount = 12;
constexpr uint64_t kEventFields = 16;

}  // namespace

auto Emitter::EntryFrame(llvm::Function* function, llvm::Value* context, llvm::Value* profile, llvm::Value* args,
                         int32_t locals, int32_t params_of_state, llvm::Value* /*state*/) -> Frame {
  Frame frame;
  frame.context = context;
  llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
  frame.locals = entry.CreateAlloca(i64_, I64(std::max(locals, 1)));
  StoreLocal(frame, 0, builder_.CreatePtrToInt(profile, i64_));
  for (int32_t i = 0; i < params_of_state; ++i) {
    StoreLocal(frame, i + 1, builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, args, static_cast<uint64_t>(i))));
  }
  return frame;
}

void Emitter::EmitTarget(int32_t flow, int32_t target_index, const Frame& frame, llvm::Value* out, int32_t source) {
  const flowir::Target& target = module_.flows[flow].targets[target_index];
  if (target.kind == flowir::TargetKind::If) {
    llvm::Function* function = builder_.GetInsertBlock()->getParent();
    llvm::BasicBlock* then_block = llvm::BasicBlock::Create(context_, "target_then", function);
    llvm::BasicBlock* else_block = llvm::BasicBlock::Create(context_, "target_else", function);
    builder_.CreateCondBr(builder_.CreateICmpNE(Emit(target.condition, frame), I64(0)), then_block, else_block);
    builder_.SetInsertPoint(then_block);
    EmitTarget(flow, target.then_target, frame, out, source);
    builder_.SetInsertPoint(else_block);
    EmitTarget(flow, target.else_target, frame, out, source);
    return;
  }
  // Arguments first: they may read locals the stores below would not touch,
  // but evaluating all of them before writing keeps the order of the
  // interpreter.
  std::vector<llvm::Value*> values;
  for (flowir::ExprId arg : target.args) values.push_back(Emit(arg, frame));
  builder_.CreateStore(I32(target.state), builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), out, kTransitionState));
  builder_.CreateStore(I32(source), builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), out, kTransitionSource));
  for (size_t i = 0; i < values.size(); ++i) {
    builder_.CreateStore(values[i], builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), out, kTransitionArgs + 8 * i));
  }
  builder_.CreateRetVoid();
}

void Emitter::EmitFlow(int32_t flow_index) {
  const flowir::Flow& flow = module_.flows[flow_index];
  auto set_none = [&](llvm::Value* out) {
    builder_.CreateStore(I32(-1), builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), out, kTransitionState));
  };
  // A switch over the state, with one block per state made by `body`.
  auto switch_on_state = [&](llvm::Function* function, llvm::Value* state, llvm::BasicBlock* fallback,
                             const std::function<void(int32_t)>& body) {
    llvm::SwitchInst* choice = builder_.CreateSwitch(state, fallback, static_cast<unsigned>(flow.states.size()));
    for (size_t s = 0; s < flow.states.size(); ++s) {
      llvm::BasicBlock* block = llvm::BasicBlock::Create(context_, flow.states[s].name, function);
      choice->addCase(I32(static_cast<int32_t>(s)), block);
      builder_.SetInsertPoint(block);
      body(static_cast<int32_t>(s));
    }
  };

  // start(ctx, profile, out)
  {
    llvm::Function* function = EntryFunction(FlowEntryName(flow_index, "start"), void_, {ptr_, ptr_, ptr_});
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function));
    llvm::Value* out = function->getArg(2);
    Frame frame = EntryFrame(function, function->getArg(0), function->getArg(1), nullptr, flow.locals, 0, nullptr);
    set_none(out);
    if (flow.start_condition.has_value()) {
      llvm::BasicBlock* go = llvm::BasicBlock::Create(context_, "start", function);
      llvm::BasicBlock* stop = llvm::BasicBlock::Create(context_, "no_start", function);
      builder_.CreateCondBr(builder_.CreateICmpNE(Emit(flow.start_condition, frame), I64(0)), go, stop);
      builder_.SetInsertPoint(stop);
      builder_.CreateRetVoid();
      builder_.SetInsertPoint(go);
    }
    EmitTarget(flow_index, flow.start_target, frame, out, -1);
  }

  // handle(ctx, profile, state, args, event, out)
  {
    llvm::Function* function =
        EntryFunction(FlowEntryName(flow_index, "handle"), void_, {ptr_, ptr_, i32_, ptr_, ptr_, ptr_});
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(context_, "entry", function);
    llvm::BasicBlock* none = llvm::BasicBlock::Create(context_, "none", function);
    builder_.SetInsertPoint(none);
    builder_.CreateRetVoid();
    builder_.SetInsertPoint(entry);
    llvm::Value* event = function->getArg(4);
    llvm::Value* out = function->getArg(5);
    set_none(out);
    llvm::Value* type = builder_.CreateLoad(i32_, builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), event, kEventType));
    llvm::Value* count = builder_.CreateLoad(i32_, builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), event, kEventCount));
    llvm::Value* fields = builder_.CreateLoad(ptr_, builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), event, kEventFields));
    switch_on_state(function, function->getArg(2), none, [&](int32_t s) {
      const flowir::State& state = flow.states[s];
      Frame frame = EntryFrame(function, function->getArg(0), function->getArg(1), function->getArg(3), flow.locals,
                               static_cast<int32_t>(state.params.size()), nullptr);
      for (size_t h = 0; h < state.handlers.size(); ++h) {
        const flowir::Handler& handler = state.handlers[h];
        llvm::BasicBlock* next = llvm::BasicBlock::Create(context_, "next_handler", function);
        llvm::BasicBlock* match = llvm::BasicBlock::Create(context_, "handler", function);
        llvm::Value* matches = builder_.CreateICmpEQ(type, I32(handler.event));
        for (const flowir::KeyFilter& filter : handler.filters) {
          // The key must exist, then pass the filter.
          llvm::Value* present = builder_.CreateICmpSLT(I32(filter.key), count);
          llvm::BasicBlock* check = llvm::BasicBlock::Create(context_, "filter", function);
          llvm::BasicBlock* after = llvm::BasicBlock::Create(context_, "filtered", function);
          llvm::BasicBlock* from = builder_.GetInsertBlock();
          builder_.CreateCondBr(builder_.CreateAnd(matches, present), check, after);
          builder_.SetInsertPoint(check);
          llvm::Value* key = builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, fields, static_cast<uint64_t>(filter.key)));
          llvm::Value* passes = filter.channel_mask
                                    ? builder_.CreateICmpNE(builder_.CreateAnd(builder_.CreateLShr(I64(filter.mask), key), I64(1)), I64(0))
                                    : builder_.CreateICmpEQ(key, I64(filter.bits));
          llvm::BasicBlock* check_end = builder_.GetInsertBlock();
          builder_.CreateBr(after);
          builder_.SetInsertPoint(after);
          llvm::PHINode* phi = builder_.CreatePHI(i1_, 2);
          phi->addIncoming(builder_.getFalse(), from);
          phi->addIncoming(passes, check_end);
          matches = phi;
        }
        builder_.CreateCondBr(matches, match, next);
        builder_.SetInsertPoint(match);
        if (handler.event_slot >= 0) StoreLocal(frame, handler.event_slot, builder_.CreatePtrToInt(event, i64_));
        for (const auto& [key, slot] : handler.key_slots) {
          StoreLocal(frame, slot, builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, fields, static_cast<uint64_t>(key))));
        }
        if (handler.guard.has_value()) {
          llvm::BasicBlock* take = llvm::BasicBlock::Create(context_, "guarded", function);
          builder_.CreateCondBr(builder_.CreateICmpNE(Emit(handler.guard, frame), I64(0)), take, next);
          builder_.SetInsertPoint(take);
        }
        EmitTarget(flow_index, handler.target, frame, out, static_cast<int32_t>(h));
        builder_.SetInsertPoint(next);
      }
      builder_.CreateBr(none);
    });
  }

  auto state_entry = [&](const char* what, llvm::Type* result, std::vector<llvm::Type*> extra) {
    std::vector<llvm::Type*> params{ptr_, ptr_, i32_, ptr_};
    params.insert(params.end(), extra.begin(), extra.end());
    return EntryFunction(FlowEntryName(flow_index, what), result, params);
  };
  // A function that switches on state then on an index (timer or action),
  // calling `body(state, index, frame)` in each case, with `fallback` run
  // when nothing matches.
  auto indexed = [&](llvm::Function* function, llvm::Value* index, auto count_of, auto body, auto fallback) {
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(context_, "entry", function);
    llvm::BasicBlock* otherwise = llvm::BasicBlock::Create(context_, "otherwise", function);
    builder_.SetInsertPoint(otherwise);
    fallback();
    builder_.SetInsertPoint(entry);
    switch_on_state(function, function->getArg(2), otherwise, [&](int32_t s) {
      Frame frame = EntryFrame(function, function->getArg(0), function->getArg(1), function->getArg(3), flow.locals,
                               static_cast<int32_t>(flow.states[s].params.size()), nullptr);
      size_t count = count_of(flow.states[s]);
      llvm::SwitchInst* choice = builder_.CreateSwitch(index, otherwise, static_cast<unsigned>(count));
      for (size_t i = 0; i < count; ++i) {
        llvm::BasicBlock* block = llvm::BasicBlock::Create(context_, "case", function);
        choice->addCase(I32(static_cast<int32_t>(i)), block);
        builder_.SetInsertPoint(block);
        body(s, static_cast<int32_t>(i), frame);
      }
    });
  };
  auto timers = [](const flowir::State& state) { return state.timers.size(); };
  auto actions = [](const flowir::State& state) { return state.actions.size(); };

  {  // timer(ctx, profile, state, args, timer, out)
    llvm::Function* function = state_entry("timer", void_, {i32_, ptr_});
    llvm::Value* out = function->getArg(5);
    indexed(function, function->getArg(4), timers,
            [&](int32_t s, int32_t t, const Frame& frame) {
              EmitTarget(flow_index, flow.states[s].timers[t].target, frame, out, t);
            },
            [&] {
              set_none(out);
              builder_.CreateRetVoid();
            });
  }
  {  // timer_due(ctx, profile, state, args, timer, entered_at) -> i64
    llvm::Function* function = state_entry("timer_due", i64_, {i32_, i64_});
    llvm::Value* entered_at = function->getArg(5);
    indexed(function, function->getArg(4), timers,
            [&](int32_t s, int32_t t, const Frame& frame) {
              const flowir::Timer& timer = flow.states[s].timers[t];
              llvm::Value* delay = Emit(timer.delay, frame);
              builder_.CreateRet(timer.absolute ? delay : builder_.CreateAdd(entered_at, delay));
            },
            [&] { builder_.CreateRet(I64(INT64_MAX)); });
  }
  {  // guard(ctx, profile, state, args, action) -> i32
    llvm::Function* function = state_entry("guard", i32_, {i32_});
    indexed(function, function->getArg(4), actions,
            [&](int32_t s, int32_t a, const Frame& frame) {
              const flowir::Action& action = flow.states[s].actions[a];
              if (!action.guard.has_value()) {
                builder_.CreateRet(I32(1));
                return;
              }
              builder_.CreateRet(builder_.CreateZExt(builder_.CreateICmpNE(Emit(action.guard, frame), I64(0)), i32_));
            },
            [&] { builder_.CreateRet(I32(0)); });
  }
  {  // with(ctx, profile, state, args, action, out)
    llvm::Function* function = state_entry("with", void_, {i32_, ptr_});
    llvm::Value* out = function->getArg(5);
    indexed(function, function->getArg(4), actions,
            [&](int32_t s, int32_t a, const Frame& frame) {
              const flowir::Action& action = flow.states[s].actions[a];
              for (size_t i = 0; i < action.with.size(); ++i) {
                builder_.CreateStore(Emit(action.with[i].value, frame), builder_.CreateConstInBoundsGEP1_64(i64_, out, i));
              }
              builder_.CreateRetVoid();
            },
            [&] { builder_.CreateRetVoid(); });
  }
  {  // retry(ctx, profile, state, args, action) -> i64
    llvm::Function* function = state_entry("retry", i64_, {i32_});
    indexed(function, function->getArg(4), actions,
            [&](int32_t s, int32_t a, const Frame& frame) {
              const flowir::Action& action = flow.states[s].actions[a];
              builder_.CreateRet(action.retry_interval.has_value() ? Emit(action.retry_interval, frame) : I64(0));
            },
            [&] { builder_.CreateRet(I64(0)); });
  }
}

}  // namespace cobro::codegen
