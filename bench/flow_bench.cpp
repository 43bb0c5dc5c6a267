// The flow workload: bench/flows/collections.cobro (five states, timers,
// retries, a state parameter, count/sum aggregates over the history) over a
// few million generated events (fixed seed) for ~100k debtors, run by the
// engine with JIT-compiled code, by the engine with the interpreter, and by
// a hand-written C++ state machine of the same flow. Prints events per
// second, peak memory and the bytes a case takes, and checks that the three
// produce the same actions: the same number, and the same sequence for every
// debtor (a hash per debtor, and the text of a few debtors).
//
// Each variant runs in its own child process (fork), which generates the
// input itself, so that its peak memory (getrusage) is its own.
//
//   flow_bench [debtors] [events_per_debtor] [all|jit|interp|cpp] [rounds]
//
// With 0 events per debtor, the cases are only started (no timer fires):
// "run MB" over the debtors is then the memory of an idle debtor and case.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_process.h"
#include "compiler/diag/render.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"
#include "compiler/lower/lower.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/jit.h"

namespace {

using cobro::bench::CurrentRssKb;
using cobro::bench::Mix;
using cobro::bench::PeakRssKb;
using cobro::bench::ReadAll;
using cobro::bench::WriteAll;

using cobro::runtime::Value;
using Clock = std::chrono::steady_clock;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;
constexpr int64_t kMoney = cobro::flowir::kMoneyScale;
// 2026-01-05 00:00 UTC: every debtor is enrolled then.
constexpr int64_t kStart = 20'458 * kDay;

// ---------------------------------------------------------------------------
// The input: debtors and a time-ordered stream of their events.
// ---------------------------------------------------------------------------

enum EventKind : uint8_t { kPayment, kPromise, kPromiseBroken, kOpened, kConversation, kDelivered, kDispute, kKinds };
const char* const kEventNames[kKinds] = {"payment",         "promise",           "promise_broken", "contact.opened",
                                         "contact.conversation", "contact.delivered", "dispute"};

struct DebtorInput {
  Value balance;
  Value dpd;
  Value optin;
};

struct InputEvent {
  int64_t at;
  int32_t debtor;
  EventKind kind;
  uint8_t field_count;
  std::array<Value, 3> fields;  // In the event's field order, keys first.
};

struct Input {
  std::vector<DebtorInput> debtors;
  std::vector<InputEvent> events;
  int64_t end = 0;  // Timers are fired up to here at the end.
};

constexpr int kChannelEmail = static_cast<int>(cobro::Channel::Email);
constexpr int kChannelSms = static_cast<int>(cobro::Channel::Sms);
constexpr int kChannelWhatsapp = static_cast<int>(cobro::Channel::Whatsapp);
constexpr int kChannelVoice = static_cast<int>(cobro::Channel::Voice);
constexpr int kChannelVoicebot = static_cast<int>(cobro::Channel::Voicebot);

// Fixed seed; distributions written out by hand so that the input is the
// same with every standard library.
auto Generate(int32_t debtor_count, int32_t events_per_debtor) -> Input {
  std::mt19937_64 random(20261124);
  Input input;
  input.debtors.resize(static_cast<size_t>(debtor_count));
  input.events.reserve(static_cast<size_t>(debtor_count) * static_cast<size_t>(events_per_debtor));
  for (int32_t d = 0; d < debtor_count; ++d) {
    DebtorInput& debtor = input.debtors[static_cast<size_t>(d)];
    debtor.balance = static_cast<Value>(5'000 + random() % 495'001) * 100;   // 50.00 .. 5000.00
    debtor.dpd = random() % 20 == 0 ? 0 : static_cast<Value>(1 + random() % 180);  // 5% not started
    debtor.optin = static_cast<Value>(random() % (1u << cobro::kChannelCount));
    int64_t at = kStart + static_cast<int64_t>(random() % (2 * 24 * 60)) * kMinute;
    for (int32_t e = 0; e < events_per_debtor; ++e) {
      // About one event every four days.
      at += static_cast<int64_t>(1 + random() % (8 * 24 * 60)) * kMinute;
      InputEvent event{at, d, kDelivered, 0, {0, 0, 0}};
      uint64_t roll = random() % 100;
      int64_t day = at / kDay;
      if (roll < 28) {
        event.kind = kOpened;
        event.fields = {random() % 5 < 3 ? kChannelEmail : kChannelSms, 0, 0};  // channel, template
        event.field_count = 2;
      } else if (roll < 48) {
        event.kind = kPayment;  // amount 10.00 .. 300.00, method, days_late
        event.fields = {static_cast<Value>(1'000 + random() % 29'001) * 100, 0, static_cast<Value>(random() % 31)};
        event.field_count = 3;
      } else if (roll < 62) {
        event.kind = kPromise;  // amount 50.00 .. 500.00, due in 1..10 days
        Value amount = static_cast<Value>(5'000 + random() % 45'001) * 100;
        event.fields = {amount, day + 1 + static_cast<Value>(random() % 10), 0};
        event.field_count = 2;
      } else if (roll < 72) {
        event.kind = kPromiseBroken;
        event.fields = {static_cast<Value>(5'000 + random() % 45'001) * 100, day - 1, 0};
        event.field_count = 2;
      } else if (roll < 84) {
        event.kind = kConversation;  // channel, length
        static const int kChannels[3] = {kChannelVoice, kChannelVoicebot, kChannelWhatsapp};
        event.fields = {kChannels[random() % 3], static_cast<Value>(1 + random() % 20) * kMinute, 0};
        event.field_count = 2;
      } else if (roll < 99) {
        event.kind = kDelivered;  // channel, template; no handler takes it
        event.fields = {random() % 2 == 0 ? kChannelEmail : kChannelSms, 0, 0};
        event.field_count = 2;
      } else {
        event.kind = kDispute;  // reason, written
        event.field_count = 2;
      }
      input.events.push_back(event);
    }
    input.end = std::max(input.end, at + 30 * kDay);
  }
  // Without events, nothing is advanced: every case stays idle in its first
  // state, which measures the memory an idle case takes.
  if (events_per_debtor == 0) input.end = kStart;
  std::sort(input.events.begin(), input.events.end(), [](const InputEvent& a, const InputEvent& b) {
    return a.at != b.at ? a.at < b.at : a.debtor < b.debtor;
  });
  return input;
}

// ---------------------------------------------------------------------------
// What a run produces, sent from the child to the parent.
// ---------------------------------------------------------------------------

struct Summary {
  double seconds = 0;
  int64_t actions = 0;
  int64_t transitions = 0;
  int64_t cases = 0;
  int64_t finished = 0;
  double case_bytes = 0;      // Case records and their action slots, on average.
  int64_t case_sizeof = 0;
  int64_t rss_before_kb = 0;  // After generating the input, before the run.
  int64_t rss_after_kb = 0;   // At the end of the run, everything still alive.
  int64_t peak_kb = 0;        // getrusage: the child's high-water mark.
  double compile_ms = 0;
  int64_t wake_ups = 0;       // Timers and retries fired (hand-written only).
};

struct Result {
  Summary summary;
  std::vector<uint64_t> debtor_hash;  // Over each debtor's actions, in order.
  std::string sample;                 // The actions of the sample debtors, as text.
  std::array<std::string, 3> sample_parts;
};

const int32_t kSampleDebtors[] = {7, 4242, 77777};

// One action, as both kinds of runs describe it.
struct ActionView {
  int64_t time;
  int32_t debtor;
  int32_t state;
  int32_t action;
  int32_t attempt;
  const Value* with;
  size_t with_count;
};

void AddAction(Result& result, const ActionView& action) {
  uint64_t& hash = result.debtor_hash[static_cast<size_t>(action.debtor)];
  hash = Mix(hash, action.time);
  hash = Mix(hash, action.state);
  hash = Mix(hash, action.action);
  hash = Mix(hash, action.attempt);
  for (size_t i = 0; i < action.with_count; ++i) hash = Mix(hash, action.with[i]);
  for (size_t sample = 0; sample < std::size(kSampleDebtors); ++sample) {
    if (action.debtor != kSampleDebtors[sample]) continue;
    std::string& text = result.sample_parts[sample];
    text += fmt::format("  debtor {} t={} state {} action {} attempt {} with [", action.debtor,
                                 (action.time - kStart) / kMinute, action.state, action.action, action.attempt);
    for (size_t i = 0; i < action.with_count; ++i) text += fmt::format("{}{}", i ? " " : "", action.with[i]);
    text += "]\n";
  }
}

// ---------------------------------------------------------------------------
// The engine, with JIT or interpreted code.
// ---------------------------------------------------------------------------

auto LowerOrDie(const std::string& path) -> cobro::flowir::Module {
  cobro::driver::DiskFileSystem files;
  cobro::driver::PipelineOptions options;
  options.stdlib_root = std::string(COBRO_SOURCE_DIR) + "/stdlib";
  options.analyze = false;
  cobro::driver::CheckResult result = cobro::driver::LoadAndCheck({path}, options, files);
  bool errors = result.io_error;
  for (const auto& diagnostic : result.diagnostics) errors |= diagnostic.severity == cobro::diag::Severity::Error;
  if (!result.diagnostics.empty()) std::cerr << cobro::diag::RenderConsole(result.diagnostics, result.sources, {});
  if (errors) {
    std::cerr << path << " does not check; the benchmark is broken\n";
    std::exit(1);
  }
  return cobro::lower::Lower(result.program, &result.sources);
}

auto SourcePath() -> std::string { return std::string(COBRO_SOURCE_DIR) + "/bench/flows/collections.cobro"; }

// The state indexes the hand-written machine uses; checked against the IR.
enum StateIndex : int32_t { kRemind, kNudge, kBot, kPromised, kDesk, kDone, kHold, kStates };

void CheckShape(const cobro::flowir::Module& module) {
  const char* const names[kStates] = {"remind", "nudge", "bot", "promised", "desk", "done", "hold"};
  const size_t actions[kStates] = {2, 1, 1, 1, 1, 0, 0};
  bool ok = module.flows.size() == 1 && module.flows[0].states.size() == kStates;
  for (int s = 0; ok && s < kStates; ++s) {
    ok = module.flows[0].states[static_cast<size_t>(s)].name == names[s] &&
         module.flows[0].states[static_cast<size_t>(s)].actions.size() == actions[s];
  }
  if (!ok) {
    std::cerr << "collections.cobro no longer has the shape flow_bench.cpp's hand-written machine assumes\n";
    std::exit(1);
  }
}

auto RunEngine(bool use_jit, const Input& input) -> Result {
  cobro::flowir::Module module = LowerOrDie(SourcePath());
  CheckShape(module);
  std::array<int32_t, kKinds> types{};
  for (int k = 0; k < kKinds; ++k) {
    types[static_cast<size_t>(k)] = -1;
    for (size_t e = 0; e < module.events.size(); ++e) {
      if (module.events[e].name == kEventNames[k]) types[static_cast<size_t>(k)] = static_cast<int32_t>(e);
    }
  }
  Result result;
  std::unique_ptr<cobro::jit::Jit> jit;
  std::vector<std::unique_ptr<cobro::runtime::FlowCode>> code;
  if (use_jit) {
    auto created = cobro::jit::Jit::Create({});
    if (!created) {
      std::cerr << "no JIT: " << created.error() << "\n";
      std::exit(1);
    }
    jit = std::move(*created);
    auto compiled = jit->Compile(module);
    if (!compiled) {
      std::cerr << "JIT compile failed: " << compiled.error() << "\n";
      std::exit(1);
    }
    result.summary.compile_ms = compiled->compile_milliseconds;
    code = cobro::jit::MakeCompiledFlows(*compiled);
  } else {
    code.push_back(cobro::runtime::MakeInterpretedFlow(module, 0));
  }
  result.summary.rss_before_kb = CurrentRssKb();
  cobro::runtime::Engine engine(module, std::move(code));
  int32_t profile = module.flows[0].profile;
  Value utc = engine.strings().Intern("UTC");
  for (size_t d = 0; d < input.debtors.size(); ++d) {
    const DebtorInput& debtor = input.debtors[d];
    engine.AddDebtor(fmt::format("d{}", d), profile, {debtor.balance, debtor.dpd, utc, debtor.optin}, nullptr);
  }

  auto start = Clock::now();
  for (size_t d = 0; d < input.debtors.size(); ++d) engine.Enroll(static_cast<int32_t>(d), 0, kStart);
  for (const InputEvent& event : input.events) {
    engine.PushEvent(event.debtor, types[event.kind], event.at,
                     std::vector<Value>(event.fields.begin(), event.fields.begin() + event.field_count));
  }
  engine.AdvanceTo(input.end);
  result.summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.summary.rss_after_kb = CurrentRssKb();
  result.summary.peak_kb = PeakRssKb();

  result.debtor_hash.assign(input.debtors.size(), 1469598103934665603ULL);
  for (const cobro::runtime::ActionRecord& action : engine.actions()) {
    AddAction(result, {action.time, action.debtor, action.state, action.action, action.attempt, action.with.data(),
                       action.with.size()});
  }
  result.summary.actions = static_cast<int64_t>(engine.actions().size());
  result.summary.transitions = static_cast<int64_t>(engine.transitions().size());
  result.summary.cases = static_cast<int64_t>(engine.cases().size());
  double bytes = static_cast<double>(engine.CaseBytes());
  for (const cobro::runtime::Case& a_case : engine.cases()) result.summary.finished += a_case.finished ? 1 : 0;
  result.summary.case_sizeof = sizeof(cobro::runtime::Case);
  result.summary.case_bytes = bytes / static_cast<double>(std::max<size_t>(engine.cases().size(), 1));
  return result;
}

// ---------------------------------------------------------------------------
// The hand-written state machine: the same flow, written directly. It
// follows the engine's rules (runtime/engine/engine.cpp): timers and retries
// due at or before an event fire first, in (time, case, sequence) order;
// `always` handlers before the state's; on entry, the actions in order (a
// guard per attempt), then the earliest timer; a retry due with the state's
// timer goes out first. History aggregates scan the debtor's own events, as
// the builtins do, but only the kinds the flow reads are kept.
// ---------------------------------------------------------------------------

class HandWritten {
 public:
  explicit HandWritten(const Input& input) : input_(input), debtors_(input.debtors.size()) {
    for (size_t d = 0; d < input.debtors.size(); ++d) {
      debtors_[d].balance = input.debtors[d].balance;
      debtors_[d].dpd = input.debtors[d].dpd;
      debtors_[d].optin = static_cast<uint16_t>(input.debtors[d].optin);
    }
  }

  void Run() {
    for (size_t d = 0; d < debtors_.size(); ++d) Enroll(static_cast<int32_t>(d), kStart);
    for (const InputEvent& event : input_.events) PushEvent(event);
    AdvanceTo(input_.end);
  }

  struct Action {
    int64_t time;
    int32_t debtor;
    int8_t state;
    int8_t action;
    int8_t attempt;
    int8_t with_count;
    std::array<Value, 2> with;
  };

  struct Case {
    int32_t debtor;
    int8_t state = -1;
    bool finished = false;
    std::array<int8_t, 2> attempts{};
    uint32_t epoch = 0;
    int64_t entered_at = 0;
    int64_t timer_due = INT64_MAX;
    std::array<int64_t, 2> retry_due{INT64_MAX, INT64_MAX};
    // The promise of `promised(p)`: when it was made, amount, due date.
    int64_t promise_at = 0;
    int64_t promise_amount = 0;
    int64_t promise_due = 0;
  };

  auto actions() const -> const std::vector<Action>& { return actions_; }
  auto cases() const -> const std::vector<Case>& { return cases_; }
  auto transitions() const -> int64_t { return transitions_; }
  auto wake_ups() const -> int64_t { return wake_count_; }

 private:
  struct Payment {
    int64_t at;
    int64_t amount;
  };
  struct Debtor {
    int64_t balance = 0;
    int64_t dpd = 0;
    uint16_t optin = 0;
    int32_t case_id = -1;
    bool pending = false;
    std::vector<Payment> payments;
    std::vector<int64_t> broken;  // Times of promise_broken.
  };
  struct WakeUp {
    int64_t due;
    int32_t case_id;
    uint64_t sequence;
    uint32_t epoch;
    auto operator>(const WakeUp& other) const -> bool {
      if (due != other.due) return due > other.due;
      if (case_id != other.case_id) return case_id > other.case_id;
      return sequence > other.sequence;
    }
  };

  static auto InWindow(int64_t at, int64_t now, int64_t window) -> bool { return at <= now && at > now - window; }

  auto CountPayments(const Debtor& d, int64_t now, int64_t window) const -> int64_t {
    int64_t count = 0;
    for (const Payment& payment : d.payments) count += InWindow(payment.at, now, window) ? 1 : 0;
    return count;
  }
  auto SumPayments(const Debtor& d, int64_t now, int64_t window) const -> int64_t {
    int64_t sum = 0;
    for (const Payment& payment : d.payments) sum += InWindow(payment.at, now, window) ? payment.amount : 0;
    return sum;
  }
  auto CountBroken(const Debtor& d, int64_t now, int64_t window) const -> int64_t {
    int64_t count = 0;
    for (int64_t at : d.broken) count += InWindow(at, now, window) ? 1 : 0;
    return count;
  }

  auto Risk(const Debtor& d, int64_t now) const -> int64_t {
    int64_t score = 600;
    if (d.dpd >= 0 && d.dpd < 30) score += 40;
    else if (d.dpd >= 30 && d.dpd < 60) score += 20;
    else if (d.dpd >= 90) score -= 30;
    int64_t payments = CountPayments(d, now, 90 * kDay);
    if (payments == 0) score -= 10;
    else if (payments >= 1 && payments <= 2) score += 15;
    else if (payments >= 3) score += 30;
    int64_t broken = CountBroken(d, now, 180 * kDay);
    if (broken == 0) score += 10;
    else if (broken == 1) score -= 5;
    else if (broken >= 2) score -= 25;
    if (d.balance < 500 * kMoney) score += 20;
    else if (d.balance < 2000 * kMoney) score += 5;
    else score -= 15;
    return score;
  }

  auto Ptp(const Debtor& d, int64_t now) const -> double {
    double x = static_cast<double>(Risk(d, now) - 620) / static_cast<double>(25);
    return 1.0 / (1.0 + std::exp(-x));
  }

  static auto Has(const Debtor& d, int channel) -> bool { return ((d.optin >> channel) & 1) != 0; }

  void Enroll(int32_t debtor, int64_t time) {
    AdvanceTo(time);
    debtors_[static_cast<size_t>(debtor)].pending = true;
    TryStart(debtor, time);
  }

  void TryStart(int32_t debtor, int64_t time) {
    Debtor& d = debtors_[static_cast<size_t>(debtor)];
    if (!(d.dpd >= 1 && d.balance > 20 * kMoney)) return;
    d.pending = false;
    Case a_case;
    a_case.debtor = debtor;
    cases_.push_back(a_case);
    d.case_id = static_cast<int32_t>(cases_.size() - 1);
    Enter(d.case_id, kRemind, time);
  }

  void Enter(int32_t case_id, int8_t state, int64_t time) {
    Case& c = cases_[static_cast<size_t>(case_id)];
    ++transitions_;
    c.state = state;
    c.entered_at = time;
    c.epoch += 1;
    c.timer_due = INT64_MAX;
    c.attempts = {0, 0};
    c.retry_due = {INT64_MAX, INT64_MAX};
    static constexpr int kActions[kStates] = {2, 1, 1, 1, 1, 0, 0};
    for (int a = 0; a < kActions[state]; ++a) Attempt(c, a, time);
    if (state == kDone || state == kHold) {
      c.finished = true;
      return;
    }
    switch (state) {
      case kRemind: c.timer_due = time + 3 * kDay; break;
      case kNudge: c.timer_due = time + 2 * kDay; break;
      case kBot: c.timer_due = time + 7 * kDay; break;
      case kPromised: c.timer_due = c.promise_due * kDay + kDay; break;  // p.due + 1d, UTC
      case kDesk: c.timer_due = time + 14 * kDay; break;
      default: break;
    }
    Schedule(case_id);
  }

  void Emit(const Case& c, int action, int attempt, int64_t time, std::initializer_list<Value> with) {
    Action record{time, c.debtor, c.state, static_cast<int8_t>(action), static_cast<int8_t>(attempt),
                  static_cast<int8_t>(with.size()), {0, 0}};
    std::copy(with.begin(), with.end(), record.with.begin());
    actions_.push_back(record);
  }

  void Attempt(Case& c, int action, int64_t time) {
    const Debtor& d = debtors_[static_cast<size_t>(c.debtor)];
    int attempt = ++c.attempts[static_cast<size_t>(action)];
    int retries = 1;
    switch (c.state) {
      case kRemind:
        if (action == 0) {
          if (Has(d, kChannelEmail)) Emit(c, 0, attempt, time, {d.balance});
        } else {
          if (Has(d, kChannelSms)) Emit(c, 1, attempt, time, {});
          retries = 3;
        }
        break;
      case kNudge:
        if (Has(d, kChannelWhatsapp)) Emit(c, 0, attempt, time, {Risk(d, time)});
        break;
      case kBot:
        Emit(c, 0, attempt, time, {d.balance});
        retries = 5;
        break;
      case kPromised: Emit(c, 0, attempt, time, {c.promise_amount, c.promise_due}); break;
      case kDesk: Emit(c, 0, attempt, time, {SumPayments(d, time, 90 * kDay), Risk(d, time)}); break;
      default: break;
    }
    c.retry_due[static_cast<size_t>(action)] = attempt < retries ? time + kDay : INT64_MAX;
  }

  void Schedule(int32_t case_id) {
    const Case& c = cases_[static_cast<size_t>(case_id)];
    int64_t due = std::min({c.timer_due, c.retry_due[0], c.retry_due[1]});
    if (due == INT64_MAX) return;
    wake_ups_.push({due, case_id, sequence_++, c.epoch});
  }

  void Wake(const WakeUp& wake_up) {
    Case& c = cases_[static_cast<size_t>(wake_up.case_id)];
    if (c.finished || c.epoch != wake_up.epoch) return;
    ++wake_count_;
    int64_t now = wake_up.due;
    for (int a = 0; a < 2; ++a) {
      if (c.retry_due[static_cast<size_t>(a)] == now) Attempt(c, a, now);
    }
    if (c.timer_due == now) {
      const Debtor& d = debtors_[static_cast<size_t>(c.debtor)];
      int8_t next = kDesk;
      switch (c.state) {
        case kRemind: next = kNudge; break;
        case kNudge: next = Ptp(d, now) >= 0.4 ? kBot : kDesk; break;
        case kBot: next = kDesk; break;
        case kPromised: {
          int64_t paid = 0;  // paid_since(p)
          for (const Payment& payment : d.payments) {
            if (payment.at >= c.promise_at && payment.at <= now) paid += payment.amount;
          }
          next = paid >= c.promise_amount ? kDone : kNudge;
          break;
        }
        case kDesk: next = kRemind; break;
        default: break;
      }
      Enter(wake_up.case_id, next, now);
      return;
    }
    c.epoch += 1;
    Schedule(wake_up.case_id);
  }

  void AdvanceTo(int64_t time) {
    while (!wake_ups_.empty() && wake_ups_.top().due <= time) {
      WakeUp wake_up = wake_ups_.top();
      wake_ups_.pop();
      Wake(wake_up);
    }
  }

  void PushEvent(const InputEvent& event) {
    AdvanceTo(event.at);
    Debtor& d = debtors_[static_cast<size_t>(event.debtor)];
    if (event.kind == kPayment) d.payments.push_back({event.at, event.fields[0]});
    if (event.kind == kPromiseBroken) d.broken.push_back(event.at);
    if (d.case_id >= 0 && !cases_[static_cast<size_t>(d.case_id)].finished) Handle(d.case_id, d, event);
    if (d.pending) TryStart(event.debtor, event.at);
  }

  void Handle(int32_t case_id, const Debtor& d, const InputEvent& event) {
    Case& c = cases_[static_cast<size_t>(case_id)];
    int64_t now = event.at;
    // always
    if (event.kind == kPayment && SumPayments(d, now, 365 * kDay) >= d.balance) return Enter(case_id, kDone, now);
    if (event.kind == kDispute) return Enter(case_id, kHold, now);
    auto promised = [&] {
      c.promise_at = event.at;
      c.promise_amount = event.fields[0];
      c.promise_due = event.fields[1];
      Enter(case_id, kPromised, now);
    };
    switch (c.state) {
      case kRemind:
        if (event.kind == kOpened && event.fields[0] == kChannelEmail) return Enter(case_id, kNudge, now);
        if (event.kind == kPromise) return promised();
        break;
      case kNudge:
      case kDesk:
        if (event.kind == kPromise) return promised();
        break;
      case kBot:
        if (event.kind == kConversation && (event.fields[0] == kChannelVoice || event.fields[0] == kChannelVoicebot)) {
          return Enter(case_id, kDesk, now);
        }
        if (event.kind == kPromise) return promised();
        break;
      case kPromised:
        if (event.kind == kPromiseBroken) {
          return Enter(case_id, CountBroken(d, now, 180 * kDay) >= 2 ? kDesk : kNudge, now);
        }
        break;
      default: break;
    }
  }

  const Input& input_;
  std::vector<Debtor> debtors_;
  std::vector<Case> cases_;
  std::priority_queue<WakeUp, std::vector<WakeUp>, std::greater<>> wake_ups_;
  uint64_t sequence_ = 0;
  std::vector<Action> actions_;
  int64_t transitions_ = 0;
  int64_t wake_count_ = 0;
};

auto RunHandWritten(const Input& input) -> Result {
  Result result;
  result.summary.rss_before_kb = CurrentRssKb();
  HandWritten machine(input);
  auto start = Clock::now();
  machine.Run();
  result.summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.summary.rss_after_kb = CurrentRssKb();
  result.summary.peak_kb = PeakRssKb();
  result.debtor_hash.assign(input.debtors.size(), 1469598103934665603ULL);
  for (const HandWritten::Action& action : machine.actions()) {
    AddAction(result, {action.time, action.debtor, action.state, action.action, action.attempt, action.with.data(),
                       static_cast<size_t>(action.with_count)});
  }
  result.summary.actions = static_cast<int64_t>(machine.actions().size());
  result.summary.transitions = machine.transitions();
  result.summary.wake_ups = machine.wake_ups();
  result.summary.cases = static_cast<int64_t>(machine.cases().size());
  for (const HandWritten::Case& a_case : machine.cases()) result.summary.finished += a_case.finished ? 1 : 0;
  result.summary.case_sizeof = sizeof(HandWritten::Case);
  result.summary.case_bytes = sizeof(HandWritten::Case);
  return result;
}

// ---------------------------------------------------------------------------
// Child processes and the report.
// ---------------------------------------------------------------------------

// Runs one variant in a child; false if it failed.
auto RunInChild(const std::string& variant, int32_t debtors, int32_t per_debtor, Result& result) -> bool {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return false;
  std::cout.flush();
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    Input input = Generate(debtors, per_debtor);
    Result run = variant == "cpp" ? RunHandWritten(input) : RunEngine(variant == "jit", input);
    for (const std::string& part : run.sample_parts) run.sample += part;
    WriteAll(pipe_fds[1], &run.summary, sizeof run.summary);
    uint64_t count = run.debtor_hash.size();
    WriteAll(pipe_fds[1], &count, sizeof count);
    WriteAll(pipe_fds[1], run.debtor_hash.data(), count * sizeof(uint64_t));
    uint64_t length = run.sample.size();
    WriteAll(pipe_fds[1], &length, sizeof length);
    WriteAll(pipe_fds[1], run.sample.data(), length);
    close(pipe_fds[1]);
    std::_Exit(0);
  }
  close(pipe_fds[1]);
  bool ok = ReadAll(pipe_fds[0], &result.summary, sizeof result.summary);
  uint64_t count = 0;
  ok = ok && ReadAll(pipe_fds[0], &count, sizeof count);
  if (ok) {
    result.debtor_hash.resize(count);
    ok = ReadAll(pipe_fds[0], result.debtor_hash.data(), count * sizeof(uint64_t));
  }
  uint64_t length = 0;
  ok = ok && ReadAll(pipe_fds[0], &length, sizeof length);
  if (ok) {
    result.sample.resize(length);
    ok = ReadAll(pipe_fds[0], result.sample.data(), length);
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  int32_t debtors = argc > 1 ? std::atoi(argv[1]) : 100'000;
  int32_t per_debtor = argc > 2 ? std::atoi(argv[2]) : 30;
  std::string which = argc > 3 ? argv[3] : "all";
  int rounds = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
  std::vector<std::string> variants;
  if (which == "all") variants = {"cpp", "jit", "interp"};
  else variants = {which};
  const char* const labels[] = {"hand-written C++", "engine + JIT", "engine + interpreter"};
  auto label = [&](const std::string& variant) {
    return variant == "cpp" ? labels[0] : variant == "jit" ? labels[1] : labels[2];
  };

  int64_t events = static_cast<int64_t>(debtors) * per_debtor;
  fmt::print("flow workload: collections.cobro, {} debtors, {} events (seed 20261124), each variant in its own "
             "process, best of {} rounds\n\n",
             debtors, events, rounds);
  // Rounds run the variants in turn, so that a change of load on a shared
  // machine hits all of them; each variant keeps its fastest round (the
  // outputs are the same in every round, the time is not).
  std::vector<Result> results(variants.size());
  std::vector<std::vector<double>> seconds(variants.size());
  for (int round = 0; round < rounds; ++round) {
    for (size_t v = 0; v < variants.size(); ++v) {
      Result result;
      if (!RunInChild(variants[v], debtors, per_debtor, result)) {
        std::cerr << variants[v] << " failed\n";
        return 1;
      }
      seconds[v].push_back(result.summary.seconds);
      if (round == 0) {
        results[v] = std::move(result);
      } else if (result.debtor_hash != results[v].debtor_hash) {
        std::cerr << variants[v] << " gave different actions in round " << round << "\n";
        return 1;
      }
    }
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    results[v].summary.seconds = *std::min_element(seconds[v].begin(), seconds[v].end());
  }

  fmt::print("{:<22} {:>8} {:>10} {:>9} {:>10} {:>11} {:>8} {:>9} {:>9} {:>9}\n", "variant", "seconds", "Mevents/s",
             "ns/event", "actions", "transitions", "cases", "peak MB", "run MB", "B/case");
  for (size_t v = 0; v < variants.size(); ++v) {
    const Summary& s = results[v].summary;
    std::string rate = events == 0 ? "-" : fmt::format("{:.2f}", static_cast<double>(events) / s.seconds / 1e6);
    std::string per_event = events == 0 ? "-" : fmt::format("{:.0f}", s.seconds * 1e9 / static_cast<double>(events));
    fmt::print("{:<22} {:>8.2f} {:>10} {:>9} {:>10} {:>11} {:>8} {:>9.0f} {:>9.0f} {:>9.0f}\n", label(variants[v]),
               s.seconds, rate, per_event, s.actions, s.transitions, s.cases, static_cast<double>(s.peak_kb) / 1024,
               static_cast<double>(s.rss_after_kb - s.rss_before_kb) / 1024, s.case_bytes);
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    if (variants[v] == "cpp") {
      fmt::print("timers and retries fired (counted by the hand-written machine): {}, besides the {} events\n",
                 results[v].summary.wake_ups, events);
    }
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    std::string all;
    for (double value : seconds[v]) all += fmt::format(" {:.2f}", value);
    fmt::print("{}: seconds in each round:{}\n", label(variants[v]), all);
  }
  std::string sizes;
  for (size_t v = 0; v < variants.size(); ++v) {
    sizes += fmt::format("{}{} {}", v ? ", " : "", label(variants[v]), results[v].summary.case_sizeof);
  }
  fmt::print("\npeak MB: the process's getrusage high-water mark (input included); run MB: resident growth over\n"
             "the run (engine, history, actions kept); B/case: sizeof of the case ({}) plus, in the\n"
             "engine, its action slots and state arguments (Engine::CaseBytes).\n",
             sizes);
  for (size_t v = 0; v < variants.size(); ++v) {
    double per_debtor = static_cast<double>(results[v].summary.rss_after_kb - results[v].summary.rss_before_kb) *
                        1024 / static_cast<double>(std::max(debtors, 1));
    fmt::print("{}: run MB per debtor {:.0f} bytes\n", label(variants[v]), per_debtor);
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    if (variants[v] == "jit") {
      fmt::print("JIT compile of collections.cobro: {:.1f} ms\n", results[v].summary.compile_ms);
    }
  }
  if (variants.size() < 2) return 0;

  bool agree = true;
  for (size_t v = 1; v < variants.size(); ++v) {
    const Summary& a = results[0].summary;
    const Summary& b = results[v].summary;
    size_t differing = 0;
    for (size_t d = 0; d < results[0].debtor_hash.size(); ++d) {
      differing += results[0].debtor_hash[d] != results[v].debtor_hash[d] ? 1 : 0;
    }
    bool same = a.actions == b.actions && a.transitions == b.transitions && a.cases == b.cases &&
                a.finished == b.finished && differing == 0 && results[0].sample == results[v].sample;
    fmt::print("{} vs {}: actions {} / {}, transitions {} / {}, finished cases {} / {}, debtors whose actions "
               "differ: {} -> {}\n",
               label(variants[0]), label(variants[v]), a.actions, b.actions, a.transitions, b.transitions, a.finished,
               b.finished, differing, same ? "same" : "DIFFERENT");
    if (results[0].sample != results[v].sample) {
      fmt::print("sample from {}:\n{}sample from {}:\n{}", label(variants[0]), results[0].sample, label(variants[v]),
                 results[v].sample);
    }
    agree &= same;
  }
  if (agree) {
    const std::string& sample = results[0].sample;
    std::string first = sample.substr(0, sample.find(fmt::format("  debtor {} ", kSampleDebtors[1])));
    fmt::print("\nthe same in all; the actions of debtor {} (t in minutes from the start):\n{}\n", kSampleDebtors[0],
               first);
  }

  double cpp = results[0].summary.seconds;
  for (size_t v = 1; v < variants.size(); ++v) {
    fmt::print("{} / hand-written C++ (time): {:.1f}{}\n", label(variants[v]), results[v].summary.seconds / cpp,
               variants[v] == "jit" ? "   (target <= 1.5)" : "");
  }
  if (variants.size() == 3) {
    fmt::print("engine + interpreter / engine + JIT (time): {:.2f}\n",
               results[2].summary.seconds / results[1].summary.seconds);
  }
  return agree ? 0 : 1;
}
