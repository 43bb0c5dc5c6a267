// The layout of profiles, events, functions, builtins, scorecards,
// experiments and tests.

#include "compiler/format/annotator.h"

namespace cobro::format {

namespace {

void AnnotateFields(Annotator& annotator, const std::vector<ast::FieldDecl>& fields) {
  for (const ast::FieldDecl& field : fields) {
    annotator.Hard(annotator.At(field.range.begin));
    if (field.default_value.has_value()) {
      const ast::Expr& value = annotator.file().exprs.Get(field.default_value);
      annotator.Break(annotator.At(value.range.begin), BreakLevel::Clause);
    }
  }
}

auto ExprBegin(Annotator& annotator, ast::ExprId id) -> int32_t {
  if (!id.has_value()) return -1;
  return annotator.At(annotator.file().exprs.Get(id).range.begin);
}

// A sign written before a number (`+40`, `-5`, `base -10`) touches it.
void GlueSign(Annotator& annotator, int32_t number) {
  int32_t sign = annotator.Previous(number);
  if (annotator.Is(sign, "+") || annotator.Is(sign, "-")) annotator.Glue(number);
}

}  // namespace

void AnnotateProfile(Annotator& annotator, const ast::ProfileDecl& profile) {
  annotator.Block(annotator.Find("{", profile.range));
  AnnotateFields(annotator, profile.fields);
}

void AnnotateEvent(Annotator& annotator, const ast::EventDecl& event) {
  annotator.AttachedList(annotator.After(event.name.range.end));
  annotator.Block(annotator.Find("{", event.range));
  AnnotateFields(annotator, event.fields);
}

void AnnotateFn(Annotator& annotator, const ast::FnDecl& fn) {
  annotator.AttachedList(annotator.After(fn.name.range.end));
  if (!fn.block_body) {
    annotator.Break(ExprBegin(annotator, fn.body), BreakLevel::Clause);
    return;
  }
  // Parameters and the result type hold no braces: the first one opens the body.
  annotator.Block(annotator.Find("{", fn.range));
  for (const ast::LetStmt& let : fn.lets) {
    annotator.Hard(annotator.At(let.range.begin));
    annotator.Break(ExprBegin(annotator, let.value), BreakLevel::Clause);
  }
  annotator.Hard(ExprBegin(annotator, fn.body));
}

void AnnotateBuiltin(Annotator& annotator, const ast::BuiltinDecl& builtin) {
  int32_t after_name = annotator.After(builtin.name.range.end);
  if (annotator.Is(after_name, "<")) {
    annotator.Glue(after_name);
    annotator.Glue(annotator.Next(after_name));
  }
  int32_t open = annotator.Find("(", builtin.range);
  if (annotator.Is(annotator.Previous(open), ">")) annotator.Glue(annotator.Previous(open));
  annotator.AttachedList(open);
}

void AnnotateScorecard(Annotator& annotator, const ast::ScorecardDecl& scorecard) {
  int32_t group = annotator.NewAlignGroup();
  int32_t open = annotator.After(scorecard.name.range.end);
  annotator.AttachedList(open);
  if (annotator.Is(open, "(")) {
    // `base 600`, `base -10`.
    int32_t base = annotator.Next(annotator.token(open).match);
    if (annotator.Is(base, "base")) {
      int32_t number = annotator.Next(base);
      if (annotator.Is(number, "+") || annotator.Is(number, "-")) number = annotator.Next(number);
      GlueSign(annotator, number);
    }
  }
  annotator.Block(annotator.Find("{", scorecard.range));
  for (const ast::ScoreRow& row : scorecard.rows) {
    annotator.Hard(annotator.At(row.range.begin));
    std::vector<SourceRange> bins;
    for (const ast::ScoreBin& bin : row.bins) bins.push_back(bin.range);
    annotator.ClauseList(bins);
    for (size_t i = 0; i < row.bins.size(); ++i) {
      const ast::ScoreBin& bin = row.bins[i];
      int32_t first = annotator.At(bin.range.begin);
      if (i == 0 && first >= 0) {
        annotator.token(first).align_group = group;
        // Breaking the subject to fit would change the alignment of every row.
        for (int32_t at = annotator.Next(annotator.At(row.range.begin)); at >= 0 && at < first;
             at = annotator.Next(at)) {
          annotator.token(at).keep_together = true;
        }
      }
      if (annotator.Is(annotator.At(bin.condition_range.begin), "..")) {
        annotator.SpaceBefore(annotator.At(bin.condition_range.begin));
      }
      for (ast::ExprId value : {bin.low, bin.high, bin.compare_value}) {
        GlueSign(annotator, ExprBegin(annotator, value));
      }
      GlueSign(annotator, annotator.Before(bin.range.end));
    }
  }
}

void AnnotateExperiment(Annotator& annotator, const ast::ExperimentDecl& experiment) {
  int32_t open = annotator.Find("{", experiment.range);
  if (experiment.salt) annotator.Break(annotator.Previous(annotator.Previous(open)), BreakLevel::Clause);
  annotator.Block(open);
  int32_t group = annotator.NewAlignGroup();
  for (const ast::Arm& arm : experiment.arms) {
    annotator.Hard(annotator.At(arm.range.begin));
    int32_t share = annotator.At(arm.share_range.begin);
    if (share >= 0) annotator.token(share).align_group = group;
  }
}

void AnnotateTest(Annotator& annotator, const ast::TestDecl& test) {
  int32_t open = annotator.Find("{", test.range);
  annotator.Block(open);
  if (open < 0) return;
  int32_t close = annotator.token(open).match;
  // Only the last `given` is in the tree; a second one is still a line.
  for (int32_t at = annotator.Next(open); at >= 0 && at < close; at = annotator.Next(at)) {
    if (!annotator.Is(at, "given")) continue;
    annotator.Hard(at);
    int32_t record = at;
    while (record >= 0 && record < close && !annotator.Is(record, "{")) record = annotator.Next(record);
    AnnotateRecord(annotator, record);
  }
  for (const ast::TestStep& step : test.steps) {
    int32_t at = annotator.At(step.range.begin);
    annotator.Hard(at);
    if (step.time_kind == ast::TimeSpecKind::Relative) {
      annotator.Glue(annotator.Next(annotator.At(step.time_range.begin)));
    }
    if (step.event) {
      annotator.Break(annotator.Before(step.event->range.begin), BreakLevel::Clause);
      int32_t record = annotator.After(step.event->range.end);
      if (record >= 0 && annotator.token(record).token.end <= step.range.end) {
        AnnotateRecord(annotator, record);
      }
    }
    if (!step.expectations.empty()) {
      // `-> expect` moves as one.
      int32_t first = annotator.At(step.expectations.front().range.begin);
      annotator.Break(annotator.Previous(annotator.Previous(first)), BreakLevel::Clause);
      std::vector<SourceRange> expectations;
      for (const ast::Expectation& expectation : step.expectations) {
        expectations.push_back(expectation.range);
      }
      annotator.ClauseList(expectations);
    }
  }
}

void AnnotateRecord(Annotator& annotator, int32_t open) {
  if (annotator.Is(open, "{")) annotator.List(open, true);
}

}  // namespace cobro::format
