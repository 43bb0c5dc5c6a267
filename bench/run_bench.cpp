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

#include <date/tz.h>
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
#include <sstream>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_process.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/runtime_program.h"
#include "compiler/flowir/module.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/large_table.h"
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

namespace runtime = cobro::runtime;
namespace io = cobro::runtime::io;
using cobro::Channel;
using runtime::Value;
using Clock = std::chrono::steady_clock;

constexpr int64_t kSecond = 1'000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kMoney = cobro::flowir::kMoneyScale;
constexpr int64_t kNever = INT64_MAX;
// 2026-03-02 00:00 UTC; events fall over the next 56 days.
constexpr int64_t kStartDay = 20'514;
constexpr int64_t kDays = 56;
// Timers run this long after the last event (`--until +30d`).
constexpr int64_t kTail = 30 * kDay;

auto Seconds(Clock::time_point since) -> double { return std::chrono::duration<double>(Clock::now() - since).count(); }

// ---------------------------------------------------------------------------
// The workload: profiles as CSV, events as JSONL in time order. Shapes as in
// examples/champion_challenger/generate.py, with more events per debtor.
// ---------------------------------------------------------------------------

struct DebtorTruth {
  int64_t balance;  // Money units (1/10,000).
  int64_t dpd;
  uint16_t optin;   // Channel bits.
};

struct Workload {
  std::string csv;
  std::string jsonl;
  std::vector<DebtorTruth> debtors;
  std::vector<std::string> ids;
};

auto DebtorId(int64_t number) -> std::string { return fmt::format("CL-{:07}", number); }

void AppendDate(std::string& out, int64_t day) {
  // Civil date of `day` (days since 1970), Howard Hinnant's algorithm.
  int64_t z = day + 719'468;
  int64_t era = z / 146'097;
  int64_t doe = z - era * 146'097;
  int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", y, m, d);
}

void AppendInstant(std::string& out, int64_t ms) {
  int64_t seconds = ms / 1000;
  AppendDate(out, seconds / 86'400);
  int64_t in_day = seconds % 86'400;
  fmt::format_to(std::back_inserter(out), "T{:02}:{:02}:{:02}Z", in_day / 3600, in_day / 60 % 60, in_day % 60);
}

auto MoneyText(int64_t units) -> std::string {
  int64_t cents = units / 100;
  return fmt::format("{}.{:02}", cents / 100, cents % 100);
}

struct GeneratedEvent {
  int64_t at;
  int32_t debtor;
  uint32_t sequence;
  std::string line;
};

auto Generate(int64_t debtor_count, int64_t event_count) -> Workload {
  std::mt19937_64 random(20261123);
  auto uniform = [&](int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(random() % static_cast<uint64_t>(hi - lo + 1)); };
  auto chance = [&](double p) { return static_cast<double>(random() % 1'000'000) < p * 1'000'000; };
  Workload workload;
  workload.debtors.resize(static_cast<size_t>(debtor_count));
  workload.ids.resize(static_cast<size_t>(debtor_count));
  workload.csv = "id,balance,dpd,payment_link,tz,optin\n";
  static const int64_t kDpd[] = {0, 3, 5, 8, 12, 20, 35, 60};
  static const std::pair<const char*, double> kOptin[] = {
      {"email", 0.95}, {"sms", 0.8}, {"whatsapp", 0.6}, {"voice", 0.7}, {"voicebot", 0.4}};
  static const Channel kOptinChannel[] = {Channel::Email, Channel::Sms, Channel::Whatsapp, Channel::Voice,
                                          Channel::Voicebot};
  for (int64_t d = 0; d < debtor_count; ++d) {
    DebtorTruth& debtor = workload.debtors[static_cast<size_t>(d)];
    debtor.balance = uniform(50, 6000) * 100 * kMoney;  // 5.000 to 600.000 pesos.
    debtor.dpd = kDpd[random() % 8];
    std::string optin;
    for (size_t c = 0; c < std::size(kOptin); ++c) {
      if (!chance(kOptin[c].second)) continue;
      if (!optin.empty()) optin += '|';
      optin += kOptin[c].first;
      debtor.optin |= static_cast<uint16_t>(cobro::MaskOf(kOptinChannel[c]));
    }
    workload.ids[static_cast<size_t>(d)] = DebtorId(d + 1);
    fmt::format_to(std::back_inserter(workload.csv), "{},{},{},https://pago.example.cl/x/{:07},America/Santiago,{}\n",
                   workload.ids[static_cast<size_t>(d)], MoneyText(debtor.balance), debtor.dpd, d + 1, optin);
  }

  // Events: debtor count / event count per debtor on average, each at a
  // random minute of the 56 days (business hours in Santiago mostly), kinds
  // by fixed shares.
  std::vector<GeneratedEvent> events;
  events.reserve(static_cast<size_t>(event_count));
  static const char* const kMethods[] = {"webpay", "transferencia", "caja"};
  for (int64_t e = 0; e < event_count; ++e) {
    auto d = static_cast<int32_t>(random() % static_cast<uint64_t>(debtor_count));
    const DebtorTruth& debtor = workload.debtors[static_cast<size_t>(d)];
    int64_t day = kStartDay + uniform(0, kDays - 1);
    int64_t minute = chance(0.85) ? uniform(12 * 60, 22 * 60 - 1) : uniform(0, 24 * 60 - 1);
    int64_t at = day * kDay + minute * kMinute + uniform(0, 59) * kSecond;
    std::string line;
    line.reserve(160);
    line += R"({"debtor":")";
    line += workload.ids[static_cast<size_t>(d)];
    line += R"(","at":")";
    AppendInstant(line, at);
    line += R"(","event":")";
    int64_t roll = uniform(0, 999);
    if (roll < 240) {
      static const char* const kChannels[] = {"email", "sms", "whatsapp"};
      fmt::format_to(std::back_inserter(line), R"(contact.delivered","fields":{{"channel":"{}","template":"aviso"}}}})",
                     kChannels[random() % 3]);
    } else if (roll < 440) {
      fmt::format_to(std::back_inserter(line), R"(contact.opened","fields":{{"channel":"{}","template":"aviso"}}}})",
                     chance(0.6) ? "email" : "whatsapp");
    } else if (roll < 540) {
      fmt::format_to(std::back_inserter(line),
                     R"(contact.clicked","fields":{{"channel":"{}","template":"link_de_pago"}}}})",
                     chance(0.7) ? "whatsapp" : "email");
    } else if (roll < 600) {
      fmt::format_to(std::back_inserter(line),
                     R"(contact.attempt","fields":{{"channel":"{}","template":"llamada_manual"}}}})",
                     chance(0.8) ? "voice" : "sms");
    } else if (roll < 720) {
      int64_t amount = chance(0.6) ? debtor.balance : debtor.balance / 2;
      line += R"(promise","fields":{"amount":")";
      line += MoneyText(amount);
      line += R"(","due":")";
      AppendDate(line, day + uniform(3, 10));
      line += R"("}})";
    } else if (roll < 860) {
      int64_t share = uniform(0, 9);
      int64_t amount = share < 3 ? debtor.balance : share < 6 ? debtor.balance / 2 : debtor.balance / 4;
      fmt::format_to(std::back_inserter(line), R"(payment","fields":{{"amount":"{}","method":"{}","days_late":{}}}}})",
                     MoneyText(amount), kMethods[random() % 3], debtor.dpd + (day - kStartDay));
    } else if (roll < 900) {
      line += R"(contact.no_answer","fields":{"channel":"voice"}})";
    } else if (roll < 920) {
      fmt::format_to(std::back_inserter(line), R"(dispute","fields":{{"reason":"monto incorrecto","written":{}}}}})",
                     chance(0.5) ? "true" : "false");
    } else if (roll < 935) {
      fmt::format_to(std::back_inserter(line), R"(opt_out","fields":{{"channel":"{}"}}}})",
                     chance(0.7) ? "sms" : "whatsapp");
    } else if (roll < 940) {
      line += R"(served_in_suit"})";
    } else if (roll < 942) {
      line += R"(bankruptcy"})";
    } else {
      line += R"(contact.answered","fields":{"channel":"voice"}})";
    }
    line += '\n';
    events.push_back({at, d, static_cast<uint32_t>(e), std::move(line)});
  }
  std::sort(events.begin(), events.end(), [](const GeneratedEvent& a, const GeneratedEvent& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.debtor != b.debtor) return a.debtor < b.debtor;
    return a.sequence < b.sequence;
  });
  size_t bytes = 0;
  for (const GeneratedEvent& event : events) bytes += event.line.size();
  workload.jsonl.reserve(bytes);
  for (GeneratedEvent& event : events) {
    workload.jsonl += event.line;
    std::string().swap(event.line);
  }
  return workload;
}

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

auto EventIndex(const cobro::flowir::Module& module, std::string_view name) -> int32_t {
  for (size_t e = 0; e < module.events.size(); ++e) {
    if (module.events[e].name == name) return static_cast<int32_t>(e);
  }
  std::cerr << "no event `" << name << "` in the module\n";
  std::exit(1);
}

auto FlowIndex(const cobro::flowir::Module& module, std::string_view name) -> int32_t {
  for (size_t f = 0; f < module.flows.size(); ++f) {
    if (module.flows[f].name == name) return static_cast<int32_t>(f);
  }
  std::cerr << "no flow `" << name << "` in the module\n";
  std::exit(1);
}

auto StateIndex(const cobro::flowir::Module& module, int32_t flow, std::string_view name) -> int32_t {
  const auto& states = module.flows[static_cast<size_t>(flow)].states;
  for (size_t s = 0; s < states.size(); ++s) {
    if (states[s].name == name) return static_cast<int32_t>(s);
  }
  std::cerr << "no state `" << name << "` in flow " << module.flows[static_cast<size_t>(flow)].name << "\n";
  std::exit(1);
}

// ---------------------------------------------------------------------------
// What every run is checked by: per debtor, a hash of its actions.
// ---------------------------------------------------------------------------

constexpr uint64_t kHashSeed = 1469598103934665603ULL;

struct Counts {
  int64_t actions = 0;
  int64_t transitions = 0;
  int64_t deferrals = 0;
  int64_t blocks = 0;
  int64_t drops = 0;
  int64_t cases = 0;
  int64_t finished = 0;
};

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
// The parsed events, for the direct engine run and the hand-written machine.
// ---------------------------------------------------------------------------

struct ParsedEvent {
  int64_t at;
  int32_t debtor;
  int32_t type;
  int32_t field_count;
  std::array<Value, 3> fields;
  uint32_t id_offset;  // The debtor's id as the line wrote it, in ParsedIds::text.
  uint32_t id_size;
};

// The events' debtor ids in event order, as they come off the reader, and
// the index a hand-written program would look them up in.
struct ParsedIds {
  std::string text;
  std::unordered_map<std::string_view, int32_t> index;
};

// ---------------------------------------------------------------------------
// The hand-written machine: Champion and Challenger and the experiment, with
// the Ley 19.496 rules in the debtor's local time, following the engine's
// rules (runtime/engine/engine.cpp, guard.cpp): timers, retries and deferred
// contacts fire in (time, case, sequence) order from a binary heap, stale
// entries skipped by epoch; `always` handlers first; a retry due with the
// state's timer goes out first; a deferred contact is dropped when its case
// has left the state. It keeps only what the flows and the rules read:
// payments per debtor, its contacts, and when a suit or bankruptcy arrived.
// ---------------------------------------------------------------------------

// The states of both flows, numbered here; mapped to the module's indexes
// for the hashes.
enum HState : int8_t {
  kChEmail, kChSms, kChCalls, kChPromised, kChLate, kChDone, kChHold,
  kHaLink, kHaOpened, kHaFollowup, kHaBot, kHaLast, kHaPromised, kHaLate, kHaDone, kHaHold,
  kHStates
};

class HandWritten {
 public:
  struct Setup {
    const cobro::flowir::Module* module;
    int32_t champion;
    int32_t challenger;
    std::array<int32_t, kHStates> state_index;
    std::array<int32_t, kHStates> flow_of;
    int32_t payment, promise, clicked, attempt, dispute, suit, bankruptcy;
    const cobro::flowir::Experiment* experiment;
    const date::time_zone* zone;
    std::vector<uint8_t> holiday;  // By day from kHolidayBase: 1 when a holiday or not covered.
  };
  static constexpr int64_t kHolidayBase = kStartDay - 400;

  HandWritten(const Setup& setup, const std::vector<DebtorTruth>& truth, const std::vector<std::string>& ids)
      : setup_(setup), ids_(ids), debtors_(truth.size()), hashes_(truth.size(), kHashSeed) {
    for (size_t d = 0; d < truth.size(); ++d) {
      debtors_[d].balance = truth[d].balance;
      debtors_[d].dpd = truth[d].dpd;
      debtors_[d].optin = truth[d].optin;
    }
  }

  // With `ids`, each event's debtor is looked up by its id, as a program
  // reading the stream must; without, it comes resolved.
  void Run(const std::vector<ParsedEvent>& events, int64_t start, int64_t until, const ParsedIds* ids) {
    for (size_t d = 0; d < debtors_.size(); ++d) Enroll(static_cast<int32_t>(d), start);
    if (ids == nullptr) {
      for (const ParsedEvent& event : events) PushEvent(event);
    } else {
      for (ParsedEvent event : events) {
        auto found = ids->index.find(std::string_view(ids->text.data() + event.id_offset, event.id_size));
        if (found == ids->index.end()) std::abort();
        event.debtor = found->second;
        PushEvent(event);
      }
    }
    AdvanceTo(until);
  }

  struct Case {
    int64_t timer_due = kNever;
    std::array<int64_t, 2> retry_due{kNever, kNever};
    // The promise of `promised(p)`: when it was made, amount, due date.
    int64_t promise_at = 0;
    int64_t promise_amount = 0;
    int64_t promise_due = 0;
    int32_t debtor = -1;
    uint32_t epoch = 0;
    uint32_t visits = 0;
    std::array<int8_t, 2> attempts{};
    int8_t state = -1;
    bool finished = false;
  };

  auto counts() const -> Counts {
    Counts result = counts_;
    result.cases = static_cast<int64_t>(cases_.size());
    for (const Case& c : cases_) result.finished += c.finished ? 1 : 0;
    return result;
  }
  auto hashes() const -> const std::vector<uint64_t>& { return hashes_; }
  auto cases() const -> const cobro::runtime::LargeVector<Case>& { return cases_; }

 private:
  struct Payment {
    int64_t at;
    int64_t amount;
    int64_t days_late;
  };
  struct ContactAt {
    int64_t at;
    uint16_t mask;  // MaskOf(channel).
  };
  struct Debtor {
    int64_t balance = 0;
    int64_t dpd = 0;
    int64_t suit_at = kNever;
    int64_t bankrupt_at = kNever;
    uint16_t optin = 0;
    int32_t case_id = -1;
    bool challenger = false;
    bool pending = false;
    std::vector<Payment> payments;
    std::vector<ContactAt> contacts;
  };
  struct WakeUp {
    int64_t due;
    int64_t issued_at;
    uint64_t sequence;
    int32_t case_id;
    uint32_t epoch;  // The case's epoch; for a deferred contact, its visits.
    int8_t action;   // -1: timers and retries; else a deferred contact.
    int8_t attempt;
    auto operator>(const WakeUp& other) const -> bool {
      if (due != other.due) return due > other.due;
      if (case_id != other.case_id) return case_id > other.case_id;
      return sequence > other.sequence;
    }
  };
  enum class Kind : uint8_t { Send, Call, Assign };
  struct ActionSpec {
    Kind kind;
    Channel channel;
  };

  static constexpr uint16_t Mask(Channel channel) { return cobro::MaskOf(channel); }
  static constexpr uint16_t kCalls =
      cobro::MaskOf(Channel::Voice) | cobro::MaskOf(Channel::Voicebot) | cobro::MaskOf(Channel::Visit);
  static constexpr uint16_t kMessages = cobro::MaskOf(Channel::Email) | cobro::MaskOf(Channel::Sms) |
                                        cobro::MaskOf(Channel::Whatsapp) | cobro::MaskOf(Channel::Push) |
                                        cobro::MaskOf(Channel::Letter);

  static auto Actions(int8_t state) -> int {
    switch (state) {
      case kChEmail: case kChSms: case kChCalls: case kChLate: case kHaFollowup: case kHaBot: case kHaLast:
      case kHaLate: return 1;
      case kHaLink: return 2;
      default: return 0;
    }
  }
  static auto Spec(int8_t state, int action) -> ActionSpec {
    switch (state) {
      case kChEmail: return {Kind::Send, Channel::Email};
      case kChSms: return {Kind::Send, Channel::Sms};
      case kChCalls: return {Kind::Call, Channel::Voice};
      case kHaLink: return {Kind::Send, action == 0 ? Channel::Whatsapp : Channel::Email};
      case kHaFollowup: return {Kind::Send, Channel::Email};
      case kHaBot: return {Kind::Call, Channel::Voicebot};
      case kHaLast: return {Kind::Send, Channel::Whatsapp};
      default: return {Kind::Assign, Channel::Agent};
    }
  }
  static auto Terminal(int8_t state) -> bool {
    return state == kChLate || state == kChDone || state == kChHold || state == kHaLate || state == kHaDone ||
           state == kHaHold;
  }

  // Local time, "ms since 1970 as if UTC", with the current offset cached.
  auto ToLocal(int64_t instant) -> int64_t {
    if (instant < offset_begin_ || instant >= offset_end_) {
      using namespace std::chrono;
      date::sys_info info = setup_.zone->get_info(sys_time<milliseconds>{milliseconds{instant}});
      offset_begin_ = duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
      offset_end_ = duration_cast<milliseconds>(info.end.time_since_epoch()).count();
      offset_ = duration_cast<milliseconds>(info.offset).count();
    }
    return instant + offset_;
  }
  static auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
  auto LocalDay(int64_t instant) -> int64_t { return FloorDiv(ToLocal(instant), kDay); }
  // The instant of a local time (the earlier one when ambiguous).
  auto ToInstant(int64_t local) const -> int64_t {
    using namespace std::chrono;
    date::local_time<milliseconds> time{milliseconds{local}};
    date::local_info info = setup_.zone->get_info(date::floor<seconds>(time));
    return local - duration_cast<milliseconds>(info.first.offset).count();
  }
  static auto Weekday(int64_t day) -> int { return static_cast<int>(((day % 7) + 7 + 3) % 7); }  // 0 Monday
  auto Holiday(int64_t day) const -> bool {
    int64_t index = day - kHolidayBase;
    return index < 0 || index >= static_cast<int64_t>(setup_.holiday.size()) || setup_.holiday[static_cast<size_t>(index)] != 0;
  }

  // RiskScore(d) at `now`.
  auto Risk(const Debtor& d, int64_t now) -> int64_t {
    int64_t score = 500;
    if (d.dpd < 15) score += 40;
    else if (d.dpd < 30) score += 20;
    const Payment* last = nullptr;
    double weighted = 0;
    double weights = 0;
    constexpr double kHalfLife = static_cast<double>(90 * kDay);
    for (const Payment& payment : d.payments) {
      if (payment.at > now) continue;
      last = &payment;
      double weight = std::exp2(-static_cast<double>(now - payment.at) / kHalfLife);
      weighted += weight * static_cast<double>(payment.days_late);
      weights += weight;
    }
    int64_t days = last == nullptr ? 999 : LocalDay(now) - LocalDay(last->at);
    if (days <= 30) score += 30;
    else if (days <= 90) score += 10;
    else score -= 20;
    double ewma = weights > 0 ? weighted / weights : 0.0;
    if (ewma < 5.0) score += 20;
    else if (ewma >= 15.0) score -= 25;
    if (d.balance < 200'000 * kMoney) score += 15;
    else score -= 10;
    return score;
  }

  auto PaidSince(const Debtor& d, int64_t since, int64_t now) const -> int64_t {
    int64_t total = 0;
    for (const Payment& payment : d.payments) {
      if (payment.at >= since && payment.at <= now) total += payment.amount;
    }
    return total;
  }

  // One Ley 19.496 rule at `at`: holds, or defers to `next`, or blocks.
  struct Finding {
    bool holds = true;
    bool block = false;
    int64_t next = kNever;
  };

  auto Check(const Debtor& d, int rule, uint16_t channel, int64_t at) -> Finding {
    Finding finding;
    auto defer = [&](int64_t next) {
      finding.holds = false;
      finding.next = next;
    };
    switch (rule) {
      case 0:    // calls_visits_per_week: <= 1 per calendar week
      case 2: {  // messages_per_week: <= 2 per calendar week
        uint16_t members = rule == 0 ? kCalls : kMessages;
        if ((channel & members) == 0) break;
        int64_t day = LocalDay(at);
        int64_t first = day - Weekday(day);
        int64_t begin = ToInstant(first * kDay);
        int64_t count = 0;
        for (const ContactAt& contact : d.contacts) count += (contact.mask & members) != 0 && contact.at >= begin && contact.at <= at;
        if (count + 1 > (rule == 0 ? 1 : 2)) defer(ToInstant((first + 7) * kDay));
        break;
      }
      case 1:    // calls_visits_per_7d: <= 1 in any 7 days
      case 3: {  // messages_per_7d: <= 2 in any 7 days
        uint16_t members = rule == 1 ? kCalls : kMessages;
        int64_t max = rule == 1 ? 1 : 2;
        if ((channel & members) == 0) break;
        // Contacts are kept in time order: the newest inside the window first.
        int64_t count = 0;
        std::array<int64_t, 2> newest{};
        for (auto it = d.contacts.rbegin(); it != d.contacts.rend(); ++it) {
          if (it->at > at || (it->mask & members) == 0) continue;
          if (it->at <= at - 7 * kDay) break;
          if (count < 2) newest[static_cast<size_t>(count)] = it->at;
          ++count;
        }
        if (count + 1 > max) {
          // The contact that must leave the window: the (count+1-max)-th oldest.
          int64_t leaving = count + 1 - max;
          int64_t index_from_newest = count - leaving;  // 0 or 1
          int64_t instant = index_from_newest < 2 ? newest[static_cast<size_t>(index_from_newest)] : 0;
          if (index_from_newest >= 2) {
            int64_t seen = 0;
            for (auto it = d.contacts.rbegin(); it != d.contacts.rend(); ++it) {
              if (it->at > at || (it->mask & members) == 0) continue;
              if (seen++ == index_from_newest) {
                instant = it->at;
                break;
              }
            }
          }
          defer(instant + 7 * kDay);
        }
        break;
      }
      case 4: {  // messages_gap: 2d between messages
        if ((channel & kMessages) == 0) break;
        int64_t last = INT64_MIN;
        for (auto it = d.contacts.rbegin(); it != d.contacts.rend(); ++it) {
          if ((it->mask & kMessages) != 0 && it->at <= at) {
            last = it->at;
            break;
          }
        }
        if (last != INT64_MIN && at < last + 2 * kDay) defer(last + 2 * kDay);
        break;
      }
      case 5: {  // call_visit_days: not on Sundays or holidays
        if ((channel & kCalls) == 0) break;
        int64_t today = LocalDay(at);
        if (Weekday(today) == 6 || Holiday(today)) defer(ToInstant((today + 1) * kDay));
        break;
      }
      case 6: {  // call_visit_hours: mon-sat 08:00..20:00 local
        if ((channel & kCalls) == 0) break;
        auto allowed = [&](int64_t instant) {
          int64_t local = ToLocal(instant);
          int64_t day = FloorDiv(local, kDay);
          int64_t in_day = local - day * kDay;
          return !Holiday(day) && Weekday(day) <= 5 && in_day >= 8 * kHour && in_day < 20 * kHour;
        };
        if (allowed(at)) break;
        int64_t next = kNever;
        int64_t first_day = LocalDay(at);
        for (int64_t day = first_day; day < first_day + 15 && next == kNever; ++day) {
          int64_t begin = ToInstant(day * kDay + 8 * kHour);
          if (begin > at && allowed(begin)) next = begin;
        }
        defer(next);
        break;
      }
      case 7:  // stop_on_suit
        if (d.suit_at <= at) finding = {false, true, kNever};
        break;
      case 8:  // stop_on_insolvency
        if (d.bankrupt_at <= at) finding = {false, true, kNever};
        break;
      default: break;
    }
    return finding;
  }
  static constexpr int kRules = 9;

  enum class Verdict : uint8_t { Allow, Defer, Block };
  // Guard::Decide for the one policy: a block wins; else the first instant
  // at which every rule holds, within 400 days.
  auto Decide(const Debtor& d, Channel channel, int64_t now, int64_t& until) -> Verdict {
    uint16_t mask = Mask(channel);
    bool any = false;
    int64_t next = now;
    for (int rule = 0; rule < kRules; ++rule) {
      Finding finding = Check(d, rule, mask, now);
      if (finding.holds) continue;
      if (finding.block) return Verdict::Block;
      any = true;
      next = std::max(next, finding.next == kNever ? kNever : std::max(finding.next, now + 1));
    }
    if (!any) return Verdict::Allow;
    int64_t at = now;
    for (int round = 1; round < 64; ++round) {
      if (next == kNever || next > now + 400 * kDay) break;
      at = next;
      bool all_hold = true;
      for (int rule = 0; rule < kRules; ++rule) {
        Finding finding = Check(d, rule, mask, at);
        if (finding.holds || finding.block) continue;
        all_hold = false;
        next = std::max(next, finding.next == kNever ? kNever : std::max(finding.next, at + 1));
      }
      if (all_hold) {
        until = at;
        return Verdict::Defer;
      }
    }
    return Verdict::Block;
  }

  void Enroll(int32_t debtor, int64_t time) {
    AdvanceTo(time);
    Debtor& d = debtors_[static_cast<size_t>(debtor)];
    int32_t arm = cobro::flowir::AssignArm(*setup_.experiment, ids_[static_cast<size_t>(debtor)]);
    d.challenger = setup_.experiment->arms[static_cast<size_t>(arm)].flow == setup_.challenger;
    d.pending = true;
    TryStart(debtor, time);
  }

  void TryStart(int32_t debtor, int64_t time) {
    Debtor& d = debtors_[static_cast<size_t>(debtor)];
    if (!(d.dpd >= 5 && d.balance >= 10'000 * kMoney)) return;
    d.pending = false;
    Case a_case;
    a_case.debtor = debtor;
    cases_.push_back(a_case);
    d.case_id = static_cast<int32_t>(cases_.size() - 1);
    Enter(d.case_id, d.challenger ? kHaLink : kChEmail, time);
  }

  void Enter(int32_t case_id, int8_t state, int64_t time) {
    Case& c = cases_[static_cast<size_t>(case_id)];
    counts_.transitions += 1;
    c.state = state;
    c.epoch += 1;
    c.visits += 1;
    c.timer_due = kNever;
    c.attempts = {0, 0};
    c.retry_due = {kNever, kNever};
    for (int a = 0; a < Actions(state); ++a) Attempt(case_id, a, time);
    Case& current = cases_[static_cast<size_t>(case_id)];
    if (Terminal(state)) {
      current.finished = true;
      return;
    }
    int64_t due = kNever;
    switch (state) {
      case kChEmail: due = time + 3 * kDay; break;
      case kChSms: due = time + 4 * kDay; break;
      case kChCalls: due = time + 16 * kDay; break;
      case kHaLink: case kHaOpened: due = time + 3 * kDay; break;
      case kHaFollowup: case kHaLast: due = time + 5 * kDay; break;
      case kHaBot: due = time + 4 * kDay; break;
      case kChPromised: case kHaPromised:
        // p.due + 1d: the due date's local midnight, plus a day.
        due = ToInstant(current.promise_due * kDay) + kDay;
        break;
      default: break;
    }
    current.timer_due = std::max(due, time);
    Schedule(case_id);
  }

  void Attempt(int32_t case_id, int action, int64_t time) {
    Case& c = cases_[static_cast<size_t>(case_id)];
    const Debtor& d = debtors_[static_cast<size_t>(c.debtor)];
    int attempt = ++c.attempts[static_cast<size_t>(action)];
    bool go = true;
    switch (c.state) {
      case kChSms: go = (d.optin & Mask(Channel::Sms)) != 0; break;
      case kHaLink: go = ((d.optin & Mask(Channel::Whatsapp)) != 0) == (action == 0); break;
      case kHaLast: go = (d.optin & Mask(Channel::Whatsapp)) != 0; break;
      default: break;
    }
    if (go) {
      if (Spec(c.state, action).kind == Kind::Assign) {
        Send(case_id, action, attempt, time);
      } else {
        Contact(case_id, action, attempt, time, time);
      }
    }
    Case& current = cases_[static_cast<size_t>(case_id)];
    // agent_calls: `every 8d up to 2`; every other action goes once.
    current.retry_due[static_cast<size_t>(action)] = current.state == kChCalls && attempt < 2 ? time + 8 * kDay : kNever;
  }

  void Contact(int32_t case_id, int action, int attempt, int64_t issued_at, int64_t time) {
    const Case& c = cases_[static_cast<size_t>(case_id)];
    int64_t until = 0;
    Verdict verdict = Decide(debtors_[static_cast<size_t>(c.debtor)], Spec(c.state, action).channel, time, until);
    if (verdict == Verdict::Allow) {
      Send(case_id, action, attempt, time);
    } else if (verdict == Verdict::Defer) {
      counts_.deferrals += 1;
      wake_ups_.push({until, issued_at, sequence_++, case_id, c.visits, static_cast<int8_t>(action),
                      static_cast<int8_t>(attempt)});
    } else {
      counts_.blocks += 1;
    }
  }

  void Send(int32_t case_id, int action, int attempt, int64_t time) {
    const Case& c = cases_[static_cast<size_t>(case_id)];
    Debtor& d = debtors_[static_cast<size_t>(c.debtor)];
    ActionSpec spec = Spec(c.state, action);
    counts_.actions += 1;
    uint64_t& hash = hashes_[static_cast<size_t>(c.debtor)];
    hash = Mix(hash, time);
    hash = Mix(hash, setup_.flow_of[static_cast<size_t>(c.state)]);
    hash = Mix(hash, setup_.state_index[static_cast<size_t>(c.state)]);
    hash = Mix(hash, action);
    hash = Mix(hash, attempt);
    hash = Mix(hash, d.balance);  // monto
    if (c.state == kChCalls || c.state == kChLate || c.state == kHaLate) hash = Mix(hash, Risk(d, time));  // riesgo
    if (spec.kind != Kind::Assign) d.contacts.push_back({time, Mask(spec.channel)});
  }

  void Schedule(int32_t case_id) {
    const Case& c = cases_[static_cast<size_t>(case_id)];
    int64_t due = std::min({c.timer_due, c.retry_due[0], c.retry_due[1]});
    if (due == kNever) return;
    wake_ups_.push({due, 0, sequence_++, case_id, c.epoch, -1, 0});
  }

  void Wake(const WakeUp& wake_up) {
    Case& c = cases_[static_cast<size_t>(wake_up.case_id)];
    if (wake_up.action >= 0) {
      if (c.visits != wake_up.epoch) {
        counts_.drops += 1;
        return;
      }
      Contact(wake_up.case_id, wake_up.action, wake_up.attempt, wake_up.issued_at, wake_up.due);
      return;
    }
    if (c.finished || c.epoch != wake_up.epoch) return;
    int64_t now = wake_up.due;
    for (int a = 0; a < Actions(c.state); ++a) {
      if (cases_[static_cast<size_t>(wake_up.case_id)].retry_due[static_cast<size_t>(a)] == now) {
        Attempt(wake_up.case_id, a, now);
      }
    }
    Case& current = cases_[static_cast<size_t>(wake_up.case_id)];
    if (current.timer_due == now) {
      Debtor& d = debtors_[static_cast<size_t>(current.debtor)];
      int8_t next = kChLate;
      switch (current.state) {
        case kChEmail: next = kChSms; break;
        case kChSms: next = kChCalls; break;
        case kChCalls: next = kChLate; break;
        case kChPromised:
          next = PaidSince(d, current.promise_at, now) >= current.promise_amount ? kChDone : kChLate;
          break;
        case kHaLink: case kHaOpened: next = kHaFollowup; break;
        case kHaFollowup: next = Risk(d, now) < 520 ? kHaBot : kHaLast; break;
        case kHaBot: case kHaLast: next = kHaLate; break;
        case kHaPromised:
          next = PaidSince(d, current.promise_at, now) >= current.promise_amount ? kHaDone : kHaLate;
          break;
        default: break;
      }
      Enter(wake_up.case_id, next, now);
      return;
    }
    current.epoch += 1;
    Schedule(wake_up.case_id);
  }

  void AdvanceTo(int64_t time) {
    while (!wake_ups_.empty() && wake_ups_.top().due <= time) {
      WakeUp wake_up = wake_ups_.top();
      wake_ups_.pop();
      Wake(wake_up);
    }
  }

  void PushEvent(const ParsedEvent& event) {
    AdvanceTo(event.at);
    Debtor& d = debtors_[static_cast<size_t>(event.debtor)];
    const Setup& s = setup_;
    if (event.type == s.payment) d.payments.push_back({event.at, event.fields[0], event.fields[2]});
    else if (event.type == s.attempt && event.fields[0] >= 0 && event.fields[0] < cobro::kChannelCount) {
      d.contacts.push_back({event.at, Mask(static_cast<Channel>(event.fields[0]))});
    } else if (event.type == s.suit) d.suit_at = std::min(d.suit_at, event.at);
    else if (event.type == s.bankruptcy) d.bankrupt_at = std::min(d.bankrupt_at, event.at);
    if (d.case_id >= 0 && !cases_[static_cast<size_t>(d.case_id)].finished) Handle(d.case_id, d, event);
    if (d.pending) TryStart(event.debtor, event.at);
  }

  void Handle(int32_t case_id, const Debtor& d, const ParsedEvent& event) {
    Case& c = cases_[static_cast<size_t>(case_id)];
    const Setup& s = setup_;
    bool challenger = c.state >= kHaLink;
    int64_t now = event.at;
    // always
    if (event.type == s.payment && event.fields[0] >= d.balance) return Enter(case_id, challenger ? kHaDone : kChDone, now);
    if (event.type == s.dispute || event.type == s.suit || event.type == s.bankruptcy) {
      return Enter(case_id, challenger ? kHaHold : kChHold, now);
    }
    if (event.type == s.promise && c.state != kChPromised && c.state != kHaPromised) {
      c.promise_at = event.at;
      c.promise_amount = event.fields[0];
      c.promise_due = event.fields[1];
      return Enter(case_id, challenger ? kHaPromised : kChPromised, now);
    }
    if (event.type == s.clicked && c.state == kHaLink && event.fields[0] == static_cast<Value>(Channel::Whatsapp)) {
      return Enter(case_id, kHaOpened, now);
    }
  }

  const Setup& setup_;
  const std::vector<std::string>& ids_;
  // The engine's large-table storage (huge pages), so that the two differ
  // in what they do and not in how the memory is paged.
  cobro::runtime::LargeVector<Debtor> debtors_;
  cobro::runtime::LargeVector<Case> cases_;
  std::vector<uint64_t> hashes_;
  std::priority_queue<WakeUp, cobro::runtime::LargeVector<WakeUp>, std::greater<>> wake_ups_;
  uint64_t sequence_ = 0;
  Counts counts_;
  int64_t offset_begin_ = 1;
  int64_t offset_end_ = 0;
  int64_t offset_ = 0;
};

auto MakeSetup(const cobro::driver::RuntimeProgram& program) -> HandWritten::Setup {
  const cobro::flowir::Module& module = program.module;
  HandWritten::Setup setup{};
  setup.module = &module;
  setup.champion = FlowIndex(module, "Champion");
  setup.challenger = FlowIndex(module, "Challenger");
  const char* const names[kHStates] = {"email_notice", "sms_notice", "agent_calls", "promised", "late_stage", "done",
                                       "hold", "payment_link", "link_opened", "email_followup", "bot_call",
                                       "last_reminder", "promised", "late_stage", "done", "hold"};
  for (int s = 0; s < kHStates; ++s) {
    setup.flow_of[static_cast<size_t>(s)] = s < kHaLink ? setup.champion : setup.challenger;
    setup.state_index[static_cast<size_t>(s)] = StateIndex(module, setup.flow_of[static_cast<size_t>(s)], names[s]);
  }
  if (module.flows[static_cast<size_t>(setup.champion)].states.size() != 7 ||
      module.flows[static_cast<size_t>(setup.challenger)].states.size() != 9) {
    std::cerr << "champion_challenger/flow.cobro no longer has the shape run_bench.cpp's hand-written machine assumes\n";
    std::exit(1);
  }
  setup.payment = EventIndex(module, "payment");
  setup.promise = EventIndex(module, "promise");
  setup.clicked = EventIndex(module, "contact.clicked");
  setup.attempt = EventIndex(module, "contact.attempt");
  setup.dispute = EventIndex(module, "dispute");
  setup.suit = EventIndex(module, "served_in_suit");
  setup.bankruptcy = EventIndex(module, "bankruptcy");
  setup.experiment = nullptr;
  for (const cobro::flowir::Experiment& experiment : module.experiments) {
    if (experiment.name == "EarlyStageQ2") setup.experiment = &experiment;
  }
  if (setup.experiment == nullptr) {
    std::cerr << "no experiment EarlyStageQ2\n";
    std::exit(1);
  }
  setup.zone = date::locate_zone("America/Santiago");
  auto calendar = program.calendars.find("CL");
  setup.holiday.resize(1200);
  for (size_t i = 0; i < setup.holiday.size(); ++i) {
    auto day = static_cast<int32_t>(HandWritten::kHolidayBase + static_cast<int64_t>(i));
    date::year_month_day ymd{date::sys_days{date::days{day}}};
    bool covered = calendar != program.calendars.end() && calendar->second.Covers(static_cast<int32_t>(ymd.year()));
    setup.holiday[i] = !covered || calendar->second.Contains(cobro::CivilDate{day}) ? 1 : 0;
  }
  return setup;
}

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
  result.summary.case_sizeof = sizeof(HandWritten::Case);
  result.summary.case_bytes = static_cast<int64_t>(machine.cases().size() * sizeof(HandWritten::Case));
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
               static_cast<double>(direct.idle_case_bytes) / static_cast<double>(std::max<int64_t>(direct.idle_cases, 1)),
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
