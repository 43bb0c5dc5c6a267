#pragma once

// Private to runtime/io.

#include <string>

namespace cobro::runtime::io {

// Sets `reason` and returns false, so a parser can `return Reject(...)`.
inline auto Reject(std::string& reason, std::string text) -> bool {
  reason = std::move(text);
  return false;
}

}  // namespace cobro::runtime::io
