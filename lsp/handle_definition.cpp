// `textDocument/definition`: where a name is defined, across modules and
// into the standard library.

#include "lsp/handlers.h"

namespace cobro::lsp {

auto HandleDefinition(RequestContext& context) -> Json {
  const Occurrence* occurrence = context.OccurrenceAtCursor();
  // Channels and `done`/`hold` are built into the language: nowhere to go.
  if (occurrence == nullptr || !occurrence->entity.definition.has_value()) return nullptr;
  return Json::array({context.ToLocation(occurrence->entity.definition)});
}

}  // namespace cobro::lsp
