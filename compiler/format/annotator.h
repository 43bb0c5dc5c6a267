#pragma once

// Annotate's working context: finds the tokens that syntax tree nodes start
// and end at, and marks them. Private to compiler/format.

#include <string_view>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/format/layout.h"

namespace cobro::format {

class Annotator {
 public:
  Annotator(const ast::File& file, Tokens& tokens);

  auto file() const -> const ast::File& { return file_; }
  auto tokens() -> Tokens& { return tokens_; }
  auto token(int32_t index) -> TokenInfo& { return tokens_[static_cast<size_t>(index)]; }

  // The code token (not a comment) that begins at byte `offset`, or -1.
  auto At(uint32_t offset) const -> int32_t;
  // The last code token that ends at or before `offset`, or -1.
  auto Before(uint32_t offset) const -> int32_t;
  // The first code token that begins at or after `offset`, or -1.
  auto After(uint32_t offset) const -> int32_t;
  // The code token after / before token `index`, or -1.
  auto Next(int32_t index) const -> int32_t;
  auto Previous(int32_t index) const -> int32_t;
  // Whether token `index` exists and is spelled `spelling`.
  auto Is(int32_t index, std::string_view spelling) const -> bool;
  // The first code token spelled `spelling` in [begin, end) bytes, or -1.
  auto Find(std::string_view spelling, SourceRange range) const -> int32_t;

  // Token `index` (if any) starts a line; see TokenInfo::hard.
  void Hard(int32_t index);
  // A line may break before token `index` (if any) at `level`.
  void Break(int32_t index, BreakLevel level);
  // Token `index` (if any) touches the one before it.
  void Glue(int32_t index);
  // The braces opened at token `index` (if it is `{`) hold a block.
  void Block(int32_t index);
  // The brackets opened at token `index` (if it is one) hold a list.
  void List(int32_t index, bool space_inside);
  // Marks a call, parameter or pattern list: the `(` at `index` touches what
  // comes before it and holds a list.
  void AttachedList(int32_t index);
  // A `..`-led bin (`..5`) keeps its space: it is not the end of a range.
  void SpaceBefore(int32_t index) { space_before_.push_back(index); }
  // A new group of tokens to line up (TokenInfo::align_group).
  auto NewAlignGroup() -> int32_t { return align_groups_++; }
  // The items of a comma-separated clause list, each a range whose first
  // token starts the item: the line may break before each item but the
  // first, and items on lines of their own line up with the first.
  void ClauseList(const std::vector<SourceRange>& items);

  // Marks the syntax of each kind of node.
  void Declarations();
  void Expressions();
  // Spacing that depends on the tokens alone, then block depths; runs last.
  void Finish();

 private:
  const ast::File& file_;
  Tokens& tokens_;
  // Indexes of the code tokens, in order; code_begins_ their byte offsets.
  std::vector<int32_t> code_;
  std::vector<uint32_t> code_begins_;
  std::vector<int32_t> space_before_;
  int32_t align_groups_ = 0;
};

// Marks each kind of declaration (annotate_decls.cpp, annotate_flow.cpp,
// annotate_policy.cpp).
void AnnotateProfile(Annotator& annotator, const ast::ProfileDecl& profile);
void AnnotateEvent(Annotator& annotator, const ast::EventDecl& event);
void AnnotateFn(Annotator& annotator, const ast::FnDecl& fn);
void AnnotateBuiltin(Annotator& annotator, const ast::BuiltinDecl& builtin);
void AnnotateScorecard(Annotator& annotator, const ast::ScorecardDecl& scorecard);
void AnnotatePolicy(Annotator& annotator, const ast::PolicyDecl& policy);
void AnnotateFlow(Annotator& annotator, const ast::FlowDecl& flow);
void AnnotateExperiment(Annotator& annotator, const ast::ExperimentDecl& experiment);
void AnnotateTest(Annotator& annotator, const ast::TestDecl& test);
// An event pattern, in a handler or a policy rule.
void AnnotatePattern(Annotator& annotator, const ast::EventPattern& pattern);
// A record literal `{ name: value }` whose `{` is token `open`.
void AnnotateRecord(Annotator& annotator, int32_t open);

}  // namespace cobro::format
