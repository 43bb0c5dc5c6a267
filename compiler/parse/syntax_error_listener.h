#pragma once

// Turns ANTLR's syntax errors into Cobro diagnostics. Private to compiler/parse.

#include <functional>
#include <set>

#include "antlr4-runtime.h"
#include "compiler/diag/emitter.h"

namespace cobro::parse {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  // `range_of` maps a token to its byte range in the file.
  // `after_stray` holds the indexes of tokens that follow a dropped stray
  // character; an error there is an echo of that character.
  SyntaxErrorListener(diag::Emitter& emitter, std::function<SourceRange(antlr4::Token*)> range_of,
                      std::set<size_t> after_stray)
      : emitter_(emitter), range_of_(std::move(range_of)), after_stray_(std::move(after_stray)) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending_symbol, size_t line,
                   size_t column, const std::string& message,
                   std::exception_ptr exception) override;

  // Whether any error was reported.
  auto had_error() const -> bool { return error_count_ > 0; }

 private:
  diag::Emitter& emitter_;
  std::function<SourceRange(antlr4::Token*)> range_of_;
  std::set<size_t> after_stray_;
  int error_count_ = 0;
  // The last reported token, so one bad token is reported once.
  ssize_t last_token_index_ = -2;
};

}  // namespace cobro::parse
