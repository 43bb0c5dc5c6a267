#pragma once

// The tokens of a file as tools see them (semantic highlighting, folding,
// completion contexts in the language server): the parser's own lexers, so a
// tool never disagrees with the compiler about where a token starts.

#include <cstdint>
#include <string_view>
#include <vector>

namespace cobro::parse {

// What a token is, coarsely: enough to colour it and to read the clause
// around a cursor.
enum class TokenClass : uint8_t {
  Keyword,      // A hard keyword: `flow`, `state`, `on`, `true`, `mon`.
  SoftKeyword,  // A word with a meaning in some clauses: `limit`, `send`, `per`.
  Identifier,
  String,       // Terminated or not.
  Number,       // `42`, `20.00`.
  Duration,     // `3d`, `1h30m`.
  Time,         // `08:00`.
  Date,         // `2026-01-05`, `2026-01-05 09:00`.
  Percent,      // `80%`.
  Comment,      // `// ...`, `/* ... */`, terminated or not.
  DocComment,   // `/// ...`.
  Punctuation,  // `->`, `{`, `,`, operators.
  Error,        // A character no token starts with.
};

// One token: its class, its byte range and its text (a view into the text
// passed to Tokenize).
struct SyntaxToken {
  TokenClass kind = TokenClass::Error;
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view text;
};

// Every token of `text`, comments included, in order. Never fails: bytes
// that are not UTF-8 lex as if they were `?`.
auto Tokenize(std::string_view text) -> std::vector<SyntaxToken>;

}  // namespace cobro::parse
