#pragma once

// The lowering's working state. Private to compiler/lower.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/flowir/module.h"
#include "compiler/flowir/test.h"
#include "compiler/sema/program.h"

namespace cobro::lower {

// Local slots by the byte offset of their definition in the current file
// (sema records a local reference as its definition's range).
class Slots {
 public:
  void Bind(uint32_t definition, int32_t slot) { slots_[definition] = slot; }
  auto Find(uint32_t definition) const -> int32_t {
    auto it = slots_.find(definition);
    return it == slots_.end() ? -1 : it->second;
  }

 private:
  std::map<uint32_t, int32_t> slots_;
};

struct Context {
  explicit Context(const sema::Program& program) : program(program) {}

  const sema::Program& program;
  const SourceManager* sources = nullptr;
  flowir::Module out;
  int32_t module_index = 0;
  std::map<sema::GlobalDecl, int32_t> profiles;
  std::map<sema::GlobalDecl, int32_t> events;
  std::map<std::pair<sema::SymbolKind, sema::GlobalDecl>, int32_t> functions;
  std::map<std::string, int32_t> strings;
  std::map<sema::GlobalDecl, int32_t> policies;
  std::map<sema::GlobalDecl, int32_t> flows;
  Slots slots;
  int32_t next_slot = 0;
  int32_t max_slot = 0;

  auto module() const -> const sema::Module& { return program.modules[module_index]; }
  auto file() const -> const ast::File& { return module().ast; }
  auto expr(ast::ExprId id) const -> const ast::Expr& { return file().exprs.Get(id); }

  // A fresh local slot.
  auto NewSlot() -> int32_t {
    int32_t slot = next_slot++;
    max_slot = std::max(max_slot, next_slot);
    return slot;
  }
};

// The index of `text` in the module's string table.
auto Intern(Context& context, const std::string& text) -> int32_t;

// The IR type of a checked type; literal types settle (int, float).
auto LowerType(const sema::Program& program, sema::TypeId type) -> flowir::Type;

// Adds an expression node and returns its id.
auto Add(Context& context, flowir::Expr expr) -> flowir::ExprId;

// A constant of `type` with value bits `bits`.
auto Constant(Context& context, flowir::Type type, int64_t bits) -> flowir::ExprId;

// Lowers an expression; with `want` other than Void, converts it to that type
// (int literals to float or money, ints to float, dates to date-times).
auto LowerExpr(Context& context, ast::ExprId expr, flowir::Type want = flowir::Type::Void)
    -> flowir::ExprId;

// The IR type sema gave an expression, settled.
auto TypeOf(Context& context, ast::ExprId expr) -> flowir::Type;

// Declarations (lower_decls.cpp) and flows (lower_flow.cpp).
void LowerDeclarations(Context& context);
void LowerFlow(Context& context, int32_t flow);
void LowerPolicies(Context& context);
// Experiments, after every flow (lower_experiment.cpp).
void LowerExperiments(Context& context);
// Everything Lower lowers, into `context.out` (lower_flow.cpp).
void LowerProgram(Context& context);
// The tests of the input modules, after LowerProgram (lower_test.cpp).
auto LowerTests(Context& context) -> std::vector<flowir::Test>;

}  // namespace cobro::lower
