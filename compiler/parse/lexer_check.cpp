#include "compiler/parse/lexer_check.h"

#include <fmt/format.h>

#include "compiler/parse/lexer.h"

namespace cobro::parse {

auto CompareLexers(std::string_view original) -> std::string {
  // Parse sanitises before lexing, and so does this comparison.
  std::string text(original);
  SanitizeUtf8(text);
  DetachedTokenSource source;
  std::optional<TokenList> fast = LexFast(text, source);
  if (!fast) return "";
  TokenList reference = LexWithAntlr(text, source);
  auto describe = [](const TokenList& tokens, size_t i) -> std::string {
    if (i >= tokens.size()) return "end of tokens";
    const antlr4::Token& token = *tokens[i];
    return fmt::format("type {} channel {} bytes [{}, {}] `{}`", token.getType(),
                       token.getChannel(), token.getStartIndex(), token.getStopIndex(),
                       token.getText());
  };
  for (size_t i = 0; i < std::max(fast->size(), reference.size()); ++i) {
    bool same = i < fast->size() && i < reference.size() &&
                (*fast)[i]->getType() == reference[i]->getType() &&
                (*fast)[i]->getChannel() == reference[i]->getChannel() &&
                (*fast)[i]->getStartIndex() == reference[i]->getStartIndex() &&
                (*fast)[i]->getStopIndex() == reference[i]->getStopIndex();
    if (!same) {
      return fmt::format("token {}: fast lexer gives {}, ANTLR lexer gives {}", i,
                         describe(*fast, i), describe(reference, i));
    }
  }
  return "";
}

auto FastLexerAccepts(std::string_view text) -> bool {
  DetachedTokenSource source;
  return LexFast(text, source).has_value();
}

}  // namespace cobro::parse
