// Profiles, events, fns and scorecards. A scorecard becomes a function: its
// base plus, for each row, the points of the first bin that holds, as a
// chain of comparisons on the row's subject.

#include "compiler/base/check.h"
#include "compiler/lower/context.h"

namespace cobro::lower {

namespace {

using flowir::Type;

auto Fields(Context& context, const std::vector<ast::FieldDecl>& decls, const std::vector<sema::TypeId>& types,
            const ast::File& file) -> std::vector<flowir::Field> {
  std::vector<flowir::Field> fields;
  for (size_t i = 0; i < decls.size(); ++i) {
    flowir::Field field{decls[i].name.text, LowerType(context.program, types[i]), false, 0};
    if (decls[i].default_value.has_value()) {
      // Defaults are literals (checked by sema's types); lower them as constants.
      flowir::ExprId value = LowerExpr(context, decls[i].default_value, field.type);
      const flowir::Expr& constant = context.out.expr(value);
      if (constant.op == flowir::Op::Const) {
        field.has_default = true;
        field.default_bits = constant.imm;
      }
    }
    (void)file;
    fields.push_back(std::move(field));
  }
  return fields;
}

auto Compare(Context& context, flowir::Compare op, Type type, flowir::ExprId a, flowir::ExprId b) -> flowir::ExprId {
  flowir::Expr expr;
  expr.op = flowir::Op::Compare;
  expr.compare = op;
  expr.type = Type::Bool;
  expr.operand = type;
  expr.a = a;
  expr.b = b;
  return Add(context, expr);
}

auto And(Context& context, flowir::ExprId a, flowir::ExprId b) -> flowir::ExprId {
  if (!a.has_value()) return b;
  if (!b.has_value()) return a;
  flowir::Expr expr;
  expr.op = flowir::Op::And;
  expr.type = Type::Bool;
  expr.a = a;
  expr.b = b;
  return Add(context, expr);
}

auto Local(Context& context, int32_t slot, Type type) -> flowir::ExprId {
  flowir::Expr expr;
  expr.op = flowir::Op::Local;
  expr.imm = slot;
  expr.type = type;
  return Add(context, expr);
}

// The condition of one bin on the subject in `slot`; none for `else`.
auto BinCondition(Context& context, const ast::ScoreBin& bin, int32_t slot, Type type) -> flowir::ExprId {
  auto bound = [&](ast::ExprId id) { return LowerExpr(context, id, type); };
  auto subject = [&] { return Local(context, slot, type); };
  switch (bin.kind) {
    case ast::BinKind::Interval:
    case ast::BinKind::Range: {
      bool low_inclusive = bin.kind == ast::BinKind::Range || bin.low_closed;
      bool high_inclusive = bin.kind == ast::BinKind::Range || bin.high_closed;
      if (bin.kind == ast::BinKind::Range && bin.low.has_value() && bin.low == bin.high) {
        return Compare(context, flowir::Compare::Eq, type, subject(), bound(bin.low));
      }
      flowir::ExprId condition;
      if (bin.low.has_value()) {
        condition = Compare(context, low_inclusive ? flowir::Compare::Ge : flowir::Compare::Gt, type, subject(),
                            bound(bin.low));
      }
      if (bin.high.has_value()) {
        condition = And(context, condition,
                        Compare(context, high_inclusive ? flowir::Compare::Le : flowir::Compare::Lt, type,
                                subject(), bound(bin.high)));
      }
      return condition;
    }
    case ast::BinKind::Compare: {
      flowir::Compare op = flowir::Compare::Lt;
      switch (bin.compare_op) {
        case ast::BinaryOp::Le: op = flowir::Compare::Le; break;
        case ast::BinaryOp::Gt: op = flowir::Compare::Gt; break;
        case ast::BinaryOp::Ge: op = flowir::Compare::Ge; break;
        case ast::BinaryOp::Eq: op = flowir::Compare::Eq; break;
        case ast::BinaryOp::Ne: op = flowir::Compare::Ne; break;
        default: break;
      }
      return Compare(context, op, type, subject(), bound(bin.compare_value));
    }
    case ast::BinKind::Else: return {};
  }
  return {};
}

auto LowerScorecard(Context& context, const ast::ScorecardDecl& scorecard, int32_t params) -> flowir::ExprId {
  flowir::ExprId total = Constant(context, Type::Int, scorecard.base);
  int32_t slot = params;
  context.max_slot = std::max(context.max_slot, params + 1);
  for (const ast::ScoreRow& row : scorecard.rows) {
    Type type = TypeOf(context, row.subject);
    // Points of the first bin that holds: built from the last bin backwards.
    flowir::ExprId points = Constant(context, Type::Int, 0);
    for (auto bin = row.bins.rbegin(); bin != row.bins.rend(); ++bin) {
      flowir::ExprId condition = BinCondition(context, *bin, slot, type);
      flowir::ExprId value = Constant(context, Type::Int, bin->points);
      if (!condition.has_value()) {
        points = value;
        continue;
      }
      flowir::Expr choice;
      choice.op = flowir::Op::If;
      choice.type = Type::Int;
      choice.a = condition;
      choice.b = value;
      choice.c = points;
      points = Add(context, choice);
    }
    flowir::Expr let;
    let.op = flowir::Op::Let;
    let.type = Type::Int;
    let.imm = slot;
    let.a = LowerExpr(context, row.subject, type);
    let.b = points;
    flowir::Expr sum;
    sum.op = flowir::Op::Add;
    sum.type = Type::Int;
    sum.operand = Type::Int;
    sum.a = total;
    sum.b = Add(context, let);
    total = Add(context, sum);
  }
  return total;
}

}  // namespace

void LowerDeclarations(Context& context) {
  const sema::Program& program = context.program;
  // Number everything first: bodies may call functions of any module.
  for (size_t m = 0; m < program.modules.size(); ++m) {
    const ast::File& file = program.modules[m].ast;
    for (size_t i = 0; i < file.profiles.size(); ++i) {
      context.profiles[{static_cast<int32_t>(m), static_cast<int32_t>(i)}] =
          static_cast<int32_t>(context.profiles.size());
    }
    for (size_t i = 0; i < file.events.size(); ++i) {
      context.events[{static_cast<int32_t>(m), static_cast<int32_t>(i)}] = static_cast<int32_t>(context.events.size());
    }
    for (size_t i = 0; i < file.fns.size(); ++i) {
      auto index = static_cast<int32_t>(context.functions.size());
      context.functions[{sema::SymbolKind::Fn, {static_cast<int32_t>(m), static_cast<int32_t>(i)}}] = index;
    }
    for (size_t i = 0; i < file.scorecards.size(); ++i) {
      auto index = static_cast<int32_t>(context.functions.size());
      context.functions[{sema::SymbolKind::Scorecard, {static_cast<int32_t>(m), static_cast<int32_t>(i)}}] = index;
    }
  }
  context.out.profiles.resize(context.profiles.size());
  context.out.events.resize(context.events.size());
  context.out.functions.resize(context.functions.size());
  for (size_t m = 0; m < program.modules.size(); ++m) {
    context.module_index = static_cast<int32_t>(m);
    const sema::Module& module = program.modules[m];
    const ast::File& file = module.ast;
    auto decl = [&](size_t i) { return sema::GlobalDecl{static_cast<int32_t>(m), static_cast<int32_t>(i)}; };
    for (size_t i = 0; i < file.profiles.size(); ++i) {
      flowir::Profile& profile = context.out.profiles[context.profiles.at(decl(i))];
      profile.name = file.profiles[i].name.text;
      profile.fields = Fields(context, file.profiles[i].fields, module.profile_field_types[i], file);
    }
    for (size_t i = 0; i < file.events.size(); ++i) {
      const ast::EventDecl& event_decl = file.events[i];
      flowir::Event& event = context.out.events[context.events.at(decl(i))];
      event.name = event_decl.name.Joined();
      event.key_count = static_cast<int32_t>(event_decl.keys.size());
      for (size_t k = 0; k < event_decl.keys.size(); ++k) {
        event.fields.push_back({event_decl.keys[k].name.text, LowerType(program, module.event_key_types[i][k]), false, 0});
      }
      for (flowir::Field& field : Fields(context, event_decl.fields, module.event_field_types[i], file)) {
        event.fields.push_back(std::move(field));
      }
    }
    auto lower_function = [&](sema::SymbolKind kind, size_t i, const std::string& name,
                              const std::vector<ast::Param>& params, const sema::Signature& signature) {
      flowir::Function& function = context.out.functions[context.functions.at({kind, decl(i)})];
      function.name = module.name + "." + name;
      function.scorecard = kind == sema::SymbolKind::Scorecard;
      function.result = LowerType(program, signature.result);
      context.slots = Slots();
      context.next_slot = 0;
      context.max_slot = 0;
      for (size_t p = 0; p < params.size(); ++p) {
        function.params.push_back(LowerType(program, signature.params[p]));
        context.slots.Bind(params[p].name.range.begin, context.NewSlot());
      }
      if (kind == sema::SymbolKind::Scorecard) {
        function.body = LowerScorecard(context, file.scorecards[i], static_cast<int32_t>(params.size()));
      } else {
        const ast::FnDecl& fn = file.fns[i];
        // Lets nest: `let a = x` then `let b = y` then body.
        std::vector<std::pair<int32_t, flowir::ExprId>> lets;
        for (const ast::LetStmt& let : fn.lets) {
          sema::TypeId let_type = module.expr_types[let.value.index];
          flowir::ExprId value = LowerExpr(context, let.value, LowerType(program, let_type));
          int32_t slot = context.NewSlot();
          context.slots.Bind(let.name.range.begin, slot);
          lets.push_back({slot, value});
        }
        flowir::ExprId body = LowerExpr(context, fn.body, function.result);
        for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
          flowir::Expr let;
          let.op = flowir::Op::Let;
          let.type = function.result;
          let.imm = it->first;
          let.a = it->second;
          let.b = body;
          body = Add(context, let);
        }
        function.body = body;
      }
      function.locals = context.max_slot;
    };
    for (size_t i = 0; i < file.fns.size(); ++i) {
      lower_function(sema::SymbolKind::Fn, i, file.fns[i].name.text, file.fns[i].params, module.fn_signatures[i]);
    }
    for (size_t i = 0; i < file.scorecards.size(); ++i) {
      lower_function(sema::SymbolKind::Scorecard, i, file.scorecards[i].name.text, file.scorecards[i].params,
                     module.scorecard_signatures[i]);
    }
  }
}

}  // namespace cobro::lower
