// The JIT against the reference interpreter: for every example flow, many
// random debtors and random event streams (fixed seeds), both engines must
// produce the same actions (times, values, attempts), the same transitions
// and the same final states; and every compiled fn and scorecard must return
// the interpreter's result.

#include <filesystem>
#include <random>

#include <catch2/catch.hpp>

#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/lower/lower.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/eval.h"
#include "runtime/jit/jit.h"

namespace cobro::runtime {
namespace {

constexpr int64_t kHour = 3'600'000;

auto LowerPath(const std::string& path) -> flowir::Module {
  driver::DiskFileSystem files;
  driver::PipelineOptions options;
  options.stdlib_root = std::string(COBRO_SOURCE_DIR) + "/stdlib";
  options.analyze = false;
  driver::CheckResult result = driver::LoadAndCheck({path}, options, files);
  return lower::Lower(result.program, &result.sources);
}

// A random value of an IR type; strings come from a small pool so that
// equality tests sometimes hold.
auto RandomValue(std::mt19937_64& random, flowir::Type type, StringPool& strings) -> Value {
  std::uniform_int_distribution<int64_t> small(0, 120);
  switch (type) {
    case flowir::Type::Bool: return static_cast<Value>(random() % 2);
    case flowir::Type::Int: return small(random) - 10;
    case flowir::Type::Float: return FromDouble(static_cast<double>(small(random)) / 7.0 - 3.0);
    case flowir::Type::Money: return static_cast<Value>(random() % 500'000) * 100 - 1'000'000;
    case flowir::Type::Duration: return static_cast<Value>(random() % 20) * kHour * 6;
    case flowir::Type::Time: return static_cast<Value>(random() % 86'400);
    case flowir::Type::Date: return 20'450 + static_cast<Value>(random() % 60);
    case flowir::Type::DateTime: return (20'450 + static_cast<Value>(random() % 60)) * 86'400'000;
    case flowir::Type::Channel: return static_cast<Value>(random() % kChannelCount);
    case flowir::Type::ChannelSet: return static_cast<Value>(random() % (1u << kChannelCount));
    case flowir::Type::String:
    case flowir::Type::Timezone: {
      static const char* kWords[] = {"fraud", "amount is wrong", "America/Bogota", "smb", "x"};
      return strings.Intern(kWords[random() % 5]);
    }
    default: return 0;
  }
}

struct Run {
  std::vector<std::string> lines;
};

// Drives one engine with a seeded scenario and prints everything it did.
auto Drive(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, uint64_t seed) -> Run {
  Engine engine(module, std::move(code));
  std::mt19937_64 random(seed);
  Run run;
  if (module.flows.empty()) return run;
  for (int debtor_index = 0; debtor_index < 6; ++debtor_index) {
    const flowir::Flow& flow = module.flows[random() % module.flows.size()];
    int32_t flow_index = static_cast<int32_t>(&flow - module.flows.data());
    const flowir::Profile& profile = module.profiles[flow.profile];
    std::vector<Value> fields;
    for (const flowir::Field& field : profile.fields) fields.push_back(RandomValue(random, field.type, engine.strings()));
    int32_t debtor = engine.AddDebtor("d" + std::to_string(debtor_index), flow.profile, fields, nullptr);
    int64_t time = 20'450 * 86'400'000LL + static_cast<int64_t>(random() % 24) * kHour;
    engine.Enroll(debtor, flow_index, time);
    for (int e = 0; e < 25; ++e) {
      time += static_cast<int64_t>(random() % 60) * kHour;
      const flowir::Event& event = module.events[random() % module.events.size()];
      std::vector<Value> values;
      for (const flowir::Field& field : event.fields) values.push_back(RandomValue(random, field.type, engine.strings()));
      engine.PushEvent(debtor, static_cast<int32_t>(&event - module.events.data()), time, values);
    }
  }
  engine.AdvanceTo(20'700 * 86'400'000LL);
  for (const ActionRecord& action : engine.actions()) {
    std::string line = std::to_string(action.time) + " case " + std::to_string(action.case_id) + " state " +
                       std::to_string(action.state) + " action " + std::to_string(action.action) + " attempt " +
                       std::to_string(action.attempt);
    for (Value value : action.with) line += " " + std::to_string(value);
    run.lines.push_back(line);
  }
  for (const TransitionRecord& transition : engine.transitions()) {
    run.lines.push_back("transition " + std::to_string(transition.time) + " " + std::to_string(transition.case_id) +
                        " " + std::to_string(transition.from) + "->" + std::to_string(transition.to));
  }
  for (const Case& a_case : engine.cases()) {
    run.lines.push_back("final " + std::to_string(a_case.state) + (a_case.finished ? " finished" : ""));
  }
  return run;
}

auto Examples() -> std::vector<std::string> {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(COBRO_SOURCE_DIR) / "examples")) {
    if (std::filesystem::exists(entry.path() / "flow.cobro")) paths.push_back((entry.path() / "flow.cobro").string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST_CASE("JIT and interpreter agree on every example", "[jit][differential]") {
  auto jit = jit::Jit::Create({});
  REQUIRE(jit);
  for (const std::string& path : Examples()) {
    INFO(path);
    flowir::Module module = LowerPath(path);
    auto compiled = (*jit)->Compile(module);
    INFO((compiled ? std::string() : compiled.error()));
    REQUIRE(compiled);
    for (uint64_t seed = 1; seed <= 40; ++seed) {
      std::vector<std::unique_ptr<FlowCode>> interpreted;
      for (size_t f = 0; f < module.flows.size(); ++f) interpreted.push_back(MakeInterpretedFlow(module, static_cast<int32_t>(f)));
      Run expected = Drive(module, std::move(interpreted), seed);
      Run actual = Drive(module, jit::MakeCompiledFlows(*compiled), seed);
      INFO("seed " << seed);
      REQUIRE(actual.lines == expected.lines);
    }
  }
}

TEST_CASE("compiled functions return what the interpreter returns", "[jit][differential]") {
  auto jit = jit::Jit::Create({});
  REQUIRE(jit);
  for (const std::string& path : Examples()) {
    flowir::Module module = LowerPath(path);
    auto compiled = (*jit)->Compile(module);
    REQUIRE(compiled);
    StringPool strings(module);
    std::vector<std::unique_ptr<ValueSet>> sets;
    EvalContext context;
    context.module = &module;
    context.strings = &strings;
    context.sets = &sets;
    context.events = KnownEvents::Find(module);
    std::mt19937_64 random(7);
    for (size_t f = 0; f < module.functions.size(); ++f) {
      const flowir::Function& function = module.functions[f];
      // Event parameters need records of a type the IR does not name; the
      // flow tests above cover functions called from handlers.
      bool takes_event = std::find(function.params.begin(), function.params.end(), flowir::Type::Event) !=
                         function.params.end();
      if (takes_event) continue;
      for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::vector<Value>> records;
        std::vector<Value> args;
        for (flowir::Type type : function.params) {
          if (type == flowir::Type::Profile) {
            // A random profile of the module's first profile with the
            // function's parameter... the first profile is the one examples use.
            const flowir::Profile& profile = module.profiles.front();
            records.emplace_back();
            for (const flowir::Field& field : profile.fields) records.back().push_back(RandomValue(random, field.type, strings));
            args.push_back(HandleOf(records.back().data()));
          } else {
            args.push_back(RandomValue(random, type, strings));
          }
        }
        bool uses_other_profile = false;
        for (flowir::Type type : function.params) uses_other_profile |= type == flowir::Type::Profile && module.profiles.size() > 1;
        if (uses_other_profile) break;
        Value expected = interp::CallFunction(module, static_cast<int32_t>(f), args.data(), context);
        Value actual = compiled->functions[f](&context, args.data());
        INFO(path << " " << function.name << " trial " << trial);
        REQUIRE(actual == expected);
      }
    }
  }
}

TEST_CASE("a warm cache skips compilation and gives the same code", "[jit]") {
  std::filesystem::path cache = std::filesystem::temp_directory_path() / "cobro-jit-cache-test";
  std::filesystem::remove_all(cache);
  flowir::Module module = LowerPath(Examples().front());
  auto cold_jit = jit::Jit::Create({cache.string(), 2});
  REQUIRE(cold_jit);
  auto cold = (*cold_jit)->Compile(module);
  REQUIRE(cold);
  CHECK_FALSE(cold->from_cache);
  auto warm_jit = jit::Jit::Create({cache.string(), 2});
  auto warm = (*warm_jit)->Compile(module);
  REQUIRE(warm);
  CHECK(warm->from_cache);
  std::vector<std::unique_ptr<FlowCode>> interpreted;
  for (size_t f = 0; f < module.flows.size(); ++f) interpreted.push_back(MakeInterpretedFlow(module, static_cast<int32_t>(f)));
  CHECK(Drive(module, jit::MakeCompiledFlows(*warm), 3).lines == Drive(module, std::move(interpreted), 3).lines);
  std::filesystem::remove_all(cache);
}

}  // namespace
}  // namespace cobro::runtime
