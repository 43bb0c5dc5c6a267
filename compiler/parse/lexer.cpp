#include "compiler/parse/lexer.h"

#include <array>
#include <string>
#include <unordered_map>

#include "CobroLexer.h"

namespace cobro::parse {

namespace {

using L = cobro_grammar::CobroLexer;

// Keyword text -> token type, read from the generated lexer's vocabulary so
// the two lexers cannot disagree on a keyword.
auto Keywords() -> const std::unordered_map<std::string, size_t>& {
  static const std::unordered_map<std::string, size_t> keywords = [] {
    std::unordered_map<std::string, size_t> result;
    antlr4::ANTLRInputStream empty;
    L lexer(&empty);
    const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
      std::string literal = vocabulary.getLiteralName(type);
      if (literal.size() > 2 && std::isalpha(static_cast<unsigned char>(literal[1])) != 0) {
        result.emplace(literal.substr(1, literal.size() - 2), type);
      }
    }
    return result;
  }();
  return keywords;
}

auto IsDigit(char c) -> bool { return c >= '0' && c <= '9'; }
auto IsIdentStart(char c) -> bool {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
auto IsIdentPart(char c) -> bool { return IsIdentStart(c) || IsDigit(c); }

class FastLexer {
 public:
  FastLexer(std::string_view text, antlr4::TokenSource& source) : text_(text), source_(source) {}

  auto Run() -> std::optional<TokenList> {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        Advance(1);
        continue;
      }
      if (c == '/' && Peek(1) == '/') {
        // `///x` is a doc comment; `////` is an ordinary one (longest match).
        size_t end = LineEnd(pos_);
        bool doc = Peek(2) == '/' && Peek(3) != '/';
        Emit(doc ? L::DOC_COMMENT : L::LINE_COMMENT, end - pos_, doc ? 2 : antlr4::Token::HIDDEN_CHANNEL);
        continue;
      }
      if (c == '/' && Peek(1) == '*') {
        size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          Emit(L::UNTERMINATED_COMMENT, text_.size() - pos_, antlr4::Token::HIDDEN_CHANNEL);
        } else {
          Emit(L::BLOCK_COMMENT, close + 2 - pos_, antlr4::Token::HIDDEN_CHANNEL);
        }
        continue;
      }
      if (c == '"') {
        LexString();
        continue;
      }
      if (IsDigit(c)) {
        LexNumber();
        continue;
      }
      if (IsIdentStart(c)) {
        size_t end = pos_;
        while (end < text_.size() && IsIdentPart(text_[end])) ++end;
        // A non-ASCII letter may continue the name; only the full lexer
        // knows Unicode's letter classes.
        if (end < text_.size() && static_cast<unsigned char>(text_[end]) >= 0x80) return std::nullopt;
        auto keyword = Keywords().find(std::string(text_.substr(pos_, end - pos_)));
        Emit(keyword != Keywords().end() ? keyword->second : static_cast<size_t>(L::IDENT), end - pos_);
        continue;
      }
      LexPunctuation(c);
    }
    return std::move(tokens_);
  }

 private:
  auto Peek(size_t ahead) const -> char {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  auto LineEnd(size_t from) const -> size_t {
    size_t end = from;
    while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
    return end;
  }

  void Advance(size_t length) {
    for (size_t i = 0; i < length; ++i) {
      if (text_[pos_ + i] == '\n') {
        ++line_;
        line_start_ = pos_ + i + 1;
      }
    }
    pos_ += length;
  }

  void Emit(size_t type, size_t length, size_t channel = antlr4::Token::DEFAULT_CHANNEL) {
    auto token = std::make_unique<antlr4::CommonToken>(
        std::pair<antlr4::TokenSource*, antlr4::CharStream*>{&source_, nullptr}, type, channel,
        pos_, pos_ + length - 1);
    token->setLine(line_);
    token->setCharPositionInLine(pos_ - line_start_);
    token->setText(std::string(text_.substr(pos_, length)));
    tokens_.push_back(std::move(token));
    Advance(length);
  }

  // STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'; otherwise the longest
  // UNTERMINATED_STRING, which may end in a lone backslash.
  void LexString() {
    size_t end = pos_ + 1;
    while (end < text_.size()) {
      char c = text_[end];
      if (c == '"') {
        Emit(L::STRING, end + 1 - pos_);
        return;
      }
      if (c == '\r' || c == '\n') break;
      if (c == '\\') {
        if (end + 1 < text_.size() && text_[end + 1] != '\r' && text_[end + 1] != '\n') {
          end += 2;
          continue;
        }
        ++end;
        break;
      }
      ++end;
    }
    Emit(L::UNTERMINATED_STRING, end - pos_);
  }

  // Whether `count` digits stand at `at`.
  auto Digits(size_t at, size_t count) const -> bool {
    if (at + count > text_.size()) return false;
    for (size_t i = at; i < at + count; ++i) {
      if (!IsDigit(text_[i])) return false;
    }
    return true;
  }

  // TIME_PART: DD ':' DD (':' DD)?; returns its length at `at`, or 0.
  auto TimePart(size_t at) const -> size_t {
    if (!Digits(at, 2) || at + 2 >= text_.size() || text_[at + 2] != ':' || !Digits(at + 3, 2)) {
      return 0;
    }
    if (at + 5 < text_.size() && text_[at + 5] == ':' && Digits(at + 6, 2)) return 8;
    return 5;
  }

  // Number-like tokens, by longest match with the grammar's rule order
  // breaking ties: DATETIME, DATE, TIME, DURATION, PERCENT, DECIMAL, INT.
  void LexNumber() {
    size_t digits = 0;
    while (pos_ + digits < text_.size() && IsDigit(text_[pos_ + digits])) ++digits;
    std::array<std::pair<size_t, size_t>, 7> candidates{};  // (length, type)
    // DATE_PART: DDDD-DD-DD.
    size_t date = 0;
    if (Digits(pos_, 4) && Peek(4) == '-' && Digits(pos_ + 5, 2) && Peek(7) == '-' &&
        Digits(pos_ + 8, 2)) {
      date = 10;
    }
    if (date != 0) {
      candidates[1] = {date, L::DATE};
      char separator = Peek(10);
      size_t time = (separator == 'T' || separator == ' ') ? TimePart(pos_ + 11) : 0;
      if (time != 0) {
        size_t length = 11 + time;
        size_t zone = pos_ + length;
        if (zone < text_.size() && text_[zone] == 'Z') {
          length += 1;
        } else if (zone < text_.size() && (text_[zone] == '+' || text_[zone] == '-') &&
                   Digits(zone + 1, 2) && zone + 3 < text_.size() && text_[zone + 3] == ':' &&
                   Digits(zone + 4, 2)) {
          length += 6;
        }
        candidates[0] = {length, L::DATETIME};
      }
    }
    if (size_t time = TimePart(pos_); time != 0) candidates[2] = {time, L::TIME};
    // DURATION: (DIGIT+ ('ms'|'s'|'m'|'h'|'d'|'w'))+, the longest accepting prefix.
    size_t at = pos_;
    size_t duration = 0;
    while (true) {
      size_t start = at;
      while (at < text_.size() && IsDigit(text_[at])) ++at;
      if (at == start || at >= text_.size()) break;
      char unit = text_[at];
      if (unit == 'm' && at + 1 < text_.size() && text_[at + 1] == 's') {
        at += 2;
      } else if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd' || unit == 'w') {
        at += 1;
      } else {
        break;
      }
      duration = at - pos_;
    }
    if (duration != 0) candidates[3] = {duration, L::DURATION};
    // DECIMAL and PERCENT share DIGIT+ ('.' DIGIT+)?.
    size_t fraction = 0;
    if (Peek(digits) == '.' && pos_ + digits + 1 < text_.size() &&
        IsDigit(text_[pos_ + digits + 1])) {
      fraction = 1;
      while (pos_ + digits + fraction < text_.size() &&
             IsDigit(text_[pos_ + digits + fraction])) {
        ++fraction;
      }
      candidates[5] = {digits + fraction, L::DECIMAL};
    }
    if (Peek(digits + fraction) == '%') candidates[4] = {digits + fraction + 1, L::PERCENT};
    candidates[6] = {digits, L::INT};
    std::pair<size_t, size_t> best{0, 0};
    for (const auto& candidate : candidates) {
      if (candidate.first > best.first) best = candidate;
    }
    Emit(best.second, best.first);
  }

  void LexPunctuation(char c) {
    char next = Peek(1);
    auto two = [&](char second, size_t type) {
      if (next != second) return false;
      Emit(type, 2);
      return true;
    };
    switch (c) {
      case '-': if (two('>', L::ARROW)) return; Emit(L::MINUS, 1); return;
      case '=':
        if (two('>', L::FAT_ARROW) || two('=', L::EQ)) return;
        Emit(L::EQUALS, 1);
        return;
      case '.': if (two('.', L::DOTDOT)) return; Emit(L::DOT, 1); return;
      case '!': if (two('=', L::NE)) return; Emit(L::ERROR_CHAR, 1); return;
      case '<': if (two('=', L::LE)) return; Emit(L::LT, 1); return;
      case '>': if (two('=', L::GE)) return; Emit(L::GT, 1); return;
      case ',': Emit(L::COMMA, 1); return;
      case ':': Emit(L::COLON, 1); return;
      case '(': Emit(L::LPAREN, 1); return;
      case ')': Emit(L::RPAREN, 1); return;
      case '{': Emit(L::LBRACE, 1); return;
      case '}': Emit(L::RBRACE, 1); return;
      case '[': Emit(L::LBRACK, 1); return;
      case ']': Emit(L::RBRACK, 1); return;
      case '+': Emit(L::PLUS, 1); return;
      case '*': Emit(L::STAR, 1); return;
      case '/': Emit(L::SLASH, 1); return;
      default: Emit(L::ERROR_CHAR, 1); return;
    }
  }

  std::string_view text_;
  antlr4::TokenSource& source_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t line_start_ = 0;
  TokenList tokens_;
};

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

}  // namespace

auto SanitizeUtf8(std::string& text) -> size_t {
  size_t first_invalid = std::string::npos;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      if (first_invalid == std::string::npos) first_invalid = i;
      text[i] = '?';
      length = 1;
    }
    i += length;
  }
  return first_invalid;
}

auto DetachedTokenSource::nextToken() -> std::unique_ptr<antlr4::Token> {
  return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
}

auto DetachedTokenSource::getTokenFactory() -> antlr4::TokenFactory<antlr4::CommonToken>* {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

auto LexFast(std::string_view text, antlr4::TokenSource& source) -> std::optional<TokenList> {
  return FastLexer(text, source).Run();
}

auto LexWithAntlr(std::string_view text, antlr4::TokenSource& source) -> TokenList {
  // Byte offset of each code point, plus one past the end.
  std::vector<uint32_t> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(static_cast<uint32_t>(i));
  }
  offsets.push_back(static_cast<uint32_t>(text.size()));
  antlr4::ANTLRInputStream input{std::string(text)};
  L lexer(&input);
  lexer.removeErrorListeners();
  TokenList tokens = lexer.getAllTokens();
  TokenList result;
  result.reserve(tokens.size());
  for (auto& token : tokens) {
    size_t begin = offsets[std::min(token->getStartIndex(), offsets.size() - 1)];
    size_t end = offsets[std::min(token->getStopIndex() + 1, offsets.size() - 1)];
    auto converted = std::make_unique<antlr4::CommonToken>(
        std::pair<antlr4::TokenSource*, antlr4::CharStream*>{&source, nullptr}, token->getType(),
        token->getChannel(), begin, end - 1);
    converted->setLine(token->getLine());
    converted->setCharPositionInLine(token->getCharPositionInLine());
    converted->setText(std::string(text.substr(begin, end - begin)));
    result.push_back(std::move(converted));
  }
  return result;
}

}  // namespace cobro::parse
