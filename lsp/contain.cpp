#include "lsp/contain.h"

#include <fmt/format.h>

#include "compiler/base/check.h"

namespace cobro::lsp {

namespace {

[[noreturn]] void ThrowBug(const char* condition, const char* file, int line) {
  throw InternalBug(fmt::format("internal error: check `{}` failed at {}:{}", condition, file, line));
}

}  // namespace

void ContainChecks() { internal::SetCheckFailureHandler(&ThrowBug); }

}  // namespace cobro::lsp
