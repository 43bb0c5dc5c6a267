// The only place that drives ANTLR: lexing, token clean-up, the two-stage
// parse, and handing the tree to the AST builder.

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "CobroLexer.h"
#include "CobroParser.h"
#include "antlr4-runtime.h"
#include "compiler/parse/builder.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/syntax_error_listener.h"

namespace cobro::parse {

namespace {

using L = cobro_grammar::CobroLexer;

COBRO_DIAGNOSTIC(InvalidUtf8, Error, "file is not valid UTF-8; save it as UTF-8");
COBRO_DIAGNOSTIC(UnexpectedCharacter, Error, "`{0}` is not part of the Cobro language; remove it",
                 std::string);
COBRO_DIAGNOSTIC(UnterminatedString, Error, "string is not closed before the end of the line");
COBRO_DIAGNOSTIC(UnterminatedComment, Error, "comment is not closed; add `*/`");
COBRO_DIAGNOSTIC(NestingTooDeep, Error,
                 "code nests deeper than {0} levels; split it into smaller functions", int);

// Reports the first place where brackets, `if`s and prefix operators nest
// deeper than kMaxNesting. Returns whether the file is safe to parse.
auto CheckNesting(const std::vector<std::unique_ptr<antlr4::Token>>& tokens,
                  const std::function<SourceRange(antlr4::Token*)>& range_of,
                  diag::Emitter& emitter) -> bool {
  int brackets = 0;
  // `if`s and type arguments (`set<set<...`) since the last clause
  // boundary: an `else if` chain nests without any closing token, and so
  // does a type argument list, so both count until the clause ends.
  int open_ifs = 0;
  int type_arguments = 0;
  int prefix_run = 0;
  size_t previous_type = 0;
  for (const auto& token : tokens) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    switch (token->getType()) {
      case L::LPAREN: case L::LBRACK: case L::LBRACE: ++brackets; break;
      case L::RPAREN: case L::RBRACK: brackets = std::max(0, brackets - 1); break;
      case L::RBRACE:
        brackets = std::max(0, brackets - 1);
        open_ifs = 0;
        type_arguments = 0;
        break;
      case L::IF: ++open_ifs; break;
      case L::LT:
        if (previous_type == L::IDENT) ++type_arguments;
        break;
      case L::GT: type_arguments = std::max(0, type_arguments - 1); break;
      case L::ON: case L::AFTER: case L::STATE: case L::START: case L::ALWAYS: case L::FN:
      case L::LET: case L::FLOW: case L::PROFILE: case L::EVENT: case L::SCORECARD:
      case L::POLICY: case L::EXPERIMENT: case L::TEST: case L::BUILTIN: case L::ARROW:
      case L::FAT_ARROW: case L::EQUALS:
        // A new clause: whatever nested before is finished.
        open_ifs = 0;
        type_arguments = 0;
        break;
      default: break;
    }
    previous_type = token->getType();
    bool prefix = token->getType() == L::MINUS || token->getType() == L::NOT ||
                  token->getType() == L::PLUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (brackets + open_ifs + type_arguments + prefix_run > kMaxNesting) {
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

  std::string text(buffer.text());
  if (size_t invalid = SanitizeUtf8(text); invalid != std::string::npos) {
    auto offset = static_cast<uint32_t>(invalid);
    emitter.Emit(SourceRange{file_id, offset, offset + 1}, InvalidUtf8);
    file.has_syntax_errors = true;
  }
  // Every token's start and stop indexes are byte offsets from here on.
  // End of file and tokens that error recovery conjured have no bytes: they
  // point at the end of the last real token, or at the line and column the
  // recovery gave them.
  uint32_t code_end = 0;
  auto range_of = [&](antlr4::Token* token) -> SourceRange {
    if (token == nullptr || token->getType() == antlr4::Token::EOF) {
      return SourceRange{file_id, code_end, code_end};
    }
    if (token->getStartIndex() == INVALID_INDEX) {
      auto line = static_cast<int32_t>(token->getLine());
      if (line < 1 || line > buffer.line_count()) return SourceRange{file_id, code_end, code_end};
      uint32_t offset = buffer.LineStart(line) +
                        std::min<uint32_t>(static_cast<uint32_t>(token->getCharPositionInLine()),
                                           static_cast<uint32_t>(buffer.LineText(line).size()));
      return SourceRange{file_id, offset, offset};
    }
    return SourceRange{file_id, static_cast<uint32_t>(token->getStartIndex()),
                       static_cast<uint32_t>(token->getStopIndex() + 1)};
  };

  DetachedTokenSource detached;
  std::optional<TokenList> fast = LexFast(text, detached);
  TokenList all_tokens = fast ? std::move(*fast) : LexWithAntlr(text, detached);

  // Report and clean the tokens the grammar keeps only for error reporting.
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  tokens.reserve(all_tokens.size());
  // A run of stray characters (a pasted binary, say) is one mistake.
  std::optional<SourceRange> stray;
  std::string stray_text;
  std::set<size_t> after_stray;
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
    if (stray) {
      // The token after a stray character would only be reported again.
      after_stray.insert(tokens.size());
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
  for (const auto& token : tokens) {
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      code_end = static_cast<uint32_t>(token->getStopIndex() + 1);
    }
  }
  if (!CheckNesting(tokens, range_of, emitter)) {
    file.has_syntax_errors = true;
    return file;
  }
  // An explicit end of file: ListTokenSource cannot start from no tokens.
  auto end_of_file = std::make_unique<antlr4::CommonToken>(
      std::pair<antlr4::TokenSource*, antlr4::CharStream*>{&detached, nullptr},
      antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL, text.size(), text.size() - 1);
  end_of_file->setText("<EOF>");
  tokens.push_back(std::move(end_of_file));

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
  SyntaxErrorListener listener(emitter, range_of, std::move(after_stray));
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

  Builder builder(file, emitter, text, token_stream);
  builder.BuildFile(tree);

  for (antlr4::Token* token : token_stream.getTokens()) {
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) continue;
    std::string comment = token->getText();
    file.comments.push_back({comment, token->getType() == L::DOC_COMMENT, range_of(token)});
  }
  return file;
}

}  // namespace cobro::parse
