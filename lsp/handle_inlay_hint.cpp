// `textDocument/inlayHint`: values the reader would otherwise work out:
// constant durations resolved (`3d * 2` = 6d, `1w` = 7d), the points each
// scorecard row and the whole scorecard can give, and, from the compliance
// analysis, the worst-case contacts per window beside each limit, in the
// policy and at the flow's `complies` clause.

#include <fmt/format.h>

#include <map>

#include "compiler/base/civil_time.h"
#include "compiler/driver/findings.h"
#include "lsp/constants.h"
#include "lsp/describe.h"
#include "lsp/handlers.h"

namespace cobro::lsp {

namespace {

// InlayHintKind.
constexpr int kTypeHint = 1;

struct Hint {
  uint32_t offset;
  std::string label;
  std::string tooltip;
  bool padding_left = true;
  bool padding_right = false;
};

auto Signed(int64_t points) -> std::string { return points > 0 ? fmt::format("+{}", points) : std::to_string(points); }

void DurationHints(const Snapshot& snapshot, const sema::Module& module, std::vector<Hint>& hints) {
  const ast::File& file = module.ast;
  std::string_view text = snapshot.Text(file.file_id);
  std::vector<std::pair<SourceRange, int64_t>> constants;
  const auto& exprs = file.exprs.values();
  for (size_t e = 0; e < exprs.size(); ++e) {
    if (exprs[e].kind == ast::ExprKind::Error) continue;
    if (auto value = ConstantDuration(file, ast::ExprId{static_cast<int32_t>(e)})) {
      constants.emplace_back(exprs[e].range, *value);
    }
  }
  auto add = [&](SourceRange range, int64_t value) {
    std::string canonical = Duration{value}.ToString();
    if (!range.has_value() || text.substr(range.begin, range.end - range.begin) == canonical) return;
    hints.push_back({range.end, "= " + canonical, "", true, false});
  };
  for (const auto& [range, value] : constants) {
    // Only the outermost: `(3d * 2) + 1d` gets one hint.
    bool inner = std::any_of(constants.begin(), constants.end(), [&](const auto& other) {
      return other.first != range && other.first.begin <= range.begin && range.end <= other.first.end;
    });
    if (!inner) add(range, value);
  }
  for (const ast::PolicyDecl& policy : file.policies) {
    for (const ast::PolicyRule& rule : policy.rules) {
      if (rule.length) add(rule.length_range, rule.length->milliseconds);
    }
  }
}

void ScorecardHints(const Snapshot& snapshot, const sema::Module& module, std::vector<Hint>& hints) {
  std::string_view text = snapshot.Text(module.ast.file_id);
  for (const ast::ScorecardDecl& scorecard : module.ast.scorecards) {
    for (const ast::ScoreRow& row : scorecard.rows) {
      if (row.bins.empty()) continue;
      int64_t low = row.bins.front().points;
      int64_t high = low;
      for (const ast::ScoreBin& bin : row.bins) {
        low = std::min(low, bin.points);
        high = std::max(high, bin.points);
      }
      hints.push_back({row.range.end, fmt::format("{}..{} points", Signed(low), Signed(high)), "", true, false});
    }
    auto [low, high] = ScoreRange(scorecard);
    size_t brace = text.find('{', scorecard.name.range.end);
    if (brace == std::string_view::npos || brace >= scorecard.range.end) continue;
    hints.push_back({static_cast<uint32_t>(brace), fmt::format("scores {}..{}", low, high),
                     "the lowest and highest score: the base plus each row's worst and best bin", false, true});
  }
}

// The policy declaration that holds the rule at `rule_range`.
auto PolicyOfRule(const sema::Program& program, SourceRange rule_range) -> std::optional<std::pair<int32_t, int32_t>> {
  for (size_t m = 0; m < program.modules.size(); ++m) {
    const auto& policies = program.modules[m].ast.policies;
    for (size_t p = 0; p < policies.size(); ++p) {
      for (const ast::PolicyRule& rule : policies[p].rules) {
        if (rule.range == rule_range) return std::pair{static_cast<int32_t>(m), static_cast<int32_t>(p)};
      }
    }
  }
  return std::nullopt;
}

void ContactHints(const Snapshot& snapshot, FileId file, std::vector<Hint>& hints) {
  std::shared_ptr<const Compliance> compliance = snapshot.compliance();
  if (!compliance) return;
  const sema::Program& program = snapshot.result.program;
  std::string_view text = snapshot.Text(file);
  // Beside each limit of a policy in this file: every flow's worst case.
  std::map<uint32_t, std::vector<std::string>> at_rules;
  // At each flow's binding of a policy: every limit's worst case.
  std::map<uint32_t, std::vector<std::string>> at_bindings;
  for (const analysis::RuleResult& result : compliance->report.results) {
    if (!result.worst_case) continue;
    const ast::PolicyRule* rule = driver::FindPolicyRule(program, result.rule_range);
    if (rule == nullptr) continue;
    std::string bound = rule->kind == ast::RuleKind::Limit ? fmt::format("{}/{}", *result.worst_case, rule->max)
                                                           : fmt::format("{} per gap", *result.worst_case);
    const char* mark = result.verdict == analysis::Verdict::Violated ? " ✗" : "";
    if (result.rule_range.file == file) {
      size_t line_end = text.find('\n', result.rule_range.begin);
      auto at = static_cast<uint32_t>(std::min<size_t>(line_end, result.rule_range.end));
      at_rules[at].push_back(fmt::format("{}: {}{}", result.flow, bound, mark));
    }
    if (result.flow_range.file != file) continue;
    // The flow's `complies` entry that names the rule's policy, else its name.
    uint32_t at = result.flow_range.end;
    if (auto policy = PolicyOfRule(program, result.rule_range)) {
      SourceRange policy_name = program.modules[policy->first].ast.policies[policy->second].name.range;
      for (const Occurrence* occurrence : snapshot.index.OccurrencesOf(
               Entity{EntityKind::Policy, policy->first, policy->second, -1, policy_name})) {
        if (occurrence->range.file == file && !occurrence->is_definition &&
            occurrence->range.begin > result.flow_range.begin) {
          at = occurrence->range.end;
          break;
        }
      }
    }
    std::string rule_name = rule->label ? rule->label->text : result.rule_name;
    at_bindings[at].push_back(fmt::format("{} {}{}", rule_name, bound, mark));
  }
  auto join = [](const std::vector<std::string>& parts) {
    std::string joined;
    for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
    return joined;
  };
  for (const auto& [at, parts] : at_rules) {
    hints.push_back({at, "worst case " + join(parts), "the most contacts each flow can make in one window", true, false});
  }
  for (const auto& [at, parts] : at_bindings) {
    hints.push_back({at, join(parts), "the most contacts this flow can make in one window of each limit", true, false});
  }
}

}  // namespace

auto HandleInlayHint(RequestContext& context) -> Json {
  std::optional<FileId> file = context.DocumentFile();
  Json result = Json::array();
  if (!file) return result;
  const Snapshot& snapshot = context.Program();
  int32_t module = snapshot.ModuleOf(*file);
  if (module < 0) return result;
  auto [begin, end] = context.Lines(*file).ToOffsets(RangeParam(context.params, "range"));
  std::vector<Hint> hints;
  const sema::Module& ast = snapshot.result.program.modules[module];
  DurationHints(snapshot, ast, hints);
  ScorecardHints(snapshot, ast, hints);
  ContactHints(snapshot, *file, hints);
  std::stable_sort(hints.begin(), hints.end(), [](const Hint& a, const Hint& b) { return a.offset < b.offset; });
  for (const Hint& hint : hints) {
    if (hint.offset < begin || hint.offset > end) continue;
    Json json = {{"position", context.Lines(*file).ToPosition(hint.offset)},
                 {"label", hint.label},
                 {"kind", kTypeHint},
                 {"paddingLeft", hint.padding_left},
                 {"paddingRight", hint.padding_right}};
    if (!hint.tooltip.empty()) json["tooltip"] = hint.tooltip;
    result.push_back(std::move(json));
  }
  return result;
}

}  // namespace cobro::lsp
