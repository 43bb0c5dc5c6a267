#pragma once

// The language server: lifecycle, dispatch, and the threads that keep
// requests answered while programs are checked. `cobro lsp` runs one over
// stdio; tests run one over pipes.

#include <istream>
#include <ostream>
#include <string>

#include "compiler/driver/file_system.h"

namespace cobro::lsp {

struct ServerOptions {
  // The stdlib when `cobro.toml` names none.
  std::string default_stdlib;
  // Where files that are not open are read; must outlive the server.
  driver::FileSystem* files = nullptr;
};

// Serves one client on `in`/`out` until `exit` or the end of the input.
// Returns the process exit code: 0 after `shutdown` then `exit`, 1 otherwise.
auto RunServer(std::istream& in, std::ostream& out, const ServerOptions& options) -> int;

}  // namespace cobro::lsp
