#pragma once

// What a rule's `when` states of its trigger (`on dispute e when e.written`,
// `on breathing_space b when b.length > 60d`), and how that decides the
// conditions a flow's handlers test on the same event.

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/base/decimal.h"

namespace cobro::analysis {

// A literal that orders: a number, a duration, a date. Values of one kind
// compare; an int and a decimal are both numbers.
struct OrderedLiteral {
  enum class Kind : uint8_t { Number, Duration, Date };
  Kind kind = Kind::Number;
  Decimal value;
};

// `field op value` of the event, with the field on the left.
struct FieldBound {
  std::string field;
  ast::BinaryOp op = ast::BinaryOp::Eq;  // Lt, Le, Gt, Ge, Eq or Ne.
  OrderedLiteral value;
};

// The facts of one `when`, one per conjunct.
struct TriggerFacts {
  // field -> `true`, `false` or a literal's text (LiteralText).
  std::vector<std::pair<std::string, std::string>> equal;
  // Comparisons with ordered literals (equalities with them too).
  std::vector<FieldBound> bounds;
};

// The facts a guard states about the event bound to `binding`: `e.f`, `not
// e.f`, `e.f == literal`, `e.f < literal` and the other comparisons, as
// conjuncts. Anything else states nothing.
auto CollectFacts(const ast::File& file, ast::ExprId guard, const std::string& binding) -> TriggerFacts;

// Whether `condition`, over the event a handler binds to `binding`, holds
// for every event with `facts` (true), for none (false), or cannot be told.
auto Decide(const ast::File& file, ast::ExprId condition, const std::string& binding, const TriggerFacts& facts)
    -> std::optional<bool>;

// The text of a literal as facts compare it: `true`, `"x`, `3`; empty for
// anything else.
auto LiteralText(const ast::Expr& expr) -> std::string;

}  // namespace cobro::analysis
