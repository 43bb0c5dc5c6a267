// `cobro fmt`: prints, writes, checks or diffs the canonical formatting of
// Cobro files.

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/format/format.h"
#include "compiler/format/line_diff.h"

namespace cobro::driver {

namespace {

constexpr const char* kFmtUsage = R"(usage: cobro fmt [options] PATH...

Formats Cobro files in the one canonical style: two-space indentation, one
item per line, lines broken where they pass 100 columns, comments kept where
they are. PATH is a file, a directory (every .cobro file under it) or `-` for
standard input. A file with syntax errors is reported and left alone.

Without options the formatted text is printed. Exit status: 0 done, 1 a file
has syntax errors (or, with --check and --diff, would change), 2 could not run.

options:
  -w, --write        rewrite the files that are not formatted, printing nothing
  --check            list the files that are not formatted; change nothing
  --diff             print a unified diff of the changes; change nothing
  --indent N         spaces per level (default 2)
  --max-width N      the line width to keep within (default 100)
  -h, --help         show this help
)";

enum class Mode : uint8_t { Print, Write, Check, Diff };

struct FmtOptions {
  Mode mode = Mode::Print;
  format::Options format;
  std::vector<std::string> paths;
};

auto ReadNumber(ArgReader& reader, int& target, int minimum) -> bool {
  std::string value;
  if (!reader.Value(value)) return false;
  try {
    size_t used = 0;
    int number = std::stoi(value, &used);
    if (used == value.size() && number >= minimum) {
      target = number;
      return true;
    }
  } catch (const std::exception&) {
    // Reported below like any other bad value.
  }
  return reader.Fail(fmt::format("`{}` needs a whole number of at least {}; found `{}`",
                                 reader.arg(), minimum, value));
}

// Reads the arguments; nullopt after printing a usage error, or with `help`
// set when the help was asked for.
auto ReadOptions(const std::vector<std::string>& args, std::ostream& err, bool& help)
    -> std::optional<FmtOptions> {
  FmtOptions options;
  ArgReader reader(args, "fmt", err);
  int modes = 0;
  auto set_mode = [&](Mode mode) {
    options.mode = mode;
    ++modes;
  };
  while (reader.Next()) {
    const std::string& arg = reader.arg();
    if (arg == "-h" || arg == "--help") {
      help = true;
      return options;
    }
    if (arg == "-w" || arg == "--write") {
      set_mode(Mode::Write);
    } else if (arg == "--check") {
      set_mode(Mode::Check);
    } else if (arg == "--diff") {
      set_mode(Mode::Diff);
    } else if (reader.Is("--indent")) {
      if (!ReadNumber(reader, options.format.indent, 0)) return std::nullopt;
    } else if (reader.Is("--max-width")) {
      if (!ReadNumber(reader, options.format.max_width, 1)) return std::nullopt;
    } else if (arg != "-" && arg.starts_with("-")) {
      reader.Fail(fmt::format("unknown option `{}`", arg));
      return std::nullopt;
    } else {
      options.paths.push_back(arg);
    }
  }
  if (modes > 1) {
    reader.Fail("choose one of `-w`, `--check` and `--diff`");
    return std::nullopt;
  }
  if (options.paths.empty()) {
    reader.Fail("no files to format; name files, directories or `-` for standard input");
    return std::nullopt;
  }
  if (options.mode == Mode::Write &&
      std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end()) {
    reader.Fail("`-w` cannot rewrite standard input");
    return std::nullopt;
  }
  return options;
}

// One input: its name as shown and its text.
struct Input {
  std::string path;
  std::string text;
};

// The inputs the paths name, in order; false after printing why one could
// not be read.
auto ReadInputs(const std::vector<std::string>& paths, FileSystem& files,
                const Environment& environment, std::vector<Input>& inputs, std::ostream& err)
    -> bool {
  for (const std::string& path : paths) {
    if (path == "-") {
      std::optional<std::string> text =
          environment.read_stdin ? environment.read_stdin() : std::nullopt;
      if (!text) {
        err << "cobro: cannot read standard input\n";
        return false;
      }
      inputs.push_back(Input{"<stdin>", std::move(*text)});
      continue;
    }
    std::vector<std::string> names;
    if (files.IsDirectory(path)) {
      names = files.ListCobroFiles(path);
    } else {
      names.push_back(path);
    }
    for (const std::string& name : names) {
      std::string error;
      std::optional<std::string> text = files.ReadFile(name, error);
      if (!text) {
        err << fmt::format("cobro: cannot read `{}`: {}\n", name, error);
        return false;
      }
      inputs.push_back(Input{name, std::move(*text)});
    }
  }
  return true;
}

}  // namespace

auto RunFmt(const std::vector<std::string>& args, FileSystem& files,
            const Environment& environment, std::ostream& out, std::ostream& err) -> int {
  bool help = false;
  std::optional<FmtOptions> options = ReadOptions(args, err, help);
  if (help) {
    out << kFmtUsage;
    return kExitClean;
  }
  if (!options) return kExitCouldNotRun;
  std::vector<Input> inputs;
  if (!ReadInputs(options->paths, files, environment, inputs, err)) return kExitCouldNotRun;

  bool findings = false;
  for (const Input& input : inputs) {
    std::vector<diag::Diagnostic> diagnostics;
    std::optional<std::string> formatted =
        format::FormatText(input.text, options->format, &diagnostics);
    if (!formatted) {
      // The diagnostics point into FileId 0, the first file added here.
      SourceManager sources;
      sources.Add(input.path, input.text);
      err << diag::RenderConsole(diagnostics, sources, {environment.color_terminal});
      err << fmt::format("cobro: `{}` has syntax errors; it was not formatted\n", input.path);
      findings = true;
      continue;
    }
    bool changed = *formatted != input.text;
    switch (options->mode) {
      case Mode::Print: out << *formatted; break;
      case Mode::Check:
        if (changed) out << input.path << "\n";
        findings = findings || changed;
        break;
      case Mode::Diff:
        out << format::UnifiedDiff(input.text, *formatted, input.path, input.path + " (formatted)");
        findings = findings || changed;
        break;
      case Mode::Write: {
        std::string error;
        if (changed && !files.WriteFile(input.path, *formatted, error)) {
          err << fmt::format("cobro: cannot write `{}`: {}\n", input.path, error);
          return kExitCouldNotRun;
        }
        break;
      }
    }
  }
  return findings ? kExitFindings : kExitClean;
}

}  // namespace cobro::driver
