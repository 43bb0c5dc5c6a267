#pragma once

// `file:` URIs and the paths the compiler names files by.

#include <string>
#include <string_view>

namespace cobro::lsp {

// The path of a `file:` URI, percent-decoded. Any other URI (an unsaved
// `untitled:` buffer) is its own path, so every document has a name the
// compiler can report.
auto UriToPath(std::string_view uri) -> std::string;

// The `file:` URI of an absolute path, percent-encoded; anything else is
// returned unchanged (it came from a URI).
auto PathToUri(std::string_view path) -> std::string;

}  // namespace cobro::lsp
