#include "compiler/analysis/trigger_facts.h"

namespace cobro::analysis {

namespace {

// The field `e.f` names when `id` is a member of the bound event.
auto FieldOf(const ast::File& file, ast::ExprId id, const std::string& binding) -> std::string {
  if (!id.has_value()) return "";
  const ast::Expr& member = file.exprs.Get(id);
  if (member.kind != ast::ExprKind::Member || !member.lhs.has_value()) return "";
  const ast::Expr& object = file.exprs.Get(member.lhs);
  return object.kind == ast::ExprKind::Name && object.name.text == binding ? member.name.text : "";
}

auto Ordered(const ast::File& file, ast::ExprId id) -> std::optional<OrderedLiteral> {
  if (!id.has_value()) return std::nullopt;
  const ast::Expr& expr = file.exprs.Get(id);
  switch (expr.kind) {
    case ast::ExprKind::Int: return OrderedLiteral{OrderedLiteral::Kind::Number, Decimal::FromInt(expr.int_value)};
    case ast::ExprKind::Decimal: return OrderedLiteral{OrderedLiteral::Kind::Number, expr.decimal_value};
    case ast::ExprKind::Duration:
      return OrderedLiteral{OrderedLiteral::Kind::Duration, Decimal::FromInt(expr.duration_value.milliseconds)};
    case ast::ExprKind::Date: return OrderedLiteral{OrderedLiteral::Kind::Date, Decimal::FromInt(expr.date_value.days)};
    default: return std::nullopt;
  }
}

auto IsComparison(ast::BinaryOp op) -> bool {
  switch (op) {
    case ast::BinaryOp::Lt:
    case ast::BinaryOp::Le:
    case ast::BinaryOp::Gt:
    case ast::BinaryOp::Ge:
    case ast::BinaryOp::Eq:
    case ast::BinaryOp::Ne: return true;
    default: return false;
  }
}

// `v op f` read as `f op' v`.
auto Mirrored(ast::BinaryOp op) -> ast::BinaryOp {
  switch (op) {
    case ast::BinaryOp::Lt: return ast::BinaryOp::Gt;
    case ast::BinaryOp::Le: return ast::BinaryOp::Ge;
    case ast::BinaryOp::Gt: return ast::BinaryOp::Lt;
    case ast::BinaryOp::Ge: return ast::BinaryOp::Le;
    default: return op;
  }
}

// A comparison of the bound event's field with an ordered literal.
auto BoundOf(const ast::File& file, const ast::Expr& expr, const std::string& binding) -> std::optional<FieldBound> {
  if (expr.kind != ast::ExprKind::Binary || !IsComparison(expr.binary_op)) return std::nullopt;
  if (std::string field = FieldOf(file, expr.lhs, binding); !field.empty()) {
    if (auto value = Ordered(file, expr.rhs)) return FieldBound{field, expr.binary_op, *value};
  }
  if (std::string field = FieldOf(file, expr.rhs, binding); !field.empty()) {
    if (auto value = Ordered(file, expr.lhs)) return FieldBound{field, Mirrored(expr.binary_op), *value};
  }
  return std::nullopt;
}

// The values `op v` allows, as an interval of the real line; `Ne` is not one.
struct Interval {
  bool has_low = false, low_closed = false, has_high = false, high_closed = false;
  Decimal low, high;
};

auto IntervalOf(ast::BinaryOp op, const Decimal& v) -> Interval {
  Interval interval;
  switch (op) {
    case ast::BinaryOp::Lt: interval = {false, false, true, false, {}, v}; break;
    case ast::BinaryOp::Le: interval = {false, false, true, true, {}, v}; break;
    case ast::BinaryOp::Gt: interval = {true, false, false, false, v, {}}; break;
    case ast::BinaryOp::Ge: interval = {true, true, false, false, v, {}}; break;
    default: interval = {true, true, true, true, v, v}; break;
  }
  return interval;
}

auto Contains(const Interval& interval, const Decimal& v) -> bool {
  if (interval.has_low && (v < interval.low || (v == interval.low && !interval.low_closed))) return false;
  if (interval.has_high && (v > interval.high || (v == interval.high && !interval.high_closed))) return false;
  return true;
}

// Whether every value of `inner` is in `outer`.
auto Within(const Interval& inner, const Interval& outer) -> bool {
  if (outer.has_low) {
    if (!inner.has_low || inner.low < outer.low) return false;
    if (inner.low == outer.low && inner.low_closed && !outer.low_closed) return false;
  }
  if (outer.has_high) {
    if (!inner.has_high || inner.high > outer.high) return false;
    if (inner.high == outer.high && inner.high_closed && !outer.high_closed) return false;
  }
  return true;
}

auto Disjoint(const Interval& a, const Interval& b) -> bool {
  auto below = [](const Interval& lower, const Interval& upper) {
    // Every value of `lower` is below every value of `upper`.
    if (!lower.has_high || !upper.has_low) return false;
    return lower.high < upper.low || (lower.high == upper.low && !(lower.high_closed && upper.low_closed));
  };
  return below(a, b) || below(b, a);
}

// What `fact` says of `query` on the same field: implied, excluded, or not told.
auto Compare(const FieldBound& fact, const FieldBound& query) -> std::optional<bool> {
  if (fact.value.kind != query.value.kind) return std::nullopt;
  if (fact.op == ast::BinaryOp::Ne) {
    if (query.op == ast::BinaryOp::Ne && query.value.value == fact.value.value) return true;
    if (query.op == ast::BinaryOp::Eq && query.value.value == fact.value.value) return false;
    return std::nullopt;
  }
  Interval known = IntervalOf(fact.op, fact.value.value);
  if (query.op == ast::BinaryOp::Ne) {
    if (!Contains(known, query.value.value)) return true;
    if (known.has_low && known.has_high && known.low == known.high) return false;
    return std::nullopt;
  }
  Interval asked = IntervalOf(query.op, query.value.value);
  if (Within(known, asked)) return true;
  if (Disjoint(known, asked)) return false;
  return std::nullopt;
}

void Collect(const ast::File& file, ast::ExprId id, const std::string& binding, TriggerFacts& facts) {
  if (!id.has_value() || binding.empty()) return;
  const ast::Expr& expr = file.exprs.Get(id);
  if (expr.kind == ast::ExprKind::Binary && expr.binary_op == ast::BinaryOp::And) {
    Collect(file, expr.lhs, binding, facts);
    Collect(file, expr.rhs, binding, facts);
    return;
  }
  if (std::string field = FieldOf(file, id, binding); !field.empty()) {
    facts.equal.push_back({field, "true"});
    return;
  }
  if (expr.kind == ast::ExprKind::Unary && expr.unary_op == ast::UnaryOp::Not) {
    if (std::string negated = FieldOf(file, expr.lhs, binding); !negated.empty()) facts.equal.push_back({negated, "false"});
    return;
  }
  if (auto bound = BoundOf(file, expr, binding)) facts.bounds.push_back(*bound);
  if (expr.kind == ast::ExprKind::Binary && expr.binary_op == ast::BinaryOp::Eq) {
    std::string field = FieldOf(file, expr.lhs, binding);
    ast::ExprId literal = expr.rhs;
    if (field.empty()) {
      field = FieldOf(file, expr.rhs, binding);
      literal = expr.lhs;
    }
    std::string text = literal.has_value() ? LiteralText(file.exprs.Get(literal)) : "";
    if (!field.empty() && !text.empty()) facts.equal.push_back({field, text});
  }
}

}  // namespace

auto LiteralText(const ast::Expr& expr) -> std::string {
  switch (expr.kind) {
    case ast::ExprKind::Bool: return expr.bool_value ? "true" : "false";
    case ast::ExprKind::String: return "\"" + expr.string_value;
    case ast::ExprKind::Int: return std::to_string(expr.int_value);
    case ast::ExprKind::Decimal: return expr.decimal_value.ToString();
    default: return "";
  }
}

auto CollectFacts(const ast::File& file, ast::ExprId guard, const std::string& binding) -> TriggerFacts {
  TriggerFacts facts;
  Collect(file, guard, binding, facts);
  return facts;
}

auto Decide(const ast::File& file, ast::ExprId id, const std::string& binding, const TriggerFacts& facts)
    -> std::optional<bool> {
  if (!id.has_value() || binding.empty()) return std::nullopt;
  const ast::Expr& expr = file.exprs.Get(id);
  auto equal_fact = [&](ast::ExprId member_id) -> std::optional<std::string> {
    std::string field = FieldOf(file, member_id, binding);
    if (field.empty()) return std::nullopt;
    for (const auto& [known, value] : facts.equal) {
      if (known == field) return value;
    }
    return std::nullopt;
  };
  switch (expr.kind) {
    case ast::ExprKind::Member: {
      auto value = equal_fact(id);
      if (value == "true") return true;
      if (value == "false") return false;
      return std::nullopt;
    }
    case ast::ExprKind::Unary: {
      if (expr.unary_op != ast::UnaryOp::Not) return std::nullopt;
      auto inner = Decide(file, expr.lhs, binding, facts);
      return inner ? std::optional<bool>(!*inner) : std::nullopt;
    }
    case ast::ExprKind::Binary: {
      if (expr.binary_op == ast::BinaryOp::And || expr.binary_op == ast::BinaryOp::Or) {
        auto left = Decide(file, expr.lhs, binding, facts);
        auto right = Decide(file, expr.rhs, binding, facts);
        bool is_and = expr.binary_op == ast::BinaryOp::And;
        if (left == !is_and || right == !is_and) return !is_and;
        if (left && right) return is_and;
        return std::nullopt;
      }
      if (auto query = BoundOf(file, expr, binding)) {
        for (const FieldBound& fact : facts.bounds) {
          if (fact.field != query->field) continue;
          if (auto decided = Compare(fact, *query)) return decided;
        }
      }
      if (expr.binary_op != ast::BinaryOp::Eq && expr.binary_op != ast::BinaryOp::Ne) return std::nullopt;
      auto value = equal_fact(expr.lhs);
      ast::ExprId literal = expr.rhs;
      if (!value) {
        value = equal_fact(expr.rhs);
        literal = expr.lhs;
      }
      std::string text = literal.has_value() ? LiteralText(file.exprs.Get(literal)) : "";
      if (!value || text.empty()) return std::nullopt;
      bool equal = *value == text;
      // A different literal decides `==` only when the fact is an equality
      // the rule states; a boolean fact compared to `true`/`false` too.
      return expr.binary_op == ast::BinaryOp::Eq ? equal : !equal;
    }
    default: return std::nullopt;
  }
}

}  // namespace cobro::analysis
