// `textDocument/signatureHelp`: the parameters of the builtin, function or
// scorecard being called (and the keys of an event pattern being written),
// with the one the cursor is in.

#include "compiler/sema/lookup.h"
#include "lsp/completion_context.h"
#include "lsp/describe.h"
#include "lsp/handlers.h"
#include "lsp/uri.h"

namespace cobro::lsp {

auto HandleSignatureHelp(RequestContext& context) -> Json {
  std::string uri = DocumentUri(context.params);
  std::optional<Document> document = context.documents.Get(uri);
  if (!document) return nullptr;
  LineIndex lines(document->text, context.client.encoding);
  CallContext call = ReadCallContext(document->text, lines.ToOffset(PositionParam(context.params)));
  if (call.callee.empty()) return nullptr;
  const Snapshot& snapshot = context.Program();
  std::optional<FileId> file = snapshot.FileOf(UriToPath(uri));
  int32_t module = file ? snapshot.ModuleOf(*file) : -1;
  if (module < 0) return nullptr;
  std::optional<sema::Symbol> symbol = sema::LookupVisible(snapshot.result.program, module, call.callee);
  if (!symbol) return nullptr;
  Entity entity = EntityOf(snapshot, *symbol);
  std::optional<Callable> callable = CallableOf(snapshot, entity);
  if (!callable && symbol->kind == sema::SymbolKind::Event) {
    // `on contact.opened(`: the keys a pattern matches in order.
    const ast::EventDecl& event = snapshot.result.program.modules[symbol->decl.module].ast.events[symbol->decl.index];
    Callable keys{event.name.Joined(), {}, "", event.doc};
    for (const ast::Param& key : event.keys) {
      keys.params.push_back(key.name.text + ": " + TypeRefText(snapshot.result.program.modules[symbol->decl.module].ast, key.type));
    }
    callable = std::move(keys);
  }
  if (!callable) return nullptr;
  // Parameter labels as [start, end) offsets into the label, in UTF-16 code
  // units as the protocol counts them.
  std::string label = call.callee + "(";
  Json parameters = Json::array();
  for (size_t i = 0; i < callable->params.size(); ++i) {
    if (i > 0) label += ", ";
    uint32_t start = EncodedLength(label, PositionEncoding::Utf16);
    label += callable->params[i];
    uint32_t end = EncodedLength(label, PositionEncoding::Utf16);
    parameters.push_back({{"label", {start, end}}});
  }
  label += ")";
  if (!callable->result.empty()) label += " -> " + callable->result;
  Json signature = {{"label", label}, {"parameters", parameters}};
  if (!callable->documentation.empty()) signature["documentation"] = Markdown(callable->documentation);
  int32_t active = std::min<int32_t>(call.argument, std::max<int32_t>(0, static_cast<int32_t>(callable->params.size()) - 1));
  return Json{{"signatures", Json::array({signature})}, {"activeSignature", 0}, {"activeParameter", active}};
}

}  // namespace cobro::lsp
