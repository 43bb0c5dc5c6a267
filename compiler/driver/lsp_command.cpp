// `cobro lsp`: the language server over stdin and stdout (lsp/server.h).

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "lsp/server.h"

namespace cobro::driver {

namespace {

constexpr const char* kLspUsage = R"(usage: cobro lsp [--stdio]

Runs the Cobro language server: the Language Server Protocol 3.17 as JSON-RPC
over stdin and stdout, for editors (VS Code, Neovim, ...). It reads the same
`cobro.toml` as `cobro check`, found from the workspace folder upwards.
Exit status: 0 after a `shutdown` request and an `exit` notification, 1
otherwise. docs/lsp.md lists its features.

options:
  --stdio       talk over stdin and stdout (the default; accepted because
                editors pass it)
  -h, --help    show this help
)";

}  // namespace

auto RunLsp(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
            std::ostream& out, std::ostream& err) -> int {
  for (const std::string& arg : args) {
    if (arg == "-h" || arg == "--help") {
      out << kLspUsage;
      return kExitClean;
    }
    if (arg != "--stdio") {
      err << fmt::format("cobro lsp: unknown option `{}`; see `cobro lsp --help`\n", arg);
      return kExitCouldNotRun;
    }
  }
  lsp::ServerOptions options;
  std::error_code error;
  std::filesystem::path stdlib = std::filesystem::absolute(environment.default_stdlib, error);
  options.default_stdlib = error ? environment.default_stdlib : stdlib.lexically_normal().string();
  options.files = &files;
  // The protocol is the process's stdin and stdout: the one command that
  // reads stdin, so the driver's Environment carries no stream for it.
  return lsp::RunServer(std::cin, out, options);
}

}  // namespace cobro::driver
