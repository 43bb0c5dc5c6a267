#include "runtime/test_runner/run_test.h"

#include <fmt/format.h>

#include "compiler/base/civil_time.h"
#include "runtime/abi/arithmetic.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/eval.h"
#include "runtime/io/value_arena.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime {

namespace {

// Records what the engine does into the current step: happenings for the
// comparison with expectations, and every record as text for the comparison
// of the interpreter with the JIT, which must agree byte for byte.
class StepSink final : public EngineSink {
 public:
  StepSink(const flowir::Module& module, int32_t flow) : module_(module), flow_(flow) {}

  void Bind(const StringPool* strings, StepResult* step) {
    strings_ = strings;
    step_ = step;
  }

  void OnAction(const ActionRecord& action) override {
    static constexpr Happening::Kind kKinds[] = {Happening::Kind::Send, Happening::Kind::Call,
                                                 Happening::Kind::Assign, Happening::Kind::Emit};
    Happening happening;
    happening.kind = kKinds[static_cast<int>(action.kind)];
    happening.channel = action.channel;
    happening.name = module_.strings[action.name];
    happening.time = action.time;
    step_->happened.push_back(happening);
    const flowir::Action& entry = module_.flows[action.flow].states[action.state].actions[action.action];
    std::string line = fmt::format("action {} issued {} state {} action {} attempt {} {} {} \"{}\"",
                                   FormatInstant(action.time), FormatInstant(action.issued_at),
                                   module_.flows[action.flow].states[action.state].name, action.action,
                                   action.attempt, flowir::ActionKindName(action.kind), ChannelName(action.channel),
                                   happening.name);
    for (size_t i = 0; i < action.with.size() && i < entry.with.size(); ++i) {
      flowir::Type type = module_.expr(entry.with[i].value).type;
      line += fmt::format(" {}={}", module_.strings[entry.with[i].name],
                          io::FormatValue(type, action.with[i], *strings_));
    }
    Trace(line);
  }

  void OnAudit(const AuditRecord& audit) override {
    if (audit.verdict == Verdict::Defer || audit.verdict == Verdict::Block) {
      Happening happening;
      happening.kind = audit.verdict == Verdict::Defer ? Happening::Kind::Deferred : Happening::Kind::Blocked;
      happening.channel = audit.channel;
      happening.name = module_.strings[audit.name];
      happening.policy = audit.policy;
      happening.rule = audit.rule;
      happening.time = audit.time;
      happening.until = audit.until;
      step_->happened.push_back(happening);
    }
    std::string rule = audit.policy >= 0 ? module_.policies[audit.policy].rules[audit.rule].name : "-";
    Trace(fmt::format("audit {} {} {} \"{}\" attempt {} by {} until {}: {}", FormatInstant(audit.time),
                      VerdictName(audit.verdict), ChannelName(audit.channel), module_.strings[audit.name],
                      audit.attempt, rule, audit.verdict == Verdict::Defer ? FormatInstant(audit.until) : "-",
                      audit.detail));
  }

  void OnTransition(const TransitionRecord& transition) override {
    const flowir::Flow& flow = module_.flows[flow_];
    Trace(fmt::format("transition {} {} -> {}", FormatInstant(transition.time),
                      transition.from >= 0 ? flow.states[transition.from].name : "(start)",
                      flow.states[transition.to].name));
  }


 private:
  void Trace(const std::string& line) { step_->trace += line + "\n"; }

  const flowir::Module& module_;
  int32_t flow_;
  const StringPool* strings_ = nullptr;
  StepResult* step_ = nullptr;
};

// Evaluates test values: constants and the odd expression (`100.00 * 2`),
// in the debtor's zone at the step's instant. Sets they build live as long
// as the run.
class ValueMaker {
 public:
  ValueMaker(const flowir::Module& module, StringPool& strings, io::ValueArena& arena, int32_t money_decimals)
      : module_(module), strings_(strings), arena_(arena) {
    context_.module = &module;
    context_.strings = &strings;
    context_.events = KnownEvents::Find(module);
    context_.money_decimals = money_decimals;
    context_.sets = &sets_;
  }

  void At(int64_t now, const void* zone) {
    context_.now = now;
    context_.zone = zone;
  }

  // A record's values: given ones, else defaults, else zero values.
  auto Record(const std::vector<flowir::Field>& fields, const std::vector<flowir::ExprId>& given)
      -> std::vector<Value> {
    std::vector<Value> values;
    for (size_t i = 0; i < fields.size(); ++i) values.push_back(Field(fields[i], i < given.size() ? given[i] : flowir::ExprId{}));
    return values;
  }

  auto Field(const flowir::Field& field, flowir::ExprId given) -> Value {
    if (given.has_value()) {
      Value locals[1] = {0};
      return interp::Evaluate(module_, given, locals, context_);
    }
    if (field.has_default) return field.default_bits;
    return io::ZeroValue(field.type, strings_, arena_);
  }

  auto context() -> EvalContext& { return context_; }

 private:
  const flowir::Module& module_;
  StringPool& strings_;
  io::ValueArena& arena_;
  std::vector<std::unique_ptr<ValueSet>> sets_;
  EvalContext context_;
};

auto FieldNamed(const flowir::Profile& profile, flowir::Type type, std::string_view name) -> int32_t {
  for (size_t i = 0; i < profile.fields.size(); ++i) {
    if (profile.fields[i].type == type && (name.empty() || profile.fields[i].name == name)) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

}  // namespace

auto FormatInstant(int64_t instant) -> std::string {
  int64_t day = instant / Duration::kDay - (instant % Duration::kDay < 0 ? 1 : 0);
  int64_t rest = instant - day * Duration::kDay;
  std::string text = CivilDate{static_cast<int32_t>(day)}.ToString() +
                     fmt::format("T{:02}:{:02}", rest / Duration::kHour, rest / Duration::kMinute % 60);
  int64_t seconds = rest / Duration::kSecond % 60;
  int64_t milliseconds = rest % Duration::kSecond;
  if (seconds != 0 || milliseconds != 0) text += fmt::format(":{:02}", seconds);
  if (milliseconds != 0) text += fmt::format(".{:03}", milliseconds);
  return text + "Z";
}

auto RunTest(const flowir::Module& module, const flowir::Test& test, std::vector<std::unique_ptr<FlowCode>> code,
             const TestRunOptions& options) -> TestRun {
  TestRun run;
  StepSink sink(module, test.flow);
  EngineOptions engine_options;
  engine_options.money_decimals = options.money_decimals;
  engine_options.calendars = options.calendars;
  Engine engine(module, std::move(code), engine_options, &sink);
  io::ValueArena arena;
  ValueMaker values(module, engine.strings(), arena, options.money_decimals);
  StepResult setup;
  sink.Bind(&engine.strings(), &setup);

  // The zone first: local times, the given values' included, need it.
  int32_t profile_index = module.flows[test.flow].profile;
  const flowir::Profile& profile = module.profiles[profile_index];
  int32_t zone_field = FieldNamed(profile, flowir::Type::Timezone, "");
  const void* zone = nullptr;
  if (zone_field >= 0) {
    auto index = static_cast<size_t>(zone_field);
    Value handle = values.Field(profile.fields[index], index < test.given.size() ? test.given[index] : flowir::ExprId{});
    std::string_view name = engine.strings().Get(handle);
    zone = arena.FindZone(engine.strings(), name).zone;
    if (zone == nullptr) {
      run.error = fmt::format("the time zone \"{}\" is not in the time zone database", name);
      return run;
    }
  }
  auto instant_of = [&](const flowir::TestStep& step, int64_t previous) -> int64_t {
    switch (step.time_kind) {
      case flowir::StepTime::After: return previous + step.time;
      case flowir::StepTime::Instant: return step.time;
      case flowir::StepTime::Local: break;
    }
    values.At(previous, zone);
    return cobro_local_to_utc(&values.context(), step.time);
  };
  int64_t start = test.steps.empty() ? 0 : instant_of(test.steps.front(), 0);
  values.At(start, zone);
  std::vector<Value> fields = values.Record(profile.fields, test.given);
  int32_t jurisdiction_field = FieldNamed(profile, flowir::Type::String, "jurisdiction");
  std::string_view jurisdiction =
      jurisdiction_field >= 0 ? engine.strings().Get(fields[static_cast<size_t>(jurisdiction_field)]) : "";
  int32_t debtor = engine.AddDebtor("test", profile_index, fields, zone, jurisdiction);

  int64_t previous = start;
  for (size_t s = 0; s < test.steps.size(); ++s) {
    const flowir::TestStep& step = test.steps[s];
    int64_t now = instant_of(step, previous);
    if (s > 0 && now < previous) {
      run.error = fmt::format("the step at {} ({}) is earlier than the step before it ({})", step.time_text,
                              FormatInstant(now), FormatInstant(previous));
      return run;
    }
    StepResult& result = run.steps.emplace_back();
    result.time = now;
    sink.Bind(&engine.strings(), &result);
    if (step.event >= 0) {
      values.At(now, zone);
      std::vector<Value> event = values.Record(module.events[step.event].fields, step.fields);
      // The first step records its event before the case exists, so the
      // start rule sees it.
      engine.PushEvent(debtor, step.event, now, event);
    } else {
      engine.AdvanceTo(now);
    }
    if (s == 0) engine.Enroll(debtor, test.flow, now);
    result.state = engine.cases().empty() ? -1 : engine.cases().front().state;
    previous = now;
  }
  return run;
}

}  // namespace cobro::runtime
