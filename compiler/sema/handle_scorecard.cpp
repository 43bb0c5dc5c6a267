// Scorecards: row subjects, bin types, and the bin checks a credit analyst
// would do by hand: overlaps, gaps, empty intervals and unreachable bins.

#include <algorithm>

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(ScorecardBinType, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(ScorecardBinOverlap, Error, "bin overlaps an earlier bin of the same row{0}",
                 std::string);
COBRO_NOTE(OverlappedBin, "the earlier bin is here");
COBRO_DIAGNOSTIC(ScorecardBinGap, Warning, "no bin covers {0}, so {1} no points{2}",
                 std::string, std::string, std::string);
COBRO_DIAGNOSTIC(ScorecardBinUnreachable, Warning, "bin never matches: {0}", std::string);
COBRO_DIAGNOSTIC(EmptyInterval, Error, "bin `{0}` contains no values", std::string);

// A constant bin bound: a number (ints, decimals, durations in ms, dates in
// days, times in seconds) or a string.
struct Bound {
  bool is_text = false;
  Decimal number;
  std::string text;     // For strings, the value; otherwise how to print it.
};

auto ConstantBound(Context& context, ast::ExprId id) -> std::optional<Bound> {
  if (!id.has_value()) return std::nullopt;
  const ast::Expr& expr = context.expr(id);
  switch (expr.kind) {
    case ast::ExprKind::Int:
      return Bound{false, Decimal::FromInt(expr.int_value), std::to_string(expr.int_value)};
    case ast::ExprKind::Decimal:
      return Bound{false, expr.decimal_value, expr.decimal_value.ToString()};
    case ast::ExprKind::Duration:
      return Bound{false, Decimal::FromInt(expr.duration_value.milliseconds),
                   expr.duration_value.ToString()};
    case ast::ExprKind::Date:
      return Bound{false, Decimal::FromInt(expr.date_value.days), expr.date_value.ToString()};
    case ast::ExprKind::Time:
      return Bound{false, Decimal::FromInt(expr.time_value.seconds), expr.time_value.ToString()};
    case ast::ExprKind::String: return Bound{true, {}, expr.string_value};
    case ast::ExprKind::Unary: {
      if (expr.unary_op != ast::UnaryOp::Negate) return std::nullopt;
      auto inner = ConstantBound(context, expr.lhs);
      if (!inner || inner->is_text) return std::nullopt;
      auto negated = inner->number.Negated();
      if (!negated) return std::nullopt;
      return Bound{false, *negated, "-" + inner->text};
    }
    default: return std::nullopt;
  }
}

// A bin as a set of values: an interval with optional infinite ends.
struct Span {
  std::optional<Bound> low;   // nullopt: minus infinity.
  std::optional<Bound> high;  // nullopt: plus infinity.
  bool low_closed = true;
  bool high_closed = true;
  const ast::ScoreBin* bin = nullptr;
};

auto Less(const Bound& a, const Bound& b) -> bool {
  return a.is_text ? a.text < b.text : a.number < b.number;
}
auto Equal(const Bound& a, const Bound& b) -> bool {
  return a.is_text ? a.text == b.text : a.number == b.number;
}

// Whether every value of `a` lies below every value of `b`.
auto Before(const Span& a, const Span& b) -> bool {
  if (!a.high || !b.low) return false;
  if (Less(*a.high, *b.low)) return true;
  return Equal(*a.high, *b.low) && !(a.high_closed && b.low_closed);
}

// Whether the spans share a value.
auto Overlaps(const Span& a, const Span& b) -> bool { return !Before(a, b) && !Before(b, a); }

auto BinText(const Span& span) -> std::string {
  std::string low = span.low ? span.low->text : "..";
  std::string high = span.high ? span.high->text : "..";
  return std::string(span.low_closed ? "[" : "(") + low + ", " + high +
         (span.high_closed ? "]" : ")");
}

// Integer bins are whole numbers: `(0, 5)` is `[1, 4]`, and `1..2` is
// followed without a gap by `3..`.
void NormalizeIntegerSpan(Span& span) {
  auto step = [](Bound& bound, int64_t delta) {
    bound.number = Decimal::FromInt(bound.number.coefficient + delta);
    bound.text = std::to_string(bound.number.coefficient);
  };
  if (span.low && span.low->number.scale == 0 && !span.low_closed) {
    step(*span.low, 1);
    span.low_closed = true;
  }
  if (span.high && span.high->number.scale == 0 && !span.high_closed) {
    step(*span.high, -1);
    span.high_closed = true;
  }
}

void CheckSetBins(Context& context, const ast::ScoreRow& row, bool integer_subject,
                  bool has_else) {
  std::vector<Span> spans;
  bool has_empty = false;
  for (const ast::ScoreBin& bin : row.bins) {
    if (bin.kind != ast::BinKind::Interval && bin.kind != ast::BinKind::Range) continue;
    Span span;
    span.bin = &bin;
    span.low_closed = bin.kind == ast::BinKind::Range || bin.low_closed;
    span.high_closed = bin.kind == ast::BinKind::Range || bin.high_closed;
    if (bin.low.has_value()) {
      span.low = ConstantBound(context, bin.low);
      if (!span.low) return;  // A named bound: nothing to prove statically.
    }
    if (bin.high.has_value()) {
      span.high = ConstantBound(context, bin.high);
      if (!span.high) return;
    }
    if (!span.low) span.low_closed = false;
    if (!span.high) span.high_closed = false;
    // Report the bin as written, not as its whole-number equivalent.
    std::string written = BinText(span);
    if (integer_subject) NormalizeIntegerSpan(span);
    bool empty = span.low && span.high &&
                 (Less(*span.high, *span.low) ||
                  (Equal(*span.low, *span.high) && !(span.low_closed && span.high_closed)));
    if (empty) {
      context.emitter.Emit(bin.condition_range, EmptyInterval, written);
      // The bin was meant to cover something; gaps around it are its echo.
      has_empty = true;
      continue;
    }
    for (const Span& earlier : spans) {
      if (Overlaps(earlier, span)) {
        context.emitter.Build(bin.condition_range, ScorecardBinOverlap,
                              "; a value can match only one bin")
            .Note(earlier.bin->condition_range, OverlappedBin)
            .Emit();
        break;
      }
    }
    spans.push_back(span);
  }
  if (has_else || has_empty || spans.size() < 2) return;
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    if (!a.low || !b.low) return !a.low && b.low;
    return Less(*a.low, *b.low);
  });
  for (size_t i = 0; i + 1 < spans.size(); ++i) {
    const Span& left = spans[i];
    const Span& right = spans[i + 1];
    if (!left.high || !right.low || left.high->is_text) continue;
    bool gap = Less(*left.high, *right.low) ||
               (Equal(*left.high, *right.low) && !left.high_closed && !right.low_closed);
    if (integer_subject && left.high_closed && right.low_closed &&
        right.low->number.scale == 0 && left.high->number.scale == 0 &&
        left.high->number.coefficient + 1 == right.low->number.coefficient) {
      gap = false;
    }
    if (gap) {
      std::string what = "values between " + left.high->text + " and " + right.low->text;
      if (Equal(*left.high, *right.low)) {
        what = "the value " + left.high->text;
      } else if (integer_subject && left.high->number.scale == 0 &&
                 right.low->number.scale == 0) {
        // Whole numbers: name the first and last value left out.
        int64_t first = left.high->number.coefficient + 1;
        int64_t last = right.low->number.coefficient - 1;
        what = first == last ? "the value " + std::to_string(first)
                             : "values " + std::to_string(first) + " to " + std::to_string(last);
      }
      context.emitter.Emit(right.bin->condition_range, ScorecardBinGap, what,
                           what.starts_with("the value") ? "it gets" : "they get",
                           "; add a bin or an `else`");
    }
  }
}

// First-match comparison bins: later bins that an earlier bin always takes,
// and the values no bin takes.
void CheckCompareBins(Context& context, const ast::ScoreRow& row, bool has_else) {
  std::optional<Bound> upper;  // `< v` bins cover everything below this.
  std::optional<Bound> lower;  // `> v` bins cover everything above this.
  bool upper_closed = false;
  bool lower_closed = false;
  bool all_upper = true;
  bool all_lower = true;
  const ast::ScoreBin* last = nullptr;
  for (const ast::ScoreBin& bin : row.bins) {
    if (bin.kind != ast::BinKind::Compare) continue;
    auto value = ConstantBound(context, bin.compare_value);
    if (!value || value->is_text) return;
    bool is_upper = bin.compare_op == ast::BinaryOp::Lt || bin.compare_op == ast::BinaryOp::Le;
    bool is_lower = bin.compare_op == ast::BinaryOp::Gt || bin.compare_op == ast::BinaryOp::Ge;
    all_upper = all_upper && is_upper;
    all_lower = all_lower && is_lower;
    bool closed = bin.compare_op == ast::BinaryOp::Le || bin.compare_op == ast::BinaryOp::Ge;
    if (is_upper && upper &&
        (Less(*value, *upper) || (Equal(*value, *upper) && (upper_closed || !closed)))) {
      context.emitter.Emit(bin.condition_range, ScorecardBinUnreachable,
                           std::string("an earlier bin takes every value ") +
                               (upper_closed ? "up to " : "below ") + upper->text);
    } else if (is_lower && lower &&
               (Less(*lower, *value) || (Equal(*value, *lower) && (lower_closed || !closed)))) {
      context.emitter.Emit(bin.condition_range, ScorecardBinUnreachable,
                           std::string("an earlier bin takes every value ") +
                               (lower_closed ? "from " : "above ") + lower->text);
    }
    // `<= v` after `< v` covers one value more.
    if (is_upper && (!upper || Less(*upper, *value) ||
                     (Equal(*upper, *value) && closed && !upper_closed))) {
      upper = value;
      upper_closed = closed;
    }
    if (is_lower && (!lower || Less(*value, *lower) ||
                     (Equal(*lower, *value) && closed && !lower_closed))) {
      lower = value;
      lower_closed = closed;
    }
    last = &bin;
  }
  if (has_else || last == nullptr) return;
  if (all_upper && upper) {
    context.emitter.Emit(last->condition_range, ScorecardBinGap,
                         std::string("values ") + (upper_closed ? "above " : "from ") + upper->text,
                         "they get", "; end the row with `else => 0` if that is intended");
  } else if (all_lower && lower) {
    context.emitter.Emit(last->condition_range, ScorecardBinGap,
                         std::string("values ") + (lower_closed ? "below " : "up to ") + lower->text,
                         "they get", "; end the row with `else => 0` if that is intended");
  }
}

void CheckRow(Context& context, const Scope& scope, const ast::ScoreRow& row) {
  TypeStore& types = context.types();
  TypeId subject = Settle(context, CheckExpr(context, scope, row.subject));
  bool has_compare = false;
  bool has_set = false;
  bool has_else = false;
  const ast::ScoreBin* else_bin = nullptr;
  for (const ast::ScoreBin& bin : row.bins) {
    if (else_bin != nullptr) {
      context.emitter.Emit(bin.condition_range, ScorecardBinUnreachable,
                           "an earlier `else` takes every value");
    }
    switch (bin.kind) {
      case ast::BinKind::Compare: has_compare = true; break;
      case ast::BinKind::Interval:
      case ast::BinKind::Range: has_set = true; break;
      case ast::BinKind::Else:
        has_else = true;
        else_bin = &bin;
        break;
    }
    // A value bin (`is 3`) shares one expression as its low and high bound.
    ast::ExprId high = bin.high == bin.low ? ast::ExprId::None() : bin.high;
    for (ast::ExprId bound : {bin.low, high, bin.compare_value}) {
      if (!bound.has_value()) continue;
      TypeId bound_type = CheckExpr(context, scope, bound);
      if (!types.is_error(subject) && !IsAssignable(context, bound_type, subject) &&
          !types.is_error(bound_type)) {
        context.emitter.Emit(context.expr(bound).range, ScorecardBinType,
                             "bin bound of type `" + TypeName(context, bound_type) +
                                 "` does not fit a row on `" + TypeName(context, subject) + "`");
      }
    }
  }
  if (has_compare && has_set) {
    context.emitter.Emit(row.range, ScorecardBinType,
                         "row mixes comparison bins with interval bins; use one style per row");
    return;
  }
  if (types.is_error(subject)) return;
  if (has_set) CheckSetBins(context, row, types.kind(subject) == TypeKind::Int, has_else);
  if (has_compare) CheckCompareBins(context, row, has_else);
}

}  // namespace

void HandleScorecard(Context& context, int32_t index) {
  const ast::ScorecardDecl& scorecard = context.file().scorecards[index];
  const Signature& signature = context.module().scorecard_signatures[index];
  Scope scope;
  for (size_t i = 0; i < scorecard.params.size(); ++i) {
    scope.Add(Local{scorecard.params[i].name.text, signature.params[i],
                    scorecard.params[i].name.range});
  }
  context.current_callable = {SymbolKind::Scorecard, GlobalDecl{context.module_index, index}};
  for (const ast::ScoreRow& row : scorecard.rows) CheckRow(context, scope, row);
  context.current_callable.reset();
}

}  // namespace cobro::sema
