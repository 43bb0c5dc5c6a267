// `textDocument/formatting` and `textDocument/rangeFormatting`: the edits
// `cobro fmt` would make (compiler/format), to the whole file or to a range.
// A file with syntax errors is left alone: the formatter only re-spaces the
// tokens of a file it can read.

#include "compiler/format/format.h"
#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

auto Format(RequestContext& context, std::optional<Range> range) -> Json {
  // The document as the client has it now: the edits apply to that text.
  std::optional<Document> document = context.documents.Get(DocumentUri(context.params));
  if (!document) return nullptr;
  format::Options options;
  if (context.params.contains("options") && context.params["options"].is_object()) {
    const Json& requested = context.params["options"];
    if (requested.contains("tabSize") && requested["tabSize"].is_number_integer()) {
      options.indent = std::max(1, requested["tabSize"].get<int>());
    }
  }
  LineIndex lines(document->text, context.client.encoding);
  uint32_t begin = 0;
  auto end = static_cast<uint32_t>(document->text.size());
  if (range) std::tie(begin, end) = lines.ToOffsets(*range);
  std::optional<std::vector<format::Edit>> edits = format::FormatEdits(document->text, options, begin, end);
  if (!edits) return nullptr;
  Json result = Json::array();
  for (const format::Edit& edit : *edits) result.push_back(TextEdit{lines.ToRange(edit.begin, edit.end), edit.text});
  return result;
}

}  // namespace

auto HandleFormatting(RequestContext& context) -> Json { return Format(context, std::nullopt); }

auto HandleRangeFormatting(RequestContext& context) -> Json { return Format(context, RangeParam(context.params, "range")); }

}  // namespace cobro::lsp
