// `textDocument/codeLens`: "run test" above each test and the compliance
// verdicts above each flow. The commands are the client's (the VS Code
// extension runs `cobro test` and `cobro check`); the server only offers
// them with their arguments.

#include <fmt/format.h>

#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

auto Lens(RequestContext& context, SourceRange range, const std::string& title, const char* command, Json arguments)
    -> Json {
  return Json{{"range", context.ToRange(range)},
              {"command", {{"title", title}, {"command", command}, {"arguments", std::move(arguments)}}}};
}

}  // namespace

auto HandleCodeLens(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  Json lenses = Json::array();
  if (!file) return lenses;
  const Snapshot& snapshot = context.Program();
  int32_t module = snapshot.ModuleOf(*file);
  if (module < 0) return lenses;
  const ast::File& ast = snapshot.result.program.modules[module].ast;
  std::string uri = context.Uri(*file);
  std::shared_ptr<const Compliance> compliance = snapshot.compliance();
  for (const ast::DeclRef& decl : ast.decls) {
    if (decl.kind == ast::DeclKind::Test) {
      const ast::TestDecl& test = ast.tests[decl.index];
      lenses.push_back(Lens(context, test.name_range, "▶ Run test", "cobro.runTest", Json::array({test.name, uri})));
    }
    if (decl.kind != ast::DeclKind::Flow) continue;
    const ast::FlowDecl& flow = ast.flows[decl.index];
    std::string title = "Check compliance";
    if (compliance) {
      int proven = 0;
      int violated = 0;
      int runtime = 0;
      for (const analysis::RuleResult& result : compliance->report.results) {
        if (result.flow_range != flow.name.range) continue;
        proven += result.verdict == analysis::Verdict::Proven;
        violated += result.verdict == analysis::Verdict::Violated;
        runtime += result.verdict == analysis::Verdict::RuntimeOnly;
      }
      if (proven + violated + runtime > 0) {
        title = fmt::format("{} {} proven, {} violated, {} checked at run time", violated > 0 ? "✗" : "✓", proven,
                            violated, runtime);
      } else {
        title = "No policy binds this flow";
      }
    }
    lenses.push_back(Lens(context, flow.name.range, title, "cobro.checkCompliance",
                          Json::array({uri, flow.name.text})));
  }
  return lenses;
}

}  // namespace cobro::lsp
