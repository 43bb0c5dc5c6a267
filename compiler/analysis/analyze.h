#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source_buffer.h"
#include "compiler/diag/emitter.h"

namespace cobro::sema {
struct Program;
}  // namespace cobro::sema

namespace cobro::analysis {

// Which policies bind which flows, beyond each flow's `complies` clause.
struct AnalysisOptions {
  // Policies named with `--policy`, bound to every flow.
  std::vector<std::string> policies;
  // Jurisdiction codes from `--jurisdiction`: every loaded policy whose
  // `jurisdiction` rule names one of them binds every flow.
  std::vector<std::string> jurisdictions;
};

enum class Verdict : uint8_t {
  Proven,       // No run of the flow breaks the rule.
  Violated,     // A run breaks it; the diagnostic carries the counterexample.
  RuntimeOnly,  // The rule depends on facts only known at run time (hours,
                // consent, disclosure); the runtime guard enforces it.
};

// The verdict of one (flow, rule) pair, for CI reports.
struct RuleResult {
  std::string flow;
  std::string module;
  SourceRange flow_range;
  std::string rule_id;    // `us.regf.calls_7in7`
  std::string rule_name;  // `RegF.calls_7in7`
  std::string cite;
  SourceRange rule_range;
  Verdict verdict = Verdict::Proven;
  std::string summary;  // One line: what was proven or what can happen.
  // `limit` and `gap` rules: the most contacts the flow can make in one
  // window of the rule (nullopt when unbounded, and for other rules), for
  // tools that show the bound beside the rule.
  std::optional<int64_t> worst_case;
};

struct Report {
  std::vector<RuleResult> results;
};

// Proves, for every flow of the input modules and every rule that binds it,
// that no run breaks the rule, or reports a diagnostic with a counterexample.
auto Analyze(const sema::Program& program, const AnalysisOptions& options, diag::Emitter& emitter)
    -> Report;

}  // namespace cobro::analysis
