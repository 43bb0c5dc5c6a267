#include "compiler/driver/driver.h"

#include <fmt/format.h>

#include "compiler/driver/commands.h"

namespace cobro::driver {

namespace {

constexpr const char* kUsage = R"(usage: cobro <command> [options] [paths]

Cobro compiles debt-collection strategies: campaign flows and compliance
policies written in the Cobro language.

commands:
  check      check files or directories for errors (types, units, flows) and
             prove compliance; reports as text, JSON, SARIF, JUnit or GitHub
             annotations
  graph      draw a flow as Graphviz DOT, Mermaid or SVG, optionally with the
             counterexample of a violated rule
  explain    explain a policy rule: its text, citation, what it counts and how
             it is enforced
  fmt        format files in the canonical style, or check that they are in
             it (--check, --diff)
  lsp        run the language server for editors, over stdin and stdout
  compile    print what files compile to: flow IR, LLVM IR, assembly, or an
             object file (--emit ir|llvm|asm|obj)
  test       run the `test` blocks of flows and policies, in the interpreter
             and the JIT
  run        run flows over debtors and their events: guarded actions out,
             as JSON lines, with an audit of every deferral and block
  simulate   a run that reports KPIs: contacts, cost, guard decisions,
             promises and payments, per experiment arm and flow state

options:
  -h, --help     show this help, or a command's help after the command
  --version      show the version

Run `cobro <command> --help` for a command's options. A `cobro.toml` in the
current directory or above configures `check` and `graph` (docs/ci.md).
)";

}  // namespace

auto Run(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
         std::ostream& out, std::ostream& err) -> int {
  if (args.empty()) {
    err << kUsage;
    return kExitCouldNotRun;
  }
  const std::string& command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "-h" || command == "--help" || command == "help") {
    out << kUsage;
    return kExitClean;
  }
  if (command == "--version") {
    out << "cobro " << CobroVersion() << "\n";
    return kExitClean;
  }
  if (command == "check") return RunCheck(rest, files, environment, out, err);
  if (command == "graph") return RunGraph(rest, files, environment, out, err);
  if (command == "explain") return RunExplain(rest, files, environment, out, err);
  if (command == "fmt") return RunFmt(rest, files, environment, out, err);
  if (command == "lsp") return RunLsp(rest, files, environment, out, err);
  if (command == "test") return RunTest(rest, files, environment, out, err);
  if (command == "run") return RunRun(rest, files, environment, out, err);
  if (command == "simulate") return RunSimulate(rest, files, environment, out, err);
  if (command == "compile") return RunCompile(rest, files, environment, out, err);
  err << fmt::format("cobro: unknown command `{}`; run `cobro --help`\n", command);
  return kExitCouldNotRun;
}

}  // namespace cobro::driver
