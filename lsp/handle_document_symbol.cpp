// `textDocument/documentSymbol`: the outline, module > declarations > fields,
// rules and states; flat SymbolInformation for clients without hierarchy.

#include "lsp/handlers.h"
#include "lsp/outline.h"

namespace cobro::lsp {

namespace {

auto ToDocumentSymbol(RequestContext& context, const OutlineItem& item) -> Json {
  Json symbol = {{"name", item.name},
                 {"kind", static_cast<int32_t>(item.kind)},
                 {"range", context.ToRange(item.range)},
                 {"selectionRange", context.ToRange(item.selection)}};
  if (!item.detail.empty()) symbol["detail"] = item.detail;
  if (!item.children.empty()) {
    Json children = Json::array();
    for (const OutlineItem& child : item.children) children.push_back(ToDocumentSymbol(context, child));
    symbol["children"] = std::move(children);
  }
  return symbol;
}

void Flatten(RequestContext& context, const OutlineItem& item, const std::string& container, Json& out) {
  Json symbol = {{"name", item.name},
                 {"kind", static_cast<int32_t>(item.kind)},
                 {"location", context.ToLocation(item.selection)}};
  if (!container.empty()) symbol["containerName"] = container;
  out.push_back(std::move(symbol));
  for (const OutlineItem& child : item.children) Flatten(context, child, item.name, out);
}

}  // namespace

auto HandleDocumentSymbol(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return Json::array();
  const Snapshot& snapshot = context.Program();
  int32_t module = snapshot.ModuleOf(*file);
  if (module < 0) return Json::array();
  const ast::File& ast = snapshot.result.program.modules[module].ast;
  OutlineItem root;
  root.children = Outline(snapshot, module);
  if (ast.module_name) {
    root.name = ast.module_name->Joined();
    root.kind = SymbolKind::Module;
    root.range = SourceRange{*file, 0, static_cast<uint32_t>(snapshot.Text(*file).size())};
    root.selection = ast.module_name->range;
  }
  Json symbols = Json::array();
  if (!context.client.hierarchical_symbols) {
    if (!root.name.empty()) {
      Flatten(context, root, "", symbols);
    } else {
      for (const OutlineItem& item : root.children) Flatten(context, item, "", symbols);
    }
    return symbols;
  }
  if (root.name.empty()) {
    for (const OutlineItem& item : root.children) symbols.push_back(ToDocumentSymbol(context, item));
  } else {
    symbols.push_back(ToDocumentSymbol(context, root));
  }
  return symbols;
}

}  // namespace cobro::lsp
