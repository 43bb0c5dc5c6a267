#pragma once

// `test` blocks, lowered for the runtime's test runner (docs/language.md
// section 13): one made-up debtor, a timeline of steps, and what each step
// expects. Values are expressions of the module they were lowered into, so
// the runner evaluates them like any other; tests are kept out of Module so
// that a flow compiles to the same code with or without its tests.

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/channel.h"
#include "compiler/flowir/module.h"

namespace cobro::flowir {

enum class ExpectKind : uint8_t { Send, Call, Assign, Emit, State, NoAction, Blocked, Deferred };

// One expectation of a step.
struct Expectation {
  ExpectKind kind = ExpectKind::NoAction;
  Channel channel = Channel::Email;  // Send, Call.
  std::string name;                  // Template, queue or emitted name.
  int32_t state = -1;                // State: index in the flow's states.
  int32_t policy = -1;               // Blocked, Deferred: Module::policies index,
  int32_t rule = -1;                 // and the rule's index in the policy.
};

enum class StepTime : uint8_t {
  Local,     // A date-time without offset, in the debtor's zone.
  Instant,   // A date-time with `Z` or an offset.
  After,     // `+DURATION` after the previous step.
};

struct TestStep {
  StepTime time_kind = StepTime::Local;
  // Local: ms since 1970 read as local time; Instant: ms since 1970 UTC;
  // After: ms after the previous step.
  int64_t time = 0;
  std::string time_text;  // As written: `2026-01-05 09:00`, `+3d`.
  int32_t event = -1;     // Module::events index; -1 without an event.
  // One value per field of the event record (keys first); none for a field
  // left out, which takes its default or its type's zero value.
  std::vector<ExprId> fields;
  // Whether the step has `expect`: a step without it checks nothing.
  bool checks = false;
  std::vector<Expectation> expectations;
  int32_t line = 0;
};

struct Test {
  std::string name;
  std::string module;  // The module that declares the test.
  int32_t line = 0;
  int32_t flow = -1;   // Module::flows index.
  // One value per field of the flow's profile; none for a field left out,
  // which takes its default.
  std::vector<ExprId> given;
  std::vector<TestStep> steps;
};

}  // namespace cobro::flowir
