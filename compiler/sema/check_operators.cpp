// Unary and binary operators, where the units of the language are enforced:
// money is exact and never multiplied by money, durations never mix with bare
// numbers, and comparisons need comparable types.

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(UnitMismatch, Error, "cannot {0}{1}", std::string, std::string);
COBRO_DIAGNOSTIC(InvalidOperand, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(IncomparableTypes, Error, "cannot compare `{0}` with `{1}`", std::string,
                 std::string);

auto IsNumber(TypeKind kind) -> bool {
  return kind == TypeKind::Int || kind == TypeKind::Float || kind == TypeKind::Money ||
         kind == TypeKind::IntLiteral || kind == TypeKind::DecimalLiteral;
}

auto IsLiteral(TypeKind kind) -> bool {
  return kind == TypeKind::IntLiteral || kind == TypeKind::DecimalLiteral;
}

auto IsOrdered(TypeKind kind) -> bool {
  return IsNumber(kind) || kind == TypeKind::Duration || kind == TypeKind::Time ||
         kind == TypeKind::Date || kind == TypeKind::DateTime || kind == TypeKind::String;
}

// A plain number that scales a money amount or a duration.
auto IsScalar(TypeKind kind) -> bool {
  return kind == TypeKind::Int || kind == TypeKind::Float || IsLiteral(kind);
}

// What `a op b` tried to do, in words: "subtract `duration` from `int`".
auto Operation(ast::BinaryOp op, const std::string& a, const std::string& b) -> std::string {
  switch (op) {
    case ast::BinaryOp::Add: return "add `" + a + "` and `" + b + "`";
    case ast::BinaryOp::Sub: return "subtract `" + b + "` from `" + a + "`";
    case ast::BinaryOp::Mul: return "multiply `" + a + "` by `" + b + "`";
    default: return "divide `" + a + "` by `" + b + "`";
  }
}

// The result of `a op b` for + - * /, or nullopt with `hint` set.
auto Arithmetic(Context& context, ast::BinaryOp op, TypeId a, TypeId b, std::string& hint)
    -> std::optional<TypeId> {
  TypeStore& types = context.types();
  TypeKind ka = types.kind(a);
  TypeKind kb = types.kind(b);
  auto primitive = [&](TypeKind kind) { return types.Primitive(kind); };
  bool additive = op == ast::BinaryOp::Add || op == ast::BinaryOp::Sub;

  if (IsNumber(ka) && IsNumber(kb)) {
    if (ka == TypeKind::Money || kb == TypeKind::Money) {
      TypeKind other = ka == TypeKind::Money ? kb : ka;
      if (additive) {
        if (other == TypeKind::Money || IsLiteral(other)) return primitive(TypeKind::Money);
        hint = other == TypeKind::Float
                   ? "; `money` is exact, so a `float` does not mix with it"
                   : "; money is exact, so convert the other amount to `money` first";
        return std::nullopt;
      }
      if (op == ast::BinaryOp::Mul) {
        if (other == TypeKind::Money) {
          hint = "; multiply an amount by a plain number instead";
          return std::nullopt;
        }
        return primitive(TypeKind::Money);
      }
      // Division.
      if (ka == TypeKind::Money && kb == TypeKind::Money) return primitive(TypeKind::Float);
      if (ka == TypeKind::Money) return primitive(TypeKind::Money);
      hint = "; divide the amount by the number instead";
      return std::nullopt;
    }
    if (op == ast::BinaryOp::Div) return primitive(TypeKind::Float);
    if (IsLiteral(ka) && IsLiteral(kb)) {
      return ka == TypeKind::IntLiteral && kb == TypeKind::IntLiteral
                 ? primitive(TypeKind::IntLiteral)
                 : primitive(TypeKind::DecimalLiteral);
    }
    if (ka == TypeKind::Float || kb == TypeKind::Float || ka == TypeKind::DecimalLiteral ||
        kb == TypeKind::DecimalLiteral) {
      return primitive(TypeKind::Float);
    }
    return primitive(TypeKind::Int);
  }

  bool a_time = ka == TypeKind::DateTime || ka == TypeKind::Date;
  bool b_time = kb == TypeKind::DateTime || kb == TypeKind::Date;
  if (ka == TypeKind::Duration && kb == TypeKind::Duration) {
    if (additive) return a;
    if (op == ast::BinaryOp::Div) return primitive(TypeKind::Float);
    hint = "; multiply a duration by a plain number";
    return std::nullopt;
  }
  if (ka == TypeKind::Duration && IsScalar(kb)) {
    if (!additive) return a;
    hint = kb == TypeKind::IntLiteral ? "; give the number a unit, such as `2d`"
                                      : "; convert the number to a duration first";
    return std::nullopt;
  }
  if (IsScalar(ka) && kb == TypeKind::Duration) {
    if (op == ast::BinaryOp::Mul) return b;
    hint = ka == TypeKind::IntLiteral ? "; give the number a unit, such as `2d`" : "";
    return std::nullopt;
  }
  if (a_time && kb == TypeKind::Duration && additive) return primitive(TypeKind::DateTime);
  if (ka == TypeKind::Duration && b_time && op == ast::BinaryOp::Add) {
    return primitive(TypeKind::DateTime);
  }
  if (a_time && b_time && op == ast::BinaryOp::Sub && ka == kb) return primitive(TypeKind::Duration);
  return std::nullopt;
}

auto CheckBinary(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  TypeStore& types = context.types();
  const ast::Expr& expr = context.expr(expr_id);
  ast::BinaryOp op = expr.binary_op;
  TypeId bool_type = types.Primitive(TypeKind::Bool);

  if (op == ast::BinaryOp::And || op == ast::BinaryOp::Or) {
    CheckExprAs(context, scope, expr.lhs, bool_type);
    CheckExprAs(context, scope, expr.rhs, bool_type);
    return bool_type;
  }
  TypeId lhs = CheckExpr(context, scope, expr.lhs);
  TypeId rhs = CheckExpr(context, scope, expr.rhs);
  if (types.is_error(lhs) || types.is_error(rhs)) {
    bool comparison = op != ast::BinaryOp::Add && op != ast::BinaryOp::Sub &&
                      op != ast::BinaryOp::Mul && op != ast::BinaryOp::Div;
    return comparison ? bool_type : types.error();
  }
  std::string lhs_name = TypeName(context, lhs);
  std::string rhs_name = TypeName(context, rhs);

  switch (op) {
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
    case ast::BinaryOp::Mul:
    case ast::BinaryOp::Div: {
      std::string hint;
      if (auto result = Arithmetic(context, op, lhs, rhs, hint)) {
        if (types.kind(*result) == TypeKind::Money) {
          CheckMoneyLiteral(context, expr.lhs);
          CheckMoneyLiteral(context, expr.rhs);
        }
        return *result;
      }
      context.emitter.Emit(expr.range, UnitMismatch, Operation(op, lhs_name, rhs_name), hint);
      return types.error();
    }
    case ast::BinaryOp::In:
    case ast::BinaryOp::NotIn: {
      if (types.kind(rhs) != TypeKind::Set) {
        context.emitter.Emit(context.expr(expr.rhs).range, InvalidOperand,
                             "`in` needs a set on its right, found `" + rhs_name + "`");
        return bool_type;
      }
      TypeId element = types.Get(rhs).element;
      if (!Join(context, lhs, element)) {
        context.emitter.Emit(expr.range, IncomparableTypes, lhs_name, TypeName(context, element));
      }
      return bool_type;
    }
    case ast::BinaryOp::Eq:
    case ast::BinaryOp::Ne: {
      if (!Join(context, lhs, rhs)) context.emitter.Emit(expr.range, IncomparableTypes, lhs_name, rhs_name);
      return bool_type;
    }
    default: {
      auto joined = Join(context, lhs, rhs);
      if (joined && types.kind(*joined) == TypeKind::Money) {
        CheckMoneyLiteral(context, expr.lhs);
        CheckMoneyLiteral(context, expr.rhs);
      }
      if (!joined) {
        context.emitter.Emit(expr.range, IncomparableTypes, lhs_name, rhs_name);
      } else if (!IsOrdered(types.kind(*joined))) {
        context.emitter.Emit(expr.range, InvalidOperand,
                             "`" + TypeName(context, *joined) + "` values have no order");
      }
      return bool_type;
    }
  }
}

}  // namespace

auto CheckOperator(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  TypeStore& types = context.types();
  const ast::Expr& expr = context.expr(expr_id);
  if (expr.kind == ast::ExprKind::Binary) return CheckBinary(context, scope, expr_id);
  if (expr.unary_op == ast::UnaryOp::Not) {
    CheckExprAs(context, scope, expr.lhs, types.Primitive(TypeKind::Bool));
    return types.Primitive(TypeKind::Bool);
  }
  TypeId operand = CheckExpr(context, scope, expr.lhs);
  TypeKind kind = types.kind(operand);
  if (kind == TypeKind::Error || IsNumber(kind) || kind == TypeKind::Duration) return operand;
  context.emitter.Emit(expr.range, InvalidOperand,
                       "cannot negate `" + TypeName(context, operand) + "`");
  return types.error();
}

}  // namespace cobro::sema
