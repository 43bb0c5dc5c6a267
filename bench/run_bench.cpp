// The runtime end to end (issue 6, "Tests and benchmarks"): a generated
// workload (fixed seed, in memory) of 1,000,000 debtors as CSV profiles and
// 5,000,000 events as JSONL in time order, run through the champion /
// challenger example (examples/champion_challenger/flow.cobro: two flows, an
// experiment, the Ley 19.496 guard in America/Santiago time) as `cobro run`
// runs it (runtime::BatchRun), with the JIT and optionally the interpreter.
//
// The time is split by running the same input several ways:
//   parsing  EventReader::Next over the JSONL, nothing else (in this process)
//   engine   BatchRun::Run with a sink that only counts and hashes, minus parsing
//   output   BatchRun::Run writing the actions as JSONL (JsonlWriter into a
//            stream that counts and drops the bytes), minus the former
// and, for the baseline, on the parsed events (a vector, debtors resolved):
//   direct   runtime::Engine fed the vector (enrol, PushEvent, AdvanceTo)
//   C++      a hand-written state machine of Champion and Challenger with the
//            Ley 19.496 rules, fed the same vector; and again looking up
//            each event's debtor by the id the line wrote (a
//            std::unordered_map), the baseline of the engine part, which
//            resolves ids too
// The runs that own an engine each run in a child process (fork), so that
// getrusage's peak is theirs; the input (generated here) is shared.
// The engine runs and the hand-written one must produce the same actions
// (a hash per debtor over time, flow, state, action, attempt and the numeric
// `with` values), transitions, deferrals, blocks and drops; the program
// fails otherwise.
//
//   run_bench [debtors] [events] [jit|interp|both] [rounds]
//
// Defaults: 1,000,000 debtors, 5,000,000 events, jit, 1 round.
//
// The pieces: run_workload.h (the generated input and its parsed form),
// run_counts.h (what every run is checked by), run_hand_written.h (the C++
// baseline); here, the engine's sink, the runs and their report.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <span>
#include <sstream>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_process.h"
#include "bench/run_counts.h"
#include "bench/run_hand_written.h"
#include "bench/run_workload.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/runtime_program.h"
#include "compiler/flowir/module.h"
#include "runtime/engine/engine.h"
#include "runtime/io/event_reader.h"
#include "runtime/io/profile_reader.h"
#include "runtime/run/batch_run.h"
#include "runtime/run/jsonl_writer.h"

namespace {

using cobro::bench::CurrentRssKb;
using cobro::bench::Mix;
using cobro::bench::PeakRssKb;
using cobro::bench::ReadAll;
using cobro::bench::WriteAll;
using cobro::bench::run::Counts;
using cobro::bench::run::Generate;
using cobro::bench::run::HandWritten;
using cobro::bench::run::kDay;
using cobro::bench::run::kHashSeed;
using cobro::bench::run::MakeSetup;
using cobro::bench::run::ParsedEvent;
using cobro::bench::run::ParsedIds;
using cobro::bench::run::Workload;

namespace runtime = cobro::runtime;
namespace io = cobro::runtime::io;
using runtime::Value;
using Clock = std::chrono::steady_clock;

// Timers run this long after the last event (`--until +30d`).
constexpr int64_t kTail = 30 * kDay;

auto Median(std::vector<double> values) -> double {
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

auto Seconds(Clock::time_point since) -> double { return std::chrono::duration<double>(Clock::now() - since).count(); }

// ---------------------------------------------------------------------------
// The program, loaded as `cobro run` loads it.
// ---------------------------------------------------------------------------

void LoadOrDie(cobro::driver::RuntimeProgram& program) {
  cobro::driver::DiskFileSystem files;
  cobro::driver::Environment environment;
  cobro::driver::PipelineOptions pipeline =
      cobro::driver::PipelineOptions::WithStdlib(std::string(COBRO_SOURCE_DIR) + "/stdlib");
  std::string path = std::string(COBRO_SOURCE_DIR) + "/examples/champion_challenger/flow.cobro";
  if (!cobro::driver::LoadRuntimeProgram({path}, pipeline, files, environment, program, std::cerr)) {
    std::cerr << path << " does not load; the benchmark is broken\n";
    std::exit(1);
  }
}

auto CodeOrDie(cobro::driver::RuntimeProgram& program, bool use_jit) {
  auto code = cobro::driver::MakeFlowCode(program, use_jit, "", std::cerr);
  if (!code) std::exit(1);
  return std::move(*code);
}

// ---------------------------------------------------------------------------
// What every run is checked by (run_counts.h), on the engine's side.
// ---------------------------------------------------------------------------

// Which `with` values of each action are hashed: all but the strings (the
// payment link), whose interned handles the hand-written machine does not
// have. Indexed [flow][state][action].
using WithMask = std::vector<std::vector<std::vector<uint32_t>>>;

auto MakeWithMask(const cobro::flowir::Module& module) -> WithMask {
  WithMask mask(module.flows.size());
  for (size_t f = 0; f < module.flows.size(); ++f) {
    for (const cobro::flowir::State& state : module.flows[f].states) {
      std::vector<uint32_t> per_action;
      for (const cobro::flowir::Action& action : state.actions) {
        uint32_t bits = 0;
        for (size_t w = 0; w < action.with.size(); ++w) {
          if (module.strings[static_cast<size_t>(action.with[w].name)] != "enlace") bits |= 1u << w;
        }
        per_action.push_back(bits);
      }
      mask[f].push_back(std::move(per_action));
    }
  }
  return mask;
}

// The engine's sink for the timed runs: counts, and hashes each action into
// its debtor's slot. Cheap next to the engine's work (a few multiplies an
// action); the hand-written machine does the same.
class HashSink final : public runtime::EngineSink {
 public:
  HashSink(const WithMask& mask, size_t debtors) : mask_(mask), hashes(debtors, kHashSeed) {}
  void OnAction(const runtime::ActionRecord& action) override {
    counts.actions += 1;
    uint64_t& hash = hashes[static_cast<size_t>(action.debtor)];
    hash = Mix(hash, action.time);
    hash = Mix(hash, action.flow);
    hash = Mix(hash, action.state);
    hash = Mix(hash, action.action);
    hash = Mix(hash, action.attempt);
    uint32_t bits = mask_[static_cast<size_t>(action.flow)][static_cast<size_t>(action.state)]
                         [static_cast<size_t>(action.action)];
    for (size_t w = 0; w < action.with.size(); ++w) {
      if ((bits >> w) & 1) hash = Mix(hash, action.with[w]);
    }
  }
  void OnAudit(const runtime::AuditRecord& audit) override {
    if (audit.verdict == runtime::Verdict::Defer) counts.deferrals += 1;
    if (audit.verdict == runtime::Verdict::Block) counts.blocks += 1;
    if (audit.verdict == runtime::Verdict::Drop) counts.drops += 1;
  }
  void OnTransition(const runtime::TransitionRecord&) override { counts.transitions += 1; }
  auto WantsAuditDetail() const -> bool override { return false; }

 private:
  const WithMask& mask_;

 public:
  std::vector<uint64_t> hashes;
  Counts counts;
};

// A stream buffer that counts the bytes written and keeps none: the output
// run's JSONL goes here, as to /dev/null but without the system calls.
class CountingBuffer final : public std::streambuf {
 public:
  int64_t bytes = 0;

 protected:
  auto overflow(int_type c) -> int_type override {
    if (c != traits_type::eof()) bytes += 1;
    return traits_type::not_eof(c);
  }
  auto xsputn(const char* /*data*/, std::streamsize count) -> std::streamsize override {
    bytes += count;
    return count;
  }
};

// ---------------------------------------------------------------------------
// The runs, each in a child process.
// ---------------------------------------------------------------------------

struct Summary {
  double seconds = 0;          // The timed part.
  double profile_seconds = 0;  // Reading the profiles (BatchRun::AddProfiles).
  double setup_ms = 0;         // Load, check, lower, JIT compile.
  Counts counts;
  int64_t events = 0;
  int64_t output_bytes = 0;
  int64_t case_bytes = 0;      // Engine::CaseBytes() at the end.
  int64_t memory_bytes = 0;    // Engine::MemoryBytes() at the end.
  int64_t idle_case_bytes = 0; // After enrolment, before any event (direct run).
  int64_t idle_memory_bytes = 0;
  int64_t idle_cases = 0;
  int64_t idle_rss_kb = 0;     // Resident growth: debtors added and enrolled.
  int64_t case_sizeof = 0;
  int64_t rss_before_kb = 0;
  int64_t rss_after_kb = 0;
  int64_t peak_kb = 0;
};

struct Result {
  Summary summary;
  std::vector<uint64_t> hashes;
};

struct Shared {
  const Workload* workload;
  const std::vector<ParsedEvent>* events;
  const ParsedIds* ids;
  int64_t first = 0;
  int64_t last = 0;
};

auto RunBatch(const Shared& shared, bool use_jit, bool write_output) -> Result {
  Result result;
  auto setup = Clock::now();
  cobro::driver::RuntimeProgram program;
  LoadOrDie(program);
  auto code = CodeOrDie(program, use_jit);
  result.summary.setup_ms = Seconds(setup) * 1e3;
  const cobro::flowir::Module& module = program.module;
  WithMask mask = MakeWithMask(module);
  std::ostringstream quarantined_text;
  runtime::JsonlQuarantine quarantine(&quarantined_text);
  runtime::BatchOptions batch;
  batch.until_after_last = kTail;
  result.summary.rss_before_kb = CurrentRssKb();
  runtime::BatchRun run(module, std::move(code), program.EngineOptionsFor(), batch, quarantine);
  HashSink hash(mask, shared.workload->debtors.size());
  CountingBuffer null_buffer;
  std::ostream null_stream(&null_buffer);
  runtime::JsonlWriter writer(run.engine(), &null_stream, nullptr);
  runtime::FanoutSink fanout;
  fanout.Add(&hash);
  if (write_output) fanout.Add(&writer);
  run.engine().set_sink(&fanout);
  int32_t profile = module.flows[static_cast<size_t>(program.input_flows.front())].profile;

  auto start = Clock::now();
  bool ok = run.AddProfiles("debtors.csv", io::Input::Memory(shared.workload->csv), io::Format::Csv, profile);
  result.summary.profile_seconds = Seconds(start);
  start = Clock::now();
  ok = ok && run.Run("events.jsonl", io::Input::Memory(shared.workload->jsonl), io::Format::Jsonl);
  writer.Flush();
  result.summary.seconds = Seconds(start);
  if (!ok || run.summary().events.quarantined > 0) {
    std::cerr << "the run failed or quarantined lines: " << run.summary().failure.value_or("") << "\n"
              << quarantined_text.str().substr(0, 2000);
    std::_Exit(1);
  }
  result.summary.rss_after_kb = CurrentRssKb();
  result.summary.peak_kb = PeakRssKb();
  const runtime::Engine& engine = run.engine();
  result.summary.counts = hash.counts;
  result.summary.counts.cases = static_cast<int64_t>(engine.cases().size());
  for (const runtime::Case& a_case : engine.cases()) result.summary.counts.finished += a_case.finished ? 1 : 0;
  result.summary.events = run.summary().events.records;
  result.summary.output_bytes = null_buffer.bytes;
  result.summary.case_bytes = static_cast<int64_t>(engine.CaseBytes());
  result.summary.memory_bytes = static_cast<int64_t>(engine.MemoryBytes());
  result.summary.case_sizeof = sizeof(runtime::Case);
  result.hashes = std::move(hash.hashes);
  return result;
}

auto RunDirect(const Shared& shared, bool use_jit) -> Result {
  Result result;
  auto setup = Clock::now();
  cobro::driver::RuntimeProgram program;
  LoadOrDie(program);
  auto code = CodeOrDie(program, use_jit);
  result.summary.setup_ms = Seconds(setup) * 1e3;
  const cobro::flowir::Module& module = program.module;
  WithMask mask = MakeWithMask(module);
  HashSink hash(mask, shared.workload->debtors.size());
  result.summary.rss_before_kb = CurrentRssKb();
  runtime::Engine engine(module, std::move(code), program.EngineOptionsFor(), &hash);
  // Debtors as BatchRun adds them (untimed here: the batch runs time it).
  io::ValueArena arena;
  int32_t profile = module.flows[static_cast<size_t>(program.input_flows.front())].profile;
  io::ProfileReader reader(module, profile, engine.strings(), arena);
  auto failure = reader.Read(
      "debtors.csv", io::Input::Memory(shared.workload->csv), io::Format::Csv,
      [&](const io::ProfileRecord& record) {
        engine.AddDebtor(record.id, profile, record.fields, record.zone, record.jurisdiction);
      },
      [&](const io::LineError& error) {
        std::cerr << "profile line " << error.line << ": " << error.reason << "\n";
        std::_Exit(1);
      });
  if (failure) {
    std::cerr << failure->message << "\n";
    std::_Exit(1);
  }

  auto start = Clock::now();
  for (int32_t d = 0; d < engine.debtor_count(); ++d) engine.EnrollAll(d, shared.first);
  auto enrolled = Clock::now();
  // Idle: every case started and waiting in its first state.
  result.summary.idle_cases = static_cast<int64_t>(engine.cases().size());
  result.summary.idle_case_bytes = static_cast<int64_t>(engine.CaseBytes());
  result.summary.idle_memory_bytes = static_cast<int64_t>(engine.MemoryBytes());
  result.summary.idle_rss_kb = CurrentRssKb() - result.summary.rss_before_kb;
  auto idle_measured = Clock::now();
  for (const ParsedEvent& event : *shared.events) {
    engine.PushEvent(event.debtor, event.type, event.at,
                     std::span<const Value>(event.fields.data(), static_cast<size_t>(event.field_count)));
  }
  engine.AdvanceTo(shared.last + kTail);
  result.summary.seconds = Seconds(start) - std::chrono::duration<double>(idle_measured - enrolled).count();
  result.summary.rss_after_kb = CurrentRssKb();
  result.summary.peak_kb = PeakRssKb();
  result.summary.counts = hash.counts;
  result.summary.counts.cases = static_cast<int64_t>(engine.cases().size());
  for (const runtime::Case& a_case : engine.cases()) result.summary.counts.finished += a_case.finished ? 1 : 0;
  result.summary.events = engine.stats().events;
  result.summary.case_bytes = static_cast<int64_t>(engine.CaseBytes());
  result.summary.memory_bytes = static_cast<int64_t>(engine.MemoryBytes());
  result.summary.case_sizeof = sizeof(runtime::Case);
  result.hashes = std::move(hash.hashes);
  return result;
}

auto RunHandWritten(const Shared& shared, bool look_up_ids) -> Result {
  Result result;
  cobro::driver::RuntimeProgram program;
  LoadOrDie(program);  // For the indexes and the holiday calendar only.
  HandWritten::Setup setup = MakeSetup(program);
  result.summary.rss_before_kb = CurrentRssKb();
  HandWritten machine(setup, shared.workload->debtors, shared.workload->ids);
  auto start = Clock::now();
  machine.Run(*shared.events, shared.first, shared.last + kTail, look_up_ids ? shared.ids : nullptr);
  result.summary.seconds = Seconds(start);
  result.summary.rss_after_kb = CurrentRssKb();
  result.summary.peak_kb = PeakRssKb();
  result.summary.counts = machine.counts();
  result.summary.events = static_cast<int64_t>(shared.events->size());
  result.summary.case_sizeof = HandWritten::CaseSize();
  result.summary.case_bytes = machine.CaseBytes();
  result.hashes = machine.hashes();
  return result;
}

// Runs one variant in a child; false if it failed.
auto RunInChild(const std::string& variant, const Shared& shared, Result& result) -> bool {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return false;
  std::cout.flush();
  std::cerr.flush();
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    bool jit = variant.ends_with("jit");
    Result run = variant.starts_with("engine") ? RunBatch(shared, jit, false)
                 : variant.starts_with("output") ? RunBatch(shared, jit, true)
                 : variant.starts_with("direct") ? RunDirect(shared, jit)
                                                 : RunHandWritten(shared, variant == "cpp-ids");
    WriteAll(pipe_fds[1], &run.summary, sizeof run.summary);
    uint64_t count = run.hashes.size();
    WriteAll(pipe_fds[1], &count, sizeof count);
    WriteAll(pipe_fds[1], run.hashes.data(), count * sizeof(uint64_t));
    close(pipe_fds[1]);
    std::_Exit(0);
  }
  close(pipe_fds[1]);
  bool ok = ReadAll(pipe_fds[0], &result.summary, sizeof result.summary);
  uint64_t count = 0;
  ok = ok && ReadAll(pipe_fds[0], &count, sizeof count);
  if (ok) {
    result.hashes.resize(count);
    ok = ReadAll(pipe_fds[0], result.hashes.data(), count * sizeof(uint64_t));
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t debtors = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  int64_t event_count = argc > 2 ? std::atoll(argv[2]) : 5'000'000;
  std::string engines = argc > 3 ? argv[3] : "jit";
  int rounds = argc > 4 ? std::max(1, std::atoi(argv[4])) : 1;
  if (debtors < 1 || event_count < 1 || (engines != "jit" && engines != "interp" && engines != "both")) {
    std::cerr << "usage: run_bench [debtors] [events] [jit|interp|both] [rounds]\n";
    return 2;
  }
  std::vector<std::string> kinds;
  if (engines != "interp") kinds.push_back("jit");
  if (engines != "jit") kinds.push_back("interp");

  fmt::print("run workload: examples/champion_challenger/flow.cobro, {} debtors (CSV), {} events (JSONL), seed "
             "20261123, timers to 30d after the last event; best of {} round{}\n",
             debtors, event_count, rounds, rounds == 1 ? "" : "s");
  auto start = Clock::now();
  Workload workload = Generate(debtors, event_count);
  fmt::print("generated in {:.1f} s: profiles {:.1f} MB, events {:.1f} MB ({:.0f} bytes a line)\n", Seconds(start),
             static_cast<double>(workload.csv.size()) / 1e6, static_cast<double>(workload.jsonl.size()) / 1e6,
             static_cast<double>(workload.jsonl.size()) / static_cast<double>(event_count));
  std::cout.flush();

  // Parsing, here: the reader alone, then the reader with debtors resolved
  // into the vector the direct and hand-written runs take.
  cobro::driver::RuntimeProgram program;
  LoadOrDie(program);
  const cobro::flowir::Module& module = program.module;
  runtime::StringPool strings(module);
  io::ValueArena arena;
  std::vector<ParsedEvent> events;
  events.reserve(static_cast<size_t>(event_count));
  ParsedIds ids;
  std::unordered_map<std::string, int32_t> index;
  index.reserve(static_cast<size_t>(debtors));
  for (size_t d = 0; d < workload.ids.size(); ++d) index.emplace(workload.ids[d], static_cast<int32_t>(d));
  double parse_seconds = 1e30;
  double resolve_seconds = 1e30;
  for (int round = 0; round < rounds; ++round) {
    io::EventReader reader(module, strings, arena);
    io::EventInput event;
    io::LineError error;
    start = Clock::now();
    if (auto failure = reader.Open("events.jsonl", io::Input::Memory(workload.jsonl), io::Format::Jsonl)) {
      std::cerr << failure->message << "\n";
      return 1;
    }
    int64_t read = 0;
    int64_t checksum = 0;
    io::EventReader::Status status;
    while ((status = reader.Next(event, error)) != io::EventReader::Status::End) {
      if (status == io::EventReader::Status::Error) {
        std::cerr << "line " << error.line << ": " << error.reason << "\n" << error.text << "\n";
        return 1;
      }
      ++read;
      checksum += event.at;
    }
    parse_seconds = std::min(parse_seconds, Seconds(start));
    if (read != event_count || checksum == 0) {
      std::cerr << "read " << read << " events of " << event_count << "\n";
      return 1;
    }

    io::EventReader resolving(module, strings, arena);
    events.clear();
    ids.text.clear();
    start = Clock::now();
    (void)resolving.Open("events.jsonl", io::Input::Memory(workload.jsonl), io::Format::Jsonl);
    while ((status = resolving.Next(event, error)) == io::EventReader::Status::Event) {
      ParsedEvent parsed{event.at,
                         index.find(std::string(event.debtor))->second,
                         event.type,
                         static_cast<int32_t>(event.fields.size()),
                         {0, 0, 0},
                         static_cast<uint32_t>(ids.text.size()),
                         static_cast<uint32_t>(event.debtor.size())};
      ids.text.append(event.debtor);
      if (event.fields.size() > parsed.fields.size()) {
        std::cerr << "an event with more than 3 fields\n";
        return 1;
      }
      std::copy(event.fields.begin(), event.fields.end(), parsed.fields.begin());
      events.push_back(parsed);
    }
    resolve_seconds = std::min(resolve_seconds, Seconds(start));
  }
  std::unordered_map<std::string, int32_t>().swap(index);
  ids.index.reserve(workload.ids.size());
  for (size_t d = 0; d < workload.ids.size(); ++d) ids.index.emplace(workload.ids[d], static_cast<int32_t>(d));
  Shared shared{&workload, &events, &ids, events.front().at, events.back().at};
  fmt::print("parsing (EventReader::Next alone): {:.2f} s, {:.2f} M events/s, {:.0f} MB/s\n", parse_seconds,
             static_cast<double>(event_count) / parse_seconds / 1e6,
             static_cast<double>(workload.jsonl.size()) / parse_seconds / 1e6);
  fmt::print("parsing + debtor lookup into a vector (input of the direct and hand-written runs): {:.2f} s\n\n",
             resolve_seconds);
  std::cout.flush();

  std::vector<std::string> variants{"cpp", "cpp-ids"};
  for (const std::string& kind : kinds) {
    variants.push_back("engine-" + kind);
    variants.push_back("output-" + kind);
    variants.push_back("direct-" + kind);
  }
  std::vector<Result> results(variants.size());
  std::vector<std::vector<double>> seconds(variants.size());
  for (int round = 0; round < rounds; ++round) {
    for (size_t v = 0; v < variants.size(); ++v) {
      Result result;
      if (!RunInChild(variants[v], shared, result)) {
        std::cerr << variants[v] << " failed\n";
        return 1;
      }
      fmt::print("  round {} {}: {:.2f} s (peak {:.0f} MB)\n", round + 1, variants[v], result.summary.seconds,
                 static_cast<double>(result.summary.peak_kb) / 1024);
      std::cout.flush();
      seconds[v].push_back(result.summary.seconds);
      if (round == 0) results[v] = std::move(result);
    }
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    results[v].summary.seconds = *std::min_element(seconds[v].begin(), seconds[v].end());
  }
  auto find = [&](const std::string& name) -> const Summary& {
    for (size_t v = 0; v < variants.size(); ++v) {
      if (variants[v] == name) return results[v].summary;
    }
    std::abort();
  };
  auto round_seconds = [&](const std::string& name) -> const std::vector<double>& {
    for (size_t v = 0; v < variants.size(); ++v) {
      if (variants[v] == name) return seconds[v];
    }
    std::abort();
  };

  // Agreement: every engine run and the hand-written machine.
  bool agree = true;
  const Result& reference = results[0];
  for (size_t v = 1; v < variants.size(); ++v) {
    const Counts& a = reference.summary.counts;
    const Counts& b = results[v].summary.counts;
    size_t differing = 0;
    int64_t first_differing = -1;
    for (size_t d = 0; d < reference.hashes.size(); ++d) {
      if (reference.hashes[d] != results[v].hashes[d]) {
        if (differing++ == 0) first_differing = static_cast<int64_t>(d);
      }
    }
    bool same = a.actions == b.actions && a.transitions == b.transitions && a.deferrals == b.deferrals &&
                a.blocks == b.blocks && a.drops == b.drops && a.cases == b.cases && a.finished == b.finished &&
                differing == 0;
    if (!same) {
      fmt::print("{} vs hand-written: actions {} / {}, transitions {} / {}, deferrals {} / {}, blocks {} / {}, drops "
                 "{} / {}, cases {} / {}, finished {} / {}; {} debtors' actions differ (first: {})\n",
                 variants[v], b.actions, a.actions, b.transitions, a.transitions, b.deferrals, a.deferrals, b.blocks,
                 a.blocks, b.drops, a.drops, b.cases, a.cases, b.finished, a.finished, differing,
                 first_differing >= 0 ? workload.ids[static_cast<size_t>(first_differing)] : "-");
    }
    agree &= same;
  }
  const Counts& counts = reference.summary.counts;
  fmt::print("\n{}: {} cases ({} finished), {} actions, {} transitions, {} deferrals, {} blocks, {} drops\n",
             agree ? "all runs agree" : "RUNS DISAGREE", counts.cases, counts.finished, counts.actions,
             counts.transitions, counts.deferrals, counts.blocks, counts.drops);

  auto rate = [&](double s) { return static_cast<double>(event_count) / s / 1e6; };
  auto mb = [](int64_t kb) { return static_cast<double>(kb) / 1024; };
  const Summary& cpp = find("cpp");
  const Summary& cpp_ids = find("cpp-ids");
  for (const std::string& kind : kinds) {
    const Summary& engine = find("engine-" + kind);
    const Summary& output = find("output-" + kind);
    const Summary& direct = find("direct-" + kind);
    double engine_part = engine.seconds - parse_seconds;
    double output_part = output.seconds - engine.seconds;
    fmt::print("\n== {} ({}: load, check, lower{} {:.0f} ms)\n", kind, kind, kind == "jit" ? ", compile" : "",
               output.setup_ms);
    fmt::print("end to end (BatchRun::Run, JSONL actions out): {:.2f} s, {:.3f} M events/s; with reading the "
               "profiles ({:.2f} s): {:.2f} s, {:.3f} M events/s\n",
               output.seconds, rate(output.seconds), output.profile_seconds, output.seconds + output.profile_seconds,
               rate(output.seconds + output.profile_seconds));
    fmt::print("{:<44} {:>8} {:>7} {:>10}\n", "split", "s", "share", "ns/event");
    auto row = [&](const char* name, double s) {
      fmt::print("{:<44} {:>8.2f} {:>6.0f}% {:>10.0f}\n", name, s, 100 * s / output.seconds,
                 s * 1e9 / static_cast<double>(event_count));
    };
    row("parsing (reader alone)", parse_seconds);
    row("engine (run with a counting sink - parsing)", engine_part);
    row("output (run writing JSONL - the former)", output_part);
    fmt::print("actions JSONL: {:.1f} MB ({:.0f} bytes an action)\n", static_cast<double>(output.output_bytes) / 1e6,
               static_cast<double>(output.output_bytes) / static_cast<double>(std::max<int64_t>(counts.actions, 1)));
    fmt::print("direct engine on the parsed vector (enrol, PushEvent, AdvanceTo): {:.2f} s, {:.3f} M events/s\n",
               direct.seconds, rate(direct.seconds));
    fmt::print("hand-written C++ on the parsed vector: {:.2f} s, {:.3f} M events/s; looking up each event's debtor "
               "id in a std::unordered_map as well: {:.2f} s\n",
               cpp.seconds, rate(cpp.seconds), cpp_ids.seconds);
    fmt::print("engine part / hand-written with id lookup: {:.2f}   direct engine / hand-written: {:.2f}   (target "
               "<= 1.5)\n",
               engine_part / cpp_ids.seconds, direct.seconds / cpp.seconds);
    if (rounds > 1) {
      // Each round's ratio is of that round's own runs: on a noisy host the
      // best-of line above may pair one variant's lucky round with another's.
      std::vector<double> part_ratios;
      std::vector<double> direct_ratios;
      for (size_t r = 0; r < static_cast<size_t>(rounds); ++r) {
        part_ratios.push_back((round_seconds("engine-" + kind)[r] - parse_seconds) / round_seconds("cpp-ids")[r]);
        direct_ratios.push_back(round_seconds("direct-" + kind)[r] / round_seconds("cpp")[r]);
      }
      fmt::print("per round: engine part / hand-written with id lookup {:.2f} (median {:.2f}); direct engine / "
                 "hand-written {:.2f} (median {:.2f})\n",
                 fmt::join(part_ratios, " "), Median(part_ratios), fmt::join(direct_ratios, " "), Median(direct_ratios));
    }
    fmt::print("memory: peak RSS (input included, {:.0f} MB at fork) engine run {:.0f} MB, output run {:.0f} MB, "
               "direct {:.0f} MB, hand-written {:.0f} MB\n",
               mb(engine.rss_before_kb), mb(engine.peak_kb), mb(output.peak_kb), mb(direct.peak_kb), mb(cpp.peak_kb));
    fmt::print("        resident growth over the run: engine run {:.0f} MB ({:.0f} bytes a debtor), hand-written "
               "{:.0f} MB ({:.0f} bytes a debtor)\n",
               mb(engine.rss_after_kb - engine.rss_before_kb),
               static_cast<double>(engine.rss_after_kb - engine.rss_before_kb) * 1024 / static_cast<double>(debtors),
               mb(cpp.rss_after_kb - cpp.rss_before_kb),
               static_cast<double>(cpp.rss_after_kb - cpp.rss_before_kb) * 1024 / static_cast<double>(debtors));
    fmt::print("        Engine::CaseBytes / cases at the end: {:.0f} (sizeof(Case) {}); Engine::MemoryBytes / "
               "debtors: {:.0f}; hand-written case {} bytes\n",
               static_cast<double>(engine.case_bytes) / static_cast<double>(std::max<int64_t>(counts.cases, 1)),
               engine.case_sizeof, static_cast<double>(engine.memory_bytes) / static_cast<double>(debtors),
               cpp.case_sizeof);
    fmt::print("        idle (all enrolled, before the first event; {} cases): CaseBytes / case {:.0f} (target <= "
               "256), MemoryBytes / debtor {:.0f}, resident growth / debtor {:.0f} (debtors added and enrolled)\n",
               direct.idle_cases,
               static_cast<double>(direct.idle_case_bytes) /
                   static_cast<double>(std::max<int64_t>(direct.idle_cases, 1)),
               static_cast<double>(direct.idle_memory_bytes) / static_cast<double>(debtors),
               static_cast<double>(direct.idle_rss_kb) * 1024 / static_cast<double>(debtors));
  }
  if (kinds.size() == 2) {
    fmt::print("\ninterpreter / JIT, engine part: {:.2f}; direct: {:.2f}\n",
               (find("engine-interp").seconds - parse_seconds) / (find("engine-jit").seconds - parse_seconds),
               find("direct-interp").seconds / find("direct-jit").seconds);
  }
  return agree ? 0 : 1;
}
