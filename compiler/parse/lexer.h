#pragma once

// Lexing for the parser. Private to compiler/parse.
//
// ANTLR 4.9's C++ lexer takes a lock on every DFA step: about 480
// instructions per character, a third of the time to parse a 10,000-line
// file. The fast lexer below produces the same tokens as the lexer ANTLR
// generates from grammar/Cobro.g4 for files whose code (outside strings and
// comments) is ASCII; for anything else it declines and the generated lexer
// runs. tests/unit/compiler/parse/lexer_test.cpp holds the two to agreement.

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"

namespace cobro::parse {

// A token source that produces nothing; tokens made outside a lexer point at
// it because ANTLR's error recovery asks a token for its source.
class DetachedTokenSource : public antlr4::TokenSource {
 public:
  auto nextToken() -> std::unique_ptr<antlr4::Token> override;
  auto getLine() const -> size_t override { return 0; }
  auto getCharPositionInLine() -> size_t override { return 0; }
  auto getInputStream() -> antlr4::CharStream* override { return nullptr; }
  auto getSourceName() -> std::string override { return "cobro"; }
  auto getTokenFactory() -> antlr4::TokenFactory<antlr4::CommonToken>* override;
};

// Replaces bytes that are not UTF-8 with `?`, keeping byte offsets; returns
// the offset of the first one, or npos.
auto SanitizeUtf8(std::string& text) -> size_t;

using TokenList = std::vector<std::unique_ptr<antlr4::Token>>;

// Tokens of `text` by the fast lexer, with byte offsets as start and stop
// indexes; nullopt when the code holds a non-ASCII character.
auto LexFast(std::string_view text, antlr4::TokenSource& source) -> std::optional<TokenList>;

// Tokens of `text` by the ANTLR-generated lexer, with start and stop indexes
// converted from code points to byte offsets. `text` must be valid UTF-8.
auto LexWithAntlr(std::string_view text, antlr4::TokenSource& source) -> TokenList;

}  // namespace cobro::parse
