// Lowering every example: the IR is well formed (every id in range, every
// target and slot valid) and its dump is deterministic.

#include "compiler/lower/lower.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <catch2/catch.hpp>

#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"

namespace cobro::lower {
namespace {

auto LowerFile(const std::string& path) -> flowir::Module {
  driver::DiskFileSystem files;
  driver::PipelineOptions options;
  options.stdlib_root = std::string(COBRO_SOURCE_DIR) + "/stdlib";
  options.analyze = false;
  driver::CheckResult result = driver::LoadAndCheck({path}, options, files);
  for (const auto& diagnostic : result.diagnostics) {
    INFO(diagnostic.message);
    REQUIRE(diagnostic.severity != diag::Severity::Error);
  }
  return Lower(result.program, &result.sources);
}

void CheckWellFormed(const flowir::Module& module) {
  auto valid = [&](flowir::ExprId id) { return id.index >= 0 && static_cast<size_t>(id.index) < module.exprs.size(); };
  for (const flowir::Expr& expr : module.exprs) {
    for (flowir::ExprId child : {expr.a, expr.b, expr.c}) {
      if (child.has_value()) CHECK(valid(child));
    }
    CHECK(expr.arg_begin + expr.arg_count <= static_cast<int32_t>(module.args.size()));
    if (expr.op == flowir::Op::Call) CHECK(static_cast<size_t>(expr.imm) < module.functions.size());
  }
  for (const flowir::Function& function : module.functions) {
    CHECK(valid(function.body));
    CHECK(function.locals >= static_cast<int32_t>(function.params.size()));
  }
  for (const flowir::Flow& flow : module.flows) {
    CHECK(flow.states.size() >= 2);
    CHECK(flow.states[flow.states.size() - 2].name == "done");
    for (const flowir::Target& target : flow.targets) {
      if (target.kind == flowir::TargetKind::State) {
        CHECK(target.state >= 0);
        CHECK(static_cast<size_t>(target.state) < flow.states.size());
        CHECK(target.args.size() == flow.states[target.state].params.size());
      }
    }
    for (const flowir::State& state : flow.states) {
      for (const flowir::Handler& handler : state.handlers) {
        CHECK(static_cast<size_t>(handler.target) < flow.targets.size());
        CHECK(handler.event_slot < flow.locals);
      }
    }
  }
}

TEST_CASE("every example lowers to well-formed IR", "[lower]") {
  std::filesystem::path examples = std::filesystem::path(COBRO_SOURCE_DIR) / "examples";
  for (const auto& entry : std::filesystem::directory_iterator(examples)) {
    std::filesystem::path flow = entry.path() / "flow.cobro";
    if (!std::filesystem::exists(flow)) continue;
    INFO(flow.string());
    flowir::Module module = LowerFile(flow.string());
    CHECK(!module.flows.empty());
    CheckWellFormed(module);
    CHECK(flowir::Dump(module) == flowir::Dump(LowerFile(flow.string())));
    if (const char* show = std::getenv("COBRO_SHOW_IR"); show != nullptr && flow.string().find(show) != std::string::npos) {
      std::cout << flowir::Dump(module);
    }
  }
}

}  // namespace
}  // namespace cobro::lower
