#include "runtime/test_runner/verdict.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobro::runtime {

namespace {

// What an expectation or a happening is, for matching: two are the same
// when their keys are equal.
struct Key {
  Happening::Kind kind = Happening::Kind::Send;
  Channel channel = Channel::Email;
  std::string name;
  int32_t policy = -1;
  int32_t rule = -1;

  friend auto operator<=>(const Key&, const Key&) = default;
};

auto KeyOf(const Happening& happening) -> Key {
  bool decision = happening.kind == Happening::Kind::Deferred || happening.kind == Happening::Kind::Blocked;
  if (decision) return {happening.kind, Channel::Email, "", happening.policy, happening.rule};
  bool contact = happening.kind == Happening::Kind::Send || happening.kind == Happening::Kind::Call;
  return {happening.kind, contact ? happening.channel : Channel::Email, happening.name, -1, -1};
}

// The key of an expectation that lists a happening; nullopt for `state` and
// `no action`.
auto KeyOf(const flowir::Expectation& expectation) -> std::optional<Key> {
  switch (expectation.kind) {
    case flowir::ExpectKind::Send: return Key{Happening::Kind::Send, expectation.channel, expectation.name};
    case flowir::ExpectKind::Call: return Key{Happening::Kind::Call, expectation.channel, expectation.name};
    case flowir::ExpectKind::Assign: return Key{Happening::Kind::Assign, Channel::Email, expectation.name};
    case flowir::ExpectKind::Emit: return Key{Happening::Kind::Emit, Channel::Email, expectation.name};
    case flowir::ExpectKind::Blocked:
      return Key{Happening::Kind::Blocked, Channel::Email, "", expectation.policy, expectation.rule};
    case flowir::ExpectKind::Deferred:
      return Key{Happening::Kind::Deferred, Channel::Email, "", expectation.policy, expectation.rule};
    case flowir::ExpectKind::State:
    case flowir::ExpectKind::NoAction: break;
  }
  return std::nullopt;
}

auto RuleName(const flowir::Module& module, int32_t policy, int32_t rule) -> std::string {
  return module.policies[policy].rules[rule].name;
}

auto Describe(const flowir::Module& module, const Happening& happening) -> std::string {
  switch (happening.kind) {
    case Happening::Kind::Send: return fmt::format("send {} \"{}\"", ChannelName(happening.channel), happening.name);
    case Happening::Kind::Call: return fmt::format("call {} \"{}\"", ChannelName(happening.channel), happening.name);
    case Happening::Kind::Assign: return fmt::format("assign queue \"{}\"", happening.name);
    case Happening::Kind::Emit: return fmt::format("emit \"{}\"", happening.name);
    case Happening::Kind::Deferred:
      return fmt::format("deferred by {} (until {})", RuleName(module, happening.policy, happening.rule),
                         FormatInstant(happening.until));
    case Happening::Kind::Blocked:
      return fmt::format("blocked by {}", RuleName(module, happening.policy, happening.rule));
  }
  return "";
}

auto Describe(const flowir::Module& module, const flowir::Flow& flow, const flowir::Expectation& expectation)
    -> std::string {
  switch (expectation.kind) {
    case flowir::ExpectKind::Send:
      return fmt::format("send {} \"{}\"", ChannelName(expectation.channel), expectation.name);
    case flowir::ExpectKind::Call:
      return fmt::format("call {} \"{}\"", ChannelName(expectation.channel), expectation.name);
    case flowir::ExpectKind::Assign: return fmt::format("assign queue \"{}\"", expectation.name);
    case flowir::ExpectKind::Emit: return fmt::format("emit \"{}\"", expectation.name);
    case flowir::ExpectKind::State: return "state " + flow.states[expectation.state].name;
    case flowir::ExpectKind::NoAction: return "no action";
    case flowir::ExpectKind::Blocked: return "blocked by " + RuleName(module, expectation.policy, expectation.rule);
    case flowir::ExpectKind::Deferred:
      return "deferred by " + RuleName(module, expectation.policy, expectation.rule);
  }
  return "";
}

auto Join(const std::vector<std::string>& parts) -> std::string {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

auto StateText(const flowir::Flow& flow, int32_t state) -> std::string {
  return state < 0 ? "no case (the start rule has not held)" : "state " + flow.states[state].name;
}

// The lines of `text` from the first one that differs from `other`.
auto FromFirstDifference(const std::string& text, const std::string& other) -> std::string {
  size_t same = 0;
  while (same < text.size() && same < other.size() && text[same] == other[same]) ++same;
  size_t line_start = text.rfind('\n', same == 0 ? 0 : same - 1);
  line_start = (line_start == std::string::npos || same == 0) ? 0 : line_start + 1;
  std::string rest = text.substr(line_start);
  return rest.empty() ? "(nothing)\n" : rest;
}

}  // namespace

auto FirstFailingStep(const flowir::Module& module, const flowir::Test& test, const TestRun& run)
    -> std::optional<StepFailure> {
  const flowir::Flow& flow = module.flows[test.flow];
  for (size_t s = 0; s < test.steps.size(); ++s) {
    const flowir::TestStep& step = test.steps[s];
    std::vector<std::string> expected;
    for (const flowir::Expectation& expectation : step.expectations) {
      expected.push_back(Describe(module, flow, expectation));
    }
    if (s >= run.steps.size()) {
      return StepFailure{static_cast<int32_t>(s), expected.empty() ? "(nothing)" : Join(expected),
                         "the step did not run: " + run.error};
    }
    if (!step.checks) continue;
    const StepResult& result = run.steps[s];
    std::vector<Key> wanted;
    std::optional<int32_t> wanted_state;
    for (const flowir::Expectation& expectation : step.expectations) {
      if (auto key = KeyOf(expectation)) wanted.push_back(*key);
      if (expectation.kind == flowir::ExpectKind::State) wanted_state = expectation.state;
    }
    std::vector<Key> seen;
    std::vector<std::string> got;
    for (const Happening& happening : result.happened) {
      seen.push_back(KeyOf(happening));
      got.push_back(Describe(module, happening));
    }
    std::sort(wanted.begin(), wanted.end());
    std::sort(seen.begin(), seen.end());
    bool holds = wanted == seen && (!wanted_state || *wanted_state == result.state);
    if (holds) continue;
    if (got.empty() && (!wanted_state || result.state >= 0)) got.emplace_back("no action");
    if (wanted_state) got.push_back(StateText(flow, result.state));
    return StepFailure{static_cast<int32_t>(s), Join(expected), Join(got)};
  }
  return std::nullopt;
}

auto CompareEngines(const TestRun& interpreter, const TestRun& jit) -> std::optional<Disagreement> {
  size_t steps = std::max(interpreter.steps.size(), jit.steps.size());
  static const StepResult kMissing{0, {}, -1, "(the step did not run)\n"};
  for (size_t s = 0; s < steps; ++s) {
    const StepResult& left = s < interpreter.steps.size() ? interpreter.steps[s] : kMissing;
    const StepResult& right = s < jit.steps.size() ? jit.steps[s] : kMissing;
    std::string left_text = left.trace + fmt::format("end state {}\n", left.state);
    std::string right_text = right.trace + fmt::format("end state {}\n", right.state);
    if (left_text == right_text) continue;
    return Disagreement{static_cast<int32_t>(s), FromFirstDifference(left_text, right_text),
                        FromFirstDifference(right_text, left_text)};
  }
  if (interpreter.error != jit.error) {
    return Disagreement{static_cast<int32_t>(steps), interpreter.error + "\n", jit.error + "\n"};
  }
  return std::nullopt;
}

}  // namespace cobro::runtime
