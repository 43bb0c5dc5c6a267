#pragma once

#include <utility>
#include <vector>

namespace cobro::jit {

// Every external symbol generated code may reference, with its address.
auto RuntimeSymbols() -> std::vector<std::pair<const char*, void*>>;

}  // namespace cobro::jit
