#include "compiler/format/format.h"

#include <algorithm>

#include "compiler/base/check.h"
#include "compiler/format/layout.h"
#include "compiler/parse/parse.h"

namespace cobro::format {

namespace {

// Formats a file that parsed without errors.
auto FormatParsed(std::string_view text, const ast::File& file, const Options& options) -> Printed {
  Options sane = options;
  sane.indent = std::clamp(sane.indent, 0, 16);
  sane.max_width = std::max(sane.max_width, 1);
  Tokens tokens = ReadTokens(text);
  Annotate(file, tokens);
  BreakLines(tokens, sane);
  Printed printed = Print(tokens, sane);
  // The formatter only moves tokens. Were two of them to fuse or split
  // (`2026-01-05` and `09:00` are one date-time with one space between),
  // the meaning could change: that would be a bug here, never the input's.
  std::vector<parse::SyntaxToken> again = parse::Tokenize(printed.text);
  COBRO_CHECK(again.size() == tokens.size());
  for (size_t i = 0; i < again.size(); ++i) {
    const TokenInfo& original = tokens[i];
    COBRO_CHECK(again[i].kind == original.token.kind);
    COBRO_CHECK(original.comment ? again[i].text == CommentText(original.text())
                                 : again[i].text == original.text());
  }
  return printed;
}

// Parses `text`; nullopt (with the errors in `diagnostics`) if it has any.
auto ParseClean(std::string_view text, std::vector<diag::Diagnostic>* diagnostics)
    -> std::optional<ast::File> {
  SourceManager sources;
  FileId file_id = sources.Add("<input>", std::string(text));
  std::vector<diag::Diagnostic> found;
  diag::Emitter emitter(found);
  ast::File file = parse::Parse(sources.Get(file_id), file_id, emitter);
  if (!file.has_syntax_errors && emitter.error_count() == 0) return file;
  if (diagnostics != nullptr) {
    for (diag::Diagnostic& diagnostic : found) {
      if (diagnostic.severity == diag::Severity::Error) diagnostics->push_back(std::move(diagnostic));
    }
  }
  return std::nullopt;
}

// Replaces `before` (at `offset` in the input) with `after`, leaving out the
// bytes both share at their ends; nothing when they are equal.
void AddEdit(std::vector<Edit>& edits, uint32_t offset, std::string_view before,
             std::string_view after) {
  if (before == after) return;
  size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    ++suffix;
  }
  edits.push_back(Edit{static_cast<uint32_t>(offset + prefix),
                       static_cast<uint32_t>(offset + before.size() - suffix),
                       std::string(after.substr(prefix, after.size() - prefix - suffix))});
}

}  // namespace

auto FormatText(std::string_view text, const Options& options,
                std::vector<diag::Diagnostic>* diagnostics) -> std::optional<std::string> {
  std::optional<ast::File> file = ParseClean(text, diagnostics);
  if (!file) return std::nullopt;
  return FormatParsed(text, *file, options).text;
}

auto FormatEdits(std::string_view text, const Options& options, uint32_t begin, uint32_t end)
    -> std::optional<std::vector<Edit>> {
  std::optional<ast::File> file = ParseClean(text, nullptr);
  if (!file) return std::nullopt;
  Printed printed = FormatParsed(text, *file, options);
  std::string_view out = printed.text;
  std::vector<parse::SyntaxToken> tokens = parse::Tokenize(text);
  // Tokens correspond one to one, so the edits are the gaps between them
  // that changed, and the comments whose trailing spaces went.
  std::vector<Edit> edits;
  uint32_t in_at = 0;
  uint32_t out_at = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    AddEdit(edits, in_at, text.substr(in_at, tokens[i].begin - in_at),
            out.substr(out_at, printed.begins[i] - out_at));
    AddEdit(edits, tokens[i].begin, tokens[i].text,
            out.substr(printed.begins[i], printed.ends[i] - printed.begins[i]));
    in_at = tokens[i].end;
    out_at = printed.ends[i];
  }
  AddEdit(edits, in_at, text.substr(in_at), out.substr(out_at));
  std::erase_if(edits, [&](const Edit& edit) { return edit.end < begin || edit.begin > end; });
  return edits;
}

}  // namespace cobro::format
