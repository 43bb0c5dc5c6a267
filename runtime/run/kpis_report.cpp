// The simulation report: a text summary for people, JSON for tools. Both
// list every group in name order, so the same run prints the same bytes.

#include <cinttypes>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/io/time_text.h"
#include "runtime/run/kpis.h"

namespace cobro::runtime {

namespace {

// Money units (1/10,000) as a decimal with at least two places.
auto MoneyText(int64_t units) -> std::string {
  bool negative = units < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  uint64_t whole = magnitude / 10'000;
  uint64_t fraction = magnitude % 10'000;
  std::string digits = fmt::format("{:04}", fraction);
  while (digits.size() > 2 && digits.back() == '0') digits.pop_back();
  return fmt::format("{}{}.{}", negative ? "-" : "", whole, digits);
}

auto Percent(int64_t part, int64_t whole) -> std::string {
  if (whole == 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

auto Sum(const std::map<std::string, int64_t>& counts) -> int64_t {
  int64_t total = 0;
  for (const auto& [name, count] : counts) total += count;
  return total;
}

auto GroupJson(const KpiGroup& group) -> nlohmann::ordered_json {
  nlohmann::ordered_json json;
  json["debtors"] = group.debtors;
  nlohmann::ordered_json contacts = nlohmann::ordered_json::object();
  for (int c = 0; c < kChannelCount; ++c) {
    if (group.contacts[c] != 0) contacts[std::string(ChannelName(static_cast<Channel>(c)))] = group.contacts[c];
  }
  json["contacts"] = contacts;
  json["contacts_total"] = group.total_contacts();
  json["assignments"] = group.assignments;
  json["custom_actions"] = group.emits;
  json["deferred"] = group.deferred;
  json["blocked"] = group.blocked;
  json["dropped"] = group.dropped;
  json["promises"] = {{"made", group.promises},
                      {"kept", group.promises_kept},
                      {"broken", group.promises_broken},
                      {"open", group.promises - group.promises_kept - group.promises_broken}};
  json["payments"] = group.payments;
  json["recovered"] = MoneyText(group.recovered);
  json["cost"] = MoneyText(group.cost);
  return json;
}

void GroupRow(std::string& out, const std::string& name, const KpiGroup& group, bool debtors) {
  out += fmt::format("  {:<36} {:>8} {:>9} {:>12} {:>9} {:>9} {:>9} {:>14} {:>7}\n", name,
                     debtors ? std::to_string(group.debtors) : "", group.total_contacts(), MoneyText(group.cost),
                     Sum(group.deferred), Sum(group.blocked), group.payments, MoneyText(group.recovered),
                     Percent(group.promises_kept, group.promises));
}

}  // namespace

auto KpisText(const Kpis& kpis) -> std::string {
  const KpiGroup& all = kpis.overall;
  std::string out;
  out += fmt::format("Simulation from {} to {}\n", io::FormatDateTime(kpis.start), io::FormatDateTime(kpis.until));
  out += fmt::format("  {} debtors, {} cases, {} events\n\n", all.debtors, kpis.cases, kpis.events);
  out += "Contacts              count          cost\n";
  for (int c = 0; c < kChannelCount; ++c) {
    if (all.contacts[c] == 0) continue;
    out += fmt::format("  {:<16} {:>9} {:>13}\n", ChannelName(static_cast<Channel>(c)), all.contacts[c],
                       MoneyText(all.contacts[c] * kpis.prices[c]));
  }
  out += fmt::format("  {:<16} {:>9} {:>13}\n", "total", all.total_contacts(), MoneyText(all.cost));
  out += fmt::format("  assignments {}, custom actions {}\n\n", all.assignments, all.emits);
  out += "Guard\n";
  if (all.deferred.empty() && all.blocked.empty() && all.dropped == 0) out += "  every contact allowed\n";
  for (const auto& [rule, count] : all.deferred) out += fmt::format("  deferred by {:<40} {:>9}\n", rule, count);
  for (const auto& [rule, count] : all.blocked) out += fmt::format("  blocked by  {:<40} {:>9}\n", rule, count);
  if (all.dropped != 0) out += fmt::format("  {:<52} {:>9}\n", "deferred, then dropped (the case moved on)", all.dropped);
  out += "\nOutcomes\n";
  out += fmt::format("  promises made {}, kept {} ({}), broken {}, still open {}\n", all.promises, all.promises_kept,
                     Percent(all.promises_kept, all.promises), all.promises_broken,
                     all.promises - all.promises_kept - all.promises_broken);
  out += fmt::format("  payments {}, recovered {}\n", all.payments, MoneyText(all.recovered));
  if (all.recovered > 0) {
    out += fmt::format("  cost per 100.00 recovered: {}\n",
                       MoneyText(static_cast<int64_t>(static_cast<double>(all.cost) * 1e6 / static_cast<double>(all.recovered))));
  }
  std::string header = fmt::format("  {:<36} {:>8} {:>9} {:>12} {:>9} {:>9} {:>9} {:>14} {:>7}\n", "", "debtors",
                                   "contacts", "cost", "deferred", "blocked", "payments", "recovered", "kept");
  if (!kpis.by_arm.empty()) {
    out += "\nPer experiment arm\n" + header;
    for (const auto& [name, group] : kpis.by_arm) GroupRow(out, name, group, true);
  }
  out += "\nPer flow state\n" + header;
  for (const auto& [name, group] : kpis.by_state) GroupRow(out, name, group, false);
  out += "\nContacts per day (UTC)\n";
  for (const auto& [day, counts] : kpis.by_day) {
    std::string line = "  " + day;
    for (int c = 0; c < kChannelCount; ++c) {
      if (counts[c] != 0) line += fmt::format("  {} {}", ChannelName(static_cast<Channel>(c)), counts[c]);
    }
    out += line + "\n";
  }
  return out;
}

auto KpisJson(const Kpis& kpis) -> std::string {
  nlohmann::ordered_json json;
  json["start"] = io::FormatDateTime(kpis.start);
  json["until"] = io::FormatDateTime(kpis.until);
  json["events"] = kpis.events;
  json["cases"] = kpis.cases;
  nlohmann::ordered_json prices = nlohmann::ordered_json::object();
  for (int c = 0; c < kChannelCount; ++c) {
    if (kpis.prices[c] != 0) prices[std::string(ChannelName(static_cast<Channel>(c)))] = MoneyText(kpis.prices[c]);
  }
  json["prices"] = prices;
  json["overall"] = GroupJson(kpis.overall);
  nlohmann::ordered_json arms = nlohmann::ordered_json::object();
  for (const auto& [name, group] : kpis.by_arm) arms[name] = GroupJson(group);
  json["by_arm"] = arms;
  nlohmann::ordered_json states = nlohmann::ordered_json::object();
  for (const auto& [name, group] : kpis.by_state) states[name] = GroupJson(group);
  json["by_state"] = states;
  nlohmann::ordered_json days = nlohmann::ordered_json::object();
  for (const auto& [day, counts] : kpis.by_day) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (int c = 0; c < kChannelCount; ++c) {
      if (counts[c] != 0) row[std::string(ChannelName(static_cast<Channel>(c)))] = counts[c];
    }
    days[day] = row;
  }
  json["contacts_per_day"] = days;
  return json.dump(2) + "\n";
}

}  // namespace cobro::runtime
