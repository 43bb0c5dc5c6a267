#pragma once

// The baseline run_bench measures the engine against: the champion /
// challenger flows and the Ley 19.496 rules written by hand in C++, fed the
// parsed events. It must produce the engine's actions to the hash
// (run_counts.h); how it follows the engine's rules is told in
// run_hand_written.cpp.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/run_counts.h"
#include "bench/run_workload.h"

namespace date {
class time_zone;
}  // namespace date

namespace cobro::driver {
struct RuntimeProgram;
}  // namespace cobro::driver

namespace cobro::bench::run {

// The states of both flows, numbered here; mapped to the module's indexes
// for the hashes.
enum HState : int8_t {
  kChEmail, kChSms, kChCalls, kChPromised, kChLate, kChDone, kChHold,
  kHaLink, kHaOpened, kHaFollowup, kHaBot, kHaLast, kHaPromised, kHaLate, kHaDone, kHaHold,
  kHStates
};

class HandWritten {
 public:
  struct Setup {
    const flowir::Module* module;
    int32_t champion;
    int32_t challenger;
    std::array<int32_t, kHStates> state_index;
    std::array<int32_t, kHStates> flow_of;
    int32_t payment, promise, clicked, attempt, dispute, suit, bankruptcy;
    const flowir::Experiment* experiment;
    const date::time_zone* zone;
    std::vector<uint8_t> holiday;  // By day from kHolidayBase: 1 when a holiday or not covered.
  };
  static constexpr int64_t kHolidayBase = kStartDay - 400;

  // `setup`, `truth` and `ids` must outlive the machine.
  HandWritten(const Setup& setup, const std::vector<DebtorTruth>& truth, const std::vector<std::string>& ids);
  ~HandWritten();

  // With `ids`, each event's debtor is looked up by its id, as a program
  // reading the stream must; without, it comes resolved.
  void Run(const std::vector<ParsedEvent>& events, int64_t start, int64_t until, const ParsedIds* ids);

  auto counts() const -> Counts;
  auto hashes() const -> const std::vector<uint64_t>&;
  // For the memory figures, next to the engine's sizeof(Case) and CaseBytes.
  static auto CaseSize() -> int64_t;
  auto CaseBytes() const -> int64_t;

 private:
  // In run_hand_written.cpp, with the headers only it needs (the time zone
  // database, the engine's large tables) and its functions written in the
  // class: it is what the engine is timed against, so the compiler gets to
  // inline it all.
  class Machine;
  std::unique_ptr<Machine> machine_;
};

auto MakeSetup(const driver::RuntimeProgram& program) -> HandWritten::Setup;

}  // namespace cobro::bench::run
