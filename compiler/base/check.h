#pragma once

// COBRO_CHECK guards the compiler's own invariants. A failure is a bug in
// Cobro, never a user error: user errors are diagnostics.
namespace cobro::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);

// Called by a failed check on this thread before the process aborts; null
// (the default) prints and aborts. The language server installs one that
// throws, so a bug fails one request instead of the whole server.
using CheckFailureHandler = void (*)(const char* condition, const char* file, int line);
void SetCheckFailureHandler(CheckFailureHandler handler);
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
