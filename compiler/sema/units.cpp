// Conversions between types, and the common type of two operands. The
// arithmetic rules of units live in check_operators.cpp.

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(TypeMismatch, Error, "expected `{0}`, found `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(MoneyPrecision, Error,
                 "`{0}` has more decimals than money keeps; money has 4 decimal places", std::string);
COBRO_DIAGNOSTIC(UnknownTimezone, Error, "unknown time zone \"{0}\"{1}", std::string,
                 std::string);

auto IsLiteralKind(TypeKind kind) -> bool {
  return kind == TypeKind::IntLiteral || kind == TypeKind::DecimalLiteral;
}

}  // namespace

auto IsAssignable(Context& context, TypeId from, TypeId to) -> bool {
  if (from == to) return true;
  TypeStore& types = context.types();
  TypeKind from_kind = types.kind(from);
  TypeKind to_kind = types.kind(to);
  if (from_kind == TypeKind::Error || to_kind == TypeKind::Error) return true;
  switch (from_kind) {
    case TypeKind::IntLiteral:
      return to_kind == TypeKind::Int || to_kind == TypeKind::Float || to_kind == TypeKind::Money;
    case TypeKind::DecimalLiteral:
      return to_kind == TypeKind::Float || to_kind == TypeKind::Money;
    // Widening an int to a float loses nothing a scoring function cares about.
    case TypeKind::Int: return to_kind == TypeKind::Float;
    // A time zone is written as a string literal; CheckConvertible validates it.
    case TypeKind::String: return to_kind == TypeKind::Timezone;
    case TypeKind::Set:
      return to_kind == TypeKind::Set &&
             IsAssignable(context, types.Get(from).element, types.Get(to).element);
    default: return false;
  }
}

auto Join(Context& context, TypeId a, TypeId b) -> std::optional<TypeId> {
  TypeStore& types = context.types();
  if (a == b) return a;
  if (types.is_error(a)) return b;
  if (types.is_error(b)) return a;
  TypeKind ka = types.kind(a);
  TypeKind kb = types.kind(b);
  if (IsLiteralKind(ka) && IsLiteralKind(kb)) return types.Primitive(TypeKind::DecimalLiteral);
  if (IsAssignable(context, a, b) && types.kind(a) != TypeKind::String) return b;
  if (IsAssignable(context, b, a) && types.kind(b) != TypeKind::String) return a;
  // A decimal literal next to an int makes a float: `d.dpd > 2.5`.
  if ((ka == TypeKind::DecimalLiteral && kb == TypeKind::Int) ||
      (kb == TypeKind::DecimalLiteral && ka == TypeKind::Int)) {
    return types.Primitive(TypeKind::Float);
  }
  if (ka == TypeKind::Set && kb == TypeKind::Set) {
    auto element = Join(context, types.Get(a).element, types.Get(b).element);
    if (element) return types.Set(*element);
  }
  return std::nullopt;
}

auto Settle(Context& context, TypeId type) -> TypeId {
  TypeStore& types = context.types();
  switch (types.kind(type)) {
    case TypeKind::IntLiteral: return types.Primitive(TypeKind::Int);
    case TypeKind::DecimalLiteral: return types.Primitive(TypeKind::Float);
    case TypeKind::Set: return types.Set(Settle(context, types.Get(type).element));
    default: return type;
  }
}

auto CheckMoneyLiteral(Context& context, ast::ExprId expr_id) -> bool {
  // Money is fixed point with 4 decimals (flowir::kMoneyScale): a literal
  // with more would be rounded, and money is never rounded silently.
  if (!expr_id.has_value()) return true;
  const ast::Expr* literal = &context.expr(expr_id);
  if (literal->kind == ast::ExprKind::Unary && literal->lhs.has_value()) literal = &context.expr(literal->lhs);
  if (literal->kind != ast::ExprKind::Decimal || literal->decimal_value.scale <= 4) return true;
  context.emitter.Emit(context.expr(expr_id).range, MoneyPrecision, literal->decimal_value.ToString());
  return false;
}

auto CheckConvertible(Context& context, ast::ExprId expr_id, TypeId from, TypeId to) -> bool {
  const ast::Expr& expr = context.expr(expr_id);
  TypeStore& types = context.types();
  if (types.kind(to) == TypeKind::Timezone && types.kind(from) == TypeKind::String) {
    if (expr.kind != ast::ExprKind::String) {
      context.emitter.Emit(expr.range, TypeMismatch, "timezone", "string",
                           "; write the zone as a literal such as \"America/Bogota\"");
      return false;
    }
    if (!IsKnownTimezone(expr.string_value)) {
      auto suggestion = SuggestTimezone(expr.string_value);
      auto builder = context.emitter.Build(
          expr.range, UnknownTimezone, expr.string_value,
          suggestion ? "; did you mean \"" + *suggestion + "\"?" : "; use an IANA name such as \"America/Bogota\"");
      if (suggestion) builder.Fix(expr.range, "\"" + *suggestion + "\"");
      builder.Emit();
      return false;
    }
    return true;
  }
  if (IsAssignable(context, from, to)) {
    return types.kind(to) != TypeKind::Money || CheckMoneyLiteral(context, expr_id);
  }
  std::string hint;
  if (types.kind(to) == TypeKind::Int && types.kind(from) == TypeKind::DecimalLiteral) {
    hint = "; a decimal number does not convert to `int`";
  } else if (types.kind(to) == TypeKind::Money && types.kind(from) == TypeKind::Float) {
    hint = "; `money` is exact, so a `float` does not convert to it";
  } else if (types.kind(to) == TypeKind::Duration &&
             (types.kind(from) == TypeKind::IntLiteral || types.kind(from) == TypeKind::Int)) {
    hint = "; give the number a unit, such as `3d`";
  }
  context.emitter.Emit(expr.range, TypeMismatch, TypeName(context, to), TypeName(context, from),
                       hint);
  return false;
}

}  // namespace cobro::sema
