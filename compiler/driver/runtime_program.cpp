#include "compiler/driver/runtime_program.h"

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/lower/lower.h"
#include "runtime/jit/jit.h"

namespace cobro::driver {

RuntimeProgram::RuntimeProgram() = default;
RuntimeProgram::~RuntimeProgram() = default;
RuntimeProgram::RuntimeProgram(RuntimeProgram&&) noexcept = default;
auto RuntimeProgram::operator=(RuntimeProgram&&) noexcept -> RuntimeProgram& = default;

auto RuntimeProgram::EngineOptionsFor() const -> runtime::EngineOptions {
  runtime::EngineOptions options;
  options.policies = bound_policies;
  options.jurisdiction_policies = jurisdiction_policies;
  options.flows = input_flows;
  const auto* table = &calendars;
  options.calendars = [table](std::string_view code) -> const HolidayCalendar* {
    auto it = table->find(std::string(code));
    return it == table->end() ? nullptr : &it->second;
  };
  return options;
}

auto LoadRuntimeProgram(const std::vector<std::string>& paths, PipelineOptions pipeline, FileSystem& files,
                        const Environment& environment, RuntimeProgram& program, std::ostream& err) -> bool {
  // The guard enforces every rule at run time; the proofs are `cobro check`'s.
  pipeline.analyze = false;
  pipeline.load_all_packs = true;
  std::vector<std::string> policy_names = pipeline.analysis.policies;
  std::vector<std::string> codes = pipeline.analysis.jurisdictions;
  program.check = LoadAndCheck(paths, pipeline, files);
  std::vector<diag::Diagnostic> errors;
  for (const diag::Diagnostic& diagnostic : program.check.diagnostics) {
    if (diagnostic.severity == diag::Severity::Error) errors.push_back(diagnostic);
  }
  if (!errors.empty() || program.check.io_error) {
    err << diag::RenderConsole(errors, program.check.sources, diag::ConsoleOptions{environment.color_terminal});
    err << fmt::format("cobro: the program has {} error{}; nothing was run\n", errors.size(),
                       errors.size() == 1 ? "" : "s");
    return false;
  }
  program.module = lower::Lower(program.check.program, &program.check.sources);
  const flowir::Module& module = program.module;
  for (size_t f = 0; f < module.flows.size(); ++f) {
    for (const sema::Module& source : program.check.program.modules) {
      if (source.is_input && source.name == module.flows[f].module) program.input_flows.push_back(static_cast<int32_t>(f));
    }
  }
  if (program.input_flows.empty()) {
    err << "cobro: the input files declare no flow; nothing to run\n";
    return false;
  }
  auto bind = [&](size_t p) {
    auto index = static_cast<int32_t>(p);
    if (std::find(program.bound_policies.begin(), program.bound_policies.end(), index) == program.bound_policies.end()) {
      program.bound_policies.push_back(index);
    }
  };
  for (const std::string& name : policy_names) {
    bool found = false;
    for (size_t p = 0; p < module.policies.size(); ++p) {
      const flowir::Policy& policy = module.policies[p];
      if (policy.name == name || policy.module + "." + policy.name == name) {
        bind(p);
        found = true;
      }
    }
    if (!found) {
      err << fmt::format("cobro: no loaded policy is named `{}`\n", name);
      return false;
    }
  }
  for (const std::string& code : codes) {
    bool found = false;
    for (size_t p = 0; p < module.policies.size(); ++p) {
      const std::string& jurisdiction = module.policies[p].jurisdiction;
      if (!jurisdiction.empty() && (code == jurisdiction || code.starts_with(jurisdiction + "-"))) {
        auto index = static_cast<int32_t>(p);
        std::vector<int32_t>& packs = program.jurisdiction_policies;
        if (std::find(packs.begin(), packs.end(), index) == packs.end()) packs.push_back(index);
        found = true;
      }
    }
    if (!found) {
      err << fmt::format("cobro: no policy pack has jurisdiction \"{}\"; packs cover US, US-MA, CO, MX, PE, CL and GB\n",
                         code);
      return false;
    }
  }
  // Holiday calendars of every policy that names one: a rule about holidays
  // without its calendar would silently allow contacts on them.
  for (const flowir::Policy& policy : module.policies) {
    if (policy.calendar.empty() || program.calendars.count(policy.calendar) != 0) continue;
    std::string path = pipeline.stdlib_root + "/holidays/" + policy.calendar + ".tsv";
    std::string error;
    std::optional<std::string> text = files.ReadFile(path, error);
    if (!text) {
      err << fmt::format("cobro: policy `{}` uses the holiday calendar \"{}\", but `{}` cannot be read: {}\n",
                         policy.name, policy.calendar, path, error);
      return false;
    }
    ParsedHolidayCalendar parsed = HolidayCalendar::Parse(*text);
    if (!parsed.errors.empty()) {
      err << fmt::format("{}:{}: {}\n", path, parsed.errors.front().line, parsed.errors.front().message);
      return false;
    }
    program.calendars.emplace(policy.calendar, std::move(parsed.calendar));
  }
  return true;
}

auto MakeFlowCode(RuntimeProgram& program, bool use_jit, const std::string& cache_directory, std::ostream& err)
    -> std::optional<std::vector<std::unique_ptr<runtime::FlowCode>>> {
  std::vector<std::unique_ptr<runtime::FlowCode>> code;
  if (!use_jit) {
    for (size_t f = 0; f < program.module.flows.size(); ++f) {
      code.push_back(runtime::MakeInterpretedFlow(program.module, static_cast<int32_t>(f)));
    }
    return code;
  }
  jit::JitOptions options;
  options.cache_directory = cache_directory;
  auto created = jit::Jit::Create(options);
  if (!created) {
    err << "cobro: the JIT is not available: " << created.error() << "; use `--engine interp`\n";
    return std::nullopt;
  }
  program.jit = std::move(*created);
  auto compiled = program.jit->Compile(program.module);
  if (!compiled) {
    err << "cobro: compiling the flows failed: " << compiled.error() << "\n";
    return std::nullopt;
  }
  return jit::MakeCompiledFlows(*compiled);
}

}  // namespace cobro::driver
