// Robustness: every example and stdlib module, broken in thousands of ways,
// through the whole pipeline in process (read, parse, imports, check, the
// console and JSON renderers, the printer). Asserts that nothing crashes or
// hangs, that every input the parser rejects gets an error, that one mutation
// does not cause an explosion of errors, and that diagnostic ranges stay
// inside their files. Mutants that still parse cleanly must also survive the
// print/parse round trip.
//
//   robustness_test                 every input
//   robustness_test --only N        input N alone, with its diagnostics
//
// Input N depends only on N and the fixed seed (see mutations.h), so
// `--only N` reproduces a failure without running the others. The inputs run
// in a child process; when one crashes or hangs, the child prints it and
// dies, and a new child goes on with the next input, so one run reports
// every crash.

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "compiler/ast/print.h"
#include "compiler/diag/render.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "tests/robustness/ast_dump.h"
#include "tests/robustness/mutations.h"

namespace {

// More diagnostics than this for one mutated input is an error explosion.
// Fixed and stress inputs (such as "5000 broken functions" or 99 nested
// calls of a fn without parameters) hold many real mistakes and are not
// bounded.
// TODO: tighten to about 20 once these cascades are fixed; each turns one
// mistake into 20 to 80 errors:
//  - a syntax error in a profile drops its later fields, and every use of
//    them is an UnknownField (swap two tokens in small_business: 62);
//  - a syntax error in a state header makes every transition to it an
//    UnknownState;
//  - after a broken test step, recovery reads the following
//    `event payment { amount: 1500.00 }` steps as event declarations: three
//    SyntaxErrors per step, and the bogus `payment` event then makes
//    `payment.days_late` elsewhere a TypeMismatch against `<error>`.
constexpr size_t kMaxDiagnostics = 100;
// An input that takes longer than this is a hang: the child stops and prints it.
constexpr int kHangSeconds = 20;
constexpr int kHangExitCode = 3;
// Failures printed in full; the rest are only counted.
constexpr long kFailuresShown = 20;

// What the children found, in memory shared with the parent, so plain data.
struct Stats {
  long inputs = 0;
  long with_syntax_errors = 0;
  long other_errors = 0;
  long clean = 0;
  long round_trips = 0;
  long failures = 0;
  long crashes = 0;
  long hangs = 0;
  // Inputs marked as known crashes that crashed (see Input::known_crash).
  long known_crashes = 0;
  // The input running now; after a crash, the one that crashed.
  long current = -1;
  size_t most_diagnostics = 0;
  double slowest_ms = 0;
  std::array<char, 200> slowest_input{};
  // Inputs per group, in the order of kGroups.
  std::array<long, 5> by_group{};
};

constexpr const char* kGroups[] = {"fixed", "truncate", "stress", "random", "random-stacked"};

auto GroupIndex(const std::string& group) -> size_t {
  for (size_t i = 0; i < std::size(kGroups); ++i) {
    if (group == kGroups[i]) return i;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Crash and hang reports
// ---------------------------------------------------------------------------

// What is running now, for the signal handler and the watchdog. Plain
// pointers, set before each input, so the handler needs no allocation.
std::atomic<long> g_index{-1};
uint32_t g_seed = 0;
const char* g_description = "";
const char* g_text = "";
size_t g_text_size = 0;
std::atomic<int64_t> g_started_ms{0};
std::atomic<bool> g_finished{false};

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t written = write(fd, data, size);
    if (written <= 0) return;
    data += written;
    size -= static_cast<size_t>(written);
  }
}

void WriteString(int fd, const char* text) { WriteAll(fd, text, strlen(text)); }

void WriteNumber(int fd, long value) {
  char digits[32];
  int length = 0;
  bool negative = value < 0;
  unsigned long magnitude = negative ? 0UL - static_cast<unsigned long>(value) : value;
  do {
    digits[length++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) digits[length++] = '-';
  std::reverse(digits, digits + length);
  WriteAll(fd, digits, static_cast<size_t>(length));
}

// Writes the input C-escaped, at most `limit` bytes of it. Async-signal-safe.
void WriteEscaped(int fd, const char* text, size_t size, size_t limit) {
  static const char kHex[] = "0123456789abcdef";
  char buffer[512];
  size_t used = 0;
  auto flush = [&] {
    WriteAll(fd, buffer, used);
    used = 0;
  };
  for (size_t i = 0; i < size && i < limit; ++i) {
    if (used + 8 > sizeof(buffer)) flush();
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      buffer[used++] = '\n';
    } else if (byte == '\\') {
      buffer[used++] = '\\';
      buffer[used++] = '\\';
    } else if (byte < 0x20 || byte >= 0x7F) {
      buffer[used++] = '\\';
      buffer[used++] = 'x';
      buffer[used++] = kHex[byte >> 4];
      buffer[used++] = kHex[byte & 0xF];
    } else {
      buffer[used++] = static_cast<char>(byte);
    }
  }
  flush();
  if (size > limit) WriteString(fd, "\n... (input truncated here; run with --only to see all)");
}

// Prints which input is running and the input itself, and saves the input to
// robustness_failure.cobro in the working directory. Async-signal-safe.
void ReportCurrentInput(const char* what) {
  WriteString(2, "\n*** robustness: ");
  WriteString(2, what);
  WriteString(2, " on input #");
  WriteNumber(2, g_index.load());
  WriteString(2, " (seed ");
  WriteNumber(2, static_cast<long>(g_seed));
  WriteString(2, "): ");
  WriteString(2, g_description);
  WriteString(2, "\n*** reproduce: robustness_test --only ");
  WriteNumber(2, g_index.load());
  WriteString(2, "\n*** the input (C-escaped; saved raw to robustness_failure.cobro):\n");
  WriteEscaped(2, g_text, g_text_size, 4000);
  WriteString(2, "\n*** end of input\n");
  int fd = open("robustness_failure.cobro", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    WriteAll(fd, g_text, g_text_size);
    close(fd);
  }
}

void OnFatalSignal(int signal_number) {
  ReportCurrentInput(signal_number == SIGSEGV ? "crash (SIGSEGV, maybe a stack overflow)"
                     : signal_number == SIGABRT ? "crash (SIGABRT)"
                     : signal_number == SIGFPE  ? "crash (SIGFPE)"
                     : signal_number == SIGBUS  ? "crash (SIGBUS)"
                                                : "crash (SIGILL)");
  // SA_RESETHAND restored the default action: die with the same signal.
  raise(signal_number);
}

void InstallCrashReporter() {
  // The handler runs on its own stack so that stack overflows are reported too.
  static std::array<char, 1 << 16> alternate_stack;
  stack_t stack{};
  stack.ss_sp = alternate_stack.data();
  stack.ss_size = alternate_stack.size();
  sigaltstack(&stack, nullptr);
  struct sigaction action{};
  action.sa_handler = OnFatalSignal;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) {
    sigaction(signal_number, &action, nullptr);
  }
}

auto NowMs() -> int64_t {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Stops the test with a report when one input runs longer than kHangSeconds.
void Watchdog() {
  while (!g_finished.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int64_t started = g_started_ms.load();
    if (started != 0 && NowMs() - started > kHangSeconds * 1000) {
      ReportCurrentInput("hang (no result within the time limit)");
      _exit(kHangExitCode);
    }
  }
}

// Checks the ranges of one diagnostic piece; returns a problem or "".
auto CheckRange(const cobro::SourceManager& sources, cobro::SourceRange range, const char* what)
    -> std::string {
  if (!range.has_value()) return "";
  if (static_cast<size_t>(range.file.index) >= sources.size()) {
    return fmt::format("{} range names file {} of {}", what, range.file.index, sources.size());
  }
  size_t size = sources.Get(range.file).text().size();
  if (range.begin > range.end || range.end > size) {
    return fmt::format("{} range [{}, {}) is outside its file of {} bytes", what, range.begin,
                       range.end, size);
  }
  return "";
}

// Runs `text` as the file `path` through the pipeline and the renderers.
// Returns what went wrong, or "".
auto RunOne(const std::string& source_dir, const std::string& path, const std::string& text,
            bool bounded, Stats& stats, bool verbose) -> std::string {
  cobro::driver::MemoryFileSystem files;
  files.MapToDisk("stdlib/", source_dir + "/stdlib/");
  files.Add(path, text);
  // The whole pipeline, compliance analysis included.
  cobro::driver::PipelineOptions options;
  options.stdlib_root = "stdlib";
  options.roots = {"."};
  cobro::driver::CheckResult result = cobro::driver::LoadAndCheck({path}, options, files);
  std::string console = cobro::diag::RenderConsole(result.diagnostics, result.sources, {true});
  std::string plain = cobro::diag::RenderConsole(result.diagnostics, result.sources, {false});
  std::string json = cobro::diag::RenderJson(result.diagnostics, result.sources);
  if (verbose) std::cout << plain << "\n" << json;

  size_t errors = 0;
  for (const cobro::diag::Diagnostic& diagnostic : result.diagnostics) {
    errors += diagnostic.severity == cobro::diag::Severity::Error;
    std::string problem = CheckRange(result.sources, diagnostic.range, "diagnostic");
    for (const auto& note : diagnostic.notes) {
      if (problem.empty()) problem = CheckRange(result.sources, note.range, "note");
    }
    for (const auto& fix : diagnostic.fixes) {
      if (problem.empty()) problem = CheckRange(result.sources, fix.range, "fix-it");
    }
    for (const auto& step : diagnostic.trace) {
      if (problem.empty()) problem = CheckRange(result.sources, step.range, "trace step");
    }
    if (!problem.empty()) {
      return fmt::format("[{}] {}: {}", cobro::diag::KindName(diagnostic.kind), diagnostic.message,
                         problem);
    }
  }
  if (result.io_error) return "the input could not be read";
  if (bounded && result.diagnostics.size() > kMaxDiagnostics) {
    return fmt::format("{} diagnostics for one input (at most {} expected):\n{}",
                       result.diagnostics.size(), kMaxDiagnostics, plain.substr(0, 4000));
  }
  if (bounded && result.diagnostics.size() > stats.most_diagnostics) {
    stats.most_diagnostics = result.diagnostics.size();
  }

  bool syntax_errors = false;
  bool input_parsed_cleanly = false;
  for (const cobro::sema::Module& module : result.program.modules) {
    syntax_errors = syntax_errors || module.ast.has_syntax_errors;
    if (module.path != path) continue;
    // The printer must cope with whatever the parser built, broken or not.
    std::string printed =
        cobro::ast::Print(module.ast, result.sources.Get(module.ast.file_id));
    (void)printed;
    input_parsed_cleanly = !module.ast.has_syntax_errors;
  }
  if (syntax_errors && errors == 0) {
    return "the parser reported a syntax error, but no error diagnostic came out:\n" + plain;
  }
  if (syntax_errors) {
    ++stats.with_syntax_errors;
  } else if (errors == 0) {
    ++stats.clean;
  } else {
    ++stats.other_errors;
  }
  if (input_parsed_cleanly) {
    cobro::robustness::RoundTripResult round_trip = cobro::robustness::CheckRoundTrip(path, text);
    // Inputs with literal errors (a date that does not exist) are skipped:
    // CheckRoundTrip needs an input free of parse diagnostics.
    if (!round_trip.first_print.empty()) {
      ++stats.round_trips;
      if (!round_trip.problem.empty()) {
        return "round trip: " + round_trip.problem + "--- printed ---\n" + round_trip.first_print;
      }
    }
  }
  return "";
}


// Runs input `index` with crash and hang reporting around it, and records it.
void RunInput(const cobro::robustness::InputSet& inputs, long index, const std::string& source_dir,
              Stats& stats, bool verbose) {
  cobro::robustness::Input input = inputs.Make(index);
  g_description = input.description.c_str();
  g_text = input.text.data();
  g_text_size = input.text.size();
  g_index.store(index);
  stats.current = index;
  auto started = std::chrono::steady_clock::now();
  g_started_ms.store(NowMs());
  std::string problem;
  try {
    bool bounded = input.group != "fixed" && input.group != "stress";
    problem = RunOne(source_dir, input.path, input.text, bounded, stats, verbose);
  } catch (const std::exception& exception) {
    problem = std::string("an exception escaped: ") + exception.what();
  } catch (const char* message) {
    // ANTLR throws C strings.
    problem = std::string("an exception escaped: ") + message;
  } catch (...) {
    problem = "an exception of unknown type escaped";
  }
  if (problem.empty() && !input.known_crash.empty()) {
    problem = "this input was marked as a known crash, but it ran without one; if the bug is "
              "fixed, remove the mark in mutations.cpp (" + input.known_crash + ")";
  }
  g_started_ms.store(0);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (ms > stats.slowest_ms) {
    stats.slowest_ms = ms;
    std::string text = fmt::format("#{} {}", index, input.description);
    text.resize(std::min(text.size(), stats.slowest_input.size() - 1));
    std::copy(text.begin(), text.end(), stats.slowest_input.begin());
    stats.slowest_input[text.size()] = '\0';
  }
  ++stats.inputs;
  ++stats.by_group[GroupIndex(input.group)];
  if (problem.empty()) return;
  if (++stats.failures > kFailuresShown) return;
  std::cerr << fmt::format("FAIL input #{} ({}): {}\n", index, input.description, problem)
            << "reproduce: robustness_test --only " << index << "\n"
            << "--- input, " << input.text.size() << " bytes, C-escaped ---\n"
            << cobro::robustness::Escape(input.text, 2000) << "\n--- end of input ---\n";
}

// Runs inputs [first, size) in this process; returns normally only if none
// crashed or hung.
void RunFrom(const cobro::robustness::InputSet& inputs, long first, const std::string& source_dir,
             Stats& stats) {
  InstallCrashReporter();
  g_finished.store(false);
  std::thread watchdog(Watchdog);
  for (long index = first; index < inputs.size(); ++index) {
    RunInput(inputs, index, source_dir, stats, false);
  }
  g_finished.store(true);
  watchdog.join();
}

}  // namespace

int main(int argc, char** argv) {
  long only = -1;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--only" && i + 1 < argc) only = std::atol(argv[++i]);
  }
  const std::string source_dir = COBRO_SOURCE_DIR;
  auto started = std::chrono::steady_clock::now();
  cobro::robustness::InputSet inputs(cobro::robustness::LoadSeeds(source_dir),
                                     cobro::robustness::InputCounts{});
  g_seed = inputs.counts().seed;

  if (only >= 0) {
    if (only >= inputs.size()) {
      std::cerr << "there are " << inputs.size() << " inputs\n";
      return 2;
    }
    cobro::robustness::Input input = inputs.Make(only);
    std::cout << "input #" << only << ": " << input.description << "\n--- "
              << input.text.size() << " bytes, C-escaped ---\n"
              << cobro::robustness::Escape(input.text, 20000) << "\n--- diagnostics ---\n";
    Stats stats;
    InstallCrashReporter();
    std::thread watchdog(Watchdog);
    RunInput(inputs, only, source_dir, stats, true);
    g_finished.store(true);
    watchdog.join();
    std::cout << (stats.failures == 0 ? "passed\n" : "FAILED\n");
    return stats.failures == 0 ? 0 : 1;
  }

  void* shared = mmap(nullptr, sizeof(Stats), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                      -1, 0);
  if (shared == MAP_FAILED) {
    std::cerr << "mmap failed\n";
    return 2;
  }
  Stats& stats = *new (shared) Stats();
  long next = 0;
  while (next < inputs.size()) {
    std::cout.flush();
    std::cerr.flush();
    pid_t child = fork();
    if (child == 0) {
      RunFrom(inputs, next, source_dir, stats);
      std::cout.flush();
      std::cerr.flush();
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
    // The child printed the input that killed it; count it and go on.
    bool hang = WIFEXITED(status) && WEXITSTATUS(status) == kHangExitCode;
    cobro::robustness::Input input = inputs.Make(stats.current);
    if (!hang && !input.known_crash.empty()) {
      ++stats.known_crashes;
      std::cerr << "(input #" << stats.current << " is a known crash: " << input.known_crash
                << ")\n";
    } else {
      ++stats.failures;
      ++(hang ? stats.hangs : stats.crashes);
    }
    ++stats.inputs;
    ++stats.by_group[GroupIndex(input.group)];
    next = stats.current + 1;
  }

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string groups;
  for (size_t i = 0; i < std::size(kGroups); ++i) {
    groups += fmt::format("{}{}={}", i == 0 ? "" : " ", kGroups[i], stats.by_group[i]);
  }
  std::cout << fmt::format(
      "robustness: {} inputs ({}) from {} seed files, seed {:#x}\n"
      "  {} with syntax errors, {} with other errors, {} clean; {} clean mutants round-tripped\n"
      "  at most {} diagnostics for one mutant (limit {}); slowest input {:.0f} ms: {}\n"
      "  {} known crashes (inputs marked with a TODO in mutations.cpp)\n"
      "  {} failed ({} crashes, {} hangs); {:.1f} s\n",
      stats.inputs, groups, inputs.seeds().size(), inputs.counts().seed, stats.with_syntax_errors,
      stats.other_errors, stats.clean, stats.round_trips, stats.most_diagnostics, kMaxDiagnostics,
      stats.slowest_ms, stats.slowest_input.data(), stats.known_crashes, stats.failures, stats.crashes, stats.hangs,
      seconds);
  return stats.failures == 0 ? 0 : 1;
}
