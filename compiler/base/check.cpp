#include "compiler/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace cobro::internal {

void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr,
               "internal compiler error: check `%s` failed at %s:%d\n"
               "this is a bug in Cobro; please report it with the input that caused it\n",
               condition, file, line);
  std::abort();
}

}  // namespace cobro::internal
