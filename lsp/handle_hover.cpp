// `textDocument/hover`: what a name stands for (its declaration, type and
// doc comment), a policy rule's text and citation with the verdicts of the
// flows it binds, or the type and value of the expression under the cursor.

#include <fmt/format.h>

#include "compiler/base/civil_time.h"
#include "lsp/constants.h"
#include "lsp/describe.h"
#include "lsp/handlers.h"
#include "lsp/syntax_queries.h"

namespace cobro::lsp {

namespace {

auto VerdictName(analysis::Verdict verdict) -> const char* {
  switch (verdict) {
    case analysis::Verdict::Proven: return "proven";
    case analysis::Verdict::Violated: return "violated";
    case analysis::Verdict::RuntimeOnly: return "checked at run time";
  }
  return "";
}

// The type of a local, from an expression that reads it.
auto LocalTypeFromUses(const Snapshot& snapshot, const Entity& entity) -> std::optional<sema::TypeId> {
  if (entity.module < 0) return std::nullopt;
  const sema::Module& module = snapshot.result.program.modules[entity.module];
  for (size_t e = 0; e < module.expr_refs.size() && e < module.expr_types.size(); ++e) {
    const sema::Ref& ref = module.expr_refs[e];
    if (ref.kind == sema::RefKind::Local && ref.range == entity.definition) return module.expr_types[e];
  }
  return std::nullopt;
}

// Markdown made plain for a client that shows hover text as it is: code
// fences and horizontal rules dropped, the rest kept.
auto PlainText(const std::string& markdown) -> std::string {
  std::string plain;
  size_t start = 0;
  while (start < markdown.size()) {
    size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string_view line(markdown.data() + start, end - start);
    if (!line.starts_with("```") && line != "---") {
      plain.append(line);
      plain += '\n';
    }
    start = end + 1;
  }
  // Dropping a rule leaves two blank lines where it stood.
  for (size_t at; (at = plain.find("\n\n\n")) != std::string::npos;) plain.erase(at, 1);
  return plain;
}

auto RuleDetails(const Snapshot& snapshot, const Entity& entity) -> std::string {
  const ast::PolicyRule& rule =
      snapshot.result.program.modules[entity.module].ast.policies[entity.decl].rules[entity.member];
  std::string text;
  if (!rule.cite.empty()) text += fmt::format("**Citation:** {}\n\n", rule.cite);
  if (rule.effective_from || rule.effective_to) {
    text += "**Effective:** " + (rule.effective_from ? rule.effective_from->ToString() : std::string("…")) +
            (rule.effective_to ? " to " + rule.effective_to->ToString() : std::string()) + "\n\n";
  }
  if (rule.confidence) text += fmt::format("**Confidence:** {}\n\n", rule.confidence->text);
  std::shared_ptr<const Compliance> compliance = snapshot.compliance();
  if (compliance) {
    std::string verdicts;
    for (const analysis::RuleResult& result : compliance->report.results) {
      if (result.rule_range != rule.range) continue;
      verdicts += fmt::format("- `{}`: {}: {}\n", result.flow, VerdictName(result.verdict), result.summary);
    }
    if (!verdicts.empty()) text += "**Flows:**\n" + verdicts;
  }
  return text;
}

auto PolicyDetails(const Snapshot& snapshot, const Entity& entity) -> std::string {
  const ast::PolicyDecl& policy = snapshot.result.program.modules[entity.module].ast.policies[entity.decl];
  std::string text = "**Rules:**\n";
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const ast::PolicyRule& rule = policy.rules[r];
    Entity rule_entity{EntityKind::PolicyRule, entity.module, entity.decl, static_cast<int32_t>(r), {}};
    std::string clause = Signature(snapshot, rule_entity);
    clause = clause.substr(policy.name.text.size() + 1);
    text += fmt::format("- `{}`{}\n", clause, rule.cite.empty() ? "" : " — " + rule.cite);
  }
  return text;
}

auto FlowDetails(const Snapshot& snapshot, const Entity& entity) -> std::string {
  std::shared_ptr<const Compliance> compliance = snapshot.compliance();
  if (!compliance) return "";
  int proven = 0;
  int violated = 0;
  int runtime = 0;
  for (const analysis::RuleResult& result : compliance->report.results) {
    if (result.flow_range != entity.definition) continue;
    if (result.verdict == analysis::Verdict::Proven) ++proven;
    if (result.verdict == analysis::Verdict::Violated) ++violated;
    if (result.verdict == analysis::Verdict::RuntimeOnly) ++runtime;
  }
  if (proven + violated + runtime == 0) return "";
  return fmt::format("**Compliance:** {} rules proven, {} violated, {} checked at run time\n", proven, violated,
                     runtime);
}

auto EntityHover(const Snapshot& snapshot, const Entity& entity) -> std::string {
  std::optional<sema::TypeId> type;
  if (entity.kind == EntityKind::Local) type = LocalTypeFromUses(snapshot, entity);
  std::string text = fmt::format("```cobro\n{}\n```\n", Signature(snapshot, entity, type));
  std::string details;
  switch (entity.kind) {
    case EntityKind::Scorecard: {
      auto [low, high] = ScoreRange(snapshot.result.program.modules[entity.module].ast.scorecards[entity.decl]);
      details = fmt::format("Scores from {} to {} points.\n", low, high);
      break;
    }
    case EntityKind::PolicyRule: details = RuleDetails(snapshot, entity); break;
    case EntityKind::Policy: details = PolicyDetails(snapshot, entity); break;
    case EntityKind::Flow: details = FlowDetails(snapshot, entity); break;
    case EntityKind::Module: details = "`" + snapshot.result.program.modules[entity.module].path + "`\n"; break;
    case EntityKind::State: {
      const ast::FlowDecl& flow = snapshot.result.program.modules[entity.module].ast.flows[entity.decl];
      details = "In flow `" + flow.name.text + "`.\n";
      break;
    }
    default: break;
  }
  std::string documentation = Documentation(snapshot, entity);
  if (!documentation.empty()) text += "\n---\n\n" + documentation + "\n";
  if (!details.empty()) text += "\n" + details;
  return text;
}

auto ExprHover(const Snapshot& snapshot, int32_t module_index, ast::ExprId expr_id) -> std::string {
  const sema::Module& module = snapshot.result.program.modules[module_index];
  const ast::Expr& expr = module.ast.exprs.Get(expr_id);
  std::string_view text = snapshot.Text(module.ast.file_id);
  std::string source(text.substr(expr.range.begin, expr.range.end - expr.range.begin));
  if (source.size() > 80) source = source.substr(0, 77) + "...";
  std::string type = static_cast<size_t>(expr_id.index) < module.expr_types.size()
                         ? TypeText(snapshot.result.program, module.expr_types[expr_id.index])
                         : "<error>";
  std::string hover = fmt::format("```cobro\n{}: {}\n```\n", source, type);
  if (auto duration = ConstantDuration(module.ast, expr_id)) {
    hover += fmt::format("\n= {}\n", Duration{*duration}.ToString());
  }
  return hover;
}

}  // namespace

auto HandleHover(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  if (!file) return nullptr;
  const Snapshot& snapshot = context.Program();
  uint32_t offset = context.Offset(*file, PositionParam(context.params));
  auto hover = [&](std::string markdown, SourceRange range) {
    Json content = context.client.markdown_hover ? Markdown(std::move(markdown))
                                                 : Json{{"kind", "plaintext"}, {"value", PlainText(markdown)}};
    return Json{{"contents", content}, {"range", context.ToRange(range)}};
  };
  if (const Occurrence* occurrence = snapshot.index.At(*file, offset)) {
    if (occurrence->entity.kind == EntityKind::Local || occurrence->entity.kind == EntityKind::Channel ||
        occurrence->entity.kind == EntityKind::Terminal || occurrence->entity.module >= 0) {
      return hover(EntityHover(snapshot, occurrence->entity), occurrence->range);
    }
  }
  int32_t module = snapshot.ModuleOf(*file);
  if (module < 0) return nullptr;
  const ast::File& ast = snapshot.result.program.modules[module].ast;
  ast::ExprId expr = ExprAt(ast, offset);
  if (expr.has_value()) return hover(ExprHover(snapshot, module, expr), ast.exprs.Get(expr).range);
  // A rule without a label: its clause and citation.
  Enclosing enclosing = EnclosingAt(ast, offset);
  if (enclosing.decl && enclosing.decl->kind == ast::DeclKind::Policy && enclosing.rule >= 0) {
    const ast::PolicyRule& rule = ast.policies[enclosing.decl->index].rules[enclosing.rule];
    Entity entity{EntityKind::PolicyRule, module, enclosing.decl->index, enclosing.rule, {}};
    return hover(EntityHover(snapshot, entity), rule.range);
  }
  return nullptr;
}

}  // namespace cobro::lsp
