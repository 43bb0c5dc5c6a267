#pragma once

// Keeps a bug in one request, or in one analysis, from taking the server
// down (rust-analyzer's catch_unwind): failed compiler checks on this thread
// throw instead of aborting, and the caller turns the exception into an
// error for that one piece of work.

#include <stdexcept>
#include <string>

namespace cobro::lsp {

// Thrown by a failed COBRO_CHECK on a thread that called ContainChecks.
class InternalBug : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Makes failed checks on the calling thread throw InternalBug.
void ContainChecks();

}  // namespace cobro::lsp
