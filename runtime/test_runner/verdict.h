#pragma once

// Whether a test run did what its steps expect, and whether the
// interpreter's and the JIT's runs of one test agree. Both answers name the
// step to look at and say what was expected and what happened, in the
// test's own words: `send email "x"`, `deferred by RegF.hours`.

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/flowir/module.h"
#include "compiler/flowir/test.h"
#include "runtime/test_runner/run_test.h"

namespace cobro::runtime {

// The first step whose expectations do not hold: its index in the test, and
// both sides as text. A run that stopped early fails at the step it could
// not run, with `got` saying why.
struct StepFailure {
  int32_t step = -1;
  std::string expected;
  std::string got;
};

// The first failing step of `run`, or nullopt when every step holds. The
// happenings of a step must be exactly those its expectations list, in any
// order; `state s` compares the case's state at the end of the step.
auto FirstFailingStep(const flowir::Module& module, const flowir::Test& test, const TestRun& run)
    -> std::optional<StepFailure>;

// Where two runs of one test first differ: the step and each run's records
// of that step, from the first line that differs.
struct Disagreement {
  int32_t step = -1;
  std::string interpreter;
  std::string jit;
};

// Nullopt when the runs produced the same records, byte for byte.
auto CompareEngines(const TestRun& interpreter, const TestRun& jit) -> std::optional<Disagreement>;

}  // namespace cobro::runtime
