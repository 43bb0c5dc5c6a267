// `textDocument/references`: every place that names the same thing, in
// every module the project loads.

#include "lsp/handlers.h"

namespace cobro::lsp {

auto HandleReferences(RequestContext& context) -> Json {
  const Occurrence* occurrence = context.OccurrenceAtCursor();
  if (occurrence == nullptr) return nullptr;
  bool include_declaration = true;
  if (context.params.contains("context") && context.params["context"].is_object()) {
    include_declaration = context.params["context"].value("includeDeclaration", true);
  }
  Json locations = Json::array();
  for (const Occurrence* found : context.Program().index.OccurrencesOf(occurrence->entity)) {
    if (found->is_definition && !include_declaration) continue;
    locations.push_back(context.ToLocation(found->range));
  }
  return locations;
}

}  // namespace cobro::lsp
