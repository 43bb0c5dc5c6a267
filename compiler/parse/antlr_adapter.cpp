// The only place that drives ANTLR: lexing, token clean-up, the two-stage
// parse, and handing the tree to the AST builder.

#include <memory>
#include <optional>
#include <vector>

#include "CobroLexer.h"
#include "CobroParser.h"
#include "antlr4-runtime.h"
#include "compiler/parse/builder.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/syntax_error_listener.h"

namespace cobro::parse {

namespace {

using L = cobro_grammar::CobroLexer;

COBRO_DIAGNOSTIC(InvalidUtf8, Error, "file is not valid UTF-8; save it as UTF-8");
COBRO_DIAGNOSTIC(UnexpectedCharacter, Error, "unexpected `{0}`; Cobro source has no such characters",
                 std::string);
COBRO_DIAGNOSTIC(UnterminatedString, Error, "string is not closed before the end of the line");
COBRO_DIAGNOSTIC(UnterminatedComment, Error, "comment is not closed; add `*/`");
COBRO_DIAGNOSTIC(NestingTooDeep, Error,
                 "code nests deeper than {0} levels; split it into smaller functions", int);

// Length of the UTF-8 sequence starting at `text[i]`, or 0 if it is invalid.
auto Utf8SequenceLength(std::string_view text, size_t i) -> size_t {
  auto byte = static_cast<unsigned char>(text[i]);
  size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                    : (byte >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (length == 2 && byte < 0xC2) return 0;  // Overlong.
  if (length == 3) {
    auto next = static_cast<unsigned char>(text[i + 1]);
    if (byte == 0xE0 && next < 0xA0) return 0;           // Overlong.
    if (byte == 0xED && next >= 0xA0) return 0;          // Surrogate.
  }
  if (length == 4) {
    auto next = static_cast<unsigned char>(text[i + 1]);
    if ((byte == 0xF0 && next < 0x90) || byte > 0xF4 || (byte == 0xF4 && next >= 0x90)) return 0;
  }
  return length;
}

// Replaces invalid UTF-8 bytes with `?` (keeping byte offsets) and records
// each code point's byte offset when the text is not plain ASCII.
auto SanitizeUtf8(std::string_view text, std::vector<uint32_t>& code_point_offsets,
                  size_t& first_invalid) -> std::string {
  std::string result(text);
  first_invalid = std::string::npos;
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return result;
  for (size_t i = 0; i < result.size();) {
    size_t length = Utf8SequenceLength(result, i);
    if (length == 0) {
      if (first_invalid == std::string::npos) first_invalid = i;
      result[i] = '?';
      length = 1;
    }
    code_point_offsets.push_back(static_cast<uint32_t>(i));
    i += length;
  }
  code_point_offsets.push_back(static_cast<uint32_t>(result.size()));
  return result;
}

// Reports the first place where brackets, `if`s and prefix operators nest
// deeper than kMaxNesting. Returns whether the file is safe to parse.
auto CheckNesting(const std::vector<std::unique_ptr<antlr4::Token>>& tokens,
                  const std::function<SourceRange(antlr4::Token*)>& range_of,
                  diag::Emitter& emitter) -> bool {
  int brackets = 0;
  int open_ifs = 0;
  int prefix_run = 0;
  for (const auto& token : tokens) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    switch (token->getType()) {
      case L::LPAREN: case L::LBRACK: case L::LBRACE: ++brackets; break;
      case L::RPAREN: case L::RBRACK: case L::RBRACE: brackets = std::max(0, brackets - 1); break;
      case L::IF: ++open_ifs; break;
      case L::ELSE: open_ifs = std::max(0, open_ifs - 1); break;
      default: break;
    }
    bool prefix = token->getType() == L::MINUS || token->getType() == L::NOT ||
                  token->getType() == L::PLUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (brackets + open_ifs + prefix_run > kMaxNesting) {
      emitter.Emit(range_of(token.get()), NestingTooDeep, kMaxNesting);
      return false;
    }
  }
  return true;
}

}  // namespace

auto Parse(const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter) -> ast::File {
  ast::File file;
  file.file_id = file_id;

  std::vector<uint32_t> code_point_offsets;
  size_t first_invalid = std::string::npos;
  std::string text = SanitizeUtf8(buffer.text(), code_point_offsets, first_invalid);
  if (first_invalid != std::string::npos) {
    auto offset = static_cast<uint32_t>(first_invalid);
    emitter.Emit(SourceRange{file_id, offset, offset + 1}, InvalidUtf8);
    file.has_syntax_errors = true;
  }
  auto range_of = [&](antlr4::Token* token) -> SourceRange {
    auto byte = [&](size_t index) -> uint32_t {
      if (code_point_offsets.empty()) return static_cast<uint32_t>(std::min(index, text.size()));
      return code_point_offsets[std::min(index, code_point_offsets.size() - 1)];
    };
    if (token == nullptr || token->getType() == antlr4::Token::EOF) {
      auto end = static_cast<uint32_t>(text.size());
      return SourceRange{file_id, end, end};
    }
    return SourceRange{file_id, byte(token->getStartIndex()), byte(token->getStopIndex() + 1)};
  };

  antlr4::ANTLRInputStream input(text);
  L lexer(&input);
  lexer.removeErrorListeners();
  std::vector<std::unique_ptr<antlr4::Token>> all_tokens = lexer.getAllTokens();

  // Report and clean the tokens the grammar keeps only for error reporting.
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  tokens.reserve(all_tokens.size());
  // A run of stray characters (a pasted binary, say) is one mistake.
  std::optional<SourceRange> stray;
  std::string stray_text;
  auto flush_stray = [&] {
    if (!stray) return;
    if (stray_text.size() > 16) stray_text = stray_text.substr(0, 13) + "...";
    emitter.Emit(*stray, UnexpectedCharacter, stray_text);
    stray.reset();
    stray_text.clear();
  };
  for (auto& token : all_tokens) {
    if (token->getType() == L::ERROR_CHAR) {
      SourceRange range = range_of(token.get());
      if (stray && stray->end == range.begin) {
        stray->end = range.end;
      } else {
        flush_stray();
        stray = range;
      }
      stray_text += token->getText();
      file.has_syntax_errors = true;
      continue;
    }
    flush_stray();
    switch (token->getType()) {
      case L::UNTERMINATED_STRING:
        emitter.Emit(range_of(token.get()), UnterminatedString);
        file.has_syntax_errors = true;
        static_cast<antlr4::CommonToken*>(token.get())->setType(L::STRING);
        break;
      case L::UNTERMINATED_COMMENT:
        emitter.Emit(range_of(token.get()), UnterminatedComment);
        file.has_syntax_errors = true;
        break;
      default: break;
    }
    tokens.push_back(std::move(token));
  }
  flush_stray();
  if (!CheckNesting(tokens, range_of, emitter)) {
    file.has_syntax_errors = true;
    return file;
  }

  antlr4::ListTokenSource source(std::move(tokens));
  antlr4::CommonTokenStream token_stream(&source);
  P parser(&token_stream);
  parser.removeErrorListeners();

  // Stage one: fast SLL prediction that gives up at the first error. Most
  // files are correct and parse here; only failures pay for full LL.
  P::FileContext* tree = nullptr;
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    tree = parser.file();
  } catch (antlr4::ParseCancellationException&) {
    tree = nullptr;
  }
  SyntaxErrorListener listener(emitter, range_of);
  if (tree == nullptr) {
    token_stream.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.addErrorListener(&listener);
    tree = parser.file();
  }
  file.has_syntax_errors = file.has_syntax_errors || listener.had_error();

  Builder builder(file, emitter, buffer, code_point_offsets, token_stream);
  builder.BuildFile(tree);

  for (antlr4::Token* token : token_stream.getTokens()) {
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) continue;
    std::string comment = token->getText();
    file.comments.push_back({comment, token->getType() == L::DOC_COMMENT, range_of(token)});
  }
  return file;
}

}  // namespace cobro::parse
