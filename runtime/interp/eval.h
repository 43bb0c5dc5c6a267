#pragma once

// The reference interpreter: the executable specification of what every
// flow IR expression means. Clear, not clever; the JIT is tested against it.

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"

namespace cobro::interp {

// The value of `expr`, with `locals` as the evaluation's local slots.
auto Evaluate(const flowir::Module& module, flowir::ExprId expr, runtime::Value* locals,
              runtime::EvalContext& context) -> runtime::Value;

// The result of function `function` (a fn or a scorecard) on `args`.
auto CallFunction(const flowir::Module& module, int32_t function, const runtime::Value* args,
                  runtime::EvalContext& context) -> runtime::Value;

}  // namespace cobro::interp
