#pragma once

// Every request the server answers, one `handle_<method>.cpp` each. A
// handler returns the result or throws ResponseError; any other exception
// fails that request alone.

#include "lsp/json.h"
#include "lsp/request.h"

namespace cobro::lsp {

// The server capabilities for a client (handle_initialize.cpp).
auto ServerCapabilities(const ClientSupport& client) -> Json;
// Reads what the client supports from initialize's params.
auto ReadClientSupport(const Json& params) -> ClientSupport;

auto HandleHover(RequestContext& context) -> Json;
auto HandleCompletion(RequestContext& context) -> Json;
auto HandleSignatureHelp(RequestContext& context) -> Json;
auto HandleDefinition(RequestContext& context) -> Json;
auto HandleReferences(RequestContext& context) -> Json;
auto HandleDocumentHighlight(RequestContext& context) -> Json;
auto HandlePrepareRename(RequestContext& context) -> Json;
auto HandleRename(RequestContext& context) -> Json;
auto HandleDocumentSymbol(RequestContext& context) -> Json;
auto HandleWorkspaceSymbol(RequestContext& context) -> Json;
auto HandleFormatting(RequestContext& context) -> Json;
auto HandleRangeFormatting(RequestContext& context) -> Json;
auto HandleSemanticTokensFull(RequestContext& context) -> Json;
auto HandleSemanticTokensDelta(RequestContext& context) -> Json;
auto HandleSemanticTokensRange(RequestContext& context) -> Json;
auto HandleFoldingRange(RequestContext& context) -> Json;
auto HandleSelectionRange(RequestContext& context) -> Json;
auto HandleCodeAction(RequestContext& context) -> Json;
auto HandleInlayHint(RequestContext& context) -> Json;
auto HandleCodeLens(RequestContext& context) -> Json;
auto HandlePrepareCallHierarchy(RequestContext& context) -> Json;
auto HandleIncomingCalls(RequestContext& context) -> Json;
auto HandleOutgoingCalls(RequestContext& context) -> Json;

}  // namespace cobro::lsp
