#include "compiler/driver/driver.h"

#include <fmt/format.h>

#include "compiler/ast/print.h"
#include "compiler/diag/render.h"
#include "compiler/driver/pipeline.h"

#ifndef COBRO_VERSION
#define COBRO_VERSION "0.0.0"
#endif

namespace cobro::driver {

namespace {

constexpr const char* kUsage = R"(usage: cobro <command> [options] [paths]

Cobro compiles debt-collection strategies: campaign flows and compliance
policies written in the Cobro language.

commands:
  check      check files or directories for errors (types, units, flows)

options:
  -h, --help     show this help, or a command's help after the command
  --version      show the version

Run `cobro <command> --help` for a command's options.
)";

constexpr const char* kCheckUsage = R"(usage: cobro check [options] PATH...

Checks `.cobro` files (directories are searched recursively) and everything
they import. Exit status: 0 clean, 1 errors found, 2 could not run.

options:
  --format text|json   how to print diagnostics (default: text, on stderr;
                       json goes to stdout)
  --stdlib DIR         the standard library (default: $COBRO_STDLIB or the
                       one this build ships)
  -I DIR, --root DIR   also look up imports under DIR (repeatable; the current
                       directory is always searched last)
  --policy NAME        also check every flow against policy NAME (`RegF`, or
                       qualified: `compliance.us.regf.RegF`); repeatable
  --jurisdiction CODE  also check every flow against the packs of a
                       jurisdiction (`US`, `US-MA`, `CO`, `MX`, `PE`, `CL`, `GB`)
  --no-compliance      check types and structure only, not compliance
  --color auto|always|never
                       colour in text output (default: auto)
  --dump-ast           print each input's syntax tree back as canonical source
  -h, --help           show this help
)";

struct CheckOptions {
  std::string format = "text";
  std::string color = "auto";
  bool dump_ast = false;
  PipelineOptions pipeline;
  std::vector<std::string> paths;
};

// Parses `check`'s arguments; returns false after printing a usage error.
auto ParseCheckOptions(const std::vector<std::string>& args, const Environment& environment,
                       CheckOptions& options, std::ostream& out, std::ostream& err, bool& help)
    -> bool {
  options.pipeline.stdlib_root = environment.default_stdlib;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string& target) -> bool {
      if (auto equals = arg.find('='); equals != std::string::npos && arg.starts_with("--")) {
        target = arg.substr(equals + 1);
        return true;
      }
      if (i + 1 >= args.size()) {
        err << fmt::format("cobro: `{}` needs a value; see `cobro check --help`\n", arg);
        return false;
      }
      target = args[++i];
      return true;
    };
    auto is = [&](const char* name) {
      return arg == name || arg.starts_with(std::string(name) + "=");
    };
    if (arg == "-h" || arg == "--help") {
      out << kCheckUsage;
      help = true;
      return false;
    } else if (is("--format")) {
      if (!value(options.format)) return false;
      if (options.format != "text" && options.format != "json") {
        err << fmt::format("cobro: unknown format `{}`; use `text` or `json`\n", options.format);
        return false;
      }
    } else if (is("--color")) {
      if (!value(options.color)) return false;
      if (options.color != "auto" && options.color != "always" && options.color != "never") {
        err << fmt::format("cobro: unknown colour mode `{}`; use `auto`, `always` or `never`\n",
                           options.color);
        return false;
      }
    } else if (is("--stdlib")) {
      if (!value(options.pipeline.stdlib_root)) return false;
    } else if (arg == "-I" || is("--root")) {
      std::string root;
      if (!value(root)) return false;
      options.pipeline.roots.push_back(root);
    } else if (is("--policy")) {
      std::string policy;
      if (!value(policy)) return false;
      options.pipeline.analysis.policies.push_back(policy);
    } else if (is("--jurisdiction")) {
      std::string code;
      if (!value(code)) return false;
      options.pipeline.analysis.jurisdictions.push_back(code);
    } else if (arg == "--no-compliance") {
      options.pipeline.analyze = false;
    } else if (arg == "--dump-ast") {
      options.dump_ast = true;
    } else if (arg.starts_with("-") && arg != "-") {
      err << fmt::format("cobro: unknown option `{}`; see `cobro check --help`\n", arg);
      return false;
    } else {
      options.paths.push_back(arg);
    }
  }
  if (options.paths.empty()) {
    err << "cobro: `check` needs at least one file or directory; see `cobro check --help`\n";
    return false;
  }
  while (options.pipeline.stdlib_root.ends_with("/") && options.pipeline.stdlib_root.size() > 1) {
    options.pipeline.stdlib_root.pop_back();
  }
  options.pipeline.roots.push_back(".");
  return true;
}

auto RunCheck(const std::vector<std::string>& args, FileSystem& files,
              const Environment& environment, std::ostream& out, std::ostream& err) -> int {
  CheckOptions options;
  bool help = false;
  if (!ParseCheckOptions(args, environment, options, out, err, help)) {
    return help ? kExitClean : kExitCouldNotRun;
  }
  CheckResult result = LoadAndCheck(options.paths, options.pipeline, files);
  if (options.dump_ast) {
    for (const sema::Module& module : result.program.modules) {
      if (!module.is_input) continue;
      out << ast::Print(module.ast, result.sources.Get(module.ast.file_id));
    }
  }
  int errors = 0;
  int warnings = 0;
  for (const diag::Diagnostic& diagnostic : result.diagnostics) {
    errors += diagnostic.severity == diag::Severity::Error;
    warnings += diagnostic.severity == diag::Severity::Warning;
  }
  if (options.format == "json") {
    out << diag::RenderJson(result.diagnostics, result.sources);
  } else {
    bool color = options.color == "always" || (options.color == "auto" && environment.color_terminal);
    err << diag::RenderConsole(result.diagnostics, result.sources, diag::ConsoleOptions{color});
    if (errors > 0 || warnings > 0) {
      err << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                         warnings == 1 ? "" : "s");
    }
  }
  if (result.io_error) return kExitCouldNotRun;
  return errors > 0 ? kExitFindings : kExitClean;
}

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
    out << "cobro " << COBRO_VERSION << "\n";
    return kExitClean;
  }
  if (command == "check") return RunCheck(rest, files, environment, out, err);
  err << fmt::format("cobro: unknown command `{}`; run `cobro --help`\n", command);
  return kExitCouldNotRun;
}

}  // namespace cobro::driver
