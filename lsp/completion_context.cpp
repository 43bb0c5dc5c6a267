#include "lsp/completion_context.h"

#include <algorithm>
#include <optional>

#include "compiler/base/channel.h"
#include "compiler/parse/tokens.h"

namespace cobro::lsp {

namespace {

using Tokens = std::vector<parse::SyntaxToken>;

constexpr std::string_view kTopKeywords[] = {"module", "import",    "profile", "event",      "fn",  "builtin",
                                             "scorecard", "policy", "flow",    "experiment", "test"};

auto IsWordByte(char c) -> bool {
  auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) != 0 || c == '_' || byte >= 0x80;
}

auto IsName(const parse::SyntaxToken& token) -> bool {
  return token.kind == parse::TokenClass::Identifier || token.kind == parse::TokenClass::SoftKeyword;
}

// Where the top-level declaration around `offset` starts: the last line at
// or before it that begins with a declaration keyword. Declarations start at
// the left margin in every file `cobro fmt` has seen, so this bounds the
// text to read without parsing it.
auto DeclStart(std::string_view text, uint32_t offset) -> uint32_t {
  size_t line = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line = line == std::string_view::npos ? 0 : line + 1;
  while (true) {
    for (std::string_view keyword : kTopKeywords) {
      if (text.substr(line).starts_with(keyword) &&
          (line + keyword.size() >= text.size() || !IsWordByte(text[line + keyword.size()]))) {
        return static_cast<uint32_t>(line);
      }
    }
    if (line == 0) return 0;
    size_t previous = line >= 2 ? text.rfind('\n', line - 2) : std::string_view::npos;
    line = previous == std::string_view::npos ? 0 : previous + 1;
  }
}

// The code tokens of text[begin, end), offsets into `text`.
auto CodeTokens(std::string_view text, uint32_t begin, uint32_t end) -> Tokens {
  Tokens tokens;
  for (parse::SyntaxToken token : parse::Tokenize(text.substr(begin, end - begin))) {
    if (token.kind == parse::TokenClass::Comment || token.kind == parse::TokenClass::DocComment) continue;
    token.begin += begin;
    token.end += begin;
    tokens.push_back(token);
  }
  return tokens;
}

// `name : type` pairs inside the first parenthesised list of `header`.
auto Params(const Tokens& header) -> std::vector<ScopeLocal> {
  std::vector<ScopeLocal> params;
  auto open = std::find_if(header.begin(), header.end(), [](const auto& token) { return token.text == "("; });
  if (open == header.end()) return params;
  int depth = 0;
  std::optional<ScopeLocal> current;
  bool in_type = false;
  for (auto it = open + 1; it != header.end(); ++it) {
    if (it->text == ")" && depth == 0) break;
    if (it->text == "<") ++depth;
    if (it->text == ">") --depth;
    if (it->text == "," && depth == 0) {
      if (current) params.push_back(*current);
      current.reset();
      in_type = false;
      continue;
    }
    if (!current && IsName(*it)) {
      current = ScopeLocal{std::string(it->text), ""};
    } else if (current && it->text == ":" && !in_type) {
      in_type = true;
    } else if (current && in_type) {
      current->type += it->text;
    }
  }
  if (current) params.push_back(*current);
  return params;
}

// The tokens after a keyword until `stop`, joined (`contact.opened`).
auto DottedAfter(const Tokens& tokens, size_t index) -> std::string {
  std::string name;
  for (size_t i = index; i < tokens.size(); ++i) {
    if (IsName(tokens[i]) || tokens[i].text == ".") {
      name += tokens[i].text;
    } else {
      break;
    }
  }
  return name;
}

auto Find(const Tokens& tokens, size_t from, std::string_view text) -> std::optional<size_t> {
  for (size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].text == text) return i;
  }
  return std::nullopt;
}

auto FindLast(const Tokens& tokens, size_t from, std::string_view text) -> std::optional<size_t> {
  for (size_t i = tokens.size(); i > from; --i) {
    if (tokens[i - 1].text == text) return i - 1;
  }
  return std::nullopt;
}

auto IsOneOf(std::string_view word, std::initializer_list<std::string_view> words) -> bool;

struct Frame {
  BlockKind kind = BlockKind::TopLevel;
  std::string name;
  std::vector<ScopeLocal> locals;
};

// The block a `{` opens, from the tokens of its clause.
auto Opener(const Tokens& clause, const std::vector<Frame>& stack) -> Frame {
  BlockKind outer = stack.empty() ? BlockKind::TopLevel : stack.back().kind;
  // The last structural keyword of the clause decides: `send ... with {`,
  // `at +1d event payment {`, `state a(p: promise) {`.
  for (size_t i = clause.size(); i > 0; --i) {
    const parse::SyntaxToken& token = clause[i - 1];
    std::string_view word = token.text;
    auto next_name = [&]() -> std::string { return i < clause.size() ? std::string(clause[i].text) : ""; };
    if (word == "with") return {BlockKind::WithRecord, "", {}};
    if (word == "given") return {BlockKind::GivenRecord, next_name(), {}};
    if (word == "event") {
      if (outer == BlockKind::Test) return {BlockKind::EventRecord, DottedAfter(clause, i), {}};
      return {BlockKind::Event, DottedAfter(clause, i), {}};
    }
    if (word == "state") return {BlockKind::State, next_name(), Params(Tokens(clause.begin() + i, clause.end()))};
    if (word == "always") return {BlockKind::Always, "", {}};
    if (word == "flow") {
      Frame frame{BlockKind::Flow, next_name(), {}};
      // `flow F for d: Debtor`: the subject.
      if (auto for_at = Find(clause, i, "for"); for_at && *for_at + 3 < clause.size() + 1) {
        size_t subject = *for_at + 1;
        if (subject < clause.size() && IsName(clause[subject])) {
          std::string type = subject + 2 < clause.size() ? std::string(clause[subject + 2].text) : "";
          frame.locals.push_back({std::string(clause[subject].text), type});
        }
      }
      return frame;
    }
    if (word == "policy") return {BlockKind::Policy, next_name(), {}};
    if (word == "profile") return {BlockKind::Profile, next_name(), {}};
    if (word == "scorecard") {
      return {BlockKind::Scorecard, next_name(), Params(Tokens(clause.begin() + i, clause.end()))};
    }
    if (word == "fn") return {BlockKind::Fn, next_name(), Params(Tokens(clause.begin() + i, clause.end()))};
    if (word == "experiment") return {BlockKind::Experiment, next_name(), {}};
    if (word == "test") {
      auto for_at = Find(clause, i, "for");
      std::string flow = for_at && *for_at + 1 < clause.size() ? std::string(clause[*for_at + 1].text) : "";
      return {BlockKind::Test, flow, {}};
    }
    // Keywords of an expression: the brace is a set. The keywords of a
    // declaration's header (`flow F for d: Debtor complies RegF {`,
    // `scorecard S(d: Debtor) base 600 {`) are not, or a flow's subject
    // would be out of scope in its body.
    if (token.kind == parse::TokenClass::Keyword && !IsOneOf(word, {"for", "complies", "base"})) break;
  }
  return {BlockKind::Set, "", {}};
}

// Bindings of an event pattern in `on E(args) x`: keys bound to new names
// and the event itself.
auto PatternLocals(const Tokens& clause, size_t on_index) -> std::vector<ScopeLocal> {
  std::vector<ScopeLocal> locals;
  std::string event = DottedAfter(clause, on_index + 1);
  size_t i = on_index + 1;
  while (i < clause.size() && (IsName(clause[i]) || clause[i].text == ".")) ++i;
  if (i < clause.size() && clause[i].text == "(") {
    for (++i; i < clause.size() && clause[i].text != ")"; ++i) {
      if (IsName(clause[i]) && !ChannelMaskByName(clause[i].text)) locals.push_back({std::string(clause[i].text), ""});
    }
    ++i;
  }
  if (i < clause.size() && IsName(clause[i]) && clause[i].text != "when" && clause[i].text != "forbid" &&
      clause[i].text != "quiet" && clause[i].text != "one") {
    locals.push_back({std::string(clause[i].text), event});
  }
  return locals;
}

auto IsOneOf(std::string_view word, std::initializer_list<std::string_view> words) -> bool {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The index of the last token of `clause` that starts a clause of `block`.
auto ClauseStart(const Tokens& clause, BlockKind block) -> std::optional<size_t> {
  for (size_t i = clause.size(); i > 0; --i) {
    std::string_view word = clause[i - 1].text;
    bool starts = false;
    switch (block) {
      case BlockKind::State:
        starts = IsOneOf(word, {"send", "call", "assign", "emit", "on", "after"});
        // `after` inside `on E when x after ...` cannot happen; `on` in a
        // state always starts a handler.
        break;
      case BlockKind::Always: starts = word == "on"; break;
      case BlockKind::Flow: starts = IsOneOf(word, {"start", "state", "terminal", "always"}); break;
      case BlockKind::Test: starts = IsOneOf(word, {"given", "at"}); break;
      case BlockKind::Policy:
        starts = IsOneOf(word, {"limit", "allow", "forbid", "gap", "require", "after", "jurisdiction", "calendar",
                                "cite", "effective", "confidence"}) ||
                 // `on` starts a rule unless it gives the days of a `forbid`.
                 (word == "on" && !FindLast(Tokens(clause.begin(), clause.begin() + static_cast<long>(i - 1)), 0,
                                            "forbid"));
        break;
      case BlockKind::Fn: starts = word == "let"; break;
      default: break;
    }
    if (starts) return i - 1;
  }
  return std::nullopt;
}

// The slot after `->`: a target, or the condition of an `if` target.
auto TargetSlot(const Tokens& clause, size_t arrow) -> Slot {
  if (arrow + 1 == clause.size()) return Slot::Target;
  if (clause[arrow + 1].text != "if") return Slot::None;
  std::string_view last = clause.back().text;
  if (last == "then" || last == "else") return Slot::Target;
  return Slot::Expression;
}

// Whether the clause has just finished a value and waits for an operator or
// the next clause: `x > 3`, `"text"`, `3d`.
auto AfterValue(const Tokens& clause) -> bool {
  if (clause.empty()) return false;
  const parse::SyntaxToken& last = clause.back();
  if (last.kind == parse::TokenClass::Keyword) return last.text == "true" || last.text == "false";
  if (last.kind == parse::TokenClass::Punctuation) return last.text == ")" || last.text == "}";
  return true;
}

void DecideSlot(CompletionContext& context, const Tokens& clause, const std::vector<Frame>& stack) {
  BlockKind block = context.block;
  std::string_view last = clause.empty() ? "" : clause.back().text;
  std::optional<size_t> start = ClauseStart(clause, block);
  std::string_view keyword = start ? clause[*start].text : (clause.empty() ? "" : clause.front().text);
  Tokens rest = start ? Tokens(clause.begin() + static_cast<long>(*start), clause.end()) : clause;
  auto expression_or_item = [&] { return AfterValue(rest) && rest.size() > 1 ? Slot::BlockItem : Slot::Expression; };
  switch (block) {
    case BlockKind::TopLevel: {
      if (clause.empty()) {
        context.slot = Slot::Declaration;
        return;
      }
      if (keyword == "import") {
        context.slot = clause.size() == 1 ? Slot::ImportModule : Slot::None;
        return;
      }
      if (keyword == "flow") {
        if (last == ":") {
          context.slot = Slot::Profile;
        } else if (Find(clause, 0, "complies") && (last == "complies" || last == ",")) {
          context.slot = Slot::Policy;
        } else {
          context.slot = Slot::None;
        }
        return;
      }
      if (keyword == "experiment" || keyword == "test") {
        bool after_for = last == "for";
        context.slot = after_for ? (keyword == "test" ? Slot::Flow : Slot::Profile) : Slot::None;
        return;
      }
      if (keyword == "fn" || keyword == "scorecard" || keyword == "builtin" || keyword == "event" ||
          keyword == "profile") {
        if (auto equals = Find(clause, 0, "=")) {
          context.locals = Params(clause);
          context.slot = Slot::Expression;
          return;
        }
        context.slot = last == ":" || last == "->" || last == "<" ? Slot::Type : Slot::None;
        return;
      }
      context.slot = AfterValue(clause) ? Slot::Declaration : Slot::None;
      return;
    }
    case BlockKind::Profile:
    case BlockKind::Event:
      context.slot = last == ":" || last == "<" ? Slot::Type : (last == "=" ? Slot::Expression : Slot::None);
      return;
    case BlockKind::Flow:
      if (!start) {
        context.slot = Slot::BlockItem;
      } else if (keyword == "start") {
        if (auto arrow = FindLast(rest, 0, "->")) {
          context.slot = TargetSlot(rest, *arrow);
        } else {
          context.slot = rest.size() == 1 ? Slot::None : Slot::Expression;
        }
      } else if (keyword == "state" || keyword == "terminal") {
        context.slot = last == ":" ? Slot::Type : Slot::None;
      } else {
        context.slot = Slot::BlockItem;
      }
      return;
    case BlockKind::State:
    case BlockKind::Always: {
      if (!start) {
        context.slot = Slot::BlockItem;
        return;
      }
      if (keyword == "on") {
        for (const ScopeLocal& local : PatternLocals(rest, 0)) context.locals.push_back(local);
        if (auto arrow = FindLast(rest, 0, "->")) {
          context.slot = TargetSlot(rest, *arrow);
        } else if (last == "on") {
          context.slot = Slot::Event;
        } else if (last == "(" || (last == "," && !Find(rest, 0, "when"))) {
          context.slot = Slot::Channel;
        } else if (Find(rest, 0, "when")) {
          context.slot = Slot::Expression;
        } else {
          context.slot = Slot::None;
        }
        return;
      }
      if (keyword == "after") {
        if (auto arrow = FindLast(rest, 0, "->")) {
          context.slot = TargetSlot(rest, *arrow);
        } else {
          context.slot = Slot::Expression;
        }
        return;
      }
      if (keyword == "send" || keyword == "call") {
        if (last == keyword) {
          context.slot = Slot::Channel;
        } else if (last == "when" || last == "every" || Find(rest, 0, "when")) {
          context.slot = expression_or_item();
        } else {
          context.slot = Slot::BlockItem;
        }
        return;
      }
      context.slot = last == "when" ? Slot::Expression : Slot::BlockItem;
      return;
    }
    case BlockKind::Policy: {
      if (!start) {
        context.slot = last == ":" || clause.empty() || AfterValue(clause) ? Slot::BlockItem : Slot::None;
        return;
      }
      if (keyword == "on" || keyword == "after") {
        for (const ScopeLocal& local : PatternLocals(rest, 0)) context.locals.push_back(local);
      }
      if (last == "on" || last == "after" || last == "until") {
        bool days = last == "on" && keyword == "forbid";
        context.slot = days ? Slot::None : Slot::Event;
      } else if (IsOneOf(last, {"limit", "forbid", "gap", "quiet", "except", "+", "allow"}) ||
                 (last == "for" && Find(rest, 0, "consent"))) {
        context.slot = Slot::Channel;
      } else if (last == "(" && (keyword == "on" || keyword == "after")) {
        context.slot = Slot::Channel;
      } else if (last == "when" || (Find(rest, 0, "when") && !AfterValue(rest))) {
        context.slot = Slot::Expression;
      } else if (keyword == "cite" || keyword == "effective" || keyword == "confidence") {
        context.slot = AfterValue(rest) && rest.size() > 1 ? Slot::BlockItem : Slot::None;
      } else {
        context.slot = AfterValue(rest) ? Slot::BlockItem : Slot::None;
      }
      return;
    }
    case BlockKind::Test: {
      if (last == "given") {
        context.slot = Slot::Profile;
      } else if (last == "event") {
        context.slot = Slot::Event;
      } else if (auto expect = FindLast(rest, 0, "expect")) {
        if (last == "expect" || last == ",") {
          context.slot = Slot::Expectation;
        } else if (last == "state") {
          context.slot = Slot::ExpectedState;
        } else if (last == "send" || last == "call") {
          context.slot = Slot::Channel;
        } else if (last == "by") {
          context.slot = Slot::Policy;
        } else {
          context.slot = Slot::None;
        }
      } else {
        context.slot = !start || AfterValue(rest) ? Slot::BlockItem : Slot::None;
      }
      return;
    }
    case BlockKind::GivenRecord:
    case BlockKind::EventRecord:
    case BlockKind::WithRecord:
      if (last == "{" || last == ",") {
        context.slot = block == BlockKind::WithRecord ? Slot::None : Slot::RecordField;
      } else {
        context.slot = Slot::Expression;
      }
      return;
    case BlockKind::Experiment: context.slot = clause.empty() || AfterValue(clause) ? Slot::Flow : Slot::None; return;
    case BlockKind::Fn:
      if (start && rest.size() <= 2) {
        context.slot = Slot::None;
      } else {
        context.slot = Slot::Expression;
      }
      // `let x = ...` before the cursor: in scope.
      for (size_t i = 0; i + 1 < clause.size(); ++i) {
        if (clause[i].text == "let" && IsName(clause[i + 1]) && i + 2 < clause.size()) {
          context.locals.push_back({std::string(clause[i + 1].text), ""});
        }
      }
      return;
    case BlockKind::Scorecard:
    case BlockKind::Set: context.slot = Slot::Expression; return;
  }
  (void)stack;
}

// Whether the end of `text` is inside a string or a comment.
auto InsideStringOrComment(std::string_view text) -> bool {
  std::vector<parse::SyntaxToken> all = parse::Tokenize(text);
  if (all.empty() || all.back().end != text.size()) return false;
  std::string_view last = all.back().text;
  switch (all.back().kind) {
    case parse::TokenClass::Comment:
    case parse::TokenClass::DocComment: return last.starts_with("//") || !last.ends_with("*/");
    case parse::TokenClass::String: {
      if (last.size() < 2 || last.back() != '"') return true;
      // A final quote after an odd run of backslashes is escaped: still open.
      size_t backslashes = 0;
      for (size_t i = last.size() - 1; i > 0 && last[i - 1] == '\\'; --i) ++backslashes;
      return backslashes % 2 == 1;
    }
    default: return false;
  }
}

}  // namespace

auto ReadCompletionContext(std::string_view text, uint32_t offset) -> CompletionContext {
  CompletionContext context;
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  uint32_t prefix_begin = offset;
  while (prefix_begin > 0 && IsWordByte(text[prefix_begin - 1])) --prefix_begin;
  context.prefix = std::string(text.substr(prefix_begin, offset - prefix_begin));
  context.prefix_begin = prefix_begin;
  uint32_t start = DeclStart(text, prefix_begin);
  Tokens tokens = CodeTokens(text, start, prefix_begin);
  // Inside a string or a comment nothing is offered.
  if (InsideStringOrComment(text.substr(start, offset - start))) {
    context.slot = Slot::None;
    return context;
  }
  std::vector<Frame> stack;
  size_t clause_begin = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text == "{") {
      Tokens clause(tokens.begin() + static_cast<long>(clause_begin), tokens.begin() + static_cast<long>(i));
      stack.push_back(Opener(clause, stack));
      clause_begin = i + 1;
    } else if (tokens[i].text == "}") {
      if (!stack.empty()) stack.pop_back();
      clause_begin = i + 1;
    }
  }
  Tokens clause(tokens.begin() + static_cast<long>(clause_begin), tokens.end());
  context.block = stack.empty() ? BlockKind::TopLevel : stack.back().kind;
  for (const Frame& frame : stack) {
    for (const ScopeLocal& local : frame.locals) context.locals.push_back(local);
    switch (frame.kind) {
      case BlockKind::Flow: context.flow = frame.name; break;
      case BlockKind::Test: context.flow = frame.name; break;
      case BlockKind::State: context.state = frame.name; break;
      case BlockKind::GivenRecord:
      case BlockKind::EventRecord: context.record_type = frame.name; break;
      default: break;
    }
  }
  // `object.` before the word: a member, unless it spells a module name.
  if (prefix_begin > 0 && text[prefix_begin - 1] == '.') {
    uint32_t object_begin = prefix_begin - 1;
    while (object_begin > 0 && (IsWordByte(text[object_begin - 1]) || text[object_begin - 1] == '.')) --object_begin;
    bool importing = !clause.empty() && clause.front().text == "import" && context.block == BlockKind::TopLevel;
    if (importing) {
      context.slot = Slot::ImportModule;
      context.dotted = std::string(text.substr(object_begin, offset - object_begin));
      context.dotted_begin = object_begin;
      return context;
    }
    context.slot = Slot::Member;
    context.object = std::string(text.substr(object_begin, prefix_begin - 1 - object_begin));
    // Bindings of the clause are in scope for members too (`on payment x when x.`).
    DecideSlot(context, clause, stack);
    context.slot = Slot::Member;
    return context;
  }
  DecideSlot(context, clause, stack);
  if (context.slot == Slot::ImportModule) {
    context.dotted = context.prefix;
    context.dotted_begin = prefix_begin;
  }
  return context;
}

auto ReadCallContext(std::string_view text, uint32_t offset) -> CallContext {
  CallContext call;
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  Tokens tokens = CodeTokens(text, DeclStart(text, offset), offset);
  int depth = 0;
  int commas = 0;
  for (size_t i = tokens.size(); i > 0; --i) {
    std::string_view word = tokens[i - 1].text;
    if (word == "{" || word == "}") break;
    if (word == ")") {
      ++depth;
    } else if (word == "(") {
      if (depth > 0) {
        --depth;
        continue;
      }
      // `callee(`: the dotted name before the parenthesis.
      size_t end = i - 1;
      size_t begin = end;
      while (begin > 0 && (IsName(tokens[begin - 1]) || tokens[begin - 1].text == ".")) --begin;
      if (begin == end) {
        commas = 0;  // A grouping parenthesis: look further out.
        continue;
      }
      for (size_t j = begin; j < end; ++j) call.callee += tokens[j].text;
      call.argument = commas;
      return call;
    } else if (word == "," && depth == 0) {
      ++commas;
    }
  }
  return call;
}

}  // namespace cobro::lsp
