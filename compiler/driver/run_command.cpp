// `cobro run` and `cobro simulate`: debtors and their events in, guarded
// actions out; a simulation adds its KPIs. docs/run.md describes both.

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "compiler/base/civil_time.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/runtime_program.h"
#include "runtime/io/time_text.h"
#include "runtime/io/value_text.h"
#include "runtime/run/batch_run.h"
#include "runtime/run/jsonl_writer.h"
#include "runtime/run/kpis.h"

namespace cobro::driver {

namespace {

constexpr const char* kRunUsageHead = R"(usage: cobro run [options] FILES...

Runs the flows of FILES over debtors and their events, in event time: every
contact passes the compliance guard (the flows' policies, the packs of each
debtor's `jurisdiction` and those bound below), and each action that goes out
is written as one JSON line.

Options:
  --profiles [TYPE=]FILE  debtors, CSV or JSONL by extension (repeatable;
                          TYPE names the profile when FILES declare several)
  --events FILE           the event stream, JSONL or CSV (`-`: stdin)
  --out FILE              actions as JSONL (default: standard output)
  --audit FILE            deferrals, blocks and drops as JSONL, with the rule,
                          its citation and the numbers
  --quarantine FILE       unusable input lines as JSONL (default: listed on
                          standard error)
  --strict                stop at the first unusable line
  --lateness DURATION     accept events up to DURATION out of order (default 0s)
  --start TIME            enrol debtors at TIME (default: the first event's)
  --until TIME|+DURATION  run timers to TIME, or to DURATION after the last
                          event (default: the last event's time)
  --engine jit|interp     run compiled code (default) or the interpreter
  --no-cache              do not use the JIT's object cache
)";

constexpr const char* kSimulateUsageHead = R"(usage: cobro simulate [options] FILES...

A run (see `cobro run --help`) that reports KPIs: contacts per channel and per
day with their cost, deferrals and blocks per rule, promises made and kept,
payments and the amount recovered; overall, per experiment arm and per flow
state. Actions are written only with --out.

Options:
  --profiles [TYPE=]FILE, --events FILE, --out FILE, --audit FILE,
  --quarantine FILE, --strict, --lateness DURATION, --start TIME,
  --until TIME|+DURATION, --engine jit|interp, --no-cache   as for `cobro run`
  --format text|json      the KPI report's format (default: text)
  --price CHANNEL=AMOUNT  the cost of one contact on CHANNEL (repeatable;
                          also `[simulate.prices]` in cobro.toml)
)";

constexpr const char* kRunUsageTail = R"(
Exit status: 0 when every input line was used, 1 when some were quarantined
(or --strict stopped the run), 2 when the run could not start.
)";

struct RunOptions {
  bool simulate = false;
  std::vector<std::pair<std::string, std::string>> profiles;  // (type, path)
  std::string events;
  std::string out;
  std::string audit;
  std::string quarantine;
  bool strict = false;
  std::string lateness;
  std::string start;
  std::string until;
  std::string engine = "jit";
  bool no_cache = false;
  std::string format = "text";
  std::vector<std::string> prices;
  CommonOptions common;
  std::vector<std::string> paths;
};

auto ParseRunOptions(const std::vector<std::string>& args, RunOptions& options, std::ostream& out, std::ostream& err,
                     bool& help) -> bool {
  const char* command = options.simulate ? "simulate" : "run";
  ArgReader reader(args, command, err);
  std::string usage =
      std::string(options.simulate ? kSimulateUsageHead : kRunUsageHead) + kCommonOptionsHelp + kRunUsageTail;
  bool read = ReadCommandArgs(reader, options.common, options.paths, usage, out, help, [&](bool& handled) {
    const std::string& arg = reader.arg();
    std::string value;
    if (reader.Is("--profiles")) {
      if (!reader.Value(value)) return false;
      size_t equals = value.find('=');
      if (equals == std::string::npos) {
        options.profiles.emplace_back("", value);
      } else {
        options.profiles.emplace_back(value.substr(0, equals), value.substr(equals + 1));
      }
    } else if (reader.Is("--events")) {
      if (!reader.Value(options.events)) return false;
    } else if (reader.Is("--out")) {
      if (!reader.Value(options.out)) return false;
    } else if (reader.Is("--audit")) {
      if (!reader.Value(options.audit)) return false;
    } else if (reader.Is("--quarantine")) {
      if (!reader.Value(options.quarantine)) return false;
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (reader.Is("--lateness")) {
      if (!reader.Value(options.lateness)) return false;
    } else if (reader.Is("--start")) {
      if (!reader.Value(options.start)) return false;
    } else if (reader.Is("--until")) {
      if (!reader.Value(options.until)) return false;
    } else if (reader.Is("--engine")) {
      if (!reader.Value(options.engine)) return false;
      if (options.engine != "jit" && options.engine != "interp") {
        return reader.Fail(fmt::format("unknown engine `{}`; use `jit` or `interp`", options.engine));
      }
    } else if (arg == "--no-cache") {
      options.no_cache = true;
    } else if (options.simulate && reader.Is("--format")) {
      if (!reader.Value(options.format)) return false;
      if (options.format != "text" && options.format != "json") {
        return reader.Fail(fmt::format("unknown format `{}`; use `text` or `json`", options.format));
      }
    } else if (options.simulate && reader.Is("--price")) {
      if (!reader.Value(value)) return false;
      options.prices.push_back(value);
    } else {
      handled = false;
    }
    return true;
  });
  return read;
}

auto ParseDuration(std::string_view text, std::string_view option, std::ostream& err) -> std::optional<int64_t> {
  std::optional<Duration> duration = Duration::Parse(text);
  if (!duration || duration->milliseconds < 0) {
    err << fmt::format("cobro: `{}` takes a duration like `2h` or `1d`, not `{}`\n", option, text);
    return std::nullopt;
  }
  return duration->milliseconds;
}

auto ParseInstant(std::string_view text, std::string_view option, std::ostream& err) -> std::optional<int64_t> {
  runtime::io::Expected<int64_t> instant = runtime::io::ParseDateTime(text);
  if (!instant) {
    err << fmt::format("cobro: `{}`: {}\n", option, instant.error());
    return std::nullopt;
  }
  return *instant;
}

// A price table from `[simulate.prices]` and then `--price` flags.
auto ParsePrices(const std::vector<std::string>& flags, const std::optional<ProjectConfig>& config,
                 runtime::PriceTable& prices, std::ostream& err) -> bool {
  std::vector<std::pair<std::string, std::string>> entries;
  if (config) entries = config->prices;
  for (const std::string& flag : flags) {
    size_t equals = flag.find('=');
    if (equals == std::string::npos) {
      err << fmt::format("cobro: `--price` takes CHANNEL=AMOUNT, like `sms=0.02`, not `{}`\n", flag);
      return false;
    }
    entries.emplace_back(flag.substr(0, equals), flag.substr(equals + 1));
  }
  for (const auto& [name, amount] : entries) {
    std::optional<Channel> channel = ChannelByName(name);
    if (!channel) {
      err << fmt::format("cobro: price for `{}`: not a channel (email, sms, whatsapp, voice, voicebot, letter, push, "
                         "visit, agent)\n", name);
      return false;
    }
    std::optional<Decimal> value = Decimal::Parse(amount);
    if (!value || value->scale > 4 || value->coefficient < 0) {
      err << fmt::format("cobro: price for `{}`: `{}` is not an amount like `0.02`\n", name, amount);
      return false;
    }
    int64_t units = value->coefficient;
    for (int32_t scale = value->scale; scale < 4; ++scale) units *= 10;
    prices[static_cast<size_t>(*channel)] = units;
  }
  return true;
}

// Lists quarantined lines on standard error when no file is given.
class ConsoleQuarantine final : public runtime::QuarantineSink {
 public:
  explicit ConsoleQuarantine(std::ostream& err) : err_(err) {}
  void OnQuarantine(std::string_view file, const runtime::io::LineError& error) override {
    constexpr int kShown = 20;
    if (++count_ <= kShown) {
      err_ << fmt::format("{}:{}: quarantined: {}\n", file, error.line, error.reason);
    } else if (count_ == kShown + 1) {
      err_ << "cobro: more lines were quarantined; use `--quarantine FILE` to keep them all\n";
    }
  }

 private:
  std::ostream& err_;
  int count_ = 0;
};

// Progress on a terminal: events read, actions, elapsed time.
class ProgressSink final : public runtime::EngineSink {
 public:
  explicit ProgressSink(std::ostream& err) : err_(err), begin_(std::chrono::steady_clock::now()) {}
  ~ProgressSink() override {
    if (shown_) err_ << "\r\033[K";
  }
  void OnAction(const runtime::ActionRecord&) override { ++actions_; }
  void OnAudit(const runtime::AuditRecord&) override {}
  void OnTransition(const runtime::TransitionRecord&) override {}
  auto WantsAuditDetail() const -> bool override { return false; }
  void OnEvent(int32_t, const runtime::EventRecord&) override {
    if ((++events_ & 0xFFFF) != 0) return;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count();
    err_ << fmt::format("\r\033[K{:.1f}M events, {:.1f}M actions, {:.0f}k events/s", events_ / 1e6, actions_ / 1e6,
                        events_ / 1e3 / std::max(seconds, 1e-3))
         << std::flush;
    shown_ = true;
  }

 private:
  std::ostream& err_;
  std::chrono::steady_clock::time_point begin_;
  int64_t events_ = 0;
  int64_t actions_ = 0;
  bool shown_ = false;
};

auto Plural(int64_t count, const char* word) -> std::string {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

void PrintSummary(const runtime::BatchSummary& summary, std::ostream& err) {
  for (const runtime::FileCounts& file : summary.profiles) {
    err << fmt::format("cobro: {}: {} read, {} quarantined\n", file.path, Plural(file.records, "debtor"),
                       file.quarantined);
  }
  const runtime::FileCounts& events = summary.events;
  err << fmt::format("cobro: {}: {} lines, {} processed, {} quarantined\n", events.path, events.lines,
                     events.records, events.quarantined);
  const runtime::EngineStats& stats = summary.engine;
  err << fmt::format("cobro: {} to {}: {}, {}; {} deferred, {} blocked, {} dropped",
                     runtime::io::FormatDateTime(summary.start), runtime::io::FormatDateTime(summary.until),
                     Plural(summary.cases, "case"), Plural(stats.actions, "action"), stats.deferrals, stats.blocks,
                     stats.drops);
  if (stats.pending_deferred > 0) {
    err << fmt::format("; {} still deferred past the end", Plural(stats.pending_deferred, "contact"));
  }
  err << "\n";
}

auto OpenOutput(const std::string& path, FileSystem& files, std::ostream& err) -> std::unique_ptr<std::ostream> {
  std::string error;
  std::unique_ptr<std::ostream> stream = files.OpenWrite(path, error);
  if (!stream) err << fmt::format("cobro: cannot write `{}`: {}\n", path, error);
  return stream;
}

auto RunOrSimulate(bool simulate, const std::vector<std::string>& args, FileSystem& files,
                   const Environment& environment, std::ostream& out, std::ostream& err) -> int {
  RunOptions options;
  options.simulate = simulate;
  bool help = false;
  if (!ParseRunOptions(args, options, out, err, help)) return help ? kExitClean : kExitCouldNotRun;
  const char* command = simulate ? "simulate" : "run";
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(options.common, files, environment, config, err)) return kExitCouldNotRun;
  if (options.paths.empty() && config && config->paths) options.paths = *config->paths;
  if (options.paths.empty() || options.profiles.empty() || options.events.empty()) {
    err << fmt::format("cobro: `{}` needs flow files, `--profiles FILE` and `--events FILE`; see `cobro {} --help`\n",
                       command, command);
    return kExitCouldNotRun;
  }
  runtime::BatchOptions batch;
  batch.strict = options.strict;
  if (!options.lateness.empty()) {
    auto lateness = ParseDuration(options.lateness, "--lateness", err);
    if (!lateness) return kExitCouldNotRun;
    batch.lateness_ms = *lateness;
  }
  if (!options.start.empty()) {
    batch.start = ParseInstant(options.start, "--start", err);
    if (!batch.start) return kExitCouldNotRun;
  }
  if (options.until.starts_with("+")) {
    batch.until_after_last = ParseDuration(std::string_view(options.until).substr(1), "--until", err);
    if (!batch.until_after_last) return kExitCouldNotRun;
  } else if (!options.until.empty()) {
    batch.until = ParseInstant(options.until, "--until", err);
    if (!batch.until) return kExitCouldNotRun;
  }
  runtime::PriceTable prices{};
  if (simulate && !ParsePrices(options.prices, config, prices, err)) return kExitCouldNotRun;
  // Input formats, before any work.
  std::vector<runtime::io::Format> profile_formats;
  for (const auto& [type, path] : options.profiles) {
    std::optional<runtime::io::Format> format = runtime::io::FormatOfPath(path);
    if (!format) {
      err << fmt::format("cobro: `{}`: name profile files `.csv` or `.jsonl`\n", path);
      return kExitCouldNotRun;
    }
    profile_formats.push_back(*format);
  }
  std::optional<runtime::io::Format> event_format =
      options.events == "-" ? runtime::io::Format::Jsonl : runtime::io::FormatOfPath(options.events);
  if (!event_format) {
    err << fmt::format("cobro: `{}`: name event files `.jsonl` or `.csv`\n", options.events);
    return kExitCouldNotRun;
  }

  RuntimeProgram program;
  PipelineOptions pipeline = MergePipelineOptions(options.common, config, environment);
  if (!LoadRuntimeProgram(options.paths, pipeline, files, environment, program, err)) return kExitCouldNotRun;
  const flowir::Module& module = program.module;
  // Which profile each file holds: named, or the one the flows read.
  std::vector<int32_t> profile_of_file;
  for (const auto& [type, path] : options.profiles) {
    int32_t found = -1;
    if (type.empty()) {
      for (int32_t flow : program.input_flows) {
        int32_t profile = module.flows[flow].profile;
        if (found >= 0 && found != profile) {
          err << fmt::format("cobro: the flows read several profiles; say which `{}` holds with `--profiles "
                             "TYPE={}`\n", path, path);
          return kExitCouldNotRun;
        }
        found = profile;
      }
    } else {
      for (size_t p = 0; p < module.profiles.size(); ++p) {
        if (module.profiles[p].name == type) found = static_cast<int32_t>(p);
      }
      if (found < 0) {
        err << fmt::format("cobro: `--profiles {}={}`: no profile is called `{}`\n", type, path, type);
        return kExitCouldNotRun;
      }
    }
    profile_of_file.push_back(found);
  }
  auto code = MakeFlowCode(program, options.engine == "jit", options.no_cache ? "" : environment.cache_directory, err);
  if (!code) return kExitCouldNotRun;

  std::unique_ptr<std::ostream> quarantine_file;
  if (!options.quarantine.empty()) {
    quarantine_file = OpenOutput(options.quarantine, files, err);
    if (!quarantine_file) return kExitCouldNotRun;
  }
  ConsoleQuarantine console_quarantine(err);
  runtime::JsonlQuarantine jsonl_quarantine(quarantine_file.get());
  runtime::QuarantineSink& quarantine =
      quarantine_file ? static_cast<runtime::QuarantineSink&>(jsonl_quarantine) : console_quarantine;
  runtime::BatchRun run(module, std::move(*code), program.EngineOptionsFor(), batch, quarantine);

  std::unique_ptr<std::ostream> actions_file;
  std::unique_ptr<std::ostream> audit_file;
  if (!options.out.empty() && options.out != "-") {
    actions_file = OpenOutput(options.out, files, err);
    if (!actions_file) return kExitCouldNotRun;
  }
  if (!options.audit.empty()) {
    audit_file = OpenOutput(options.audit, files, err);
    if (!audit_file) return kExitCouldNotRun;
  }
  std::ostream* actions_stream = actions_file ? actions_file.get() : (simulate && options.out.empty() ? nullptr : &out);
  runtime::JsonlWriter writer(run.engine(), actions_stream, audit_file.get());
  runtime::KpiCollector kpis(run.engine(), prices);
  ProgressSink progress(err);
  runtime::FanoutSink fanout;
  fanout.Add(&writer);
  if (simulate) fanout.Add(&kpis);
  if (environment.progress_terminal) fanout.Add(&progress);
  run.engine().set_sink(&fanout);

  bool ok = true;
  for (size_t i = 0; i < options.profiles.size() && ok; ++i) {
    const std::string& path = options.profiles[i].second;
    std::string error;
    std::unique_ptr<std::istream> stream = files.OpenRead(path, error);
    if (!stream) {
      err << fmt::format("cobro: cannot read `{}`: {}\n", path, error);
      return kExitCouldNotRun;
    }
    ok = run.AddProfiles(path, runtime::io::Input::Stream(*stream), profile_formats[i], profile_of_file[i]);
  }
  if (ok) {
    std::unique_ptr<std::istream> stream;
    std::istream* events = environment.standard_input;
    if (options.events != "-") {
      std::string error;
      stream = files.OpenRead(options.events, error);
      if (!stream) {
        err << fmt::format("cobro: cannot read `{}`: {}\n", options.events, error);
        return kExitCouldNotRun;
      }
      events = stream.get();
    } else if (events == nullptr) {
      err << "cobro: `--events -`: there is no standard input\n";
      return kExitCouldNotRun;
    }
    ok = run.Run(options.events == "-" ? "<stdin>" : options.events, runtime::io::Input::Stream(*events),
                 *event_format);
  }
  writer.Flush();
  run.engine().set_sink(nullptr);
  const runtime::BatchSummary& summary = run.summary();
  if (summary.failure) {
    err << "cobro: " << *summary.failure << "\n";
    return summary.strict_stop ? kExitFindings : kExitCouldNotRun;
  }
  if (simulate) {
    runtime::Kpis report = kpis.Finish(summary.start, summary.until);
    out << (options.format == "json" ? runtime::KpisJson(report) : runtime::KpisText(report));
  }
  PrintSummary(summary, err);
  int64_t quarantined = summary.events.quarantined;
  for (const runtime::FileCounts& file : summary.profiles) quarantined += file.quarantined;
  return quarantined > 0 ? kExitFindings : kExitClean;
}

}  // namespace

auto RunRun(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
            std::ostream& out, std::ostream& err) -> int {
  return RunOrSimulate(false, args, files, environment, out, err);
}

auto RunSimulate(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                 std::ostream& out, std::ostream& err) -> int {
  return RunOrSimulate(true, args, files, environment, out, err);
}

}  // namespace cobro::driver
