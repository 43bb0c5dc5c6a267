// `textDocument/selectionRange`: from the word under the cursor outwards
// through expressions, clauses, states and declarations to the whole file.

#include <algorithm>

#include "compiler/parse/tokens.h"
#include "lsp/handlers.h"
#include "lsp/syntax_queries.h"

namespace cobro::lsp {

namespace {

// Collects every syntax node range of `file` that contains `offset`.
class Collector {
 public:
  Collector(const ast::File& file, uint32_t offset) : file_(file), offset_(offset) {}

  void Add(SourceRange range) {
    if (Contains(range, offset_)) ranges_.emplace_back(range.begin, range.end);
  }

  void AddTarget(ast::TargetId id) {
    if (!id.has_value() || static_cast<size_t>(id.index) >= file_.targets.size()) return;
    const ast::Target& target = file_.targets.Get(id);
    Add(target.range);
    Add(target.state.range);
    if (target.kind == ast::TargetKind::If) {
      AddTarget(target.then_target);
      AddTarget(target.else_target);
    }
  }

  void AddPattern(const ast::EventPattern& pattern) {
    Add(pattern.range);
    Add(pattern.event.range);
    for (const ast::EventPattern::Arg& arg : pattern.args) Add(arg.range);
  }

  void AddHandler(const ast::Handler& handler) {
    if (!Contains(handler.range, offset_)) return;
    Add(handler.range);
    if (handler.kind == ast::HandlerKind::Event) AddPattern(handler.pattern);
    AddTarget(handler.target);
  }

  void AddFields(const std::vector<ast::FieldInit>& fields) {
    for (const ast::FieldInit& field : fields) Add(field.range);
  }

  void AddDecl(const ast::DeclRef& decl) {
    SourceRange range = ast::DeclRange(file_, decl);
    if (!Contains(range, offset_)) return;
    Add(range);
    auto i = static_cast<size_t>(decl.index);
    switch (decl.kind) {
      case ast::DeclKind::Profile:
        for (const ast::FieldDecl& field : file_.profiles[i].fields) Add(field.range);
        break;
      case ast::DeclKind::Event:
        for (const ast::FieldDecl& field : file_.events[i].fields) Add(field.range);
        for (const ast::Param& key : file_.events[i].keys) Add(key.range);
        break;
      case ast::DeclKind::Fn:
        for (const ast::Param& param : file_.fns[i].params) Add(param.range);
        for (const ast::LetStmt& let : file_.fns[i].lets) Add(let.range);
        break;
      case ast::DeclKind::Builtin:
        for (const ast::Param& param : file_.builtins[i].params) Add(param.range);
        break;
      case ast::DeclKind::Scorecard:
        for (const ast::ScoreRow& row : file_.scorecards[i].rows) {
          Add(row.range);
          for (const ast::ScoreBin& bin : row.bins) {
            Add(bin.range);
            Add(bin.condition_range);
          }
        }
        break;
      case ast::DeclKind::Policy:
        for (const ast::PolicyRule& rule : file_.policies[i].rules) {
          if (!Contains(rule.range, offset_)) continue;
          Add(rule.range);
          Add(rule.channels.range);
          Add(rule.window.range);
          if (rule.trigger) AddPattern(*rule.trigger);
          if (rule.until) AddPattern(*rule.until);
          for (const ast::ScheduleItem& item : rule.schedule) Add(item.range);
        }
        break;
      case ast::DeclKind::Flow: {
        const ast::FlowDecl& flow = file_.flows[i];
        for (const ast::StartRule& start : flow.starts) {
          Add(start.range);
          AddTarget(start.target);
        }
        for (const ast::StateDecl& state : flow.states) {
          if (!Contains(state.range, offset_)) continue;
          Add(state.range);
          for (const ast::Action& action : state.actions) {
            Add(action.range);
            Add(action.retry_range);
            AddFields(action.with);
          }
          for (const ast::Handler& handler : state.handlers) AddHandler(handler);
        }
        for (const ast::Handler& handler : flow.always) AddHandler(handler);
        break;
      }
      case ast::DeclKind::Experiment:
        for (const ast::Arm& arm : file_.experiments[i].arms) Add(arm.range);
        break;
      case ast::DeclKind::Test: {
        const ast::TestDecl& test = file_.tests[i];
        Add(test.given_range);
        AddFields(test.given);
        for (const ast::TestStep& step : test.steps) {
          if (!Contains(step.range, offset_)) continue;
          Add(step.range);
          Add(step.time_range);
          AddFields(step.event_fields);
          for (const ast::Expectation& expectation : step.expectations) Add(expectation.range);
        }
        break;
      }
    }
  }

  void AddExprs() {
    for (const ast::Expr& expr : file_.exprs.values()) {
      if (expr.kind != ast::ExprKind::Error) Add(expr.range);
    }
  }

  // The ranges from the innermost out, each strictly containing the last.
  auto Chain() -> std::vector<std::pair<uint32_t, uint32_t>> {
    std::sort(ranges_.begin(), ranges_.end(), [](const auto& a, const auto& b) {
      return a.second - a.first < b.second - b.first;
    });
    std::vector<std::pair<uint32_t, uint32_t>> chain;
    for (const auto& range : ranges_) {
      if (!chain.empty()) {
        const auto& inner = chain.back();
        bool contains = range.first <= inner.first && inner.second <= range.second;
        if (!contains || range == inner) continue;
      }
      chain.push_back(range);
    }
    return chain;
  }

 private:
  const ast::File& file_;
  uint32_t offset_;
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
};

}  // namespace

auto HandleSelectionRange(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  Json results = Json::array();
  if (!file || !context.params.contains("positions")) return results;
  const Snapshot& snapshot = context.Program();
  int32_t module = snapshot.ModuleOf(*file);
  std::string_view text = snapshot.Text(*file);
  std::vector<parse::SyntaxToken> tokens = parse::Tokenize(text);
  for (const Json& position_json : context.params["positions"]) {
    Position position = position_json.get<Position>();
    uint32_t offset = context.Offset(*file, position);
    std::vector<std::pair<uint32_t, uint32_t>> chain;
    if (module >= 0) {
      const ast::File& ast = snapshot.result.program.modules[module].ast;
      Collector collector(ast, offset);
      for (const parse::SyntaxToken& token : tokens) {
        if (token.begin <= offset && offset <= token.end) collector.Add(SourceRange{*file, token.begin, token.end});
      }
      for (const ast::Import& import : ast.imports) collector.Add(import.range);
      for (const ast::DeclRef& decl : ast.decls) collector.AddDecl(decl);
      collector.AddExprs();
      collector.Add(SourceRange{*file, 0, static_cast<uint32_t>(text.size())});
      chain = collector.Chain();
    }
    if (chain.empty()) chain.emplace_back(offset, offset);
    // The protocol nests from the innermost: build from the outermost in.
    Json selection;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Json inner = {{"range", context.Lines(*file).ToRange(it->first, it->second)}};
      if (!selection.is_null()) inner["parent"] = std::move(selection);
      selection = std::move(inner);
    }
    results.push_back(std::move(selection));
  }
  return results;
}

}  // namespace cobro::lsp
