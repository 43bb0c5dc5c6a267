#pragma once

#include <string>
#include <string_view>

namespace cobro::parse {

// Lexes `text` with both the fast lexer and the ANTLR-generated one. Returns
// an empty string when they produce the same tokens (type, channel, byte
// range) or the fast lexer declines the input; otherwise a description of
// the first difference. For tests: the grammar is the specification.
auto CompareLexers(std::string_view text) -> std::string;

// Whether the fast lexer accepts `text` (its code is ASCII).
auto FastLexerAccepts(std::string_view text) -> bool;

}  // namespace cobro::parse
