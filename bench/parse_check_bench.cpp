// Parse and check time of a generated module of 10,000 lines (issue target:
// under 200 ms on the 2-core development machine). Prints the first (cold)
// run, when ANTLR's prediction caches are empty as in one CLI invocation,
// and the median of later (warm) runs, as in the language server.
//
//   parse_check_bench [lines] [runs]

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "bench/generate_module.h"
#include "compiler/diag/emitter.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/parse/parse.h"

namespace {

using Clock = std::chrono::steady_clock;

auto Milliseconds(Clock::duration duration) -> double {
  return std::chrono::duration<double, std::milli>(duration).count();
}

}  // namespace

int main(int argc, char** argv) {
  int lines = argc > 1 ? std::atoi(argv[1]) : 10000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 7;
  std::string text = cobro::bench::GenerateModule(lines);
  int actual_lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));

  std::vector<double> parse_ms;
  std::vector<double> total_ms;
  for (int run = 0; run < runs; ++run) {
    // Parse alone.
    cobro::SourceManager sources;
    cobro::FileId file = sources.Add("generated.cobro", text);
    std::vector<cobro::diag::Diagnostic> diagnostics;
    cobro::diag::Emitter emitter(diagnostics);
    auto start = Clock::now();
    cobro::ast::File ast = cobro::parse::Parse(sources.Get(file), file, emitter);
    parse_ms.push_back(Milliseconds(Clock::now() - start));
    if (!diagnostics.empty()) {
      std::cerr << "the generated module has diagnostics; the benchmark is broken\n";
      return 1;
    }
    // The whole `cobro check`: read, parse, resolve imports, check.
    cobro::driver::MemoryFileSystem files;
    files.MapToDisk("stdlib/", std::string(COBRO_SOURCE_DIR) + "/stdlib/");
    files.Add("generated.cobro", text);
    start = Clock::now();
    cobro::driver::CheckResult result =
        cobro::driver::LoadAndCheck({"generated.cobro"}, cobro::driver::PipelineOptions::WithStdlib("stdlib"), files);
    total_ms.push_back(Milliseconds(Clock::now() - start));
    if (!result.diagnostics.empty()) {
      std::cerr << "check reported diagnostics; the benchmark is broken\n";
      return 1;
    }
  }
  auto median = [](std::vector<double> values) {
    std::sort(values.begin() + 1, values.end());
    return values[1 + (values.size() - 1) / 2];
  };
  fmt::print("module: {} lines, {} bytes\n", actual_lines, text.size());
  fmt::print("parse:         cold {:7.1f} ms   warm median {:7.1f} ms\n", parse_ms[0], median(parse_ms));
  fmt::print("parse + check: cold {:7.1f} ms   warm median {:7.1f} ms   (target < 200 ms)\n",
             total_ms[0], median(total_ms));
  return 0;
}
