// `textDocument/documentHighlight`: the other places in this file that name
// what the cursor is on; the definition is marked as a write.

#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

// DocumentHighlightKind.
constexpr int kRead = 2;
constexpr int kWrite = 3;

}  // namespace

auto HandleDocumentHighlight(RequestContext& context) -> Json {
  const Occurrence* occurrence = context.OccurrenceAtCursor();
  if (occurrence == nullptr) return nullptr;
  Json highlights = Json::array();
  for (const Occurrence* found : context.Program().index.OccurrencesOf(occurrence->entity)) {
    if (found->range.file != occurrence->range.file) continue;
    highlights.push_back({{"range", context.ToRange(found->range)}, {"kind", found->is_definition ? kWrite : kRead}});
  }
  return highlights;
}

}  // namespace cobro::lsp
