#pragma once

// What the commands that run flows (`run`, `simulate`) share: load and
// check the program, lower it, bind policies, load holiday calendars, and
// make the flows' code with the JIT or the interpreter.

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/base/holiday_calendar.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/pipeline.h"
#include "compiler/flowir/module.h"
#include "runtime/engine/engine.h"

namespace cobro::jit {
class Jit;
}  // namespace cobro::jit

namespace cobro::driver {

struct RuntimeProgram {
  CheckResult check;
  flowir::Module module;
  // Flows of the input files (not of imports), in module order.
  std::vector<int32_t> input_flows;
  // Policies `--policy` binds to every case.
  std::vector<int32_t> bound_policies;
  // Packs `--jurisdiction` binds to debtors of unknown jurisdiction
  // (EngineOptions::jurisdiction_policies).
  std::vector<int32_t> jurisdiction_policies;
  std::map<std::string, HolidayCalendar> calendars;
  std::unique_ptr<jit::Jit> jit;  // Owns the compiled code, when there is some.

  RuntimeProgram();
  ~RuntimeProgram();
  RuntimeProgram(RuntimeProgram&&) noexcept;
  auto operator=(RuntimeProgram&&) noexcept -> RuntimeProgram&;

  // Engine options with the bound policies and the calendars.
  auto EngineOptionsFor() const -> runtime::EngineOptions;
};

// Loads `paths` for running. Prints diagnostics (errors stop it) and returns
// false when the program cannot run.
auto LoadRuntimeProgram(const std::vector<std::string>& paths, PipelineOptions pipeline, FileSystem& files,
                        const Environment& environment, RuntimeProgram& program, std::ostream& err) -> bool;

// The code of every flow: compiled (from the object cache in
// `cache_directory` when it has it) or interpreted. Prints why on failure.
auto MakeFlowCode(RuntimeProgram& program, bool use_jit, const std::string& cache_directory, std::ostream& err)
    -> std::optional<std::vector<std::unique_ptr<runtime::FlowCode>>>;

}  // namespace cobro::driver
