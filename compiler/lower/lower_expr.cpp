// Expressions: resolved names, explicit conversions, typed arithmetic.

#include <cmath>
#include <cstring>

#include "compiler/base/check.h"
#include "compiler/flowir/builtin_id.h"
#include "compiler/lower/context.h"

namespace cobro::lower {

namespace {

using flowir::Type;
using sema::TypeKind;

// The field reference `payment.amount` as a builtin argument: the event and
// the field's slot in its record (4095 for `at`).
constexpr int64_t kFieldSlots = 4096;
constexpr int64_t kAtSlot = kFieldSlots - 1;

auto Kind(Context& context, ast::ExprId id) -> TypeKind {
  return context.program.types.kind(context.module().expr_types[id.index]);
}

auto DoubleBits(double value) -> int64_t {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// A decimal as money units (scale 4); sema rejected longer literals.
auto MoneyBits(const Decimal& value) -> int64_t {
  int64_t bits = value.coefficient;
  for (int32_t scale = value.scale; scale < 4; ++scale) bits *= 10;
  for (int32_t scale = value.scale; scale > 4; --scale) bits /= 10;
  return bits;
}

// A literal (or a negated literal) as a constant of `want`; nullopt if the
// expression is not a numeric literal.
auto LiteralConstant(Context& context, ast::ExprId id, Type want) -> std::optional<flowir::ExprId> {
  const ast::Expr& expr = context.expr(id);
  if (expr.kind == ast::ExprKind::Unary && expr.unary_op == ast::UnaryOp::Negate) {
    const ast::Expr& inner = context.expr(expr.lhs);
    if (inner.kind != ast::ExprKind::Int && inner.kind != ast::ExprKind::Decimal) return std::nullopt;
    auto positive = LiteralConstant(context, expr.lhs, want);
    if (!positive) return std::nullopt;
    flowir::Expr constant = context.out.expr(*positive);
    if (constant.type == Type::Float) {
      double value;
      std::memcpy(&value, &constant.imm, sizeof value);
      constant.imm = DoubleBits(-value);
    } else {
      constant.imm = -constant.imm;
    }
    return Constant(context, constant.type, constant.imm);
  }
  if (expr.kind == ast::ExprKind::Int) {
    switch (want) {
      case Type::Float: return Constant(context, Type::Float, DoubleBits(static_cast<double>(expr.int_value)));
      case Type::Money: return Constant(context, Type::Money, expr.int_value * flowir::kMoneyScale);
      default: return Constant(context, Type::Int, expr.int_value);
    }
  }
  if (expr.kind == ast::ExprKind::Decimal) {
    if (want == Type::Money) return Constant(context, Type::Money, MoneyBits(expr.decimal_value));
    return Constant(context, Type::Float, DoubleBits(expr.decimal_value.ToDouble()));
  }
  return std::nullopt;
}

auto Convert(Context& context, flowir::ExprId value, Type from, Type to) -> flowir::ExprId {
  if (from == to || to == Type::Void) return value;
  flowir::Expr expr;
  expr.op = flowir::Op::Convert;
  expr.a = value;
  expr.operand = from;
  expr.type = to;
  if (from == Type::Int && to == Type::Float) {
    expr.conversion = flowir::Conversion::IntToFloat;
  } else if (from == Type::Date && to == Type::DateTime) {
    expr.conversion = flowir::Conversion::DateToDateTime;
  } else if ((from == Type::String && to == Type::Timezone) || (from == Type::Timezone && to == Type::String)) {
    // The same string handle, seen as a zone.
    flowir::Expr same = context.out.expr(value);
    same.type = to;
    return Add(context, same);
  } else {
    return value;  // Same bits (e.g. a set literal's element type).
  }
  return Add(context, expr);
}

auto Binary(Context& context, flowir::Op op, Type type, Type operand, flowir::ExprId a, flowir::ExprId b)
    -> flowir::ExprId {
  flowir::Expr expr;
  expr.op = op;
  expr.type = type;
  expr.operand = operand;
  expr.a = a;
  expr.b = b;
  return Add(context, expr);
}

auto IsNumberLiteralKind(TypeKind kind) -> bool {
  return kind == TypeKind::IntLiteral || kind == TypeKind::DecimalLiteral;
}

// The type both sides of a comparison are lowered to.
auto CompareType(Context& context, ast::ExprId lhs, ast::ExprId rhs) -> Type {
  TypeKind left = Kind(context, lhs);
  TypeKind right = Kind(context, rhs);
  if (IsNumberLiteralKind(left) && IsNumberLiteralKind(right)) {
    return left == TypeKind::IntLiteral && right == TypeKind::IntLiteral ? Type::Int : Type::Float;
  }
  if (IsNumberLiteralKind(left)) return TypeOf(context, rhs) == Type::Int && left == TypeKind::DecimalLiteral ? Type::Float : TypeOf(context, rhs);
  if (IsNumberLiteralKind(right)) return TypeOf(context, lhs) == Type::Int && right == TypeKind::DecimalLiteral ? Type::Float : TypeOf(context, lhs);
  Type a = TypeOf(context, lhs);
  Type b = TypeOf(context, rhs);
  if (a == b) return a;
  if ((a == Type::Int && b == Type::Float) || (a == Type::Float && b == Type::Int)) return Type::Float;
  if (a == Type::String || b == Type::String) return Type::String;  // With a time zone.
  return a;
}

auto LowerArithmetic(Context& context, const ast::Expr& expr, Type result) -> flowir::ExprId {
  using flowir::Op;
  Op op = expr.binary_op == ast::BinaryOp::Add   ? Op::Add
          : expr.binary_op == ast::BinaryOp::Sub ? Op::Sub
          : expr.binary_op == ast::BinaryOp::Mul ? Op::Mul
                                                  : Op::Div;
  Type left = TypeOf(context, expr.lhs);
  Type right = TypeOf(context, expr.rhs);
  auto scalar = [&](ast::ExprId id) {
    TypeKind kind = Kind(context, id);
    return kind == TypeKind::Float || kind == TypeKind::DecimalLiteral ? Type::Float : Type::Int;
  };
  bool left_money = left == Type::Money || (result == Type::Money && IsNumberLiteralKind(Kind(context, expr.lhs)) &&
                                            op != Op::Mul && op != Op::Div);
  switch (result) {
    case Type::Money:
      if (op == Op::Add || op == Op::Sub) {
        return Binary(context, op, Type::Money, Type::Money, LowerExpr(context, expr.lhs, Type::Money),
                      LowerExpr(context, expr.rhs, Type::Money));
      }
      if (op == Op::Mul && !left_money) {
        // Put the amount first: `2 * d.balance` is `d.balance * 2`.
        return Binary(context, Op::Mul, Type::Money, Type::Money, LowerExpr(context, expr.rhs, Type::Money),
                      LowerExpr(context, expr.lhs, scalar(expr.lhs)));
      }
      return Binary(context, op, Type::Money, Type::Money, LowerExpr(context, expr.lhs, Type::Money),
                    LowerExpr(context, expr.rhs, scalar(expr.rhs)));
    case Type::Duration:
      if (left == Type::DateTime || left == Type::Date) {
        // date - date, datetime - datetime.
        return Binary(context, Op::Sub, Type::Duration, left, LowerExpr(context, expr.lhs, left),
                      LowerExpr(context, expr.rhs, left));
      }
      if (op == Op::Add || op == Op::Sub) {
        return Binary(context, op, Type::Duration, Type::Duration, LowerExpr(context, expr.lhs, Type::Duration),
                      LowerExpr(context, expr.rhs, Type::Duration));
      }
      if (op == Op::Mul && left != Type::Duration) {
        return Binary(context, Op::Mul, Type::Duration, Type::Duration,
                      LowerExpr(context, expr.rhs, Type::Duration), LowerExpr(context, expr.lhs, scalar(expr.lhs)));
      }
      return Binary(context, op, Type::Duration, Type::Duration, LowerExpr(context, expr.lhs, Type::Duration),
                    LowerExpr(context, expr.rhs, scalar(expr.rhs)));
    case Type::DateTime: {
      bool time_first = left == Type::DateTime || left == Type::Date;
      ast::ExprId time = time_first ? expr.lhs : expr.rhs;
      ast::ExprId span = time_first ? expr.rhs : expr.lhs;
      return Binary(context, op, Type::DateTime, Type::DateTime, LowerExpr(context, time, Type::DateTime),
                    LowerExpr(context, span, Type::Duration));
    }
    case Type::Float:
      if (left == Type::Money && right == Type::Money) {
        return Binary(context, Op::Div, Type::Float, Type::Money, LowerExpr(context, expr.lhs, Type::Money),
                      LowerExpr(context, expr.rhs, Type::Money));
      }
      if (left == Type::Duration && right == Type::Duration) {
        return Binary(context, Op::Div, Type::Float, Type::Duration, LowerExpr(context, expr.lhs, Type::Duration),
                      LowerExpr(context, expr.rhs, Type::Duration));
      }
      return Binary(context, op, Type::Float, Type::Float, LowerExpr(context, expr.lhs, Type::Float),
                    LowerExpr(context, expr.rhs, Type::Float));
    default:
      return Binary(context, op, Type::Int, Type::Int, LowerExpr(context, expr.lhs, Type::Int),
                    LowerExpr(context, expr.rhs, Type::Int));
  }
}

auto ArgList(Context& context, const std::vector<flowir::ExprId>& args, flowir::Expr& expr) {
  expr.arg_begin = static_cast<int32_t>(context.out.args.size());
  expr.arg_count = static_cast<int32_t>(args.size());
  context.out.args.insert(context.out.args.end(), args.begin(), args.end());
}

auto LowerCall(Context& context, ast::ExprId id, Type result) -> flowir::ExprId {
  const ast::Expr& call = context.expr(id);
  const sema::Ref& ref = context.module().expr_refs[call.lhs.index];
  COBRO_CHECK(ref.kind == sema::RefKind::Symbol);
  const sema::Symbol& symbol = ref.symbol;
  const sema::Module& owner = context.program.modules[symbol.decl.module];
  flowir::Expr expr;
  expr.type = result;
  std::vector<flowir::ExprId> args;
  if (symbol.kind == sema::SymbolKind::Fn || symbol.kind == sema::SymbolKind::Scorecard) {
    const sema::Signature& signature = symbol.kind == sema::SymbolKind::Fn
                                           ? owner.fn_signatures[symbol.decl.index]
                                           : owner.scorecard_signatures[symbol.decl.index];
    for (size_t i = 0; i < call.elements.size(); ++i) {
      args.push_back(LowerExpr(context, call.elements[i], LowerType(context.program, signature.params[i])));
    }
    expr.op = flowir::Op::Call;
    expr.imm = context.functions.at({symbol.kind, symbol.decl});
    expr.type = LowerType(context.program, signature.result);
  } else {
    const ast::BuiltinDecl& builtin = owner.ast.builtins[symbol.decl.index];
    const sema::BuiltinSignature& signature = owner.builtin_signatures[symbol.decl.index];
    flowir::BuiltinId builtin_id = flowir::BuiltinByName(builtin.name.text.c_str());
    COBRO_CHECK(builtin_id != flowir::BuiltinId::Count_);
    for (size_t i = 0; i < call.elements.size(); ++i) {
      const sema::BuiltinType& param = signature.params[i];
      Type want = Type::Void;
      if (param.kind == sema::BuiltinType::Kind::Concrete) {
        want = LowerType(context.program, param.type);
      } else if (param.kind == sema::BuiltinType::Kind::Param &&
                 signature.result.kind == sema::BuiltinType::Kind::Param &&
                 signature.result.param == param.param) {
        want = result;  // min, max, clamp, abs: every argument as the result.
      }
      args.push_back(LowerExpr(context, call.elements[i], want));
      if (i == 0) {
        // The type a generic builtin works on: its argument's, or the
        // element type of an event field argument.
        sema::TypeId arg_type = context.module().expr_types[call.elements[i].index];
        const sema::TypeInfo& info = context.program.types.Get(arg_type);
        expr.operand = info.kind == TypeKind::Field ? LowerType(context.program, info.element)
                                                    : context.out.expr(args.back()).type;
      }
    }
    expr.op = flowir::Op::Builtin;
    expr.imm = static_cast<int64_t>(builtin_id);
  }
  ArgList(context, args, expr);
  return Add(context, expr);
}

auto LowerMember(Context& context, ast::ExprId id) -> flowir::ExprId {
  const ast::Expr& expr = context.expr(id);
  const sema::Ref& ref = context.module().expr_refs[id.index];
  Type type = TypeOf(context, id);
  if (ref.kind == sema::RefKind::Symbol && ref.symbol.kind == sema::SymbolKind::Event) {
    return Constant(context, Type::Int, context.events.at(ref.symbol.decl));
  }
  sema::TypeId object_type = context.module().expr_types[expr.lhs.index];
  const sema::TypeInfo& object = context.program.types.Get(object_type);
  if (object.kind == TypeKind::EventType) {
    // `payment.amount` across history: a constant naming the field.
    int64_t event = context.events.at(object.decl);
    const ast::EventDecl& decl = context.program.modules[object.decl.module].ast.events[object.decl.index];
    int64_t slot = ref.kind == sema::RefKind::EventTime  ? kAtSlot
                   : ref.kind == sema::RefKind::EventKey ? ref.index
                                                          : static_cast<int64_t>(decl.keys.size()) + ref.index;
    return Constant(context, Type::Int, event * kFieldSlots + slot);
  }
  flowir::Expr field;
  field.a = LowerExpr(context, expr.lhs);
  field.type = type;
  switch (ref.kind) {
    case sema::RefKind::ProfileField:
      field.op = flowir::Op::Field;
      field.imm = ref.index;
      break;
    case sema::RefKind::EventKey:
      field.op = flowir::Op::Field;
      field.imm = ref.index;
      break;
    case sema::RefKind::EventField: {
      const ast::EventDecl& decl = context.program.modules[object.decl.module].ast.events[object.decl.index];
      field.op = flowir::Op::Field;
      field.imm = static_cast<int64_t>(decl.keys.size()) + ref.index;
      break;
    }
    case sema::RefKind::EventTime: field.op = flowir::Op::EventTime; break;
    default: COBRO_CHECK(false && "member with no field reference");
  }
  return Add(context, field);
}

}  // namespace

auto Intern(Context& context, const std::string& text) -> int32_t {
  auto [it, inserted] = context.strings.emplace(text, static_cast<int32_t>(context.out.strings.size()));
  if (inserted) context.out.strings.push_back(text);
  return it->second;
}

auto LowerType(const sema::Program& program, sema::TypeId type) -> Type {
  const sema::TypeInfo& info = program.types.Get(type);
  switch (info.kind) {
    case TypeKind::Int:
    case TypeKind::IntLiteral:
    case TypeKind::EventType:
    case TypeKind::Field: return Type::Int;
    case TypeKind::Float:
    case TypeKind::DecimalLiteral: return Type::Float;
    case TypeKind::Bool: return Type::Bool;
    case TypeKind::String: return Type::String;
    case TypeKind::Money: return Type::Money;
    case TypeKind::Duration: return Type::Duration;
    case TypeKind::Time: return Type::Time;
    case TypeKind::Date: return Type::Date;
    case TypeKind::DateTime: return Type::DateTime;
    case TypeKind::Timezone: return Type::Timezone;
    case TypeKind::Channel: return Type::Channel;
    case TypeKind::Set: {
      TypeKind element = program.types.kind(info.element);
      if (element == TypeKind::Channel) return Type::ChannelSet;
      if (element == TypeKind::String || element == TypeKind::Timezone) return Type::StringSet;
      return Type::IntSet;
    }
    case TypeKind::Profile: return Type::Profile;
    case TypeKind::Event: return Type::Event;
    default: return Type::Void;
  }
}

auto Add(Context& context, flowir::Expr expr) -> flowir::ExprId {
  context.out.exprs.push_back(expr);
  return flowir::ExprId{static_cast<int32_t>(context.out.exprs.size() - 1)};
}

auto Constant(Context& context, Type type, int64_t bits) -> flowir::ExprId {
  flowir::Expr expr;
  expr.op = flowir::Op::Const;
  expr.type = type;
  expr.imm = bits;
  return Add(context, expr);
}

auto TypeOf(Context& context, ast::ExprId id) -> Type {
  return LowerType(context.program, context.module().expr_types[id.index]);
}

auto LowerExpr(Context& context, ast::ExprId id, Type want) -> flowir::ExprId {
  COBRO_CHECK(id.has_value());
  if (auto literal = LiteralConstant(context, id, want)) return *literal;
  const ast::Expr& expr = context.expr(id);
  Type type = TypeOf(context, id);
  // Arithmetic on literals alone settles on what the context wants.
  if (IsNumberLiteralKind(Kind(context, id)) && (want == Type::Float || want == Type::Money)) type = want;
  flowir::ExprId result;
  switch (expr.kind) {
    case ast::ExprKind::String:
      result = Constant(context, Type::String, Intern(context, expr.string_value));
      break;
    case ast::ExprKind::Bool: result = Constant(context, Type::Bool, expr.bool_value ? 1 : 0); break;
    case ast::ExprKind::Duration: result = Constant(context, Type::Duration, expr.duration_value.milliseconds); break;
    case ast::ExprKind::Time: result = Constant(context, Type::Time, expr.time_value.seconds); break;
    case ast::ExprKind::Date: result = Constant(context, Type::Date, expr.date_value.days); break;
    case ast::ExprKind::DateTime: {
      const CivilDateTime& value = expr.datetime_value;
      int64_t milliseconds = (static_cast<int64_t>(value.date.days) * 86400 + value.time.seconds) * 1000;
      if (value.offset_minutes) {
        result = Constant(context, Type::DateTime, milliseconds - int64_t{*value.offset_minutes} * 60'000);
      } else {
        flowir::Expr local;
        local.op = flowir::Op::Convert;
        local.conversion = flowir::Conversion::LocalToDateTime;
        local.operand = Type::Int;
        local.type = Type::DateTime;
        local.a = Constant(context, Type::Int, milliseconds);
        result = Add(context, local);
      }
      break;
    }
    case ast::ExprKind::Name: {
      const sema::Ref& ref = context.module().expr_refs[id.index];
      if (ref.kind == sema::RefKind::Local) {
        flowir::Expr local;
        local.op = flowir::Op::Local;
        local.type = type;
        local.imm = context.slots.Find(ref.range.begin);
        COBRO_CHECK(local.imm >= 0);
        result = Add(context, local);
      } else if (ref.kind == sema::RefKind::Channel) {
        result = Constant(context, Type::Channel, ref.index);
      } else if (ref.kind == sema::RefKind::Symbol && ref.symbol.kind == sema::SymbolKind::Event) {
        result = Constant(context, Type::Int, context.events.at(ref.symbol.decl));
      } else {
        COBRO_CHECK(false && "name with no value");
      }
      break;
    }
    case ast::ExprKind::Member: result = LowerMember(context, id); break;
    case ast::ExprKind::Call: result = LowerCall(context, id, type); break;
    case ast::ExprKind::Unary: {
      flowir::Expr unary;
      unary.op = expr.unary_op == ast::UnaryOp::Not ? flowir::Op::Not : flowir::Op::Negate;
      unary.type = expr.unary_op == ast::UnaryOp::Not ? Type::Bool : type;
      unary.a = LowerExpr(context, expr.lhs, unary.type);
      result = Add(context, unary);
      break;
    }
    case ast::ExprKind::Binary: {
      switch (expr.binary_op) {
        case ast::BinaryOp::And:
        case ast::BinaryOp::Or:
          result = Binary(context, expr.binary_op == ast::BinaryOp::And ? flowir::Op::And : flowir::Op::Or,
                          Type::Bool, Type::Bool, LowerExpr(context, expr.lhs, Type::Bool),
                          LowerExpr(context, expr.rhs, Type::Bool));
          break;
        case ast::BinaryOp::In:
        case ast::BinaryOp::NotIn: {
          Type set = TypeOf(context, expr.rhs);
          Type element = set == Type::ChannelSet ? Type::Channel : set == Type::StringSet ? Type::String : Type::Int;
          result = Binary(context, flowir::Op::InSet, Type::Bool, element, LowerExpr(context, expr.lhs, element),
                          LowerExpr(context, expr.rhs, set));
          if (expr.binary_op == ast::BinaryOp::NotIn) {
            flowir::Expr negation;
            negation.op = flowir::Op::Not;
            negation.type = Type::Bool;
            negation.a = result;
            result = Add(context, negation);
          }
          break;
        }
        case ast::BinaryOp::Add:
        case ast::BinaryOp::Sub:
        case ast::BinaryOp::Mul:
        case ast::BinaryOp::Div: result = LowerArithmetic(context, expr, type); break;
        default: {
          Type operand = CompareType(context, expr.lhs, expr.rhs);
          flowir::Expr compare;
          compare.op = flowir::Op::Compare;
          compare.type = Type::Bool;
          compare.operand = operand;
          switch (expr.binary_op) {
            case ast::BinaryOp::Lt: compare.compare = flowir::Compare::Lt; break;
            case ast::BinaryOp::Le: compare.compare = flowir::Compare::Le; break;
            case ast::BinaryOp::Gt: compare.compare = flowir::Compare::Gt; break;
            case ast::BinaryOp::Ge: compare.compare = flowir::Compare::Ge; break;
            case ast::BinaryOp::Ne: compare.compare = flowir::Compare::Ne; break;
            default: compare.compare = flowir::Compare::Eq; break;
          }
          compare.a = LowerExpr(context, expr.lhs, operand);
          compare.b = LowerExpr(context, expr.rhs, operand);
          result = Add(context, compare);
          break;
        }
      }
      break;
    }
    case ast::ExprKind::If: {
      Type branch = want != Type::Void ? want : type;
      flowir::Expr choice;
      choice.op = flowir::Op::If;
      choice.type = branch;
      choice.a = LowerExpr(context, expr.condition, Type::Bool);
      choice.b = LowerExpr(context, expr.lhs, branch);
      choice.c = LowerExpr(context, expr.rhs, branch);
      result = Add(context, choice);
      type = branch;
      break;
    }
    case ast::ExprKind::Set: {
      Type set = want != Type::Void ? want : type;
      if (set == Type::ChannelSet) {
        ChannelMask mask = 0;
        bool constant = true;
        for (ast::ExprId element : expr.elements) {
          const sema::Ref& ref = context.module().expr_refs[element.index];
          if (ref.kind == sema::RefKind::Channel) {
            mask |= MaskOf(static_cast<Channel>(ref.index));
          } else {
            constant = false;
          }
        }
        if (constant) {
          result = Constant(context, Type::ChannelSet, mask);
          type = set;
          break;
        }
      }
      Type element = set == Type::ChannelSet ? Type::Channel : set == Type::StringSet ? Type::String : Type::Int;
      std::vector<flowir::ExprId> elements;
      for (ast::ExprId item : expr.elements) elements.push_back(LowerExpr(context, item, element));
      flowir::Expr literal;
      literal.op = flowir::Op::SetLiteral;
      literal.type = set;
      literal.operand = element;
      ArgList(context, elements, literal);
      result = Add(context, literal);
      type = set;
      break;
    }
    default: COBRO_CHECK(false && "expression kind that cannot be lowered");
  }
  return Convert(context, result, context.out.expr(result).type, want == Type::Void ? type : want);
}

}  // namespace cobro::lower
