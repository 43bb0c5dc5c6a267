#pragma once

// Engines over source text for the engine tests: the module checked and
// lowered with the real stdlib, each flow run by the reference interpreter.

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/lower/lower.h"
#include "runtime/engine/engine.h"

namespace cobro::runtime::testing {

inline auto LowerSource(const std::string& text) -> flowir::Module {
  driver::MemoryFileSystem files;
  files.MapToDisk("stdlib/", std::string(COBRO_SOURCE_DIR) + "/stdlib/");
  files.Add("t.cobro", text);
  driver::PipelineOptions options = driver::PipelineOptions::WithStdlib("stdlib");
  options.analyze = false;
  driver::CheckResult result = driver::LoadAndCheck({"t.cobro"}, options, files);
  for (const auto& diagnostic : result.diagnostics) {
    INFO(diagnostic.message);
    REQUIRE(diagnostic.severity != diag::Severity::Error);
  }
  return lower::Lower(result.program, &result.sources);
}

// `sink` null: the engine keeps its records in memory.
inline auto InterpretedEngine(const flowir::Module& module, EngineSink* sink = nullptr) -> Engine {
  std::vector<std::unique_ptr<FlowCode>> code;
  for (size_t f = 0; f < module.flows.size(); ++f) code.push_back(MakeInterpretedFlow(module, static_cast<int32_t>(f)));
  return Engine(module, std::move(code), {}, sink);
}

// The index of an event type by name, -1 if none.
inline auto FindEvent(const flowir::Module& module, const std::string& event) -> int32_t {
  for (size_t i = 0; i < module.events.size(); ++i) {
    if (module.events[i].name == event) return static_cast<int32_t>(i);
  }
  return -1;
}

}  // namespace cobro::runtime::testing
