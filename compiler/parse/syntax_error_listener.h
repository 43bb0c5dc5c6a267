#pragma once

// Turns ANTLR's syntax errors into Cobro diagnostics. Private to compiler/parse.

#include <functional>

#include "antlr4-runtime.h"
#include "compiler/diag/emitter.h"

namespace cobro::parse {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  // `range_of` maps a token to its byte range in the file.
  SyntaxErrorListener(diag::Emitter& emitter, std::function<SourceRange(antlr4::Token*)> range_of)
      : emitter_(emitter), range_of_(std::move(range_of)) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending_symbol, size_t line,
                   size_t column, const std::string& message,
                   std::exception_ptr exception) override;

  // Whether any error was reported.
  auto had_error() const -> bool { return error_count_ > 0; }

 private:
  diag::Emitter& emitter_;
  std::function<SourceRange(antlr4::Token*)> range_of_;
  int error_count_ = 0;
  // The last reported token, so one bad token is reported once.
  ssize_t last_token_index_ = -2;
};

}  // namespace cobro::parse
