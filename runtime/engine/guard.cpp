#include "runtime/engine/guard.h"

#include <date/tz.h>

#include <algorithm>

#include <fmt/format.h>

#include "runtime/interp/eval.h"

namespace cobro::runtime {

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNever = INT64_MAX;
// How far the guard looks for an instant at which every rule holds.
constexpr int64_t kHorizon = 400 * kDay;

auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// 0 Monday ... 6 Sunday, for days since 1970 (a Thursday).
auto Weekday(int64_t day) -> int { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

auto Ordinal(int64_t n) -> std::string {
  int64_t last_two = n % 100;
  const char* suffix = (last_two >= 11 && last_two <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

// The key of an event that holds its channel, or -1.
auto ChannelKey(const flowir::Event& event) -> int32_t {
  for (int32_t k = 0; k < event.key_count; ++k) {
    if (event.fields[static_cast<size_t>(k)].type == flowir::Type::Channel) return k;
  }
  return -1;
}

// Most rules are about some channels only; those hold for the others
// without a look at the calendar or the history.
auto MayConcern(const flowir::PolicyRule& rule, ChannelMask channel) -> bool {
  switch (rule.kind) {
    case flowir::RuleKind::Limit:
    case flowir::RuleKind::Quiet:
    case flowir::RuleKind::Window:
    case flowir::RuleKind::Forbid:
    case flowir::RuleKind::Gap:
    case flowir::RuleKind::Consent: return (rule.channels & channel) != 0;
    default: return true;
  }
}

auto Timestamp(int64_t instant) -> std::string {
  using namespace std::chrono;
  return date::format("%Y-%m-%dT%H:%MZ", sys_time<milliseconds>{milliseconds{instant}});
}

}  // namespace

auto VerdictName(Verdict verdict) -> const char* {
  switch (verdict) {
    case Verdict::Allow: return "allow";
    case Verdict::Defer: return "defer";
    case Verdict::Block: return "block";
    case Verdict::Drop: return "drop";
  }
  return "?";
}

// One rule's view of a contact at one instant.
struct Guard::Finding {
  bool holds = true;
  Verdict verdict = Verdict::Allow;
  int64_t next = kNever;  // Defer: the earliest later instant the rule may hold.
};

Guard::Guard(const flowir::Module& module, std::function<const HolidayCalendar*(std::string_view)> calendars)
    : module_(module),
      calendar_of_policy_(module.policies.size(), nullptr) {
  for (size_t p = 0; p < module.policies.size(); ++p) {
    const std::string& code = module.policies[p].calendar;
    if (!code.empty()) calendar_of_policy_[p] = calendars(code);
  }
  for (size_t i = 0; i < module.events.size(); ++i) {
    const std::string& name = module.events[i].name;
    auto index = static_cast<int32_t>(i);
    if (name == "contact.attempt") contact_attempt_ = index;
    if (name == "contact.conversation") conversation_ = index;
    if (name == "consent") consent_ = index;
    if (name == "opt_out") opt_out_ = index;
  }
  rules_for_channel_.resize(module.policies.size() * kChannelCount);
  for (size_t p = 0; p < module.policies.size(); ++p) {
    const std::vector<flowir::PolicyRule>& rules = module.policies[p].rules;
    for (int c = 0; c < kChannelCount; ++c) {
      for (size_t r = 0; r < rules.size(); ++r) {
        if (MayConcern(rules[r], MaskOf(static_cast<Channel>(c)))) {
          rules_for_channel_[p * kChannelCount + static_cast<size_t>(c)].push_back(static_cast<int32_t>(r));
        }
      }
    }
  }
}

auto Guard::Demand() const -> HistoryDemand {
  HistoryDemand demand;
  for (const flowir::Policy& policy : module_.policies) {
    for (const flowir::PolicyRule& rule : policy.rules) {
      demand.Add(rule.trigger_event);
      demand.Add(rule.until_event);
    }
  }
  demand.Add(conversation_);
  demand.Add(consent_);
  demand.Add(opt_out_);
  return demand;
}

auto Guard::LocalDay(const void* zone, int64_t instant) const -> int64_t {
  return FloorDiv(clock_.ToLocal(zone, instant), kDay);
}

// The local calendar bucket (day, week from Monday, month) holding `instant`.
auto Guard::Bucket(const void* zone, flowir::WindowKind kind, int64_t instant) const -> std::pair<int64_t, int64_t> {
  int64_t day = LocalDay(zone, instant);
  int64_t first = day;
  int64_t last = day + 1;
  if (kind == flowir::WindowKind::CalendarWeek) {
    first = day - Weekday(day);
    last = first + 7;
  } else if (kind == flowir::WindowKind::CalendarMonth) {
    date::year_month_day ymd{date::sys_days{date::days{day}}};
    date::sys_days start{ymd.year() / ymd.month() / 1};
    date::sys_days end{(ymd.year() / ymd.month() + date::months{1}) / 1};
    first = start.time_since_epoch().count();
    last = end.time_since_epoch().count();
  }
  return {clock_.ToInstant(zone, first * kDay), clock_.ToInstant(zone, last * kDay)};
}

auto Guard::Check(const GuardRequest& request, EvalContext& context, int32_t policy_index, int32_t rule_index,
                  int64_t at, int64_t today, std::string* detail) const -> Finding {
  const flowir::Policy& policy = module_.policies[policy_index];
  const flowir::PolicyRule& rule = policy.rules[rule_index];
  const void* zone = request.zones.empty() ? nullptr : request.zones.front();
  Finding finding;
  ChannelMask channel = MaskOf(request.channel);
  if (today < rule.effective_from || today > rule.effective_to) return finding;
  const HolidayCalendar* calendar = calendar_of_policy_[static_cast<size_t>(policy_index)];
  // A day the calendar does not cover (a year it does not list, or no
  // calendar at all) may be a holiday: it is taken as one, so a rule about
  // holidays holds the contact back instead of allowing it by default.
  auto covered = [&](int64_t day) {
    if (calendar == nullptr) return false;
    date::year_month_day ymd{date::sys_days{date::days{day}}};
    return calendar->Covers(static_cast<int32_t>(ymd.year()));
  };
  auto is_holiday = [&](int64_t day) {
    return !covered(day) || calendar->Contains(CivilDate{static_cast<int32_t>(day)});
  };
  auto holiday_detail = [&](int64_t day) -> std::string {
    if (covered(day)) return "no contact on public holidays";
    std::string date = CivilDate{static_cast<int32_t>(day)}.ToString();
    return calendar == nullptr
               ? fmt::format("there is no holiday calendar \"{}\", so {} may be a public holiday", policy.calendar, date)
               : fmt::format("the holiday calendar \"{}\" does not cover {}, so it may be a public holiday",
                             policy.calendar, date);
  };
  auto event_channel = [&](const EventRecord* event, int32_t key) -> int64_t {
    return key >= 0 && key < event->field_count ? event->fields[key] : -1;
  };
  // Visits the rule's triggers at or before `at` whose guard holds, until
  // `visit(at, channel, event)` returns false: its events, and for
  // `contact.attempt` also the flows' own contacts, which the pattern
  // matches too (language.md 7.3). Outside contacts are already events. An
  // own contact has no event record for a `when` to read, so a rule with a
  // guard sees only the events. `channel` is -1 when the trigger has none;
  // `event` is null for an own contact.
  auto may_have = [&](int32_t type) { return type >= 0 && (request.history_types & HistoryTypeBit(type)) != 0; };
  auto for_each_trigger = [&](auto&& visit) {
    if (rule.trigger_event < 0) return;
    for (const EventRecord* event : may_have(rule.trigger_event) ? request.history : decltype(request.history){}) {
      if (event->type != rule.trigger_event || event->at > at) continue;
      int64_t key = event_channel(event, rule.trigger_channel_key);
      if (rule.trigger_channel_key >= 0 && (key < 0 || ((rule.trigger_channels >> key) & 1) == 0)) continue;
      if (rule.trigger_guard.has_value()) {
        locals_.assign(static_cast<size_t>(rule.trigger_locals), 0);
        locals_[0] = HandleOf(event);
        int64_t saved = context.now;
        context.now = event->at;
        bool holds = interp::Evaluate(module_, rule.trigger_guard, locals_.data(), context) != 0;
        context.now = saved;
        if (!holds) continue;
      }
      if (!visit(event->at, key, event)) return;
    }
    if (rule.trigger_own_contacts && !rule.trigger_guard.has_value()) {
      for (const ContactRecord& contact : request.contacts) {
        if (contact.case_id < 0 || contact.at > at || (MaskOf(contact.channel) & rule.trigger_channels) == 0) continue;
        if (!visit(contact.at, static_cast<int64_t>(contact.channel), static_cast<const EventRecord*>(nullptr))) return;
      }
    }
  };
  auto trigger_name = [&]() { return module_.events[rule.trigger_event].name; };
  auto channel_name = [&]() { return fmt::format("`{}`", ChannelName(request.channel)); };
  // `explain` formats the detail, only when the caller asked for it.
  auto defer = [&](int64_t next, auto&& explain) {
    finding.holds = false;
    finding.verdict = Verdict::Defer;
    finding.next = next;
    if (detail != nullptr) *detail = explain();
  };
  auto block = [&](auto&& explain) {
    finding.holds = false;
    finding.verdict = Verdict::Block;
    if (detail != nullptr) *detail = explain();
  };

  switch (rule.kind) {
    case flowir::RuleKind::Limit: {
      // The instants that count: conversations, or contacts (ours and
      // others'), per debt or per debtor.
      std::vector<int64_t>& counted = counted_;
      counted.clear();
      if (rule.conversations) {
        for (const EventRecord* event : may_have(conversation_) ? request.history : decltype(request.history){}) {
          int64_t key = event_channel(event, 0);
          if (event->type == conversation_ && key >= 0 && ((rule.channels >> key) & 1) != 0) counted.push_back(event->at);
        }
      } else {
        for (const ContactRecord& contact : request.contacts) {
          if ((MaskOf(contact.channel) & rule.channels) == 0) continue;
          if (rule.per_debt && contact.case_id >= 0 && contact.case_id != request.case_id) continue;
          counted.push_back(contact.at);
        }
      }
      // Histories arrive in time order; sorting is for callers that did not.
      if (!std::is_sorted(counted.begin(), counted.end())) std::sort(counted.begin(), counted.end());
      auto over = [&](int64_t count, const std::string& window) {
        return fmt::format("{} {} contact in {} (limit {})", Ordinal(count + 1), channel_name(), window, rule.max);
      };
      if (rule.window == flowir::WindowKind::Rolling) {
        // A window (at - W, at]: instants exactly W before do not count.
        auto first = std::upper_bound(counted.begin(), counted.end(), at - rule.window_ms);
        auto last = std::upper_bound(first, counted.end(), at);
        auto count = static_cast<int64_t>(last - first);
        if (count + 1 > rule.max) {
          int64_t leaving = count + 1 - std::max<int64_t>(rule.max, 0);
          int64_t next = leaving <= count ? *(first + (leaving - 1)) + rule.window_ms : kNever;
          defer(next, [&] { return over(count, Duration{rule.window_ms}.ToString()); });
        }
      } else if (rule.window == flowir::WindowKind::ConsecutiveDays) {
        // The most contacts in any run of N local days that ends today or
        // later; only instants of the last N days can be in one.
        std::vector<int64_t>& days = counted_days_;
        days.clear();
        for (int64_t instant : counted) {
          if (instant > at) continue;
          int64_t day = LocalDay(zone, instant);
          if (day >= today - rule.window_days + 1) days.push_back(day);
        }
        int64_t worst = 0;
        for (int64_t first = today - rule.window_days + 1; first <= today; ++first) {
          int64_t count = 0;
          for (int64_t day : days) count += day >= first && day < first + rule.window_days ? 1 : 0;
          worst = std::max(worst, count);
        }
        if (worst + 1 > rule.max) {
          defer(clock_.ToInstant(zone, (today + 1) * kDay),
                [&] { return over(worst, std::to_string(rule.window_days) + " consecutive days"); });
        }
      } else {
        auto [begin, end] = Bucket(zone, rule.window, at);
        int64_t count = 0;
        for (int64_t instant : counted) count += instant >= begin && instant <= at ? 1 : 0;
        const char* name = rule.window == flowir::WindowKind::CalendarDay    ? "one calendar day"
                           : rule.window == flowir::WindowKind::CalendarWeek ? "one calendar week"
                                                                              : "one calendar month";
        if (count + 1 > rule.max) defer(end, [&] { return over(count, name); });
      }
      break;
    }
    case flowir::RuleKind::Quiet: {
      int64_t until = INT64_MIN;
      for_each_trigger([&](int64_t trigger_at, int64_t, const EventRecord*) {
        if (at < trigger_at + rule.length_ms) until = std::max(until, trigger_at + rule.length_ms);
        return true;
      });
      if (until != INT64_MIN) {
        defer(until, [&] {
          return fmt::format("{} is quiet for {} after `{}` at {}", channel_name(), Duration{rule.length_ms}.ToString(),
                             trigger_name(), Timestamp(until - rule.length_ms));
        });
      }
      break;
    }
    case flowir::RuleKind::OneChannel: {
      // Triggers in the current window with a channel other than this one.
      int64_t begin = at - rule.window_ms;
      int64_t end = kNever;
      if (rule.window != flowir::WindowKind::Rolling) std::tie(begin, end) = Bucket(zone, rule.window, at);
      int64_t latest_other = INT64_MIN;
      int64_t other = -1;
      for_each_trigger([&](int64_t instant, int64_t channel_index, const EventRecord*) {
        bool in_window = rule.window == flowir::WindowKind::Rolling ? instant > begin && instant <= at
                                                                     : instant >= begin && instant <= at;
        if (!in_window || channel_index < 0 || channel_index == static_cast<int64_t>(request.channel)) return true;
        if (((rule.trigger_channels >> channel_index) & 1) == 0) return true;
        if (instant > latest_other) {
          latest_other = instant;
          other = channel_index;
        }
        return true;
      });
      if (latest_other != INT64_MIN) {
        int64_t next = rule.window == flowir::WindowKind::Rolling ? latest_other + rule.window_ms : end;
        defer(next, [&] {
          return fmt::format("`{}` was used at {}; one channel per window", ChannelName(static_cast<Channel>(other)),
                             Timestamp(latest_other));
        });
      }
      break;
    }
    case flowir::RuleKind::Window: {
      if (rule.schedule.empty()) break;
      // Every candidate zone must allow the instant.
      const void* const utc = nullptr;
      std::span<const void* const> zones = request.zones.empty() ? std::span<const void* const>(&utc, 1) : request.zones;
      for (const void* candidate : zones) {
        auto allowed_at = [&](int64_t instant) {
          int64_t local = clock_.ToLocal(candidate, instant);
          int64_t day = FloorDiv(local, kDay);
          auto seconds = static_cast<int32_t>((local - day * kDay) / 1000);
          bool holiday = is_holiday(day);
          for (const flowir::ScheduleItem& item : rule.schedule) {
            bool every_day = item.days == 0xFF || item.days == 0x7F;
            bool day_matches = holiday ? (item.days & flowir::kHolidayBit) != 0 || item.days == 0xFF
                                       : ((item.days >> Weekday(day)) & 1) != 0 || every_day;
            if (day_matches && seconds >= item.begin && seconds < item.end) return true;
          }
          return false;
        };
        if (allowed_at(at)) continue;
        // The next start of an allowed range in this zone.
        int64_t next = kNever;
        int64_t first_day = LocalDay(candidate, at);
        for (int64_t day = first_day; day < first_day + 15 && next == kNever; ++day) {
          for (const flowir::ScheduleItem& item : rule.schedule) {
            int64_t start = clock_.ToInstant(candidate, day * kDay + int64_t{item.begin} * 1000);
            if (start > at && allowed_at(start)) next = std::min(next, start);
          }
        }
        defer(next, [&] {
          int64_t local = clock_.ToLocal(candidate, at);
          int64_t seconds = (local - FloorDiv(local, kDay) * kDay) / 1000;
          return fmt::format("{:02}:{:02} local time is outside the contact hours", seconds / 3600, seconds / 60 % 60);
        });
        break;
      }
      break;
    }
    case flowir::RuleKind::Forbid: {
      if (rule.days == 0) {
        block([&] { return fmt::format("{} is forbidden", channel_name()); });
        break;
      }
      bool on_holiday = (rule.days & flowir::kHolidayBit) != 0 && is_holiday(today);
      if (((rule.days >> Weekday(today)) & 1) != 0) {
        defer(clock_.ToInstant(zone, (today + 1) * kDay), [] { return std::string("no contact on this day of the week"); });
      } else if (on_holiday) {
        defer(clock_.ToInstant(zone, (today + 1) * kDay), [&] { return holiday_detail(today); });
      }
      break;
    }
    case flowir::RuleKind::ForbidAfter: {
      int32_t until_key = rule.until_event >= 0 ? ChannelKey(module_.events[rule.until_event]) : -1;
      for_each_trigger([&](int64_t trigger_at, int64_t trigger_channel, const EventRecord*) {
        if (rule.length_ms > 0 && at >= trigger_at + rule.length_ms) return true;
        bool ended = false;
        for (const EventRecord* later : may_have(rule.until_event) ? request.history : decltype(request.history){}) {
          if (later->type != rule.until_event || later->at <= trigger_at || later->at > at) continue;
          int64_t key = event_channel(later, until_key);
          if (until_key < 0 || (key >= 0 && ((rule.until_channels >> key) & 1) != 0)) ended = true;
        }
        if (ended) return true;
        ChannelMask forbidden = rule.channels;
        if (rule.channels_bound && trigger_channel >= 0) forbidden |= MaskOf(static_cast<Channel>(trigger_channel));
        forbidden &= static_cast<ChannelMask>(~rule.except);
        if ((forbidden & channel) == 0) return true;
        block([&] {
          return fmt::format("{} is forbidden after `{}` at {}", channel_name(), trigger_name(), Timestamp(trigger_at));
        });
        return false;
      });
      break;
    }
    case flowir::RuleKind::Gap: {
      int64_t last = INT64_MIN;
      for (const ContactRecord& contact : request.contacts) {
        if ((MaskOf(contact.channel) & rule.channels) != 0 && contact.at <= at) last = std::max(last, contact.at);
      }
      if (last != INT64_MIN && at < last + rule.length_ms) {
        defer(last + rule.length_ms, [&] {
          return fmt::format("the last contact was {} ago; {} must pass", Duration{at - last}.ToString(),
                             Duration{rule.length_ms}.ToString());
        });
      }
      break;
    }
    case flowir::RuleKind::Consent: {
      bool consented = false;
      for (const EventRecord* event :
           may_have(consent_) || may_have(opt_out_) ? request.history : decltype(request.history){}) {
        if (event->at > at || event->field_count < 1 || event->fields[0] != static_cast<Value>(request.channel)) continue;
        if (event->type == consent_) consented = true;
        if (event->type == opt_out_) consented = false;
      }
      if (!consented) block([&] { return fmt::format("no consent for {}", channel_name()); });
      break;
    }
    default: break;
  }
  return finding;
}

auto Guard::Decide(const GuardRequest& request, EvalContext& context, bool explain) const -> GuardDecision {
  GuardDecision decision;
  int32_t first_policy = -1;
  int32_t first_rule = -1;
  std::string first_detail;
  std::string detail;
  const void* zone = request.zones.empty() ? nullptr : request.zones.front();
  int64_t today = LocalDay(zone, request.now);
  for (int32_t policy : request.policies) {
    for (int32_t r : RulesFor(policy, request.channel)) {
      Finding finding = Check(request, context, policy, r, request.now, today, explain ? &detail : nullptr);
      if (finding.holds) continue;
      if (finding.verdict == Verdict::Block) {
        decision.verdict = Verdict::Block;
        decision.policy = policy;
        decision.rule = r;
        decision.detail = std::move(detail);
        return decision;
      }
      if (first_policy < 0) {
        first_policy = policy;
        first_rule = r;
        first_detail = std::move(detail);
      }
    }
  }
  if (first_policy < 0) return decision;
  // The first instant at which every rule holds: move to the latest "not
  // before" any failing rule names, and check again.
  int64_t at = request.now;
  for (int round = 0; round < 64; ++round) {
    int64_t next = at;
    bool all_hold = true;
    today = LocalDay(zone, at);
    for (int32_t policy : request.policies) {
      for (int32_t r : RulesFor(policy, request.channel)) {
        Finding finding = Check(request, context, policy, r, at, today, nullptr);
        if (finding.holds || finding.verdict == Verdict::Block) continue;
        all_hold = false;
        next = std::max(next, finding.next == kNever ? kNever : std::max(finding.next, at + 1));
      }
    }
    if (all_hold) {
      decision.verdict = Verdict::Defer;
      decision.until = at;
      decision.policy = first_policy;
      decision.rule = first_rule;
      decision.detail = first_detail;
      return decision;
    }
    if (next == kNever || next > request.now + kHorizon) break;
    at = next;
  }
  decision.verdict = Verdict::Block;
  decision.policy = first_policy;
  decision.rule = first_rule;
  if (explain) decision.detail = first_detail + "; no instant within 400 days satisfies every rule";
  return decision;
}

}  // namespace cobro::runtime
