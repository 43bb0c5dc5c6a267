// `textDocument/foldingRange`: blocks between braces, runs of comments, the
// imports, and policy rules written over several lines.

#include <algorithm>

#include "compiler/parse/tokens.h"
#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

struct Fold {
  int32_t start;
  int32_t end;
  const char* kind;  // nullptr: a region.
};

}  // namespace

auto HandleFoldingRange(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return Json::array();
  const Snapshot& snapshot = context.Program();
  const LineIndex& lines = context.Lines(*file);
  auto line_of = [&](uint32_t offset) { return lines.ToPosition(offset).line; };
  std::vector<Fold> folds;
  std::vector<uint32_t> open_braces;
  // A run of comment lines: its first and last line.
  std::optional<std::pair<int32_t, int32_t>> comments;
  auto close_comments = [&] {
    if (comments && comments->second > comments->first) folds.push_back({comments->first, comments->second, "comment"});
    comments.reset();
  };
  for (const parse::SyntaxToken& token : parse::Tokenize(snapshot.Text(*file))) {
    bool comment = token.kind == parse::TokenClass::Comment || token.kind == parse::TokenClass::DocComment;
    if (comment) {
      int32_t first = line_of(token.begin);
      int32_t last = line_of(token.end > token.begin ? token.end - 1 : token.end);
      if (comments && first <= comments->second + 1) {
        comments->second = std::max(comments->second, last);
      } else {
        close_comments();
        comments = std::pair{first, last};
      }
      continue;
    }
    close_comments();
    if (token.text == "{") open_braces.push_back(token.begin);
    if (token.text == "}" && !open_braces.empty()) {
      int32_t start = line_of(open_braces.back());
      int32_t end = line_of(token.begin) - 1;
      open_braces.pop_back();
      // The closing brace stays visible.
      if (end > start) folds.push_back({start, end, nullptr});
    }
  }
  close_comments();
  int32_t module = snapshot.ModuleOf(*file);
  if (module >= 0) {
    const ast::File& ast = snapshot.result.program.modules[module].ast;
    if (ast.imports.size() > 1) {
      int32_t first = line_of(ast.imports.front().range.begin);
      int32_t last = line_of(ast.imports.back().range.end);
      if (last > first) folds.push_back({first, last, "imports"});
    }
    for (const ast::PolicyDecl& policy : ast.policies) {
      for (const ast::PolicyRule& rule : policy.rules) {
        int32_t first = line_of(rule.range.begin);
        int32_t last = line_of(rule.range.end);
        if (last > first) folds.push_back({first, last, nullptr});
      }
    }
  }
  std::sort(folds.begin(), folds.end(), [](const Fold& a, const Fold& b) {
    return std::pair(a.start, a.end) < std::pair(b.start, b.end);
  });
  Json ranges = Json::array();
  for (const Fold& fold : folds) {
    Json range = {{"startLine", fold.start}, {"endLine", fold.end}};
    if (fold.kind != nullptr) range["kind"] = fold.kind;
    ranges.push_back(std::move(range));
  }
  return ranges;
}

}  // namespace cobro::lsp
