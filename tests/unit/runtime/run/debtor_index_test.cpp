// DebtorIndex: every id found after the table grew many times, unknown ids
// and near misses not found, and a repeated id keeping its first debtor
// (as the profile reader's duplicate check expects).

#include "runtime/run/debtor_index.h"

#include <string>

#include <catch2/catch.hpp>

#include "tests/unit/runtime/engine/engine_fixture.h"

namespace cobro::runtime {
namespace {

TEST_CASE("DebtorIndex finds every debtor by id", "[run]") {
  flowir::Module module = testing::LowerSource("module t\nprofile D { balance: money }\n");
  Engine engine = testing::InterpretedEngine(module);
  DebtorIndex index(engine);
  CHECK(index.Find("CL-0000001") == -1);
  constexpr int kDebtors = 5000;
  for (int d = 0; d < kDebtors; ++d) {
    // Long ids too, past the short-string buffer.
    std::string id = d % 2 == 0 ? "CL-" + std::to_string(d) : "a-much-longer-debtor-identifier-" + std::to_string(d);
    index.Add(engine.AddDebtor(id, 0, {0}, nullptr));
  }
  for (int d = 0; d < kDebtors; ++d) {
    std::string id = d % 2 == 0 ? "CL-" + std::to_string(d) : "a-much-longer-debtor-identifier-" + std::to_string(d);
    REQUIRE(index.Find(id) == d);
  }
  CHECK(index.Find("CL-5000") == -1);
  CHECK(index.Find("CL-1") == -1);  // An odd number: only the long form exists.
  CHECK(index.Find("") == -1);

  int32_t again = engine.AddDebtor("CL-0", 0, {0}, nullptr);
  index.Add(again);
  CHECK(index.Find("CL-0") == 0);
}

}  // namespace
}  // namespace cobro::runtime
