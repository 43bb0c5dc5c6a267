#pragma once

// Runs one `test` block (docs/language.md section 13) on the engine, with
// the interpreter's or the JIT's flow code, and records what each step saw
// happen. verdict.h compares that with the step's expectations and the two
// engines with each other.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/channel.h"
#include "compiler/base/holiday_calendar.h"
#include "compiler/flowir/module.h"
#include "compiler/flowir/test.h"
#include "runtime/engine/flow_code.h"

namespace cobro::runtime {

// Something a step saw: an action that went out, or a guard decision that
// held a contact back. Deferred contacts dropped because the case moved on
// are not decisions and appear only in the trace.
struct Happening {
  enum class Kind : uint8_t { Send, Call, Assign, Emit, Deferred, Blocked };
  Kind kind = Kind::Send;
  Channel channel = Channel::Email;
  std::string name;    // The action's template, queue or emitted name.
  int32_t policy = -1; // Deferred, Blocked: the deciding rule.
  int32_t rule = -1;
  int64_t time = 0;
  int64_t until = 0;   // Deferred: when the contact is tried again.
};

struct StepResult {
  int64_t time = 0;  // The step's instant, ms since 1970 UTC.
  std::vector<Happening> happened;  // In the order they happened.
  int32_t state = -1;               // The case's state at the end; -1 before it starts.
  std::string trace;                // Every record of the step as text.
};

struct TestRun {
  std::vector<StepResult> steps;  // One per step that ran.
  // Why the run stopped before its last step (a step earlier than the one
  // before it, an unknown zone); empty when every step ran.
  std::string error;
};

struct TestRunOptions {
  // Holiday calendars by code ("CO"); null when there is none.
  std::function<const HolidayCalendar*(std::string_view code)> calendars;
  int32_t money_decimals = 2;
};

// Runs `test` of `module` with `code` (one FlowCode per flow of the module).
// The debtor's zone is its profile's `timezone` field, and its jurisdiction
// the string field named `jurisdiction` if the profile has one, as for
// `cobro run`. Deterministic: the same inputs give the same run.
auto RunTest(const flowir::Module& module, const flowir::Test& test, std::vector<std::unique_ptr<FlowCode>> code,
             const TestRunOptions& options) -> TestRun;

// An instant as `2026-03-02T13:00Z`, with seconds and milliseconds only
// when they are not zero.
auto FormatInstant(int64_t instant) -> std::string;

}  // namespace cobro::runtime
