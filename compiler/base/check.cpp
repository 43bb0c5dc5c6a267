#include "compiler/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace cobro::internal {

namespace {
thread_local CheckFailureHandler failure_handler = nullptr;
}  // namespace

void SetCheckFailureHandler(CheckFailureHandler handler) { failure_handler = handler; }

void CheckFailed(const char* condition, const char* file, int line) {
  if (failure_handler != nullptr) failure_handler(condition, file, line);
  std::fprintf(stderr,
               "internal compiler error: check `%s` failed at %s:%d\n"
               "this is a bug in Cobro; please report it with the input that caused it\n",
               condition, file, line);
  std::abort();
}

}  // namespace cobro::internal
