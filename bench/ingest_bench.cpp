// Event input parsing (runtime/io): one million generated events (fixed
// seed) in memory, as JSONL and as CSV, read by EventReader from a memory
// Input in 1 MiB chunks, as `cobro run` reads a file. Prints events per
// second and MB per second for each, best of `rounds`. Target: well over
// 1M events/s for JSONL on one core.
//
//   ingest_bench [events] [rounds]

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/civil_time.h"
#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/io/event_reader.h"

namespace {

using cobro::flowir::Type;
namespace io = cobro::runtime::io;
using Clock = std::chrono::steady_clock;

// The std.events shapes the workload uses.
auto MakeModule() -> cobro::flowir::Module {
  cobro::flowir::Module module;
  module.events.push_back({"payment", 0, {{"amount", Type::Money}, {"method", Type::String}, {"days_late", Type::Int}}});
  module.events.push_back({"promise", 0, {{"amount", Type::Money}, {"due", Type::Date}}});
  module.events.push_back({"contact.attempt", 1, {{"channel", Type::Channel}, {"template", Type::String}}});
  module.events.push_back({"contact.opened", 1, {{"channel", Type::Channel}}});
  module.events.push_back({"opt_out", 1, {{"channel", Type::Channel}}});
  return module;
}

struct Workload {
  std::string jsonl;
  std::string csv;
};

// Debtors and times as a collections feed has them: 100k debtors, event
// times a few minutes apart with an offset, amounts with cents.
auto Generate(int64_t count) -> Workload {
  std::mt19937_64 random(42);
  Workload workload;
  workload.csv = "debtor,at,event,amount,method,days_late,due,channel,template\n";
  const char* const methods[] = {"card", "transfer", "cash", "direct_debit"};
  const char* const channels[] = {"email", "sms", "whatsapp", "voice"};
  int64_t at = 1'772'456'400;  // 2026-03-02T13:00:00Z
  for (int64_t i = 0; i < count; ++i) {
    at += static_cast<int64_t>(random() % 60);
    auto debtor = fmt::format("D-{}", random() % 100'000);
    auto seconds = at - 3 * 3600;  // Printed with a -03:00 offset.
    auto day = seconds / 86'400;
    auto in_day = seconds % 86'400;
    auto time = fmt::format("{}T{:02}:{:02}:{:02}-03:00", cobro::CivilDate{static_cast<int32_t>(day)}.ToString(),
                            in_day / 3600, in_day / 60 % 60, in_day % 60);
    switch (random() % 4) {
      case 0: {
        auto amount = fmt::format("{}.{:02}", random() % 2000, random() % 100);
        const char* method = methods[random() % 4];
        auto late = static_cast<int>(random() % 40) - 5;
        workload.jsonl += fmt::format(
            R"({{"debtor": "{}", "at": "{}", "event": "payment", "fields": {{"amount": "{}", "method": "{}", "days_late": {}}}}})",
            debtor, time, amount, method, late);
        workload.csv += fmt::format("{},{},payment,{},{},{},,,\n", debtor, time, amount, method, late);
        break;
      }
      case 1: {
        auto amount = fmt::format("{}.{:02}", random() % 2000, random() % 100);
        workload.jsonl += fmt::format(
            R"({{"debtor": "{}", "at": {}, "event": "promise", "fields": {{"amount": {}, "due": "2026-04-{:02}"}}}})",
            debtor, at, amount, 1 + random() % 28);
        workload.csv += fmt::format("{},{},promise,{},,,2026-04-{:02},,\n", debtor, at, amount, 1 + random() % 28);
        break;
      }
      case 2: {
        const char* channel = channels[random() % 4];
        workload.jsonl += fmt::format(
            R"({{"debtor": "{}", "at": "{}", "event": "contact.attempt", "fields": {{"channel": "{}", "template": "reminder_{}"}}}})",
            debtor, time, channel, random() % 5);
        workload.csv += fmt::format("{},{},contact.attempt,,,,,{},reminder_{}\n", debtor, time, channel, random() % 5);
        break;
      }
      default: {
        const char* channel = channels[random() % 4];
        workload.jsonl += fmt::format(
            R"({{"debtor": "{}", "at": "{}", "event": "contact.opened", "fields": {{"channel": "{}"}}}})", debtor, time,
            channel);
        workload.csv += fmt::format("{},{},contact.opened,,,,,{},\n", debtor, time, channel);
        break;
      }
    }
    workload.jsonl += '\n';
  }
  return workload;
}

// Reads every event of `text`; returns seconds, or -1 when a line fails
// (the workload has no bad lines, so that is a bug).
auto Read(const cobro::flowir::Module& module, const std::string& text, io::Format format, int64_t expected)
    -> double {
  cobro::runtime::StringPool strings(module);
  io::ValueArena arena;
  io::EventReader reader(module, strings, arena);
  auto start = Clock::now();
  if (auto error = reader.Open("bench", io::Input::Memory(text), format)) {
    fmt::print(stderr, "{}\n", error->message);
    return -1;
  }
  io::EventInput event;
  io::LineError error;
  int64_t count = 0;
  int64_t checksum = 0;
  while (true) {
    auto status = reader.Next(event, error);
    if (status == io::EventReader::Status::End) break;
    if (status == io::EventReader::Status::Error) {
      fmt::print(stderr, "line {}: {}\n", error.line, error.reason);
      return -1;
    }
    ++count;
    checksum += event.at + event.fields[0];
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (count != expected) {
    fmt::print(stderr, "read {} events, expected {}\n", count, expected);
    return -1;
  }
  // Keeps the loop's work observable.
  if (checksum == 42) fmt::print("");
  return seconds;
}

}  // namespace

auto main(int argc, char** argv) -> int {
  int64_t count = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  cobro::flowir::Module module = MakeModule();
  Workload workload = Generate(count);
  fmt::print("ingest_bench: {} events, best of {} rounds (target: JSONL well over 1M events/s)\n", count, rounds);
  for (auto [name, text, format] : {std::tuple{"jsonl", &workload.jsonl, io::Format::Jsonl},
                                    std::tuple{"csv", &workload.csv, io::Format::Csv}}) {
    double best = 1e300;
    for (int round = 0; round < rounds; ++round) {
      double seconds = Read(module, *text, format, count);
      if (seconds < 0) return 1;
      best = std::min(best, seconds);
    }
    fmt::print("  {:5}  {:7.1f} MB  {:6.0f} ms  {:5.2f} M events/s  {:6.0f} MB/s\n", name, text->size() / 1e6,
               best * 1e3, count / best / 1e6, text->size() / best / 1e6);
  }
  return 0;
}
