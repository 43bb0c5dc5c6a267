#pragma once

namespace cobro {

// A 128-bit integer for exact intermediate results (decimal comparison,
// money rounding). `__extension__` marks the GCC/Clang extension as
// intended, so -Wpedantic stays quiet.
__extension__ using Int128 = __int128;

}  // namespace cobro
