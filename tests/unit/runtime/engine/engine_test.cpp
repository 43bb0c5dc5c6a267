// The engine core with the reference interpreter: entering states, retries,
// timers (retries due at a timer's instant go first), events, history
// aggregates, and the start rule.

#include "runtime/engine/engine.h"

#include <catch2/catch.hpp>

#include "tests/unit/runtime/engine/engine_fixture.h"

namespace cobro::runtime {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

using testing::FindEvent;
using testing::InterpretedEngine;
using testing::LowerSource;

// "t+offset name" for each action, to compare whole runs at a glance.
auto Timeline(const Engine& engine) -> std::vector<std::string> {
  std::vector<std::string> lines;
  for (const ActionRecord& action : engine.actions()) {
    lines.push_back(std::to_string(action.time / kHour) + "h " + engine.module().strings[action.name] + "#" +
                    std::to_string(action.attempt));
  }
  return lines;
}

const char* kFlow = R"(module t
import std.events
import std.scoring
profile D { balance: money  dpd: int }
flow F for d: D {
  start when d.dpd >= 1 -> calling
  state calling {
    call voice "call" every 1d up to 3
    on payment p when p.amount >= d.balance -> done
    on payment -> partial
    after 2d -> letters
  }
  state partial {
    send email "thanks" with { paid: sum(payment.amount, 30d) }
    after 1d -> calling
  }
  state letters { send letter "final" }
  always { on dispute -> hold }
}
)";

TEST_CASE("retries, and a retry due when the timer fires goes first", "[engine]") {
  flowir::Module module = LowerSource(kFlow);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 5}, nullptr);
  engine.Enroll(debtor, 0, 0);
  engine.AdvanceTo(10 * kDay);
  // Calls at 0, 1d and 2d (the third is due as the 2d timer fires), then the letter.
  CHECK(Timeline(engine) == std::vector<std::string>{"0h call#1", "24h call#2", "48h call#3", "48h final#1"});
  CHECK(engine.cases()[0].state == 2);
}

TEST_CASE("events change state; handlers are tried in order with guards", "[engine]") {
  flowir::Module module = LowerSource(kFlow);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 5}, nullptr);
  engine.Enroll(debtor, 0, 0);
  int32_t payment = FindEvent(module, "payment");
  // A partial payment of 40.00 at 12h: `partial` sums the month's payments.
  engine.PushEvent(debtor, payment, 12 * kHour, {40 * flowir::kMoneyScale, 0, 0});
  engine.AdvanceTo(12 * kHour + 1);
  REQUIRE(engine.actions().size() == 2);
  CHECK(engine.actions()[1].with[0] == 40 * flowir::kMoneyScale);
  // Back to calling a day later; a full payment closes the case.
  engine.PushEvent(debtor, payment, 40 * kHour, {100 * flowir::kMoneyScale, 0, 0});
  CHECK(engine.cases()[0].finished);
  CHECK(module.flows[0].states[engine.cases()[0].state].name == "done");
  CHECK(Timeline(engine) == std::vector<std::string>{"0h call#1", "12h thanks#1", "36h call#1"});
}

TEST_CASE("the start rule is tried again after each event", "[engine]") {
  flowir::Module module = LowerSource(kFlow);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 0}, nullptr);
  engine.Enroll(debtor, 0, 0);
  CHECK(engine.cases().empty());
  CHECK(engine.actions().empty());
}

TEST_CASE("always handlers apply in every state", "[engine]") {
  flowir::Module module = LowerSource(kFlow);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 5}, nullptr);
  engine.Enroll(debtor, 0, 0);
  engine.PushEvent(debtor, FindEvent(module, "dispute"), kHour, {engine.strings().Intern("x"), 1});
  engine.AdvanceTo(5 * kDay);
  CHECK(Timeline(engine) == std::vector<std::string>{"0h call#1"});
  CHECK(module.flows[0].states[engine.cases()[0].state].name == "hold");
}

}  // namespace
}  // namespace cobro::runtime
