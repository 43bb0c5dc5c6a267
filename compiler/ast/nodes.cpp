#include "compiler/ast/nodes.h"

namespace cobro::ast {

auto QualifiedName::Joined() const -> std::string {
  std::string result;
  for (const Ident& part : parts) {
    if (!result.empty()) result += '.';
    result += part.text;
  }
  return result;
}

auto Spelling(UnaryOp op) -> const char* { return op == UnaryOp::Negate ? "-" : "not"; }

auto Spelling(BinaryOp op) -> const char* {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::In: return "in";
    case BinaryOp::NotIn: return "not in";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

}  // namespace cobro::ast
