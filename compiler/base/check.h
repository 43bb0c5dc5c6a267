#pragma once

// COBRO_CHECK guards the compiler's own invariants. A failure is a bug in
// Cobro, never a user error: user errors are diagnostics.
namespace cobro::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace cobro::internal

#define COBRO_CHECK(condition)                                             \
  do {                                                                     \
    if (!(condition)) {                                                    \
      ::cobro::internal::CheckFailed(#condition, __FILE__, __LINE__);      \
    }                                                                      \
  } while (false)

#ifdef NDEBUG
#define COBRO_DCHECK(condition) \
  do {                          \
  } while (false)
#else
#define COBRO_DCHECK(condition) COBRO_CHECK(condition)
#endif
