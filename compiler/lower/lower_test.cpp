// `test` blocks of the input modules: the given profile and the events'
// fields as expressions of the module (converted to their fields' types),
// times as numbers, and expectations resolved to states and rules.

#include "compiler/base/check.h"
#include "compiler/lower/context.h"

namespace cobro::lower {

namespace {

auto FieldIndex(const std::vector<flowir::Field>& fields, const std::string& name) -> int32_t {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int32_t>(i);
  }
  return -1;
}

// Values of a record, one per declared field; none for fields left out.
auto LowerRecord(Context& context, const std::vector<ast::FieldInit>& inits, const std::vector<flowir::Field>& fields)
    -> std::vector<flowir::ExprId> {
  std::vector<flowir::ExprId> values(fields.size());
  for (const ast::FieldInit& init : inits) {
    int32_t index = FieldIndex(fields, init.name.text);
    COBRO_CHECK(index >= 0);
    values[static_cast<size_t>(index)] = LowerExpr(context, init.value, fields[static_cast<size_t>(index)].type);
  }
  return values;
}

class TestLowering {
 public:
  TestLowering(Context& context, const ast::TestDecl& test, int32_t index) : context_(context), test_(test) {
    const std::optional<sema::GlobalDecl>& flow = context_.module().test_flows.at(static_cast<size_t>(index));
    COBRO_CHECK(flow.has_value());
    out_.flow = context_.flows.at(*flow);
  }

  auto Run() -> flowir::Test {
    out_.name = test_.name;
    out_.module = context_.module().name;
    out_.line = Line(test_.range);
    context_.slots = Slots();
    context_.next_slot = 0;
    context_.max_slot = 0;
    const flowir::Profile& profile = context_.out.profiles[context_.out.flows[out_.flow].profile];
    out_.given = LowerRecord(context_, test_.given, profile.fields);
    for (const ast::TestStep& step : test_.steps) out_.steps.push_back(LowerStep(step));
    return std::move(out_);
  }

 private:
  auto Line(SourceRange range) const -> int32_t {
    if (context_.sources == nullptr || !range.has_value()) return 0;
    return context_.sources->Get(range.file).LineColumnAt(range.begin).line;
  }

  auto Text(SourceRange range) const -> std::string {
    if (context_.sources == nullptr || !range.has_value()) return "";
    return std::string(context_.sources->Get(range.file).text().substr(range.begin, range.end - range.begin));
  }

  auto LowerStep(const ast::TestStep& step) -> flowir::TestStep {
    flowir::TestStep out;
    if (step.time_kind == ast::TimeSpecKind::Relative) {
      out.time_kind = flowir::StepTime::After;
      out.time = step.offset.milliseconds;
      out.time_text = "+" + step.offset.ToString();
    } else {
      const CivilDateTime& at = step.at;
      out.time = int64_t{at.date.days} * Duration::kDay + int64_t{at.time.seconds} * Duration::kSecond;
      out.time_kind = at.offset_minutes ? flowir::StepTime::Instant : flowir::StepTime::Local;
      if (at.offset_minutes) out.time -= int64_t{*at.offset_minutes} * Duration::kMinute;
      out.time_text = at.ToString();
    }
    if (std::string written = Text(step.time_range); !written.empty()) out.time_text = written;
    if (step.event) {
      const sema::GlobalDecl& event = context_.module().step_events.at(step.event->range.begin);
      out.event = context_.events.at(event);
      out.fields = LowerRecord(context_, step.event_fields, context_.out.events[out.event].fields);
    }
    out.checks = !step.expectations.empty();
    for (const ast::Expectation& expectation : step.expectations) out.expectations.push_back(LowerExpectation(expectation));
    out.line = Line(step.range);
    return out;
  }

  auto LowerExpectation(const ast::Expectation& expectation) -> flowir::Expectation {
    flowir::Expectation out;
    out.kind = static_cast<flowir::ExpectKind>(expectation.kind);
    out.name = expectation.text;
    switch (expectation.kind) {
      case ast::ExpectKind::Send:
      case ast::ExpectKind::Call: out.channel = ChannelByName(expectation.name.text).value_or(Channel::Email); break;
      case ast::ExpectKind::State: {
        const flowir::Flow& flow = context_.out.flows[out_.flow];
        for (size_t s = 0; s < flow.states.size(); ++s) {
          if (flow.states[s].name == expectation.name.text) out.state = static_cast<int32_t>(s);
        }
        COBRO_CHECK(out.state >= 0);
        break;
      }
      case ast::ExpectKind::Blocked:
      case ast::ExpectKind::Deferred: {
        const sema::GlobalDecl& decl = context_.module().expectation_policies.at(expectation.rule.range.begin);
        out.policy = context_.policies.at(decl);
        const flowir::Policy& policy = context_.out.policies[out.policy];
        std::string name = policy.name + "." + expectation.rule.parts.back().text;
        for (size_t r = 0; r < policy.rules.size(); ++r) {
          if (policy.rules[r].name == name) out.rule = static_cast<int32_t>(r);
        }
        COBRO_CHECK(out.rule >= 0);
        break;
      }
      default: break;
    }
    return out;
  }

  Context& context_;
  const ast::TestDecl& test_;
  flowir::Test out_;
};

}  // namespace

auto LowerTests(Context& context) -> std::vector<flowir::Test> {
  static_assert(static_cast<int>(ast::ExpectKind::Deferred) == static_cast<int>(flowir::ExpectKind::Deferred));
  std::vector<flowir::Test> tests;
  const sema::Program& program = context.program;
  for (size_t m = 0; m < program.modules.size(); ++m) {
    if (!program.modules[m].is_input) continue;
    context.module_index = static_cast<int32_t>(m);
    for (size_t t = 0; t < program.modules[m].ast.tests.size(); ++t) {
      tests.push_back(TestLowering(context, program.modules[m].ast.tests[t], static_cast<int32_t>(t)).Run());
    }
  }
  return tests;
}

}  // namespace cobro::lower
