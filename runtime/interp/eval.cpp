#include "runtime/interp/eval.h"

#include <cmath>
#include <vector>

#include "runtime/abi/arithmetic.h"

namespace cobro::interp {

namespace {

using flowir::Op;
using flowir::Type;
using runtime::FromDouble;
using runtime::ToDouble;
using runtime::Value;

constexpr int64_t kDay = 86'400'000;

class Evaluator {
 public:
  Evaluator(const flowir::Module& module, runtime::EvalContext& context) : module_(module), context_(context) {}

  auto Eval(flowir::ExprId id, Value* locals) -> Value {
    const flowir::Expr& expr = module_.expr(id);
    switch (expr.op) {
      case Op::Const: return expr.imm;
      case Op::Local: return locals[expr.imm];
      case Op::Field: {
        Value record = Eval(expr.a, locals);
        if (module_.expr(expr.a).type == Type::Profile) return runtime::AsProfile(record)[expr.imm];
        const runtime::EventRecord* event = runtime::AsEvent(record);
        return expr.imm < event->field_count ? event->fields[expr.imm] : 0;
      }
      case Op::EventTime: return runtime::AsEvent(Eval(expr.a, locals))->at;
      case Op::Negate: {
        Value value = Eval(expr.a, locals);
        if (expr.type == Type::Float) return FromDouble(-ToDouble(value));
        return static_cast<Value>(0ULL - static_cast<uint64_t>(value));
      }
      case Op::Not: return Eval(expr.a, locals) == 0 ? 1 : 0;
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div: return Arithmetic(expr, Eval(expr.a, locals), Eval(expr.b, locals));
      case Op::Compare: return Compare(expr, Eval(expr.a, locals), Eval(expr.b, locals)) ? 1 : 0;
      case Op::And: return Eval(expr.a, locals) != 0 && Eval(expr.b, locals) != 0 ? 1 : 0;
      case Op::Or: return Eval(expr.a, locals) != 0 || Eval(expr.b, locals) != 0 ? 1 : 0;
      case Op::If: return Eval(expr.a, locals) != 0 ? Eval(expr.b, locals) : Eval(expr.c, locals);
      case Op::InSet: {
        Value element = Eval(expr.a, locals);
        Value set = Eval(expr.b, locals);
        if (expr.operand == Type::Channel) return (static_cast<uint64_t>(set) >> element) & 1;
        return cobro_set_contains(set, element);
      }
      case Op::SetLiteral: {
        std::vector<Value> values = Args(expr, locals);
        if (expr.type == Type::ChannelSet) {
          Value mask = 0;
          for (Value channel : values) mask |= Value{1} << channel;
          return mask;
        }
        return cobro_set_make(&context_, values.data(), static_cast<int32_t>(values.size()));
      }
      case Op::Convert: return Convert(expr, Eval(expr.a, locals));
      case Op::Call: {
        std::vector<Value> args = Args(expr, locals);
        return CallFunction(module_, static_cast<int32_t>(expr.imm), args.data(), context_);
      }
      case Op::Builtin: {
        std::vector<Value> args = Args(expr, locals);
        return cobro_builtin(&context_, static_cast<int32_t>(expr.imm), static_cast<int32_t>(expr.operand),
                             args.data());
      }
      case Op::Let:
        locals[expr.imm] = Eval(expr.a, locals);
        return Eval(expr.b, locals);
    }
    return 0;
  }

 private:
  auto Args(const flowir::Expr& expr, Value* locals) -> std::vector<Value> {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(expr.arg_count));
    for (int32_t i = 0; i < expr.arg_count; ++i) values.push_back(Eval(module_.args[expr.arg_begin + i], locals));
    return values;
  }

  auto Arithmetic(const flowir::Expr& expr, Value a, Value b) -> Value {
    Type b_type = module_.expr(expr.b).type;
    auto wrap = [](uint64_t value) { return static_cast<Value>(value); };
    auto ua = static_cast<uint64_t>(a);
    auto ub = static_cast<uint64_t>(b);
    switch (expr.operand) {
      case Type::Float: {
        double x = ToDouble(a);
        double y = ToDouble(b);
        switch (expr.op) {
          case Op::Add: return FromDouble(x + y);
          case Op::Sub: return FromDouble(x - y);
          case Op::Mul: return FromDouble(x * y);
          default: return FromDouble(x / y);
        }
      }
      case Type::Money:
        switch (expr.op) {
          case Op::Add: return wrap(ua + ub);
          case Op::Sub: return wrap(ua - ub);
          case Op::Mul:
            return b_type == Type::Float ? cobro_money_mul_float(&context_, a, ToDouble(b)) : wrap(ua * ub);
          default:
            if (b_type == Type::Money) {
              return FromDouble(b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b));
            }
            return b_type == Type::Float ? cobro_money_div_float(&context_, a, ToDouble(b))
                                         : cobro_money_div_int(&context_, a, b);
        }
      case Type::Duration:
        switch (expr.op) {
          case Op::Add: return wrap(ua + ub);
          case Op::Sub: return wrap(ua - ub);
          case Op::Mul: return b_type == Type::Float ? cobro_duration_mul_float(a, ToDouble(b)) : wrap(ua * ub);
          default:
            if (b_type == Type::Duration) {
              return FromDouble(b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b));
            }
            return b_type == Type::Float ? cobro_duration_div_float(a, ToDouble(b)) : cobro_duration_div_int(a, b);
        }
      case Type::DateTime:
        // datetime +/- duration, or datetime - datetime.
        return expr.op == Op::Add ? wrap(ua + ub) : wrap(ua - ub);
      case Type::Date:
        // date - date: whole days as a duration.
        return wrap((ua - ub) * static_cast<uint64_t>(kDay));
      default:
        switch (expr.op) {
          case Op::Add: return wrap(ua + ub);
          case Op::Sub: return wrap(ua - ub);
          case Op::Mul: return wrap(ua * ub);
          default: return FromDouble(static_cast<double>(a) / static_cast<double>(b));
        }
    }
  }

  auto Compare(const flowir::Expr& expr, Value a, Value b) -> bool {
    int order;
    if (expr.operand == Type::Float) {
      double x = ToDouble(a);
      double y = ToDouble(b);
      // NaN is unordered: every comparison but `!=` is false.
      if (std::isnan(x) || std::isnan(y)) return expr.compare == flowir::Compare::Ne;
      order = x < y ? -1 : x > y ? 1 : 0;
    } else if (expr.operand == Type::String && expr.compare != flowir::Compare::Eq &&
               expr.compare != flowir::Compare::Ne) {
      order = cobro_string_compare(&context_, a, b);
    } else {
      order = a < b ? -1 : a > b ? 1 : 0;
    }
    switch (expr.compare) {
      case flowir::Compare::Lt: return order < 0;
      case flowir::Compare::Le: return order <= 0;
      case flowir::Compare::Gt: return order > 0;
      case flowir::Compare::Ge: return order >= 0;
      case flowir::Compare::Eq: return order == 0;
      case flowir::Compare::Ne: return order != 0;
    }
    return false;
  }

  auto Convert(const flowir::Expr& expr, Value value) -> Value {
    switch (expr.conversion) {
      case flowir::Conversion::IntToFloat: return FromDouble(static_cast<double>(value));
      case flowir::Conversion::MoneyToFloat:
        return FromDouble(static_cast<double>(value) / static_cast<double>(flowir::kMoneyScale));
      case flowir::Conversion::FloatToInt: return cobro_float_to_int(ToDouble(value));
      case flowir::Conversion::DateToDateTime: return cobro_local_midnight(&context_, value);
      case flowir::Conversion::LocalToDateTime: return cobro_local_to_utc(&context_, value);
    }
    return value;
  }

  const flowir::Module& module_;
  runtime::EvalContext& context_;
};

}  // namespace

auto Evaluate(const flowir::Module& module, flowir::ExprId expr, runtime::Value* locals,
              runtime::EvalContext& context) -> runtime::Value {
  return Evaluator(module, context).Eval(expr, locals);
}

auto CallFunction(const flowir::Module& module, int32_t function, const runtime::Value* args,
                  runtime::EvalContext& context) -> runtime::Value {
  const flowir::Function& callee = module.functions[function];
  std::vector<Value> locals(static_cast<size_t>(std::max<int32_t>(callee.locals, 1)), 0);
  std::copy(args, args + callee.params.size(), locals.begin());
  return Evaluator(module, context).Eval(callee.body, locals.data());
}

}  // namespace cobro::interp
