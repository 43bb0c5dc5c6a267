// The numbers behind a deferral ("the last contact was 1d ago") are
// formatted for sinks that read them, and left out for those that do not;
// the decision itself is the same either way.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/runtime/engine/engine_fixture.h"

namespace cobro::runtime {
namespace {

using testing::InterpretedEngine;
using testing::LowerSource;

constexpr int64_t kDay = 86'400'000;

const char* kSpaced = R"(module t
import std.events
profile D { balance: money }
policy Spacing {
  apart: gap email >= 2d cite "test"
}
flow F for d: D complies Spacing {
  start when d.balance > 0.00 -> s
  state s {
    send email "m" every 1d up to 2
    after 10d -> done
  }
}
)";

// Keeps audits, and says whether it reads their detail.
class AuditSink final : public EngineSink {
 public:
  explicit AuditSink(bool wants_detail) : wants_detail_(wants_detail) {}
  void OnAction(const ActionRecord& action) override { action_times.push_back(action.time); }
  void OnAudit(const AuditRecord& audit) override { audits.push_back(audit); }
  void OnTransition(const TransitionRecord&) override {}
  auto WantsAuditDetail() const -> bool override { return wants_detail_; }

  std::vector<int64_t> action_times;
  std::vector<AuditRecord> audits;

 private:
  bool wants_detail_;
};

auto Run(const flowir::Module& module, AuditSink& sink) {
  Engine engine = InterpretedEngine(module, &sink);
  int32_t debtor = engine.AddDebtor("d1", 0, {100 * flowir::kMoneyScale}, nullptr);
  engine.EnrollAll(debtor, 0);
  engine.AdvanceTo(5 * kDay);
}

TEST_CASE("a deferral's detail is formatted only for sinks that read it", "[engine]") {
  flowir::Module module = LowerSource(kSpaced);
  AuditSink reads(true);
  AuditSink ignores(false);
  Run(module, reads);
  Run(module, ignores);
  // The retry a day later waits for the 2-day gap.
  CHECK(reads.action_times == std::vector<int64_t>{0, 2 * kDay});
  CHECK(ignores.action_times == reads.action_times);
  REQUIRE(reads.audits.size() == 1);
  REQUIRE(ignores.audits.size() == 1);
  CHECK(reads.audits[0].verdict == Verdict::Defer);
  CHECK(reads.audits[0].until == 2 * kDay);
  CHECK(reads.audits[0].detail == "the last contact was 1d ago; 2d must pass");
  CHECK(ignores.audits[0].verdict == Verdict::Defer);
  CHECK(ignores.audits[0].until == 2 * kDay);
  CHECK(ignores.audits[0].rule == reads.audits[0].rule);
  CHECK(ignores.audits[0].detail.empty());
}

}  // namespace
}  // namespace cobro::runtime
