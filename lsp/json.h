#pragma once

// The JSON library of the language server. JSON stays inside lsp/ (and the
// runtime's I/O edges): the compiler never sees it.

#include <nlohmann/json.hpp>

namespace cobro::lsp {

using Json = nlohmann::json;

}  // namespace cobro::lsp
