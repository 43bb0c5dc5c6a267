#include "compiler/format/annotator.h"

#include <algorithm>

namespace cobro::format {

Annotator::Annotator(const ast::File& file, Tokens& tokens) : file_(file), tokens_(tokens) {
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].comment) continue;
    code_.push_back(static_cast<int32_t>(i));
    code_begins_.push_back(tokens_[i].token.begin);
  }
}

auto Annotator::At(uint32_t offset) const -> int32_t {
  auto it = std::lower_bound(code_begins_.begin(), code_begins_.end(), offset);
  if (it == code_begins_.end() || *it != offset) return -1;
  return code_[static_cast<size_t>(it - code_begins_.begin())];
}

auto Annotator::Before(uint32_t offset) const -> int32_t {
  // Tokens never overlap, so the last one beginning before `offset` is the
  // last one ending at or before it, unless it straddles `offset`.
  auto it = std::lower_bound(code_begins_.begin(), code_begins_.end(), offset);
  while (it != code_begins_.begin()) {
    --it;
    int32_t index = code_[static_cast<size_t>(it - code_begins_.begin())];
    if (tokens_[static_cast<size_t>(index)].token.end <= offset) return index;
  }
  return -1;
}

auto Annotator::After(uint32_t offset) const -> int32_t {
  auto it = std::lower_bound(code_begins_.begin(), code_begins_.end(), offset);
  if (it == code_begins_.end()) return -1;
  return code_[static_cast<size_t>(it - code_begins_.begin())];
}

auto Annotator::Next(int32_t index) const -> int32_t {
  if (index < 0) return -1;
  return After(tokens_[static_cast<size_t>(index)].token.end);
}

auto Annotator::Previous(int32_t index) const -> int32_t {
  if (index < 0) return -1;
  return Before(tokens_[static_cast<size_t>(index)].token.begin);
}

auto Annotator::Is(int32_t index, std::string_view spelling) const -> bool {
  return index >= 0 && tokens_[static_cast<size_t>(index)].is(spelling);
}

auto Annotator::Find(std::string_view spelling, SourceRange range) const -> int32_t {
  for (int32_t index = After(range.begin);
       index >= 0 && tokens_[static_cast<size_t>(index)].token.end <= range.end;
       index = Next(index)) {
    if (tokens_[static_cast<size_t>(index)].is(spelling)) return index;
  }
  return -1;
}

void Annotator::Hard(int32_t index) {
  if (index >= 0) token(index).hard = true;
}

void Annotator::Break(int32_t index, BreakLevel level) {
  if (index < 0) return;
  BreakLevel& current = token(index).break_level;
  if (current == BreakLevel::None || level < current) current = level;
}

void Annotator::Glue(int32_t index) {
  if (index >= 0) token(index).glue = true;
}

void Annotator::Block(int32_t index) {
  if (!Is(index, "{") || token(index).match < 0) return;
  int32_t close = token(index).match;
  token(index).bracket = BracketKind::Block;
  token(close).bracket = BracketKind::Block;
  // `state idle {}` stays on one line; anything inside, even a comment,
  // opens the block.
  if (close == index + 1) {
    Glue(close);
  } else {
    Hard(close);
  }
}

void Annotator::List(int32_t index, bool space_inside) {
  if (index < 0 || !token(index).opener() || token(index).match < 0) return;
  int32_t close = token(index).match;
  token(index).bracket = BracketKind::List;
  token(close).bracket = BracketKind::List;
  token(index).space_inside = space_inside;
  int32_t first = Next(index);
  if (first == close) return;
  Break(first, BreakLevel::ListItem);
  Break(close, BreakLevel::ListItem);
  for (int32_t at = first; at >= 0 && at < close; at = Next(at)) {
    if (token(at).opener() && token(at).match > at) {
      at = token(at).match;
    } else if (token(at).is(",")) {
      int32_t item = Next(at);
      if (item != close) Break(item, BreakLevel::ListItem);
    }
  }
}

void Annotator::AttachedList(int32_t index) {
  if (!Is(index, "(")) return;
  Glue(index);
  List(index, false);
}

void Annotator::ClauseList(const std::vector<SourceRange>& items) {
  if (items.empty()) return;
  int32_t first = At(items.front().begin);
  for (size_t i = 1; i < items.size(); ++i) {
    int32_t item = At(items[i].begin);
    Break(item, BreakLevel::Operator);
    if (item >= 0) token(item).align_to = first;
  }
}

void Annotator::Declarations() {
  int32_t first_code = code_.empty() ? -1 : code_.front();
  auto start = [&](int32_t index) {
    Hard(index);
    if (index >= 0 && index != first_code) token(index).blank_required = true;
  };
  if (file_.module_name) Hard(Before(file_.module_name->range.begin));
  for (size_t i = 0; i < file_.imports.size(); ++i) {
    int32_t index = At(file_.imports[i].range.begin);
    // Imports form one group, apart from the module line.
    if (i == 0) {
      start(index);
    } else {
      Hard(index);
    }
  }
  // A blank line sets off each declaration with a body; a run of one-line
  // declarations (`fn`s with an expression body, builtins) may stay together.
  bool previous_block = true;
  for (const ast::DeclRef& decl : file_.decls) {
    SourceRange range = ast::DeclRange(file_, decl);
    int32_t first = At(range.begin);
    Hard(first);
    auto index = static_cast<size_t>(decl.index);
    switch (decl.kind) {
      case ast::DeclKind::Profile: AnnotateProfile(*this, file_.profiles[index]); break;
      case ast::DeclKind::Event: AnnotateEvent(*this, file_.events[index]); break;
      case ast::DeclKind::Fn: AnnotateFn(*this, file_.fns[index]); break;
      case ast::DeclKind::Builtin: AnnotateBuiltin(*this, file_.builtins[index]); break;
      case ast::DeclKind::Scorecard: AnnotateScorecard(*this, file_.scorecards[index]); break;
      case ast::DeclKind::Policy: AnnotatePolicy(*this, file_.policies[index]); break;
      case ast::DeclKind::Flow: AnnotateFlow(*this, file_.flows[index]); break;
      case ast::DeclKind::Experiment: AnnotateExperiment(*this, file_.experiments[index]); break;
      case ast::DeclKind::Test: AnnotateTest(*this, file_.tests[index]); break;
    }
    int32_t last = Before(range.end);
    bool block = Is(last, "}") && token(last).bracket == BracketKind::Block;
    if (first >= 0 && first != first_code && (block || previous_block)) {
      token(first).blank_required = true;
    }
    previous_block = block;
  }
}

void Annotator::Expressions() {
  for (const ast::Expr& expr : file_.exprs.values()) {
    auto range_of = [&](ast::ExprId id) -> SourceRange {
      return id.has_value() ? file_.exprs.Get(id).range : SourceRange{};
    };
    switch (expr.kind) {
      case ast::ExprKind::Call:
        if (expr.lhs.has_value()) AttachedList(After(range_of(expr.lhs).end));
        break;
      case ast::ExprKind::Set: List(Find("{", expr.range), false); break;
      case ast::ExprKind::Unary:
        if (expr.unary_op == ast::UnaryOp::Negate && expr.lhs.has_value()) {
          Glue(At(range_of(expr.lhs).begin));
        }
        break;
      case ast::ExprKind::Binary:
        if ((expr.binary_op == ast::BinaryOp::And || expr.binary_op == ast::BinaryOp::Or) &&
            expr.lhs.has_value()) {
          Break(After(range_of(expr.lhs).end), BreakLevel::Operator);
        }
        break;
      case ast::ExprKind::If:
        if (expr.condition.has_value()) {
          Break(After(range_of(expr.condition).end), BreakLevel::Operator);
        }
        if (expr.lhs.has_value()) Break(After(range_of(expr.lhs).end), BreakLevel::Operator);
        break;
      default: break;
    }
  }
  for (const ast::TypeRef& type : file_.types.values()) {
    if (type.args.empty()) continue;
    // `set<channel>`: the angles touch what they enclose.
    int32_t open = After(type.name.range.end);
    if (!Is(open, "<")) continue;
    Glue(open);
    Glue(Next(open));
    int32_t close = Before(type.range.end);
    if (Is(close, ">")) Glue(close);
  }
  for (const ast::Target& target : file_.targets.values()) {
    if (target.kind == ast::TargetKind::State) {
      if (target.has_args) AttachedList(After(target.state.range.end));
      continue;
    }
    if (target.condition.has_value()) {
      Break(After(file_.exprs.Get(target.condition).range.end), BreakLevel::Operator);
    }
    if (target.else_target.has_value()) {
      Break(Before(file_.targets.Get(target.else_target).range.begin), BreakLevel::Operator);
    }
  }
}

void Annotator::Finish() {
  int32_t previous = -1;
  for (int32_t index : code_) {
    TokenInfo& current = token(index);
    if (current.bracket == BracketKind::Group && current.is("{")) {
      // Every brace is a block, a set or a record; a record is the default.
      List(index, true);
    }
    if (previous < 0) {
      previous = index;
      continue;
    }
    const TokenInfo& before = token(previous);
    std::string_view text = current.text();
    bool glue = text == "," || text == ":" || text == ")" || text == "]" || text == "." ||
                before.is(".") || before.is("(") || before.is("[");
    if (text == "..") {
      bool spaced = before.is(",") || before.is("is") ||
                    std::find(space_before_.begin(), space_before_.end(), index) !=
                        space_before_.end();
      glue = glue || !spaced;
    }
    if (before.is("..") && text != "=>") glue = true;
    if (before.is("{") && before.bracket == BracketKind::List) {
      glue = glue || !before.space_inside || before.match == index;
    }
    if (current.is("}") && current.bracket == BracketKind::List && current.match >= 0) {
      glue = glue || !token(current.match).space_inside || current.match == previous;
    }
    if (glue) current.glue = true;
    // `2026-01-05 09:00` with one space is a single date-time literal; a
    // date followed by a time keeps them apart with two.
    if (before.token.kind == parse::TokenClass::Date && before.text().size() == 10 &&
        current.token.kind == parse::TokenClass::Time) {
      current.pad = 1;
    }
    previous = index;
  }
  int32_t depth = 0;
  for (TokenInfo& current : tokens_) {
    bool block = current.bracket == BracketKind::Block;
    if (block && current.is("}")) --depth;
    current.depth = std::max(depth, 0);
    if (block && current.is("{")) ++depth;
  }
}

void Annotate(const ast::File& file, Tokens& tokens) {
  Annotator annotator(file, tokens);
  annotator.Declarations();
  annotator.Expressions();
  annotator.Finish();
}

}  // namespace cobro::format
