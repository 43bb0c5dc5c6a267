// `textDocument/completion`: what can be written at the cursor, by context
// (completion_context.h): declaration and clause keywords with snippets,
// states as targets, events, their fields and keys, profile fields,
// channels, builtins and functions with their parameters, policies, and
// modules to import.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "compiler/base/channel.h"
#include "compiler/sema/lookup.h"
#include "lsp/completion_context.h"
#include "lsp/describe.h"
#include "lsp/handlers.h"
#include "lsp/module_catalog.h"
#include "lsp/uri.h"

namespace cobro::lsp {

namespace {

// Groups of items, in the order they are listed.
enum class Rank : char { Local = '0', Member = '1', Target = '2', Symbol = '3', Channel = '4', Keyword = '5' };

struct Snippet {
  const char* label;
  const char* snippet;
  const char* detail;
};

constexpr Snippet kDeclarations[] = {
    {"module", "module ${1:name}", "the module this file defines"},
    {"import", "import ${1:std.events}", "bring a module's declarations into scope"},
    {"profile", "profile ${1:Debtor} {\n  ${2:balance}: ${3:money}\n}", "the debtor attributes a module reads"},
    {"event", "event ${1:name} {\n  $0\n}", "something that happens to a case"},
    {"fn", "fn ${1:name}(${2:d}: ${3:Debtor}) -> ${4:float} = $0", "a pure function"},
    {"scorecard", "scorecard ${1:Name}(${2:d}: ${3:Debtor}) base ${4:600} {\n  $0\n}", "a points-based scorecard"},
    {"policy", "policy ${1:Name} {\n  $0\n}", "contact rules that bind flows"},
    {"flow", "flow ${1:Name} for ${2:d}: ${3:Debtor} {\n  start -> ${4:first}\n\n  state ${4:first} {\n    $0\n  }\n}",
     "a state machine that runs once per debtor"},
    {"experiment", "experiment ${1:Name} for ${2:Debtor} {\n  ${3:Champion} 50%\n  ${4:Challenger} 50%\n}",
     "split debtors between flows"},
    {"test", "test \"${1:what happens}\" for ${2:Flow} {\n  given ${3:Debtor} { $4 }\n  at ${5:2026-01-05 09:00} -> expect $0\n}",
     "run a flow on a made-up debtor"},
};

constexpr Snippet kFlowItems[] = {
    {"start", "start when ${1:condition} -> ${2:state}", "when a debtor enters the flow, and where"},
    {"state", "state ${1:name} {\n  $0\n}", "a state with entry actions and handlers"},
    {"terminal state", "terminal state ${1:name} {\n  $0\n}", "a state that ends the case"},
    {"always", "always {\n  on $0\n}", "handlers active in every state"},
};

constexpr Snippet kStateItems[] = {
    {"send", "send ${1|email,sms,whatsapp,push,letter|} \"${2:template}\"", "send a message"},
    {"call", "call ${1|voicebot,voice|} \"${2:script}\"", "place a call"},
    {"assign queue", "assign queue \"${1:name}\"", "hand the case to a work queue"},
    {"emit", "emit \"${1:name}\"", "a custom action for another system"},
    {"on", "on ${1:event} -> ${2:state}", "a transition on an event"},
    {"after", "after ${1:3d} -> ${2:state}", "a transition on a timer"},
    {"with", "with { ${1:key}: $0 }", "data attached to the action"},
    {"when", "when $0", "a guard"},
    {"every", "every ${1:1d} up to ${2:3}", "retries"},
};

constexpr Snippet kAlwaysItems[] = {
    {"on", "on ${1:event} -> ${2:state}", "a transition on an event, in every state"},
};

constexpr Snippet kPolicyItems[] = {
    {"limit", "limit ${1:call} <= ${2:7} per ${3:7d}", "at most N contacts in any window"},
    {"allow", "allow ${1:08:00}..${2:21:00} local", "the hours contacts may go out"},
    {"forbid", "forbid ${1:visit}", "channels never used"},
    {"gap", "gap ${1:text} >= ${2:2d}", "the least time between contacts"},
    {"require consent", "require consent for ${1:voicebot}", "contacts need prior consent"},
    {"require disclosure", "require disclosure \"${1:name}\" on first contact", "a disclosure on first contact"},
    {"after … quiet", "after ${1:contact.conversation(call)} quiet ${2:call} for ${3:7d}", "no contact for a while"},
    {"on … forbid", "on ${1:opt_out(ch)} forbid ${2:ch}", "channels closed by an event"},
    {"jurisdiction", "jurisdiction \"${1:US}\"", "the jurisdiction the policy covers"},
    {"calendar", "calendar \"${1:US}\"", "the holidays of `holiday`"},
    {"cite", "cite \"${1:citation}\"", "the legal source of the rule"},
    {"effective", "effective ${1:2026-01-01}", "when the rule takes effect"},
    {"confidence", "confidence ${1|A,B,C|}", "how sure the encoding is"},
};

constexpr Snippet kTestItems[] = {
    {"given", "given ${1:Debtor} { $0 }", "the debtor"},
    {"at", "at ${1:2026-01-05 09:00} -> expect $0", "a step at a time"},
    {"at … event", "at +${1:1d} event ${2:payment} { $3 } -> expect $0", "a step with an event"},
};

constexpr Snippet kExpectations[] = {
    {"send", "send ${1:email} \"${2:template}\"", "a message went out"},
    {"call", "call ${1:voicebot} \"${2:script}\"", "a call was placed"},
    {"assign queue", "assign queue \"${1:name}\"", "the case was assigned"},
    {"emit", "emit \"${1:name}\"", "the custom action was emitted"},
    {"state", "state ${1:name}", "the case's state at the end of the step"},
    {"no action", "no action", "nothing happened"},
    {"blocked by", "blocked by ${1:Policy.rule}", "a contact was blocked"},
    {"deferred by", "deferred by ${1:Policy.rule}", "a contact was deferred"},
};

constexpr std::string_view kExpressionKeywords[] = {"if", "then", "else", "not", "and", "or", "in", "true", "false"};
constexpr std::string_view kPrimitiveTypes[] = {"int",  "float", "bool",     "string",   "money",  "duration",
                                                "time", "date",  "datetime", "timezone", "channel"};

auto Lower(char c) -> char { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Whether the prefix's characters appear in `label` in order, ignoring case.
auto Matches(std::string_view prefix, std::string_view label) -> bool {
  size_t at = 0;
  for (char c : label) {
    if (at < prefix.size() && Lower(c) == Lower(prefix[at])) ++at;
  }
  return at == prefix.size();
}

class Items {
 public:
  Items(RequestContext& context, const CompletionContext& cursor) : context_(context), cursor_(cursor) {}

  void Add(const std::string& label, CompletionItemKind kind, Rank rank, const std::string& detail = "",
           const std::string& documentation = "", const std::string& snippet = "") {
    if (label.empty() || !Matches(cursor_.prefix, label) || !seen_.insert(label).second) return;
    Json item = {{"label", label}, {"kind", static_cast<int32_t>(kind)}, {"sortText", std::string(1, static_cast<char>(rank)) + label}};
    if (!detail.empty()) item["detail"] = detail;
    if (!documentation.empty()) item["documentation"] = Markdown(documentation);
    if (!snippet.empty() && context_.client.snippets) {
      item["insertText"] = snippet;
      item["insertTextFormat"] = static_cast<int32_t>(InsertTextFormat::Snippet);
    } else if (!snippet.empty()) {
      // Without snippets: the words before the first placeholder.
      std::string plain = snippet.substr(0, snippet.find('$'));
      while (!plain.empty() && plain.back() == ' ') plain.pop_back();
      item["insertText"] = plain.empty() ? label : plain;
    }
    items_.push_back(std::move(item));
  }

  void AddRaw(Json item) { items_.push_back(std::move(item)); }

  void AddSnippets(std::span<const Snippet> snippets, CompletionItemKind kind = CompletionItemKind::Keyword) {
    for (const Snippet& snippet : snippets) {
      Add(snippet.label, context_.client.snippets ? CompletionItemKind::Snippet : kind, Rank::Keyword, snippet.detail,
          "", snippet.snippet);
    }
  }

  auto Take() -> Json { return Json{{"isIncomplete", false}, {"items", std::move(items_)}}; }

 private:
  RequestContext& context_;
  const CompletionContext& cursor_;
  Json items_ = Json::array();
  std::set<std::string> seen_;
};

class Completer {
 public:
  Completer(RequestContext& context, const CompletionContext& cursor, int32_t module)
      : context_(context), cursor_(cursor), module_(module), items_(context, cursor) {}

  auto Run() -> Json {
    switch (cursor_.slot) {
      case Slot::Declaration: items_.AddSnippets(kDeclarations); break;
      case Slot::ImportModule: Modules(); break;
      case Slot::BlockItem: BlockItems(); break;
      case Slot::Expression: Expression(); break;
      case Slot::Member: Member(); break;
      case Slot::Type: Types(); break;
      case Slot::Profile: Symbols(sema::SymbolKind::Profile); break;
      case Slot::Flow: Symbols(sema::SymbolKind::Flow); break;
      case Slot::Policy: Symbols(sema::SymbolKind::Policy); break;
      case Slot::Event: Symbols(sema::SymbolKind::Event); break;
      case Slot::Channel: Channels(); break;
      case Slot::Target: Targets(true); break;
      case Slot::Expectation: items_.AddSnippets(kExpectations); break;
      case Slot::ExpectedState: Targets(false); break;
      case Slot::RecordField: RecordFields(); break;
      case Slot::None: break;
    }
    return items_.Take();
  }

 private:
  auto Program() const -> const sema::Program& { return context_.Program().result.program; }

  auto Visible() -> const std::vector<std::pair<std::string, sema::Symbol>>& {
    if (!visible_ && module_ >= 0) visible_ = sema::VisibleSymbols(Program(), module_);
    if (!visible_) visible_.emplace();
    return *visible_;
  }

  auto Lookup(const std::string& name) -> std::optional<sema::Symbol> {
    if (module_ < 0) return std::nullopt;
    return sema::LookupVisible(Program(), module_, name);
  }

  void AddSymbol(const std::string& name, const sema::Symbol& symbol) {
    const Snapshot& snapshot = context_.Program();
    Entity entity = EntityOf(snapshot, symbol);
    std::string detail = Signature(snapshot, entity);
    std::string documentation = Documentation(snapshot, entity);
    switch (symbol.kind) {
      case sema::SymbolKind::Fn:
      case sema::SymbolKind::Builtin:
      case sema::SymbolKind::Scorecard: {
        std::string snippet = name + "(";
        if (std::optional<Callable> callable = CallableOf(snapshot, entity)) {
          for (size_t i = 0; i < callable->params.size(); ++i) {
            std::string param = callable->params[i].substr(0, callable->params[i].find(':'));
            snippet += fmt::format("{}${{{}:{}}}", i > 0 ? ", " : "", i + 1, param);
          }
        }
        snippet += ")";
        items_.Add(name, CompletionItemKind::Function, Rank::Symbol, detail, documentation, snippet);
        break;
      }
      case sema::SymbolKind::Event:
        items_.Add(name, CompletionItemKind::Event, Rank::Symbol, detail, documentation);
        break;
      case sema::SymbolKind::Profile:
        items_.Add(name, CompletionItemKind::Struct, Rank::Symbol, detail, documentation);
        break;
      case sema::SymbolKind::Policy:
        items_.Add(name, CompletionItemKind::Interface, Rank::Symbol, detail, documentation);
        break;
      case sema::SymbolKind::Flow:
      case sema::SymbolKind::Experiment:
        items_.Add(name, CompletionItemKind::Class, Rank::Symbol, detail, documentation);
        break;
    }
  }

  void Symbols(sema::SymbolKind kind) {
    for (const auto& [name, symbol] : Visible()) {
      if (symbol.kind == kind) AddSymbol(name, symbol);
    }
    if (kind == sema::SymbolKind::Profile && cursor_.slot == Slot::Type) return;
  }

  void Channels() {
    auto names = ChannelAndGroupNames();
    for (size_t i = 0; i < names.size(); ++i) {
      Entity entity{EntityKind::Channel, -1, -1, static_cast<int32_t>(i), {}};
      items_.Add(std::string(names[i]), CompletionItemKind::EnumMember, Rank::Channel,
                 Signature(context_.Program(), entity), BuiltinDescription(entity));
    }
    // `on opt_out(ch) forbid ch`: the channel the event bound.
    for (const ScopeLocal& local : cursor_.locals) {
      if (local.type.empty()) items_.Add(local.name, CompletionItemKind::Variable, Rank::Local, "bound by the pattern");
    }
  }

  void Expression() {
    for (auto it = cursor_.locals.rbegin(); it != cursor_.locals.rend(); ++it) {
      items_.Add(it->name, CompletionItemKind::Variable, Rank::Local, it->type.empty() ? "" : it->name + ": " + it->type);
    }
    for (const auto& [name, symbol] : Visible()) {
      if (symbol.kind == sema::SymbolKind::Fn || symbol.kind == sema::SymbolKind::Builtin ||
          symbol.kind == sema::SymbolKind::Scorecard || symbol.kind == sema::SymbolKind::Event) {
        AddSymbol(name, symbol);
      }
    }
    Channels();
    for (std::string_view keyword : kExpressionKeywords) {
      items_.Add(std::string(keyword), CompletionItemKind::Keyword, Rank::Keyword);
    }
  }

  void Types() {
    for (std::string_view type : kPrimitiveTypes) items_.Add(std::string(type), CompletionItemKind::Keyword, Rank::Keyword);
    items_.Add("set", CompletionItemKind::Keyword, Rank::Keyword, "a set of values", "", "set<${1:channel}>");
    for (const auto& [name, symbol] : Visible()) {
      if (symbol.kind == sema::SymbolKind::Profile || symbol.kind == sema::SymbolKind::Event) AddSymbol(name, symbol);
    }
  }

  void BlockItems() {
    switch (cursor_.block) {
      case BlockKind::Flow: items_.AddSnippets(kFlowItems); break;
      case BlockKind::State: items_.AddSnippets(kStateItems); break;
      case BlockKind::Always: items_.AddSnippets(kAlwaysItems); break;
      case BlockKind::Policy: items_.AddSnippets(kPolicyItems); break;
      case BlockKind::Test: items_.AddSnippets(kTestItems); break;
      case BlockKind::TopLevel: items_.AddSnippets(kDeclarations); break;
      default: break;
    }
  }

  void Modules() {
    const Snapshot& snapshot = context_.Program();
    std::set<std::string> imported;
    if (module_ >= 0) {
      for (const ast::Import& import : Program().modules[module_].ast.imports) imported.insert(import.module.Joined());
    }
    std::string uri = DocumentUri(context_.params);
    std::optional<Document> document = context_.documents.Get(uri);
    if (!document) return;
    LineIndex lines(document->text, context_.client.encoding);
    Range replace = lines.ToRange(cursor_.dotted_begin, cursor_.prefix_begin + static_cast<uint32_t>(cursor_.prefix.size()));
    for (const ImportableModule& module : ImportableModules(context_.files, snapshot.project)) {
      if (imported.contains(module.name) || !module.name.starts_with(cursor_.dotted.substr(0, cursor_.dotted.rfind('.') + 1))) {
        continue;
      }
      if (!Matches(cursor_.dotted, module.name)) continue;
      items_.AddRaw({{"label", module.name},
                     {"kind", static_cast<int32_t>(CompletionItemKind::Module)},
                     {"detail", module.path},
                     {"filterText", module.name},
                     {"sortText", "3" + module.name},
                     {"textEdit", TextEdit{replace, module.name}}});
    }
  }

  // The fields (and keys, and `at`) of the profile or event named `type`.
  void FieldsOf(const std::string& type, bool with_colon) {
    std::optional<sema::Symbol> symbol = Lookup(type);
    if (!symbol) return;
    const Snapshot& snapshot = context_.Program();
    const ast::File& file = Program().modules[symbol->decl.module].ast;
    auto add = [&](EntityKind kind, int32_t member, const ast::Ident& name) {
      Entity entity{kind, symbol->decl.module, symbol->decl.index, member, name.range};
      items_.Add(name.text, CompletionItemKind::Field, Rank::Member, Signature(snapshot, entity),
                 Documentation(snapshot, entity), with_colon ? name.text + ": $0" : "");
    };
    if (symbol->kind == sema::SymbolKind::Profile) {
      const auto& fields = file.profiles[symbol->decl.index].fields;
      for (size_t f = 0; f < fields.size(); ++f) add(EntityKind::ProfileField, static_cast<int32_t>(f), fields[f].name);
    } else if (symbol->kind == sema::SymbolKind::Event) {
      const ast::EventDecl& event = file.events[symbol->decl.index];
      for (size_t k = 0; k < event.keys.size(); ++k) add(EntityKind::EventKey, static_cast<int32_t>(k), event.keys[k].name);
      for (size_t f = 0; f < event.fields.size(); ++f) add(EntityKind::EventField, static_cast<int32_t>(f), event.fields[f].name);
      if (!with_colon) items_.Add("at", CompletionItemKind::Field, Rank::Member, "at: datetime", "The instant the event happened.");
    }
  }

  void RecordFields() { FieldsOf(cursor_.record_type, true); }

  void Member() {
    const std::string& object = cursor_.object;
    // A local: its profile's or event's fields.
    for (auto it = cursor_.locals.rbegin(); it != cursor_.locals.rend(); ++it) {
      if (it->name == object) {
        if (!it->type.empty()) FieldsOf(it->type, false);
        return;
      }
    }
    if (module_ < 0) return;
    const sema::Module& module = Program().modules[module_];
    // `co.`: the declarations of an aliased module.
    if (auto alias = module.aliases.find(object); alias != module.aliases.end()) {
      for (const auto& [name, symbol] : Program().modules[alias->second].symbols) AddSymbol(name, symbol);
      return;
    }
    if (std::optional<sema::Symbol> symbol = Lookup(object)) {
      // `payment.`: its fields, as `sum(payment.amount, 90d)` reads them.
      if (symbol->kind == sema::SymbolKind::Event) FieldsOf(object, false);
      // `RegF.`: its rules, as `blocked by RegF.hours` names them.
      if (symbol->kind == sema::SymbolKind::Policy) {
        const ast::PolicyDecl& policy = Program().modules[symbol->decl.module].ast.policies[symbol->decl.index];
        for (size_t r = 0; r < policy.rules.size(); ++r) {
          if (!policy.rules[r].label) continue;
          Entity entity{EntityKind::PolicyRule, symbol->decl.module, symbol->decl.index, static_cast<int32_t>(r),
                        policy.rules[r].label->range};
          items_.Add(policy.rules[r].label->text, CompletionItemKind::Property, Rank::Member,
                     Signature(context_.Program(), entity), Documentation(context_.Program(), entity));
        }
      }
      return;
    }
    // `contact.`: the rest of the dotted event names.
    std::string dotted = object + ".";
    for (const auto& [name, symbol] : Visible()) {
      if (symbol.kind != sema::SymbolKind::Event || !name.starts_with(dotted)) continue;
      Entity entity = EntityOf(context_.Program(), symbol);
      items_.Add(name.substr(dotted.size()), CompletionItemKind::Event, Rank::Symbol,
                 Signature(context_.Program(), entity), Documentation(context_.Program(), entity));
    }
  }

  void Targets(bool with_if) {
    const Snapshot& snapshot = context_.Program();
    std::optional<sema::Symbol> flow = Lookup(cursor_.flow);
    if (flow && flow->kind == sema::SymbolKind::Flow) {
      const ast::FlowDecl& declaration = Program().modules[flow->decl.module].ast.flows[flow->decl.index];
      for (size_t s = 0; s < declaration.states.size(); ++s) {
        const ast::StateDecl& state = declaration.states[s];
        Entity entity{EntityKind::State, flow->decl.module, flow->decl.index, static_cast<int32_t>(s), state.name.range};
        std::string snippet;
        if (with_if && !state.params.empty()) {
          snippet = state.name.text + "(";
          for (size_t i = 0; i < state.params.size(); ++i) {
            snippet += fmt::format("{}${{{}:{}}}", i > 0 ? ", " : "", i + 1, state.params[i].name.text);
          }
          snippet += ")";
        }
        items_.Add(state.name.text, CompletionItemKind::EnumMember, Rank::Target, Signature(snapshot, entity),
                   Documentation(snapshot, entity), snippet);
      }
    }
    for (int32_t terminal = 0; terminal < 2; ++terminal) {
      Entity entity{EntityKind::Terminal, -1, -1, terminal, {}};
      items_.Add(terminal == 0 ? "done" : "hold", CompletionItemKind::EnumMember, Rank::Target,
                 Signature(snapshot, entity), BuiltinDescription(entity));
    }
    if (with_if) {
      items_.Add("if", CompletionItemKind::Keyword, Rank::Keyword, "choose the target when the handler fires", "",
                 "if ${1:condition} then ${2:state} else ${3:state}");
    }
  }

  RequestContext& context_;
  const CompletionContext& cursor_;
  int32_t module_;
  Items items_;
  std::optional<std::vector<std::pair<std::string, sema::Symbol>>> visible_;
};

}  // namespace

auto HandleCompletion(RequestContext& context) -> Json {
  std::string uri = DocumentUri(context.params);
  std::optional<Document> document = context.documents.Get(uri);
  if (!document) return Json{{"isIncomplete", false}, {"items", Json::array()}};
  LineIndex lines(document->text, context.client.encoding);
  uint32_t offset = lines.ToOffset(PositionParam(context.params));
  CompletionContext cursor = ReadCompletionContext(document->text, offset);
  std::optional<FileId> file = context.Program().FileOf(UriToPath(uri));
  int32_t module = file ? context.Program().ModuleOf(*file) : -1;
  return Completer(context, cursor, module).Run();
}

}  // namespace cobro::lsp
