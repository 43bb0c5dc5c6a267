#pragma once

#include <cstdint>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/value.h"

namespace cobro::runtime {

// An action a case produced: what, when, for whom, from where. Values of the
// `with` record keep their IR types so outputs can print them.
struct ActionRecord {
  int64_t time = 0;
  int32_t debtor = -1;
  int32_t case_id = -1;
  int32_t flow = -1;
  int32_t state = -1;
  int32_t action = -1;     // Index in the state's actions.
  int32_t attempt = 1;     // 1 for the entry attempt, then each retry.
  flowir::ActionKind kind = flowir::ActionKind::Send;
  Channel channel = Channel::Email;
  int32_t name = -1;       // Template, queue or emitted name: module string.
  std::vector<Value> with;
};

// A case's change of state, for traces and tests.
struct TransitionRecord {
  int64_t time = 0;
  int32_t case_id = -1;
  int32_t from = -1;  // -1 when the case starts.
  int32_t to = -1;
};

}  // namespace cobro::runtime
