#include "bench/run_workload.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/channel.h"
#include "compiler/base/civil_time.h"

namespace cobro::bench::run {
namespace {

auto DebtorId(int64_t number) -> std::string { return fmt::format("CL-{:07}", number); }

void AppendDate(std::string& out, int64_t day) { out += CivilDate{static_cast<int32_t>(day)}.ToString(); }

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

}  // namespace

auto Generate(int64_t debtor_count, int64_t event_count) -> Workload {
  std::mt19937_64 random(20261123);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(random() % static_cast<uint64_t>(hi - lo + 1));
  };
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

}  // namespace cobro::bench::run
