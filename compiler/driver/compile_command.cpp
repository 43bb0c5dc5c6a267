// `cobro compile`: the code a program compiles to, for inspection: the flow
// IR, the LLVM IR, target assembly or an object file.

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/flowir/module.h"
#include "compiler/lower/lower.h"
#include "runtime/jit/jit.h"

namespace cobro::driver {

namespace {

constexpr const char* kCompileUsageHead = R"(usage: cobro compile --emit KIND [options] FILE...

Compiles the files (one program, with everything they import) and prints
what they compile to. The output depends only on the input and the host
target: the same files give the same bytes. Exit status: 0 compiled, 1 the
input has errors, 2 could not compile.

options:
  --emit KIND          what to print:
                         ir    the lowered flow IR (states, handlers, guards,
                               actions, timers; fns and scorecards)
                         llvm  the LLVM IR the JIT compiles, after optimisation
                         asm   assembly for the host target
                         obj   an object file for the host target; needs
                               `-o FILE`
  -o FILE              write to FILE instead of standard output (`-` is
                       standard output)
  -O0, -O1, -O2, -O3   the LLVM optimisation level for `llvm`, `asm` and `obj`
                       (default `-O2`, as the JIT compiles)
)";

constexpr const char* kCompileUsageTail = R"(  -h, --help           show this help
)";

enum class EmitKind { None, FlowIr, Llvm, Assembly, Object };

struct CompileOptions {
  EmitKind emit = EmitKind::None;
  std::string output;
  int optimization = 2;
  CommonOptions common;
  std::vector<std::string> paths;
};

auto ParseEmitKind(const std::string& text) -> EmitKind {
  if (text == "ir") return EmitKind::FlowIr;
  if (text == "llvm") return EmitKind::Llvm;
  if (text == "asm") return EmitKind::Assembly;
  if (text == "obj") return EmitKind::Object;
  return EmitKind::None;
}

auto ParseCompileOptions(const std::vector<std::string>& args, CompileOptions& options, std::ostream& out,
                         std::ostream& err, bool& help) -> bool {
  ArgReader reader(args, "compile", err);
  std::string usage = std::string(kCompileUsageHead) + kCommonOptionsHelp + kCompileUsageTail;
  bool read = ReadCommandArgs(reader, options.common, options.paths, usage, out, help, [&](bool& handled) {
    const std::string& arg = reader.arg();
    if (reader.Is("--emit")) {
      std::string kind;
      if (!reader.Value(kind)) return false;
      options.emit = ParseEmitKind(kind);
      if (options.emit == EmitKind::None) {
        std::optional<std::string> suggestion = Closest(kind, {"ir", "llvm", "asm", "obj"});
        return reader.Fail(fmt::format("unknown output kind `{}`{}; use `ir`, `llvm`, `asm` or `obj`", kind,
                                       suggestion ? fmt::format(" (did you mean `{}`?)", *suggestion) : ""));
      }
    } else if (reader.Is("-o") || reader.Is("--output")) {
      if (!reader.Value(options.output)) return false;
      if (options.output.empty()) return reader.Fail("`-o` needs a file name");
    } else if (arg.starts_with("-O")) {
      if (arg.size() != 3 || arg[2] < '0' || arg[2] > '3') {
        return reader.Fail(fmt::format("unknown optimisation level `{}`; use `-O0`, `-O1`, `-O2` or `-O3`", arg));
      }
      options.optimization = arg[2] - '0';
    } else {
      handled = false;
    }
    return true;
  });
  if (!read) return false;
  if (options.emit == EmitKind::None) return reader.Fail("`compile` needs `--emit ir|llvm|asm|obj`");
  if (options.paths.empty()) return reader.Fail("`compile` needs a file");
  // The driver cannot tell whether standard output is a terminal, so an
  // object file goes only to a named file.
  if (options.emit == EmitKind::Object && (options.output.empty() || options.output == "-")) {
    return reader.Fail("an object file is binary and is not written to standard output; name a file with `-o FILE`");
  }
  return true;
}

// The text or bytes `options.emit` asks for, or nullopt after printing why
// code generation failed.
auto Emit(const flowir::Module& module, const CompileOptions& options, std::ostream& err)
    -> std::optional<std::string> {
  jit::Expected<std::string> emitted = jit::Expected<std::string>::Error("nothing to emit");
  switch (options.emit) {
    case EmitKind::FlowIr:
      return flowir::Dump(module);
    case EmitKind::Llvm:
      emitted = jit::Jit::LlvmText(module, options.optimization);
      break;
    case EmitKind::Assembly:
      emitted = jit::Jit::MachineCode(module, options.optimization, /*object=*/false);
      break;
    case EmitKind::Object:
      emitted = jit::Jit::MachineCode(module, options.optimization, /*object=*/true);
      break;
    case EmitKind::None:
      break;
  }
  if (!emitted) {
    // Code generation works on a program the checker accepted, so a failure
    // here is Cobro's bug, not the user's; it is still a message, not an abort.
    err << fmt::format("cobro: generating code failed: {}; please report this bug in Cobro with the input\n",
                       emitted.error());
    return std::nullopt;
  }
  return std::move(*emitted);
}

}  // namespace

auto RunCompile(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                std::ostream& out, std::ostream& err) -> int {
  CompileOptions options;
  bool help = false;
  if (!ParseCompileOptions(args, options, out, err, help)) return help ? kExitClean : kExitCouldNotRun;
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(options.common, files, environment, config, err)) return kExitCouldNotRun;
  PipelineOptions pipeline = MergePipelineOptions(options.common, config, environment);
  // The code does not depend on the proofs; `cobro check` makes them.
  pipeline.analyze = false;
  CheckResult result = LoadAndCheck(options.paths, pipeline, files);
  std::vector<diag::Diagnostic> errors;
  for (const diag::Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == diag::Severity::Error) errors.push_back(diagnostic);
  }
  if (result.io_error || !errors.empty()) {
    err << diag::RenderConsole(errors, result.sources, diag::ConsoleOptions{environment.color_terminal});
    err << fmt::format("cobro: the program has {} error{}; nothing was compiled\n", errors.size(),
                       errors.size() == 1 ? "" : "s");
    return result.io_error ? kExitCouldNotRun : kExitFindings;
  }
  flowir::Module module = lower::Lower(result.program, &result.sources);
  std::optional<std::string> emitted = Emit(module, options, err);
  if (!emitted) return kExitCouldNotRun;
  if (options.output.empty() || options.output == "-") {
    out << *emitted;
    return kExitClean;
  }
  std::string error;
  if (!files.WriteFile(options.output, *emitted, error)) {
    err << fmt::format("cobro: cannot write `{}`: {}\n", options.output, error);
    return kExitCouldNotRun;
  }
  return kExitClean;
}

}  // namespace cobro::driver
