// SARIF 2.1.0 for GitHub code scanning. An output edge: one of the files
// allowed to use a JSON library.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "compiler/diag/render.h"
#include "compiler/driver/findings.h"
#include "compiler/sema/program.h"

#ifndef COBRO_VERSION
#define COBRO_VERSION "0.0.0"
#endif

namespace cobro::driver {

namespace {

using Json = nlohmann::json;

constexpr const char* kSchema =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

// 64-bit FNV-1a: small, and the same on every platform and run.
auto Fnv1a(std::string_view text) -> uint64_t {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// A path as a URI reference: relative paths stay relative (to the checkout
// root, where CI runs), absolute ones outside it become `file://` URIs.
auto PathUri(const std::string& path) -> std::string {
  std::string encoded;
  for (unsigned char c : path) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return path.starts_with("/") ? "file://" + encoded : encoded;
}

// "UnknownName" -> "unknown name".
auto KindWords(std::string_view kind) -> std::string {
  std::string words;
  for (size_t i = 0; i < kind.size(); ++i) {
    char c = kind[i];
    if (std::isupper(static_cast<unsigned char>(c)) != 0) {
      if (i > 0) words += ' ';
      words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      words += c;
    }
  }
  return words;
}

auto Lowercase(std::string_view text) -> std::string {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

auto LevelName(diag::Severity severity) -> const char* {
  switch (severity) {
    case diag::Severity::Error: return "error";
    case diag::Severity::Warning: return "warning";
    case diag::Severity::Note: return "note";
  }
  return "error";
}

class SarifWriter {
 public:
  explicit SarifWriter(const CheckOutcome& outcome) : outcome_(outcome) {}

  auto Write() -> std::string {
    CollectRules();
    Json results = Json::array();
    Json notifications = Json::array();
    std::map<std::string, int> seen_fingerprints;
    for (const Finding& finding : outcome_.findings) {
      if (!finding.diagnostic.range.has_value()) {
        notifications.push_back({{"level", LevelName(finding.diagnostic.severity)},
                                 {"message", {{"text", finding.diagnostic.message}}},
                                 {"descriptor", {{"id", finding.rule_id()}}}});
        continue;
      }
      results.push_back(Result(finding, seen_fingerprints));
    }
    if (outcome_.NotAnalysed()) {
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", std::string(kNotAnalysed)}}},
                               {"descriptor", {{"id", "cobro.compliance-not-analysed"}}}});
    }
    Json rules = Json::array();
    for (auto& [id, rule] : rules_) rules.push_back(std::move(rule));
    Json driver = {{"name", "cobro"},
                   {"version", COBRO_VERSION},
                   {"semanticVersion", COBRO_VERSION},
                   {"informationUri", std::string(kRepositoryUrl)},
                   {"rules", std::move(rules)}};
    Json invocation = {
        {"executionSuccessful", !outcome_.result->io_error && !outcome_.NotAnalysed()},
        {"toolExecutionNotifications", std::move(notifications)}};
    Json run = {{"tool", {{"driver", std::move(driver)}}},
                {"columnKind", "unicodeCodePoints"},
                {"invocations", Json::array({std::move(invocation)})},
                {"results", std::move(results)},
                {"properties", {{"compliance", Compliance()}}}};
    Json document = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  }

 private:
  // Every rule a result refers to and every policy rule that was checked,
  // sorted by id; results refer to them by index.
  void CollectRules() {
    const CheckResult& result = *outcome_.result;
    for (const analysis::RuleResult& verdict : result.report.results) {
      if (!rules_.contains(verdict.rule_id)) rules_[verdict.rule_id] = PolicyRuleDescriptor(verdict);
    }
    for (const Finding& finding : outcome_.findings) {
      std::string id = finding.rule_id();
      if (rules_.contains(id)) continue;
      std::string kind(diag::KindName(finding.diagnostic.kind));
      rules_[id] = {{"id", id},
                    {"name", kind},
                    {"shortDescription", {{"text", KindWords(kind)}}},
                    {"helpUri", fmt::format("{}/blob/main/docs/diagnostics.md#{}", kRepositoryUrl, Lowercase(kind))},
                    {"defaultConfiguration", {{"level", LevelName(finding.diagnostic.severity)}}},
                    {"properties", {{"tags", Json::array({"cobro"})}}}};
    }
    int index = 0;
    for (const auto& [id, rule] : rules_) rule_index_[id] = index++;
  }

  auto PolicyRuleDescriptor(const analysis::RuleResult& verdict) const -> Json {
    const CheckResult& result = *outcome_.result;
    const ast::PolicyRule* rule = FindPolicyRule(result.program, verdict.rule_range);
    std::string source;
    if (verdict.rule_range.has_value()) {
      std::string_view text = result.sources.Get(verdict.rule_range.file).text();
      source = std::string(text.substr(verdict.rule_range.begin, verdict.rule_range.end - verdict.rule_range.begin));
      source = source.substr(0, source.find('\n'));
    }
    Json properties = {{"citation", verdict.cite}, {"tags", Json::array({"cobro", "compliance"})}};
    Json descriptor = {
        {"id", verdict.rule_id},
        {"name", verdict.rule_name},
        {"shortDescription", {{"text", fmt::format("`{}`: {}", verdict.rule_name, source)}}},
        {"helpUri", fmt::format("{}/blob/main/docs/compliance.md", kRepositoryUrl)},
        {"help", {{"text", fmt::format("Run `cobro explain {}` for what the rule counts and how it is enforced.",
                                       verdict.rule_id)}}},
        {"defaultConfiguration", {{"level", "error"}}}};
    if (rule != nullptr) {
      if (!rule->doc.empty()) descriptor["fullDescription"] = {{"text", rule->doc}};
      if (rule->effective_from) properties["effective"] = rule->effective_from->ToString();
      if (rule->effective_to) properties["effectiveUntil"] = rule->effective_to->ToString();
      if (rule->confidence) properties["confidence"] = rule->confidence->text;
    }
    descriptor["properties"] = std::move(properties);
    return descriptor;
  }

  auto Location(SourceRange range) const -> Json {
    const SourceBuffer& buffer = outcome_.result->sources.Get(range.file);
    LineColumn begin = diag::DisplayPosition(buffer, range.begin);
    LineColumn end = diag::DisplayPosition(buffer, range.end);
    return {{"artifactLocation", {{"uri", PathUri(ReportPath(buffer.path(), outcome_.current_directory))}}},
            {"region",
             {{"startLine", begin.line}, {"startColumn", begin.column}, {"endLine", end.line},
              {"endColumn", end.column}}}};
  }

  auto Result(const Finding& finding, std::map<std::string, int>& seen_fingerprints) const -> Json {
    const diag::Diagnostic& diagnostic = finding.diagnostic;
    std::string id = finding.rule_id();
    std::string uri = PathUri(ReportPath(outcome_.result->sources.Get(diagnostic.range.file).path(),
                                         outcome_.current_directory));
    // Positions stay out of the fingerprint, so moving code keeps the alert;
    // the occurrence count tells identical findings in one flow apart.
    std::string key = id + '\0' + uri + '\0' + finding.flow + '\0' + diagnostic.message;
    std::string fingerprint = fmt::format("{:016x}", Fnv1a(key));
    fingerprint += ":" + std::to_string(++seen_fingerprints[fingerprint]);
    std::string message = diagnostic.message;
    Json related = Json::array();
    for (const diag::Note& note : diagnostic.notes) {
      if (!note.range.has_value()) {
        message += "\n" + note.message;
        continue;
      }
      related.push_back({{"id", related.size() + 1},
                         {"physicalLocation", Location(note.range)},
                         {"message", {{"text", note.message}}}});
    }
    Json result = {{"ruleId", id},
                   {"ruleIndex", rule_index_.at(id)},
                   {"level", LevelName(diagnostic.severity)},
                   {"message", {{"text", message}}},
                   {"locations", Json::array({{{"physicalLocation", Location(diagnostic.range)}}})},
                   {"partialFingerprints", {{"cobro/v1", fingerprint}}}};
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    if (!diagnostic.trace.empty()) {
      Json steps = Json::array();
      for (const diag::TraceStep& step : diagnostic.trace) {
        // Steps without a place (`and round again`) are shown at the finding.
        SourceRange where = step.range.has_value() ? step.range : diagnostic.range;
        steps.push_back({{"location", {{"physicalLocation", Location(where)}, {"message", {{"text", step.message}}}}}});
      }
      result["codeFlows"] = Json::array(
          {{{"message", {{"text", "a run of the flow that breaks the rule"}}},
            {"threadFlows", Json::array({{{"locations", std::move(steps)}}})}}});
    }
    Json properties = Json::object();
    if (!finding.flow.empty()) properties["flow"] = finding.flow;
    if (finding.verdict >= 0) {
      const analysis::RuleResult& verdict = outcome_.result->report.results[finding.verdict];
      properties["policyRule"] = verdict.rule_name;
      properties["citation"] = verdict.cite;
    }
    if (!properties.empty()) result["properties"] = std::move(properties);
    return result;
  }

  // Every verdict, passed ones included: SARIF results are only findings,
  // and code scanning shows no `pass` results.
  auto Compliance() const -> Json {
    const CheckResult& result = *outcome_.result;
    Json compliance = {{"analysed", result.analyzed}};
    if (outcome_.NotAnalysed()) compliance["reason"] = std::string(kNotAnalysed);
    if (!result.analyzed) return compliance;
    Json verdicts = Json::array();
    for (const analysis::RuleResult& verdict : result.report.results) {
      const char* name = verdict.verdict == analysis::Verdict::Proven     ? "proven"
                         : verdict.verdict == analysis::Verdict::Violated ? "violated"
                                                                          : "runtimeOnly";
      verdicts.push_back({{"flow", verdict.flow},
                          {"module", verdict.module},
                          {"rule", verdict.rule_id},
                          {"verdict", name},
                          {"summary", verdict.summary}});
    }
    compliance["verdicts"] = std::move(verdicts);
    return compliance;
  }

  const CheckOutcome& outcome_;
  std::map<std::string, Json> rules_;
  std::map<std::string, int> rule_index_;
};

}  // namespace

auto RenderSarif(const CheckOutcome& outcome) -> std::string { return SarifWriter(outcome).Write(); }

}  // namespace cobro::driver
