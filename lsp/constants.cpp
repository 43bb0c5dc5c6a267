#include "lsp/constants.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace cobro::lsp {

namespace {

auto Valid(const ast::File& file, ast::ExprId expr) -> bool {
  return expr.has_value() && static_cast<size_t>(expr.index) < file.exprs.size();
}

auto ConstantNumber(const ast::File& file, ast::ExprId id) -> std::optional<double> {
  if (!Valid(file, id)) return std::nullopt;
  const ast::Expr& expr = file.exprs.Get(id);
  switch (expr.kind) {
    case ast::ExprKind::Int: return static_cast<double>(expr.int_value);
    case ast::ExprKind::Decimal: return std::strtod(expr.decimal_value.ToString().c_str(), nullptr);
    case ast::ExprKind::Unary:
      if (expr.unary_op != ast::UnaryOp::Negate) return std::nullopt;
      if (auto value = ConstantNumber(file, expr.lhs)) return -*value;
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace

auto ConstantDuration(const ast::File& file, ast::ExprId id) -> std::optional<int64_t> {
  if (!Valid(file, id)) return std::nullopt;
  const ast::Expr& expr = file.exprs.Get(id);
  switch (expr.kind) {
    case ast::ExprKind::Duration: return expr.duration_value.milliseconds;
    case ast::ExprKind::Unary:
      if (expr.unary_op != ast::UnaryOp::Negate) return std::nullopt;
      if (auto value = ConstantDuration(file, expr.lhs)) return -*value;
      return std::nullopt;
    case ast::ExprKind::Binary: {
      auto left = ConstantDuration(file, expr.lhs);
      auto right = ConstantDuration(file, expr.rhs);
      switch (expr.binary_op) {
        case ast::BinaryOp::Add:
          if (left && right) return *left + *right;
          return std::nullopt;
        case ast::BinaryOp::Sub:
          if (left && right) return *left - *right;
          return std::nullopt;
        case ast::BinaryOp::Mul: {
          if (left) {
            if (auto factor = ConstantNumber(file, expr.rhs)) return std::llround(static_cast<double>(*left) * *factor);
          }
          if (right) {
            if (auto factor = ConstantNumber(file, expr.lhs)) return std::llround(static_cast<double>(*right) * *factor);
          }
          return std::nullopt;
        }
        case ast::BinaryOp::Div: {
          auto divisor = ConstantNumber(file, expr.rhs);
          if (left && divisor && *divisor != 0) return std::llround(static_cast<double>(*left) / *divisor);
          return std::nullopt;
        }
        default: return std::nullopt;
      }
    }
    default: return std::nullopt;
  }
}

}  // namespace cobro::lsp
