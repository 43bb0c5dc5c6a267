// The engine keeps in a debtor's history only the event types something
// reads back: the history builtins' events and fields, and the guard's
// triggers. A builtin whose event is not a constant keeps every type, and
// the builtins still see what they count. Records a state argument may
// hold outlive their event; the others do not.

#include <string>

#include <catch2/catch.hpp>

#include "runtime/engine/guard.h"
#include "runtime/engine/history_demand.h"
#include "tests/unit/runtime/engine/engine_fixture.h"

namespace cobro::runtime {
namespace {

using testing::FindEvent;
using testing::InterpretedEngine;
using testing::LowerSource;

constexpr const char* kHeader = "module t\nimport std.events\nimport std.scoring\nprofile D { balance: money, vip: bool }\n";

// A flow that leaves `s` for `fin` when `condition` holds on an opened email.
auto FlowWhen(const std::string& condition) -> std::string {
  return std::string(kHeader) + "flow F for d: D {\n  start -> s\n  state s {\n    send email \"m\"\n" +
         "    on contact.opened when " + condition + " -> fin\n  }\n  terminal state fin { send email \"bye\" }\n}\n";
}

TEST_CASE("history builtins demand the events and fields they name", "[engine]") {
  flowir::Module module = LowerSource(std::string(kHeader) +
                                      "fn paid() -> float = ewma(payment.amount, 30d)\n"
                                      "fn recent() -> int = days_since(promise, 99)\n" +
                                      "flow F for d: D {\n  start -> s\n  state s {\n    send email \"m\"\n"
                                      "    on contact.opened when count(contact.clicked, 7d) >= 2 and opted_out(sms)"
                                      " -> fin\n  }\n  terminal state fin { send email \"bye\" }\n}\n");
  HistoryDemand demand = BuiltinHistoryDemand(module);
  for (const char* wanted : {"payment", "promise", "contact.clicked", "opt_out", "consent"}) {
    INFO(wanted);
    CHECK(demand.Wants(FindEvent(module, wanted)));
  }
  for (const char* unwanted : {"contact.opened", "dispute", "served_in_suit", "contact.attempt"}) {
    INFO(unwanted);
    CHECK_FALSE(demand.Wants(FindEvent(module, unwanted)));
  }
}

TEST_CASE("a history builtin on a computed event demands every type", "[engine]") {
  flowir::Module module =
      LowerSource(FlowWhen("count(if d.vip then contact.opened else contact.opened, 7d) >= 2"));
  HistoryDemand demand = BuiltinHistoryDemand(module);
  for (size_t type = 0; type < module.events.size(); ++type) CHECK(demand.Wants(static_cast<int32_t>(type)));
}

TEST_CASE("the guard demands its triggers, their ends, consents and conversations", "[engine]") {
  flowir::Module module = LowerSource(std::string(kHeader) +
                                      "policy P {\n  a: on served_in_suit forbid all\n"
                                      "  b: on breathing_space forbid all until breathing_space_ended\n}\n");
  Guard guard(module, [](std::string_view) -> const HolidayCalendar* { return nullptr; });
  HistoryDemand demand = guard.Demand();
  for (const char* wanted :
       {"served_in_suit", "breathing_space", "breathing_space_ended", "consent", "opt_out", "contact.conversation"}) {
    INFO(wanted);
    CHECK(demand.Wants(FindEvent(module, wanted)));
  }
  CHECK_FALSE(demand.Wants(FindEvent(module, "payment")));
  CHECK_FALSE(demand.Wants(FindEvent(module, "bankruptcy")));
}

TEST_CASE("types from the 63rd on share one bit", "[engine]") {
  HistoryDemand demand;
  demand.Add(70);
  CHECK(demand.Wants(63));
  CHECK(demand.Wants(100));
  CHECK_FALSE(demand.Wants(62));
  demand.Add(-1);  // A type the module lacks.
  CHECK_FALSE(demand.Wants(0));
}

// Two opened emails within 7 days move the case on, whether the count's
// event is a constant or computed; other events in between do not count.
TEST_CASE("builtins count the kept history", "[engine]") {
  for (const char* condition :
       {"count(contact.opened, 7d) >= 2", "count(if d.vip then contact.opened else contact.opened, 7d) >= 2"}) {
    INFO(condition);
    flowir::Module module = LowerSource(FlowWhen(condition));
    Engine engine = InterpretedEngine(module);
    int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 1}, nullptr);
    engine.EnrollAll(debtor, 0);
    REQUIRE(engine.cases().size() == 1);
    Value email = static_cast<Value>(Channel::Email);
    int32_t opened = FindEvent(module, "contact.opened");
    engine.PushEvent(debtor, FindEvent(module, "contact.delivered"), 1000, {email});
    engine.PushEvent(debtor, opened, 2000, {email});
    CHECK(engine.cases()[0].state == 0);
    engine.PushEvent(debtor, FindEvent(module, "contact.clicked"), 3000, {email});
    engine.PushEvent(debtor, opened, 4000, {email});
    CHECK(engine.cases()[0].finished);
    CHECK(engine.actions().size() == 2);
  }
}

// A promise carried into `promised(p)`, read on entry and again by a retry
// after other events came (and went).
constexpr const char* kPromised = R"(
flow F for d: D {
  start -> s
  state s {
    on promise p -> promised(p)
  }
  state promised(p: promise) {
    send email "m" with { amount: p.amount } every 1d up to 3
    on dispute -> fin
  }
  terminal state fin { send email "bye" }
}
)";

TEST_CASE("records a state argument may hold are retained", "[engine]") {
  flowir::Module module = LowerSource(std::string(kHeader) + kPromised);
  HistoryDemand held = HeldByStates(module);
  CHECK(held.Wants(FindEvent(module, "promise")));
  CHECK_FALSE(held.Wants(FindEvent(module, "dispute")));
  // Without an event parameter, a binding cannot outlive its handler.
  flowir::Module plain = LowerSource(std::string(kHeader) + R"(
flow F for d: D {
  start -> s
  state s {
    on promise p when p.amount > 1.00 -> fin
  }
  terminal state fin { send email "bye" }
}
)");
  CHECK(HeldByStates(plain).types == 0);
}

TEST_CASE("a held event keeps its fields while later events come and go", "[engine]") {
  flowir::Module module = LowerSource(std::string(kHeader) + kPromised);
  Engine engine = InterpretedEngine(module);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale, 0}, nullptr);
  engine.EnrollAll(debtor, 0);
  constexpr int64_t kDay = 86'400'000;
  Value email = static_cast<Value>(Channel::Email);
  engine.PushEvent(debtor, FindEvent(module, "promise"), 1000, {42 * flowir::kMoneyScale, 20'000});
  for (int64_t i = 1; i <= 30; ++i) {
    engine.PushEvent(debtor, FindEvent(module, "contact.opened"), 1000 + i * kDay / 16, {email});
  }
  engine.AdvanceTo(3 * kDay);
  REQUIRE(engine.actions().size() == 3);
  for (const ActionRecord& action : engine.actions()) {
    REQUIRE(action.with.size() == 1);
    CHECK(action.with[0] == 42 * flowir::kMoneyScale);
  }
}

}  // namespace
}  // namespace cobro::runtime
