#pragma once

// Private to runtime/io. "Did you mean" hints for names read from input.

#include <span>
#include <string>
#include <string_view>

namespace cobro::runtime::io {

// `; did you mean "payment"?` for the closest candidate within a third of
// the name's length in edits (ties to the alphabetically first), else "".
auto DidYouMean(std::string_view name, std::span<const std::string_view> candidates) -> std::string;

// Text from input quoted for a message: `"abc"`, cut to 40 bytes with `...`
// so a huge cell does not make a huge reason.
auto Quoted(std::string_view text) -> std::string;

}  // namespace cobro::runtime::io
