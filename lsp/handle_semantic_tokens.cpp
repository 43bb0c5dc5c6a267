// `textDocument/semanticTokens/full`, `/full/delta` and `/range`: every
// token coloured by what it is (keywords, literals, comments from the
// compiler's lexer) and what it names (from the symbol index): profiles,
// events, states, channels, policy rules, parameters.

#include <algorithm>
#include <set>

#include "compiler/parse/tokens.h"
#include "lsp/handlers.h"
#include "lsp/semantic_tokens.h"
#include "lsp/uri.h"

namespace cobro::lsp {

namespace {

constexpr std::string_view kBuiltinTypes[] = {"int",  "float", "bool",     "string",   "money", "duration",
                                              "time", "date",  "datetime", "timezone", "channel", "set",
                                              "event", "field", "number",  "ordered"};

constexpr std::string_view kOperators[] = {"+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "=", "->", "=>"};

auto TypeOf(const Entity& entity, const std::set<uint32_t>& parameters) -> std::optional<TokenType> {
  switch (entity.kind) {
    case EntityKind::Module: return TokenType::Namespace;
    case EntityKind::Profile: return TokenType::Struct;
    case EntityKind::ProfileField:
    case EntityKind::EventKey:
    case EntityKind::EventField: return TokenType::Property;
    case EntityKind::Event: return TokenType::Event;
    case EntityKind::Fn:
    case EntityKind::Builtin:
    case EntityKind::Scorecard: return TokenType::Function;
    case EntityKind::Policy: return TokenType::Interface;
    case EntityKind::PolicyRule: return TokenType::Decorator;
    case EntityKind::Flow:
    case EntityKind::Experiment: return TokenType::Class;
    case EntityKind::State:
    case EntityKind::Terminal: return TokenType::Method;
    case EntityKind::Local:
      return parameters.contains(entity.definition.begin) ? TokenType::Parameter : TokenType::Variable;
    case EntityKind::Channel: return TokenType::EnumMember;
    case EntityKind::Test:
    case EntityKind::None: return std::nullopt;
  }
  return std::nullopt;
}

auto Bit(TokenModifier modifier) -> uint32_t { return 1u << static_cast<uint32_t>(modifier); }

// The begin offsets of every parameter name in the file: parameters and
// other locals are told apart by where they are defined.
auto ParameterNames(const ast::File& file) -> std::set<uint32_t> {
  std::set<uint32_t> names;
  auto add = [&](const std::vector<ast::Param>& params) {
    for (const ast::Param& param : params) names.insert(param.name.range.begin);
  };
  for (const ast::FnDecl& fn : file.fns) add(fn.params);
  for (const ast::BuiltinDecl& builtin : file.builtins) add(builtin.params);
  for (const ast::ScorecardDecl& scorecard : file.scorecards) add(scorecard.params);
  for (const ast::FlowDecl& flow : file.flows) {
    for (const ast::StateDecl& state : flow.states) add(state.params);
  }
  return names;
}

struct Token {
  uint32_t begin;
  uint32_t end;
  TokenType type;
  uint32_t modifiers;
};

// The tokens of `file` that overlap [begin, end), in order.
auto Classify(RequestContext& context, FileId file, uint32_t begin, uint32_t end) -> std::vector<Token> {
  const Snapshot& snapshot = context.Program();
  std::string_view text = snapshot.Text(file);
  int32_t module = snapshot.ModuleOf(file);
  std::set<uint32_t> parameters;
  std::set<std::string> type_params;
  if (module >= 0) {
    const ast::File& ast = snapshot.result.program.modules[module].ast;
    parameters = ParameterNames(ast);
    for (const ast::BuiltinDecl& builtin : ast.builtins) {
      for (const ast::TypeParam& param : builtin.type_params) type_params.insert(param.name.text);
    }
  }
  std::vector<const Occurrence*> occurrences = snapshot.index.InRange(file, begin, end);
  size_t next = 0;
  std::vector<Token> tokens;
  for (const parse::SyntaxToken& syntax : parse::Tokenize(text)) {
    if (syntax.end <= begin || syntax.begin >= end) continue;
    switch (syntax.kind) {
      case parse::TokenClass::Comment: tokens.push_back({syntax.begin, syntax.end, TokenType::Comment, 0}); break;
      case parse::TokenClass::DocComment:
        tokens.push_back({syntax.begin, syntax.end, TokenType::Comment, Bit(TokenModifier::Documentation)});
        break;
      case parse::TokenClass::String: tokens.push_back({syntax.begin, syntax.end, TokenType::String, 0}); break;
      case parse::TokenClass::Number:
      case parse::TokenClass::Duration:
      case parse::TokenClass::Time:
      case parse::TokenClass::Date:
      case parse::TokenClass::Percent: tokens.push_back({syntax.begin, syntax.end, TokenType::Number, 0}); break;
      case parse::TokenClass::Keyword: tokens.push_back({syntax.begin, syntax.end, TokenType::Keyword, 0}); break;
      case parse::TokenClass::Punctuation:
        if (std::find(std::begin(kOperators), std::end(kOperators), syntax.text) != std::end(kOperators)) {
          tokens.push_back({syntax.begin, syntax.end, TokenType::Operator, 0});
        }
        break;
      case parse::TokenClass::Identifier:
      case parse::TokenClass::SoftKeyword: {
        // The occurrence that covers this word: names may span several
        // (`contact.opened`, `std.events`).
        while (next < occurrences.size() && occurrences[next]->range.end <= syntax.begin) ++next;
        const Occurrence* covering = nullptr;
        for (size_t i = next; i < occurrences.size() && occurrences[i]->range.begin <= syntax.begin; ++i) {
          if (occurrences[i]->range.end >= syntax.end) covering = occurrences[i];
        }
        if (covering != nullptr) {
          if (std::optional<TokenType> type = TypeOf(covering->entity, parameters)) {
            uint32_t modifiers = 0;
            if (covering->is_definition) modifiers |= Bit(TokenModifier::Declaration) | Bit(TokenModifier::Definition);
            const Entity& entity = covering->entity;
            bool builtin = entity.kind == EntityKind::Channel || entity.kind == EntityKind::Terminal;
            if (builtin || (entity.definition.has_value() && snapshot.IsStdlib(entity.definition.file))) {
              modifiers |= Bit(TokenModifier::DefaultLibrary);
            }
            tokens.push_back({syntax.begin, syntax.end, *type, modifiers});
            break;
          }
        }
        if (std::find(std::begin(kBuiltinTypes), std::end(kBuiltinTypes), syntax.text) != std::end(kBuiltinTypes)) {
          tokens.push_back({syntax.begin, syntax.end, TokenType::Type, Bit(TokenModifier::DefaultLibrary)});
        } else if (type_params.contains(std::string(syntax.text))) {
          tokens.push_back({syntax.begin, syntax.end, TokenType::TypeParameter, 0});
        } else if (syntax.kind == parse::TokenClass::SoftKeyword) {
          tokens.push_back({syntax.begin, syntax.end, TokenType::Keyword, 0});
        }
        break;
      }
      case parse::TokenClass::Error: break;
    }
  }
  return tokens;
}

// The protocol's relative encoding; a token that spans lines (a block
// comment) is split at each line end, since clients need not support
// multi-line tokens.
auto Encode(RequestContext& context, FileId file, const std::vector<Token>& tokens) -> std::vector<uint32_t> {
  const LineIndex& lines = context.Lines(file);
  std::string_view text = context.Program().Text(file);
  std::vector<uint32_t> data;
  int32_t previous_line = 0;
  int32_t previous_start = 0;
  auto emit = [&](uint32_t begin, uint32_t end, const Token& token) {
    if (begin >= end) return;
    Position start = lines.ToPosition(begin);
    uint32_t length = EncodedLength(text.substr(begin, end - begin), context.client.encoding);
    if (length == 0) return;
    data.push_back(static_cast<uint32_t>(start.line - previous_line));
    data.push_back(static_cast<uint32_t>(start.line == previous_line ? start.character - previous_start
                                                                     : start.character));
    data.push_back(length);
    data.push_back(static_cast<uint32_t>(token.type));
    data.push_back(token.modifiers);
    previous_line = start.line;
    previous_start = start.character;
  };
  for (const Token& token : tokens) {
    int32_t first = lines.ToPosition(token.begin).line;
    int32_t last = lines.ToPosition(token.end).line;
    for (int32_t line = first; line <= last; ++line) {
      uint32_t begin = std::max(token.begin, lines.LineStart(line));
      uint32_t end = std::min(token.end, lines.LineEnd(line));
      emit(begin, end, token);
    }
  }
  return data;
}

auto FullData(RequestContext& context, FileId file) -> std::vector<uint32_t> {
  auto size = static_cast<uint32_t>(context.Program().Text(file).size());
  return Encode(context, file, Classify(context, file, 0, size + 1));
}

auto Remember(RequestContext& context, const std::string& uri, std::vector<uint32_t> data) -> std::string {
  std::lock_guard lock(context.session.mutex);
  std::string id = std::to_string(context.session.next_result_id++);
  context.session.semantic_tokens[uri] = Session::Tokens{id, std::move(data)};
  return id;
}

}  // namespace

auto HandleSemanticTokensFull(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return nullptr;
  std::vector<uint32_t> data = FullData(context, *file);
  Json result = {{"data", data}};
  result["resultId"] = Remember(context, DocumentUri(context.params), std::move(data));
  return result;
}

auto HandleSemanticTokensDelta(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return nullptr;
  std::string uri = DocumentUri(context.params);
  std::vector<uint32_t> data = FullData(context, *file);
  std::optional<std::vector<uint32_t>> previous;
  {
    std::lock_guard lock(context.session.mutex);
    auto it = context.session.semantic_tokens.find(uri);
    if (it != context.session.semantic_tokens.end() &&
        it->second.result_id == context.params.value("previousResultId", "")) {
      previous = it->second.data;
    }
  }
  if (!previous) {
    // An unknown previous result: send everything.
    Json result = {{"data", data}};
    result["resultId"] = Remember(context, uri, std::move(data));
    return result;
  }
  // One edit: what differs between the common prefix and suffix.
  size_t prefix = 0;
  while (prefix < previous->size() && prefix < data.size() && (*previous)[prefix] == data[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < previous->size() - prefix && suffix < data.size() - prefix &&
         (*previous)[previous->size() - 1 - suffix] == data[data.size() - 1 - suffix]) {
    ++suffix;
  }
  Json edits = Json::array();
  if (prefix != previous->size() || prefix != data.size()) {
    std::vector<uint32_t> inserted(data.begin() + static_cast<std::ptrdiff_t>(prefix),
                                   data.end() - static_cast<std::ptrdiff_t>(suffix));
    edits.push_back({{"start", prefix},
                     {"deleteCount", previous->size() - prefix - suffix},
                     {"data", inserted}});
  }
  std::string id = Remember(context, uri, std::move(data));
  return Json{{"resultId", id}, {"edits", edits}};
}

auto HandleSemanticTokensRange(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return nullptr;
  auto [begin, end] = context.Lines(*file).ToOffsets(RangeParam(context.params, "range"));
  return Json{{"data", Encode(context, *file, Classify(context, *file, begin, end))}};
}

}  // namespace cobro::lsp
