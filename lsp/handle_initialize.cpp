// `initialize`: what the client supports and what the server offers.

#include "lsp/handlers.h"
#include "lsp/semantic_tokens.h"

namespace cobro::lsp {

namespace {

// `json[a][b]...` when every step exists, else null.
auto Path(const Json& json, std::initializer_list<const char*> keys) -> const Json& {
  static const Json kNull;
  const Json* at = &json;
  for (const char* key : keys) {
    if (!at->is_object() || !at->contains(key)) return kNull;
    at = &(*at)[key];
  }
  return *at;
}

auto Flag(const Json& json, std::initializer_list<const char*> keys) -> bool {
  const Json& value = Path(json, keys);
  return value.is_boolean() && value.get<bool>();
}

}  // namespace

auto ReadClientSupport(const Json& params) -> ClientSupport {
  ClientSupport client;
  const Json& capabilities = Path(params, {"capabilities"});
  // UTF-16 is the protocol's default and what every client supports; use
  // UTF-8 when the client offers it, since it is the compiler's own unit.
  const Json& encodings = Path(capabilities, {"general", "positionEncodings"});
  if (encodings.is_array()) {
    for (const Json& encoding : encodings) {
      if (encoding == "utf-8") client.encoding = PositionEncoding::Utf8;
    }
  }
  client.snippets = Flag(capabilities, {"textDocument", "completion", "completionItem", "snippetSupport"});
  const Json& hover_formats = Path(capabilities, {"textDocument", "hover", "contentFormat"});
  if (hover_formats.is_array()) {
    for (const Json& format : hover_formats) {
      if (format == "markdown") client.markdown_hover = true;
    }
  }
  client.hierarchical_symbols =
      Flag(capabilities, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  client.inlay_hint_refresh = Flag(capabilities, {"workspace", "inlayHint", "refreshSupport"});
  client.code_lens_refresh = Flag(capabilities, {"workspace", "codeLens", "refreshSupport"});
  client.semantic_tokens_refresh = Flag(capabilities, {"workspace", "semanticTokens", "refreshSupport"});
  client.watched_files_registration =
      Flag(capabilities, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  client.work_done_progress = Flag(capabilities, {"window", "workDoneProgress"});
  return client;
}

auto ServerCapabilities(const ClientSupport& client) -> Json {
  Json token_types = Json::array();
  for (const char* name : kTokenTypeNames) token_types.push_back(name);
  Json token_modifiers = Json::array();
  for (const char* name : kTokenModifierNames) token_modifiers.push_back(name);
  return Json{
      {"positionEncoding", EncodingName(client.encoding)},
      // 2: incremental; open and close tell which documents the client owns.
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"completionProvider", {{"triggerCharacters", {".", "(", ":", ">"}}, {"resolveProvider", false}}},
      {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}, {"retriggerCharacters", {","}}}},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentHighlightProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"documentRangeFormattingProvider", true},
      {"semanticTokensProvider",
       {{"legend", {{"tokenTypes", token_types}, {"tokenModifiers", token_modifiers}}},
        {"range", true},
        {"full", {{"delta", true}}}}},
      {"foldingRangeProvider", true},
      {"selectionRangeProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"inlayHintProvider", true},
      {"codeLensProvider", {{"resolveProvider", false}}},
      {"callHierarchyProvider", true},
      {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
  };
}

}  // namespace cobro::lsp
