#include "compiler/parse/tokens.h"

#include <string>

#include "CobroLexer.h"
#include "compiler/parse/lexer.h"

namespace cobro::parse {

namespace {

using L = cobro_grammar::CobroLexer;

auto Classify(size_t type) -> TokenClass {
  // The generated token types follow the grammar's order: hard keywords from
  // MODULE to HOLIDAY, then soft keywords from AS to SALT.
  if (type >= L::MODULE && type <= L::HOLIDAY) return TokenClass::Keyword;
  if (type >= L::AS && type <= L::SALT) return TokenClass::SoftKeyword;
  switch (type) {
    case L::IDENT: return TokenClass::Identifier;
    case L::STRING:
    case L::UNTERMINATED_STRING: return TokenClass::String;
    case L::INT:
    case L::DECIMAL: return TokenClass::Number;
    case L::DURATION: return TokenClass::Duration;
    case L::TIME: return TokenClass::Time;
    case L::DATE:
    case L::DATETIME: return TokenClass::Date;
    case L::PERCENT: return TokenClass::Percent;
    case L::LINE_COMMENT:
    case L::BLOCK_COMMENT:
    case L::UNTERMINATED_COMMENT: return TokenClass::Comment;
    case L::DOC_COMMENT: return TokenClass::DocComment;
    case L::ERROR_CHAR: return TokenClass::Error;
    default: return TokenClass::Punctuation;
  }
}

}  // namespace

auto Tokenize(std::string_view text) -> std::vector<SyntaxToken> {
  std::string clean(text);
  SanitizeUtf8(clean);
  DetachedTokenSource detached;
  std::optional<TokenList> fast = LexFast(clean, detached);
  TokenList tokens = fast ? std::move(*fast) : LexWithAntlr(clean, detached);
  std::vector<SyntaxToken> result;
  result.reserve(tokens.size());
  for (const auto& token : tokens) {
    if (token->getType() == antlr4::Token::EOF) continue;
    auto begin = static_cast<uint32_t>(token->getStartIndex());
    auto end = static_cast<uint32_t>(token->getStopIndex() + 1);
    if (begin > end || end > text.size()) continue;
    result.push_back({Classify(token->getType()), begin, end, text.substr(begin, end - begin)});
  }
  return result;
}

}  // namespace cobro::parse
