// JIT compile time of every example flow (examples/*/flow.cobro, the whole
// lowered module, stdlib policies included): cold (no cache: LLVM IR,
// optimisation, code generation, linking) and from a warm object cache (a
// temporary directory: read the object, link it), median of several runs;
// plus the time to read, parse and check, and to lower. Target (DESIGN.md,
// "Where it must reach"): a typical flow in tens of milliseconds, with a
// cache.
//
//   jit_compile_bench [runs]

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/lower/lower.h"
#include "runtime/jit/jit.h"

namespace {

using Clock = std::chrono::steady_clock;

auto Milliseconds(Clock::duration duration) -> double {
  return std::chrono::duration<double, std::milli>(duration).count();
}

auto Median(std::vector<double> values) -> double {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Lowered {
  cobro::flowir::Module module;
  double check_ms = 0;
  double lower_ms = 0;
};

auto LowerOrDie(const std::string& path) -> Lowered {
  cobro::driver::DiskFileSystem files;
  cobro::driver::PipelineOptions options;
  options.stdlib_root = std::string(COBRO_SOURCE_DIR) + "/stdlib";
  options.analyze = false;
  Lowered lowered;
  auto start = Clock::now();
  cobro::driver::CheckResult result = cobro::driver::LoadAndCheck({path}, options, files);
  lowered.check_ms = Milliseconds(Clock::now() - start);
  bool errors = result.io_error;
  for (const auto& diagnostic : result.diagnostics) errors |= diagnostic.severity == cobro::diag::Severity::Error;
  if (errors) {
    std::cerr << cobro::diag::RenderConsole(result.diagnostics, result.sources, {});
    std::cerr << path << " does not check; the benchmark is broken\n";
    std::exit(1);
  }
  start = Clock::now();
  lowered.module = cobro::lower::Lower(result.program, &result.sources);
  lowered.lower_ms = Milliseconds(Clock::now() - start);
  return lowered;
}

auto CompileOrDie(cobro::jit::Jit& jit, const cobro::flowir::Module& module, const std::string& path)
    -> cobro::jit::CompiledModule {
  auto compiled = jit.Compile(module);
  if (!compiled) {
    std::cerr << path << ": JIT compile failed: " << compiled.error() << "\n";
    std::exit(1);
  }
  return std::move(*compiled);
}

auto CreateOrDie(const cobro::jit::JitOptions& options) -> std::unique_ptr<cobro::jit::Jit> {
  auto jit = cobro::jit::Jit::Create(options);
  if (!jit) {
    std::cerr << "no JIT: " << jit.error() << "\n";
    std::exit(1);
  }
  return std::move(*jit);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  std::vector<std::string> paths;
  std::filesystem::path root(COBRO_SOURCE_DIR);
  for (const auto& entry : std::filesystem::directory_iterator(root / "examples")) {
    if (std::filesystem::exists(entry.path() / "flow.cobro")) paths.push_back((entry.path() / "flow.cobro").string());
  }
  std::sort(paths.begin(), paths.end());
  // The benchmarks' own sources, for comparison.
  paths.push_back((root / "bench/flows/collections.cobro").string());
  paths.push_back((root / "bench/decision/route.cobro").string());

  std::filesystem::path cache =
      std::filesystem::temp_directory_path() / fmt::format("cobro-jit-compile-bench-{}", ::getpid());
  std::filesystem::remove_all(cache);

  auto start = Clock::now();
  std::unique_ptr<cobro::jit::Jit> cold_jit = CreateOrDie({"", 2});
  double create_ms = Milliseconds(Clock::now() - start);
  std::unique_ptr<cobro::jit::Jit> cold_o0_jit = CreateOrDie({"", 0});
  std::unique_ptr<cobro::jit::Jit> warm_jit = CreateOrDie({cache.string(), 2});

  // The first compile in a process also sets LLVM up (pass registries,
  // target tables): shown apart, then every module is timed warm.
  double first_ms = 0;
  {
    Lowered first = LowerOrDie(paths.front());
    auto begin = Clock::now();
    CompileOrDie(*cold_jit, first.module, paths.front());
    first_ms = Milliseconds(Clock::now() - begin);
  }

  fmt::print("JIT compile of each module (median of {} runs; a new JITDylib per compile), ms\n", runs);
  fmt::print("Jit::Create (LLJIT, host target, runtime symbols): {:.1f} ms, once per process\n", create_ms);
  fmt::print("first compile in the process ({}, LLVM set-up included): {:.1f} ms\n\n",
             std::filesystem::relative(paths.front(), root).string(), first_ms);
  fmt::print("{:<40} {:>6} {:>6} {:>7} {:>7} {:>9} {:>9} {:>9} {:>9}\n", "module", "flows", "states", "exprs",
             "check", "lower", "cold O2", "cold O0", "warm");
  std::vector<double> all_cold;
  std::vector<double> all_warm;
  for (const std::string& path : paths) {
    Lowered lowered = LowerOrDie(path);
    const cobro::flowir::Module& module = lowered.module;
    std::vector<double> check_ms{lowered.check_ms};
    std::vector<double> lower_ms{lowered.lower_ms};
    for (int run = 1; run < runs; ++run) {
      Lowered again = LowerOrDie(path);
      check_ms.push_back(again.check_ms);
      lower_ms.push_back(again.lower_ms);
    }
    std::vector<double> cold;
    std::vector<double> cold_o0;
    std::vector<double> warm;
    for (int run = 0; run < runs; ++run) {
      auto begin = Clock::now();
      cobro::jit::CompiledModule compiled = CompileOrDie(*cold_jit, module, path);
      cold.push_back(Milliseconds(Clock::now() - begin));
      begin = Clock::now();
      CompileOrDie(*cold_o0_jit, module, path);
      cold_o0.push_back(Milliseconds(Clock::now() - begin));
    }
    // The first compile fills the cache; the later ones read it.
    if (CompileOrDie(*warm_jit, module, path).from_cache) {
      std::cerr << path << ": the cache was warm before the first compile\n";
      return 1;
    }
    for (int run = 0; run < runs; ++run) {
      auto begin = Clock::now();
      cobro::jit::CompiledModule compiled = CompileOrDie(*warm_jit, module, path);
      warm.push_back(Milliseconds(Clock::now() - begin));
      if (!compiled.from_cache) {
        std::cerr << path << ": the warm compile did not come from the cache\n";
        return 1;
      }
    }
    int states = 0;
    for (const auto& flow : module.flows) states += static_cast<int>(flow.states.size());
    std::string name = std::filesystem::relative(path, root).string();
    fmt::print("{:<40} {:>6} {:>6} {:>7} {:>7.1f} {:>9.2f} {:>9.1f} {:>9.1f} {:>9.2f}\n", name, module.flows.size(),
               states, module.exprs.size(), Median(check_ms), Median(lower_ms), Median(cold), Median(cold_o0),
               Median(warm));
    if (name.rfind("examples/", 0) == 0) {
      all_cold.push_back(Median(cold));
      all_warm.push_back(Median(warm));
    }
  }
  std::filesystem::remove_all(cache);
  fmt::print("\nexamples: cold O2 median {:.1f} ms (max {:.1f}), warm median {:.2f} ms (max {:.2f})   "
             "(target: tens of ms)\n",
             Median(all_cold), *std::max_element(all_cold.begin(), all_cold.end()), Median(all_warm),
             *std::max_element(all_warm.begin(), all_warm.end()));
  fmt::print("check: read, parse, resolve imports (stdlib included) and check, no compliance analysis;\n"
             "lower: sema::Program to flow IR; cold: flow IR -> LLVM IR -> O2 -> object -> linked;\n"
             "warm: cache key (IR dump + hash), object read from disk, linked.\n");
  return 0;
}
