// `cobro graph`: draws a flow, optionally with the counterexample of a
// violated rule in red.

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/findings.h"
#include "compiler/driver/flow_drawing.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

namespace {

constexpr const char* kGraphUsageHead = R"(usage: cobro graph [options] FILE...

Draws a flow: its states with the contacts each makes, terminal states
apart, and transitions labelled with their event or timer (`on payment`,
`after 3d`). Exit status: 0 drawn, 1 the input has errors, 2 could not draw.

options:
  --flow NAME          the flow to draw (needed when the files declare more
                       than one; `Name` or `module.Name`)
  --format FORMAT      `dot` (Graphviz, the default), `mermaid` (a flowchart
                       for Markdown), or `svg` (runs Graphviz's `dot -Tsvg`)
  --highlight RULE     draw in red the counterexample of a rule the flow
                       breaks (`us.regf.calls_7in7` or `RegF.calls_7in7`)
)";

constexpr const char* kGraphUsageTail = R"(  -h, --help           show this help
)";

struct GraphOptions {
  std::string flow;
  std::string format = "dot";
  std::string highlight;
  CommonOptions common;
  std::vector<std::string> paths;
};

auto ParseGraphOptions(const std::vector<std::string>& args, GraphOptions& options, std::ostream& out,
                       std::ostream& err, bool& help) -> bool {
  ArgReader reader(args, "graph", err);
  std::string usage = std::string(kGraphUsageHead) + kCommonOptionsHelp + kGraphUsageTail;
  bool read = ReadCommandArgs(reader, options.common, options.paths, usage, out, help, [&](bool& handled) {
    if (reader.Is("--flow")) {
      if (!reader.Value(options.flow)) return false;
    } else if (reader.Is("--format")) {
      if (!reader.Value(options.format)) return false;
      if (options.format != "dot" && options.format != "mermaid" && options.format != "svg") {
        err << fmt::format("cobro: unknown graph format `{}`; use `dot`, `mermaid` or `svg`\n", options.format);
        return false;
      }
    } else if (reader.Is("--highlight")) {
      if (!reader.Value(options.highlight)) return false;
    } else {
      handled = false;
    }
    return true;
  });
  if (!read) return false;
  if (options.paths.empty()) return reader.Fail("`graph` needs a file");
  return true;
}

struct FlowRef {
  int32_t module = -1;
  int32_t flow = -1;
  std::string name;       // `Daily`
  std::string qualified;  // `t.limit.Daily`
};

// The flow to draw, or nullopt after printing why there is none.
auto ChooseFlow(const sema::Program& program, const std::string& wanted, std::ostream& err)
    -> std::optional<FlowRef> {
  std::vector<FlowRef> flows;
  for (size_t m = 0; m < program.modules.size(); ++m) {
    const sema::Module& module = program.modules[m];
    if (!module.is_input) continue;
    for (size_t f = 0; f < module.ast.flows.size(); ++f) {
      std::string name = module.ast.flows[f].name.text;
      flows.push_back({static_cast<int32_t>(m), static_cast<int32_t>(f), name,
                       module.name.empty() ? name : module.name + "." + name});
    }
  }
  std::vector<std::string> names;
  for (const FlowRef& flow : flows) names.push_back("`" + flow.name + "`");
  std::string listed;
  for (size_t i = 0; i < names.size(); ++i) listed += (i == 0 ? "" : ", ") + names[i];
  if (flows.empty()) {
    err << "cobro: the input declares no flow\n";
    return std::nullopt;
  }
  if (wanted.empty()) {
    if (flows.size() == 1) return flows.front();
    err << fmt::format("cobro: the input declares {} flows ({}); choose one with `--flow NAME`\n", flows.size(),
                       listed);
    return std::nullopt;
  }
  std::vector<FlowRef> matching;
  for (const FlowRef& flow : flows) {
    if (flow.name == wanted || flow.qualified == wanted) matching.push_back(flow);
  }
  if (matching.size() == 1) return matching.front();
  if (matching.size() > 1) {
    err << fmt::format("cobro: several modules declare a flow `{}`; name it with its module, `module.{}`\n",
                       wanted, wanted);
    return std::nullopt;
  }
  std::vector<std::string> candidates;
  for (const FlowRef& flow : flows) candidates.push_back(flow.name);
  std::optional<std::string> suggestion = Closest(wanted, candidates);
  err << fmt::format("cobro: no flow is named `{}`; {}\n", wanted,
                     suggestion ? fmt::format("did you mean `{}`?", *suggestion) : "the input declares " + listed);
  return std::nullopt;
}

// Marks the counterexample of `rule` in `drawing`. Returns false after
// printing why the rule cannot be highlighted.
auto Highlight(const CheckResult& result, const FlowRef& flow, const std::string& rule,
               const analysis::FlowGraph& graph, FlowDrawing& drawing, std::ostream& err) -> bool {
  const std::string& module = result.program.modules[flow.module].name;
  int32_t found = -1;
  std::vector<std::string> bound;
  for (size_t r = 0; r < result.report.results.size(); ++r) {
    const analysis::RuleResult& verdict = result.report.results[r];
    if (verdict.flow != flow.name || verdict.module != module) continue;
    bound.push_back(verdict.rule_id);
    bound.push_back(verdict.rule_name);
    if (verdict.rule_id == rule || verdict.rule_name == rule) found = static_cast<int32_t>(r);
  }
  if (found < 0) {
    std::optional<std::string> suggestion = Closest(rule, bound);
    err << fmt::format("cobro: no rule `{}` binds flow `{}`{}; bind its policy with `complies` or `--policy`\n",
                       rule, flow.name, suggestion ? fmt::format(" (did you mean `{}`?)", *suggestion) : "");
    return false;
  }
  const analysis::RuleResult& verdict = result.report.results[found];
  if (verdict.verdict != analysis::Verdict::Violated) {
    err << fmt::format("cobro: note: flow `{}` {} `{}`: {}; there is no counterexample to highlight\n", flow.name,
                       verdict.verdict == analysis::Verdict::Proven ? "keeps to" : "leaves to the runtime guard",
                       verdict.rule_name, verdict.summary);
    return true;
  }
  std::vector<int32_t> matches = MatchVerdicts(result.diagnostics, result.report);
  for (size_t d = 0; d < matches.size(); ++d) {
    if (matches[d] == found) HighlightTrace(drawing, graph, result.diagnostics[d].trace);
  }
  return true;
}

}  // namespace

auto RunGraph(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
              std::ostream& out, std::ostream& err) -> int {
  GraphOptions options;
  bool help = false;
  if (!ParseGraphOptions(args, options, out, err, help)) return help ? kExitClean : kExitCouldNotRun;
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(options.common, files, environment, config, err)) return kExitCouldNotRun;
  PipelineOptions pipeline = MergePipelineOptions(options.common, config, environment);
  // Only a highlight needs the proofs.
  pipeline.analyze = !options.highlight.empty();
  CheckResult result = LoadAndCheck(options.paths, pipeline, files);
  // Compliance findings are what a highlight draws; other errors leave
  // nothing trustworthy to draw.
  std::vector<int32_t> verdicts = MatchVerdicts(result.diagnostics, result.report);
  std::vector<diag::Diagnostic> shown;
  for (size_t d = 0; d < result.diagnostics.size(); ++d) {
    const diag::Diagnostic& diagnostic = result.diagnostics[d];
    if (diagnostic.severity == diag::Severity::Error && verdicts[d] < 0) shown.push_back(diagnostic);
  }
  if (result.io_error || !shown.empty()) {
    err << diag::RenderConsole(shown, result.sources, diag::ConsoleOptions{environment.color_terminal});
    err << "cobro: the flow cannot be drawn until these errors are fixed\n";
    return result.io_error ? kExitCouldNotRun : kExitFindings;
  }
  std::optional<FlowRef> flow = ChooseFlow(result.program, options.flow, err);
  if (!flow) return kExitCouldNotRun;
  analysis::FlowGraph graph = analysis::BuildFlowGraph(result.program, flow->module, flow->flow);
  FlowDrawing drawing = DrawFlow(graph);
  if (!options.highlight.empty() && !Highlight(result, *flow, options.highlight, graph, drawing, err)) {
    return kExitCouldNotRun;
  }
  if (options.format == "mermaid") {
    out << RenderMermaid(drawing);
    return kExitClean;
  }
  std::string dot = RenderDot(drawing);
  if (options.format == "dot") {
    out << dot;
    return kExitClean;
  }
  ProgramResult run;
  if (environment.run_program) run = environment.run_program({"dot", "-Tsvg"}, dot);
  if (!run.started) {
    err << "cobro: `--format svg` runs Graphviz's `dot`, which was not found; install Graphviz (Debian: "
           "`apt-get install graphviz`), or print DOT with `--format dot`\n";
    return kExitCouldNotRun;
  }
  if (run.exit_code != 0) {
    err << fmt::format("cobro: `dot -Tsvg` failed with exit status {}: {}\n", run.exit_code, run.err);
    return kExitCouldNotRun;
  }
  out << run.out;
  return kExitClean;
}

}  // namespace cobro::driver
