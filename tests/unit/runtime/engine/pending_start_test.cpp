// Flows whose start rule does not hold when a debtor is enrolled wait, and
// each of the debtor's events tries them again, in flow order: past the
// 64 flows the engine keeps as bits, too, and enrolling twice waits once.

#include <string>

#include <catch2/catch.hpp>

#include "tests/unit/runtime/engine/engine_fixture.h"

namespace cobro::runtime {
namespace {

using testing::FindEvent;
using testing::InterpretedEngine;
using testing::LowerSource;

// `flows` flows that start on the first payment, each sending its own email.
auto ManyFlows(int flows) -> std::string {
  std::string text = "module t\nimport std.events\nimport std.scoring\nprofile D { balance: money }\n";
  for (int f = 0; f < flows; ++f) {
    std::string n = std::to_string(f);
    text += "flow F" + n + " for d: D {\n  start when sum(payment.amount, 30d) >= 1.00 -> s\n" +
            "  terminal state s { send email \"m" + n + "\" }\n}\n";
  }
  return text;
}

TEST_CASE("start rules are tried again after each event, in flow order, past 64 flows", "[engine]") {
  constexpr int kFlows = 70;
  flowir::Module module = LowerSource(ManyFlows(kFlows));
  REQUIRE(module.flows.size() == kFlows);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale}, nullptr);
  engine.EnrollAll(debtor, 0);
  // Enrolling again must not start a flow twice later.
  engine.Enroll(debtor, 3, 0);
  engine.Enroll(debtor, 66, 0);
  CHECK(engine.cases().empty());

  int32_t payment = FindEvent(module, "payment");
  engine.PushEvent(debtor, FindEvent(module, "dispute"), 1000, {engine.strings().Intern("x"), 1});
  CHECK(engine.cases().empty());
  engine.PushEvent(debtor, payment, 2000, {5 * flowir::kMoneyScale, 0, 0});
  REQUIRE(engine.cases().size() == kFlows);
  for (int f = 0; f < kFlows; ++f) {
    CHECK(engine.cases()[static_cast<size_t>(f)].flow == f);
    CHECK(engine.module().strings[engine.actions()[static_cast<size_t>(f)].name] == "m" + std::to_string(f));
  }
  engine.PushEvent(debtor, payment, 3000, {5 * flowir::kMoneyScale, 0, 0});
  CHECK(engine.cases().size() == kFlows);
  CHECK(engine.actions().size() == kFlows);
}

}  // namespace
}  // namespace cobro::runtime
