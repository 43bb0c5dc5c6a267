#include "tests/robustness/mutations.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "compiler/parse/parse.h"

namespace cobro::robustness {

namespace {

// ---------------------------------------------------------------------------
// A rough tokenizer
// ---------------------------------------------------------------------------

struct Token {
  size_t begin = 0;
  size_t end = 0;
};

// Splits Cobro source into rough tokens: close enough to the real lexer that
// cuts and swaps at these boundaries look like mistakes people make.
auto Tokenize(std::string_view text) -> std::vector<Token> {
  std::vector<Token> tokens;
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    size_t begin = i;
    if (text.substr(i, 2) == "//") {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else if (c == '"') {
      ++i;
      while (i < text.size() && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
      i = std::min(i + 1, text.size());
    } else if (std::isdigit(c)) {
      // Numbers, durations, dates, times: digits with letters, `:`, `-`, `%` and
      // single dots; `..` ends the token.
      while (i < text.size() && (is_word(static_cast<unsigned char>(text[i])) || text[i] == ':' ||
                                 text[i] == '%' ||
                                 (text[i] == '-' && i + 1 < text.size() &&
                                  std::isdigit(static_cast<unsigned char>(text[i + 1]))) ||
                                 (text[i] == '.' && text.substr(i, 2) != ".."))) {
        ++i;
      }
    } else if (is_word(c)) {
      while (i < text.size() && is_word(static_cast<unsigned char>(text[i]))) ++i;
    } else {
      static const char* const kPairs[] = {"->", "=>", "..", "==", "!=", "<=", ">="};
      i += 1;
      for (const char* pair : kPairs) {
        if (text.substr(begin, 2) == pair) i = begin + 2;
      }
    }
    tokens.push_back({begin, i});
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

const char* const kKeywords[] = {
    // Hard keywords.
    "module", "import", "profile", "event", "fn", "builtin", "let", "scorecard", "policy", "flow",
    "experiment", "test", "state", "terminal", "start", "always", "on", "after", "when", "if",
    "then", "else", "and", "or", "not", "in", "is", "for", "complies", "given", "expect", "true",
    "false", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday",
    // Soft keywords.
    "as", "base", "limit", "allow", "forbid", "gap", "require", "quiet", "per", "consecutive",
    "days", "calendar", "day", "week", "month", "attempts", "conversations", "debt", "debtor",
    "one", "channel", "except", "until", "consent", "disclosure", "first", "contact", "cite",
    "effective", "confidence", "local", "jurisdiction", "send", "call", "assign", "queue", "emit",
    "with", "every", "up", "to", "at", "no", "action", "blocked", "deferred", "by", "salt",
    // Names with meaning to the checker.
    "done", "hold", "email", "voicebot", "all", "payment", "promise", "now", "count", "Debtor",
    "money", "int", "set", "timezone",
    // Punctuation.
    "->", "=>", "..", ".", ",", ":", "(", ")", "{", "}", "[", "]", "+", "-", "*", "/", "==",
    "!=", "<=", ">=", "<", ">", "=", "%", "\"", "///", "//", "/*", "*/"};

const char* const kStrangeBytes[] = {
    // Invalid UTF-8: stray continuation bytes, overlong forms, surrogates,
    // code points past U+10FFFF, bytes that never occur, cut sequences.
    "\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
    "\xf8\x88\x80\x80\x80", "\xff", "\xfe", "\xc3", "\xe2\x82", "\xf0\x9f\x98",
    // NUL and control characters.
    "" /* NUL */, "\x01", "\x07", "\x08", "\x1b[31m", "\x7f", "\r", "\r\n",
    "\t", "\f", "\v",
    // Unusual but valid UTF-8: BOM, no-break space, line separator, emoji,
    // right-to-left override, a combining accent.
    "\xef\xbb\xbf", "\xc2\xa0", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "\xe2\x80\xae", "e\xcc\x81",
    "\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
    // ASCII that Cobro does not use.
    "@", "#", "$", "`", "'", "\\", "?", "!", ";", "&", "|", "^", "~"};

const char* const kHugeNumbers[] = {
    "99999999999999999999999999", "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "0.0000000000000000000001", "123456789012345678901234567890.5",
    "99999999999999999999d", "9223372036854775807ms", "106751991167301d", "999999999999w",
    "1h99999999999999999m", "9999-12-31", "0000-00-00", "2026-02-30", "2026-13-01", "99:99",
    "24:00", "24:00:01", "23:59:60", "2026-01-05 25:00", "2026-01-05T23:59:59+99:99",
    "100000000000000000000%", "0%", "0.000000000000001%", "00000000000000000000001", "0", "-0",
    "1.5.5", "0ms", "1d0ms0s", "9223372036854775807.9223372036854775807",
    "-9223372036854775808", "1e9", "0x10"};

class Mutator {
 public:
  Mutator(uint32_t seed, const std::vector<SeedFile>& seeds) : rng_(seed), seeds_(seeds) {}

  // A number in [0, n). Not std::uniform_int_distribution, whose results
  // differ between standard libraries: inputs must be the same everywhere.
  auto Below(size_t n) -> size_t { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  auto Chance(int percent) -> bool { return static_cast<int>(Below(100)) < percent; }

  // A random token boundary of `text` (where a token begins, or the end).
  auto Boundary(const std::string& text, const std::vector<Token>& tokens) -> size_t {
    size_t i = Below(tokens.size() + 1);
    return i == tokens.size() ? text.size() : tokens[i].begin;
  }

  // One small mutation of `text`, described in `description`.
  void Mutate(std::string& text, std::string& description) {
    std::vector<Token> tokens = Tokenize(text);
    auto token_text = [&](const Token& token) {
      return text.substr(token.begin, token.end - token.begin);
    };
    switch (Below(14)) {
      case 0: {
        size_t at = Boundary(text, tokens);
        description += fmt::format(" truncate@token-boundary {}", at);
        text.resize(at);
        break;
      }
      case 1: {
        size_t at = Below(text.size() + 1);
        description += fmt::format(" truncate@byte {}", at);
        text.resize(at);
        break;
      }
      case 2: {
        if (tokens.empty()) break;
        const Token& token = tokens[Below(tokens.size())];
        description += fmt::format(" delete-token@{} `{}`", token.begin, Escape(token_text(token), 40));
        text.erase(token.begin, token.end - token.begin);
        break;
      }
      case 3: {
        if (tokens.empty()) break;
        const Token& token = tokens[Below(tokens.size())];
        description += fmt::format(" duplicate-token@{} `{}`", token.begin, Escape(token_text(token), 40));
        text.insert(token.end, " " + token_text(token));
        break;
      }
      case 4: {
        if (tokens.size() < 2) break;
        size_t first = Below(tokens.size());
        // Neighbours mostly, sometimes anywhere.
        size_t second = Chance(70) ? std::min(first + 1, tokens.size() - 1) : Below(tokens.size());
        if (first > second) std::swap(first, second);
        if (first == second) break;
        Token a = tokens[first];
        Token b = tokens[second];
        description += fmt::format(" swap-tokens@{},{}", a.begin, b.begin);
        std::string a_text = token_text(a);
        std::string b_text = token_text(b);
        text.replace(b.begin, b.end - b.begin, a_text);
        text.replace(a.begin, a.end - a.begin, b_text);
        break;
      }
      case 5: {
        if (tokens.empty()) break;
        // Replace a token with another token of the same file.
        const Token& target = tokens[Below(tokens.size())];
        std::string replacement = token_text(tokens[Below(tokens.size())]);
        description += fmt::format(" replace-token@{} with `{}`", target.begin, Escape(replacement, 40));
        text.replace(target.begin, target.end - target.begin, replacement);
        break;
      }
      case 6:
      case 7: {
        std::vector<size_t> starts = LineStarts(text);
        size_t line = Below(starts.size());
        size_t begin = starts[line];
        size_t end = line + 1 < starts.size() ? starts[line + 1] : text.size();
        std::string line_text = text.substr(begin, end - begin);
        size_t mode = Below(3);
        if (mode == 0) {
          description += fmt::format(" delete-line {}", line + 1);
          text.erase(begin, end - begin);
        } else if (mode == 1) {
          description += fmt::format(" duplicate-line {}", line + 1);
          text.insert(end, line_text.ends_with('\n') ? line_text : "\n" + line_text);
        } else {
          size_t other = Below(starts.size());
          if (other == line) break;
          size_t other_begin = starts[other];
          size_t other_end = other + 1 < starts.size() ? starts[other + 1] : text.size();
          std::string other_text = text.substr(other_begin, other_end - other_begin);
          if (!other_text.ends_with('\n')) other_text += '\n';
          if (!line_text.ends_with('\n')) line_text += '\n';
          description += fmt::format(" swap-lines {},{}", line + 1, other + 1);
          if (line < other) {
            text.replace(other_begin, other_end - other_begin, line_text);
            text.replace(begin, end - begin, other_text);
          } else {
            text.replace(begin, end - begin, other_text);
            text.replace(other_begin, other_end - other_begin, line_text);
          }
        }
        break;
      }
      case 8: {
        // Random or strange bytes at a random byte offset (which may split a
        // UTF-8 sequence) or at a token boundary.
        size_t at = Chance(50) ? Below(text.size() + 1) : Boundary(text, tokens);
        std::string inserted;
        size_t pieces = 1 + Below(4);
        for (size_t i = 0; i < pieces; ++i) {
          if (Chance(40)) {
            inserted += static_cast<char>(Below(256));
          } else {
            const char* piece = kStrangeBytes[Below(std::size(kStrangeBytes))];
            // The empty entry stands for NUL, which a C string cannot hold.
            inserted += *piece == '\0' ? std::string(1, '\0') : std::string(piece);
          }
        }
        description += fmt::format(" insert-bytes@{} `{}`", at, Escape(inserted, 40));
        text.insert(at, inserted);
        break;
      }
      case 9:
      case 10: {
        size_t at = Boundary(text, tokens);
        std::string keyword = kKeywords[Below(std::size(kKeywords))];
        description += fmt::format(" insert-keyword@{} `{}`", at, keyword);
        text.insert(at, " " + keyword + " ");
        break;
      }
      case 11: {
        // A huge or impossible number, replacing a number or inserted anywhere.
        std::string number = kHugeNumbers[Below(std::size(kHugeNumbers))];
        std::vector<Token> numbers;
        for (const Token& token : tokens) {
          if (std::isdigit(static_cast<unsigned char>(text[token.begin]))) numbers.push_back(token);
        }
        if (!numbers.empty() && Chance(80)) {
          const Token& token = numbers[Below(numbers.size())];
          description += fmt::format(" replace-number@{} `{}` with `{}`", token.begin,
                                     token_text(token), number);
          text.replace(token.begin, token.end - token.begin, number);
        } else {
          size_t at = Boundary(text, tokens);
          description += fmt::format(" insert-number@{} `{}`", at, number);
          text.insert(at, " " + number + " ");
        }
        break;
      }
      case 12: {
        // Flip one bit of one byte.
        if (text.empty()) break;
        size_t at = Below(text.size());
        int bit = static_cast<int>(Below(8));
        description += fmt::format(" flip-bit@{}:{}", at, bit);
        text[at] = static_cast<char>(text[at] ^ (1 << bit));
        break;
      }
      case 13: {
        // Splice in a piece of another seed file.
        const SeedFile& other = seeds_[Below(seeds_.size())];
        std::vector<Token> other_tokens = Tokenize(other.text);
        if (other_tokens.empty()) break;
        size_t first = Below(other_tokens.size());
        size_t last = std::min(other_tokens.size() - 1, first + Below(30));
        std::string piece = other.text.substr(other_tokens[first].begin,
                                              other_tokens[last].end - other_tokens[first].begin);
        size_t at = Boundary(text, tokens);
        description += fmt::format(" splice@{} {} tokens of {}", at, last - first + 1, other.path);
        text.insert(at, " " + piece + " ");
        break;
      }
    }
  }

  static auto LineStarts(const std::string& text) -> std::vector<size_t> {
    std::vector<size_t> starts = {0};
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' && i + 1 < text.size()) starts.push_back(i + 1);
    }
    return starts;
  }

 private:
  std::mt19937 rng_;
  const std::vector<SeedFile>& seeds_;
};

// A deeply nested or very long construct, to put where an expression goes.
auto Stress(Mutator& mutator, std::string& description) -> std::string {
  static const int kDepths[] = {parse::kMaxNesting - 1, parse::kMaxNesting, parse::kMaxNesting + 1,
                                1000, 20000};
  int depth = kDepths[mutator.Below(std::size(kDepths))];
  auto repeat = [](std::string_view piece, int times) {
    std::string result;
    result.reserve(piece.size() * static_cast<size_t>(times));
    for (int i = 0; i < times; ++i) result += piece;
    return result;
  };
  // Long chains nest in the tree without nesting brackets.
  static const int kLengths[] = {1000, 10000, 50000};
  int length = kLengths[mutator.Below(std::size(kLengths))];
  // Shorter for call chains, which hit a known bug when long (see below).
  static const int kCallLengths[] = {50, 200, 1000};
  int call_length = kCallLengths[mutator.Below(std::size(kCallLengths))];
  switch (mutator.Below(14)) {
    case 0:
      description += fmt::format(" nested-parens {}", depth);
      return repeat("(", depth) + "1" + repeat(")", depth);
    case 1:
      description += fmt::format(" nested-braces {}", depth);
      return repeat("{", depth) + "1" + repeat("}", depth);
    case 2:
      description += fmt::format(" nested-brackets {}", depth);
      return repeat("[", depth) + "1" + repeat("]", depth);
    case 3:
      description += fmt::format(" unclosed-parens {}", depth);
      return repeat("(", depth) + "1";
    case 4:
      description += fmt::format(" negations {}", depth);
      return repeat("-", depth) + "1";
    case 5:
      description += fmt::format(" nots {}", depth);
      return repeat("not ", depth) + "true";
    case 6:
      description += fmt::format(" nested-ifs {}", depth);
      return repeat("if true then ", depth) + "1" + repeat(" else 2", depth);
    case 7:
      description += fmt::format(" nested-calls {}", depth);
      return repeat("f(", depth) + "1" + repeat(")", depth);
    case 8:
      description += fmt::format(" sum-chain {}", length);
      return "1" + repeat(" + 1", length);
    case 9:
      description += fmt::format(" and-chain {}", length);
      return "true" + repeat(" and true", length);
    case 10:
      description += fmt::format(" member-chain {}", length);
      return "d" + repeat(".a", length);
    case 11:
      // TODO: longer call chains parse in quadratic time: ANTLR's prediction
      // for `postfix*` looks ahead over the rest of the chain (4,000 calls
      // take 0.7 s, 8,000 take 2.5 s, 50,000 over 20 s). Fix in the grammar
      // or the token check of compiler/parse/antlr_adapter.cpp, then use
      // `length` here.
      description += fmt::format(" call-chain {}", call_length);
      return "f" + repeat("(1)", call_length);
    case 12:
      description += fmt::format(" else-if-chain {}", length);
      return repeat("if true then 1 else ", length) + "2";
    default:
      description += fmt::format(" mixed-nesting {}", depth);
      return repeat("(-{[if not ", depth) + "1";
  }
}

// Inputs that do not come from a seed file.
auto FixedInputs() -> std::vector<Input> {
  std::vector<Input> inputs;
  auto add = [&](std::string text, std::string description) {
    inputs.push_back({"input.cobro", std::move(text), std::move(description), "fixed", ""});
  };
  add("", "empty file");
  add(" \n\t\r\n", "only whitespace");
  add("\xef\xbb\xbf", "only a BOM");
  add(std::string(1, '\0'), "one NUL");
  add(std::string(4096, '\0'), "4096 NULs");
  add("@", "one stray character");
  add("module", "only `module`");
  add("module m", "only a module line");
  add("module m.", "module name ends with a dot");
  add("import", "only `import`");
  add("/*", "unterminated block comment");
  add("\"", "one quote");
  add("\"\\", "unterminated string ending in a backslash");
  add("///", "only a doc comment");
  add("// only a comment", "only a comment");
  add("}", "one closing brace");
  add("module m\nflow", "`flow` at the end");
  add(std::string(1 << 20, 'a'), "a 1 MB identifier");
  add("module m\nfn f() -> string = \"" + std::string(1 << 20, 'x') + "\"", "a 1 MB string");
  add("module m\n// " + std::string(1 << 20, 'x'), "a 1 MB comment");
  add(std::string(1 << 18, '\n'), "256 Ki newlines");
  add("module m\n" + std::string(1 << 16, '{'), "64 Ki open braces");
  add("module m\n" + std::string(1 << 16, '}'), "64 Ki close braces");
  add("module m\nfn f() -> int = " + std::string(1 << 16, '('), "64 Ki open parentheses");
  add(std::string(1 << 16, '\xff'), "64 KiB of 0xff");
  std::string many_decls = "module m\n";
  for (int i = 0; i < 5000; ++i) many_decls += fmt::format("fn f{}() -> int = {}\n", i, i);
  add(many_decls, "5000 functions");
  std::string many_errors = "module m\n";
  for (int i = 0; i < 5000; ++i) many_errors += "fn ( -> = \n";
  add(many_errors, "5000 broken functions");
  std::string words;
  for (int i = 0; i < 100000; ++i) words += "a ";
  add("module m\n" + words, "100000 words on one line");

  // Chains nest in the tree without brackets; these overflowed the AST
  // builder's stack (sums, `and`s) or took the checker minutes (members)
  // until the builder bounded expression depth.
  auto repeat = [](std::string_view piece, int times) {
    std::string result;
    for (int i = 0; i < times; ++i) result += piece;
    return result;
  };
  add("module m\nfn f() -> int = 1" + repeat(" + 1", 10000), "a sum of 10001 terms");
  add("module m\nfn f() -> bool = true" + repeat(" and true", 10000), "10001 `and`s");
  // TODO: ANTLR's prediction is quadratic when operators of different
  // precedence alternate (4,000 pairs take 0.9 s); see the call chains in
  // Stress. Make this 10000 when that is fixed.
  add("module m\nfn f() -> int = 1" + repeat(" * 2 - 1", 1000), "alternating `*` and `-`");
  add("module m\nprofile P { a: int }\nfn f(d: P) -> int = d" + repeat(".a", 50000),
      "a chain of 50000 members");
  add("module m\nfn f() -> int = " + repeat("if true then 1 else ", 5000) + "2",
      "an `else if` chain of 5000");
  add("module m\nfn f() -> set<int> = " + repeat("{", 100) + repeat("}", 100),
      "sets nested 100 deep");

  // These overflowed ANTLR's stack until the token check before parsing
  // counted `else if` chains and type arguments.
  add("module m\nfn f() -> int = " + repeat("if true then 1 else ", 50000) + "2",
      "an `else if` chain of 50000");
  add("module m\nprofile P { a: " + repeat("set<", 50000) + "int" + repeat(">", 50000) + " }",
      "type arguments nested 50000 deep");

  // A crash that cannot be fixed at once goes here with Input::known_crash
  // set to a TODO naming the bug, so that the test expects it until it is
  // fixed, and fails once it is, to get the mark removed.
  return inputs;
}

auto ReadAll(const std::filesystem::path& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

// Replaces a random number of `text` with `replacement`, or puts it in a new
// fn when the text has no number.
auto ReplaceNumber(Mutator& mutator, const std::string& text, const std::string& replacement,
                   std::string& description) -> std::string {
  std::vector<Token> numbers;
  for (const Token& token : Tokenize(text)) {
    if (std::isdigit(static_cast<unsigned char>(text[token.begin]))) numbers.push_back(token);
  }
  if (numbers.empty()) {
    description += " (in a new fn)";
    return "module m\nfn f() -> int = " + replacement + "\n";
  }
  const Token& token = numbers[mutator.Below(numbers.size())];
  description += fmt::format(" @{}", token.begin);
  std::string result = text;
  result.replace(token.begin, token.end - token.begin, replacement);
  return result;
}

}  // namespace

auto LoadSeeds(const std::filesystem::path& source_dir) -> std::vector<SeedFile> {
  std::vector<SeedFile> seeds;
  for (const char* folder : {"examples", "stdlib"}) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir / folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".cobro") {
        paths.push_back(entry.path());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      seeds.push_back({std::filesystem::relative(path, source_dir).string(), ReadAll(path)});
    }
  }
  return seeds;
}

auto Escape(const std::string& text, size_t limit) -> std::string {
  std::string result;
  for (char c : text.substr(0, limit)) {
    auto byte = static_cast<unsigned char>(c);
    result += byte < 0x20 || byte >= 0x7F ? fmt::format("\\x{:02x}", byte) : std::string(1, c);
  }
  return text.size() > limit ? result + "..." : result;
}

InputSet::InputSet(std::vector<SeedFile> seeds, InputCounts counts)
    : seeds_(std::move(seeds)), counts_(counts), fixed_(FixedInputs()) {
  for (const SeedFile& seed : seeds_) {
    std::vector<size_t> cuts;
    std::vector<Token> tokens = Tokenize(seed.text);
    for (size_t i = 0; i < tokens.size(); i += static_cast<size_t>(counts_.truncation_stride)) {
      cuts.push_back(tokens[i].begin);
    }
    cuts.push_back(seed.text.size());
    cut_count_ += static_cast<long>(cuts.size());
    cuts_.push_back(std::move(cuts));
  }
}

auto InputSet::size() const -> long {
  return static_cast<long>(fixed_.size()) + cut_count_ + counts_.stress + counts_.random;
}

auto InputSet::Make(long index) const -> Input {
  long rest = index;
  if (rest < static_cast<long>(fixed_.size())) return fixed_[static_cast<size_t>(rest)];
  rest -= static_cast<long>(fixed_.size());

  if (rest < cut_count_) {
    // Truncation at a token boundary.
    size_t seed_index = 0;
    while (rest >= static_cast<long>(cuts_[seed_index].size())) {
      rest -= static_cast<long>(cuts_[seed_index].size());
      ++seed_index;
    }
    const SeedFile& seed = seeds_[seed_index];
    size_t at = cuts_[seed_index][static_cast<size_t>(rest)];
    return {seed.path, seed.text.substr(0, at),
            fmt::format("{} truncate@token {} (byte {})", seed.path, rest, at), "truncate", ""};
  }
  rest -= cut_count_;

  // Every other input has its own generator, seeded from the index.
  Mutator mutator(counts_.seed + 1000003u * static_cast<uint32_t>(index), seeds_);
  const SeedFile& seed = seeds_[mutator.Below(seeds_.size())];
  std::string description = seed.path;
  if (rest < counts_.stress) {
    std::string stress = Stress(mutator, description);
    std::string text = ReplaceNumber(mutator, seed.text, stress, description);
    return {seed.path, std::move(text), std::move(description), "stress", ""};
  }
  std::string text = seed.text;
  size_t count = mutator.Chance(60) ? 1 : 2 + mutator.Below(3);
  for (size_t k = 0; k < count; ++k) mutator.Mutate(text, description);
  return {seed.path, std::move(text), std::move(description),
          count == 1 ? "random" : "random-stacked", ""};
}

}  // namespace cobro::robustness
