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

auto Zone(const void* zone) -> const date::time_zone* { return static_cast<const date::time_zone*>(zone); }

// Local time in ms since 1970 "as if UTC".
auto ToLocal(const void* zone, int64_t instant) -> int64_t {
  if (zone == nullptr) return instant;
  using namespace std::chrono;
  return Zone(zone)->to_local(sys_time<milliseconds>{milliseconds{instant}}).time_since_epoch().count();
}

auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// The instant of a local time; a time in a gap moves forward by the gap, an
// ambiguous one takes the earlier instant (as cobro_local_to_utc).
auto ToInstant(const void* zone, int64_t local) -> int64_t {
  if (zone == nullptr) return local;
  using namespace std::chrono;
  date::local_time<milliseconds> time{milliseconds{local}};
  date::local_info info = Zone(zone)->get_info(date::floor<seconds>(time));
  return local - duration_cast<milliseconds>(info.first.offset).count();
}

auto LocalDay(const void* zone, int64_t instant) -> int64_t { return FloorDiv(ToLocal(zone, instant), kDay); }

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

auto Timestamp(int64_t instant) -> std::string {
  using namespace std::chrono;
  return date::format("%Y-%m-%dT%H:%MZ", sys_time<milliseconds>{milliseconds{instant}});
}

// The local calendar bucket (day, week from Monday, month) holding `instant`.
auto Bucket(const void* zone, flowir::WindowKind kind, int64_t instant) -> std::pair<int64_t, int64_t> {
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
  return {ToInstant(zone, first * kDay), ToInstant(zone, last * kDay)};
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
  std::string detail;
};

Guard::Guard(const flowir::Module& module, std::function<const HolidayCalendar*(std::string_view)> calendars)
    : module_(module), calendars_(std::move(calendars)) {
  for (size_t i = 0; i < module.events.size(); ++i) {
    const std::string& name = module.events[i].name;
    auto index = static_cast<int32_t>(i);
    if (name == "contact.attempt") contact_attempt_ = index;
    if (name == "contact.conversation") conversation_ = index;
    if (name == "consent") consent_ = index;
    if (name == "opt_out") opt_out_ = index;
  }
}

auto Guard::Check(const GuardRequest& request, EvalContext& context, int32_t policy_index, int32_t rule_index,
                  int64_t at) const -> Finding {
  const flowir::Policy& policy = module_.policies[policy_index];
  const flowir::PolicyRule& rule = policy.rules[rule_index];
  const void* zone = request.zones.empty() ? nullptr : request.zones.front();
  Finding finding;
  ChannelMask channel = MaskOf(request.channel);
  int64_t today = LocalDay(zone, at);
  if (today < rule.effective_from || today > rule.effective_to) return finding;
  const HolidayCalendar* calendar = policy.calendar.empty() ? nullptr : calendars_(policy.calendar);
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
  // The rule's triggers at or before `at` whose guard holds: its events, and
  // for `contact.attempt` also the flows' own contacts, which the pattern
  // matches too (language.md 7.3). Outside contacts are already events. An
  // own contact has no event record for a `when` to read, so a rule with a
  // guard sees only the events.
  struct Trigger {
    int64_t at;
    int64_t channel;  // -1 when the trigger has no channel.
    const EventRecord* event;  // Null for an own contact.
  };
  auto triggers = [&]() {
    std::vector<Trigger> found;
    if (rule.trigger_event < 0) return found;
    for (const EventRecord* event : request.history) {
      if (event->type != rule.trigger_event || event->at > at) continue;
      int64_t key = event_channel(event, rule.trigger_channel_key);
      if (rule.trigger_channel_key >= 0 && (key < 0 || ((rule.trigger_channels >> key) & 1) == 0)) continue;
      if (rule.trigger_guard.has_value()) {
        std::vector<Value> locals(static_cast<size_t>(rule.trigger_locals), 0);
        locals[0] = HandleOf(event);
        int64_t saved = context.now;
        context.now = event->at;
        bool holds = interp::Evaluate(module_, rule.trigger_guard, locals.data(), context) != 0;
        context.now = saved;
        if (!holds) continue;
      }
      found.push_back({event->at, key, event});
    }
    if (rule.trigger_own_contacts && !rule.trigger_guard.has_value()) {
      for (const ContactRecord& contact : request.contacts) {
        if (contact.case_id < 0 || contact.at > at || (MaskOf(contact.channel) & rule.trigger_channels) == 0) continue;
        found.push_back({contact.at, static_cast<int64_t>(contact.channel), nullptr});
      }
    }
    return found;
  };
  auto trigger_name = [&]() { return module_.events[rule.trigger_event].name; };
  auto defer = [&](int64_t next, std::string detail) {
    finding.holds = false;
    finding.verdict = Verdict::Defer;
    finding.next = next;
    finding.detail = std::move(detail);
  };
  auto block = [&](std::string detail) {
    finding.holds = false;
    finding.verdict = Verdict::Block;
    finding.detail = std::move(detail);
  };
  std::string channel_name = "`" + std::string(ChannelName(request.channel)) + "`";

  switch (rule.kind) {
    case flowir::RuleKind::Limit: {
      if ((rule.channels & channel) == 0) break;
      // The instants that count: conversations, or contacts (ours and
      // others'), per debt or per debtor.
      std::vector<int64_t> counted;
      if (rule.conversations) {
        for (const EventRecord* event : request.history) {
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
      std::sort(counted.begin(), counted.end());
      auto over = [&](int64_t count, const std::string& window) {
        return fmt::format("{} {} contact in {} (limit {})", Ordinal(count + 1), channel_name, window, rule.max);
      };
      if (rule.window == flowir::WindowKind::Rolling) {
        // A window (at - W, at]: instants exactly W before do not count.
        std::vector<int64_t> inside;
        for (int64_t instant : counted) {
          if (instant > at - rule.window_ms && instant <= at) inside.push_back(instant);
        }
        auto count = static_cast<int64_t>(inside.size());
        if (count + 1 > rule.max) {
          int64_t leaving = count + 1 - std::max<int64_t>(rule.max, 0);
          int64_t next = leaving <= count ? inside[static_cast<size_t>(leaving - 1)] + rule.window_ms : kNever;
          defer(next, over(count, Duration{rule.window_ms}.ToString()));
        }
      } else if (rule.window == flowir::WindowKind::ConsecutiveDays) {
        int64_t worst = 0;
        for (int64_t first = today - rule.window_days + 1; first <= today; ++first) {
          int64_t count = 0;
          for (int64_t instant : counted) {
            int64_t day = LocalDay(zone, instant);
            if (day >= first && day < first + rule.window_days && instant <= at) ++count;
          }
          worst = std::max(worst, count);
        }
        if (worst + 1 > rule.max) {
          defer(ToInstant(zone, (today + 1) * kDay), over(worst, std::to_string(rule.window_days) + " consecutive days"));
        }
      } else {
        auto [begin, end] = Bucket(zone, rule.window, at);
        int64_t count = 0;
        for (int64_t instant : counted) count += instant >= begin && instant <= at ? 1 : 0;
        const char* name = rule.window == flowir::WindowKind::CalendarDay    ? "one calendar day"
                           : rule.window == flowir::WindowKind::CalendarWeek ? "one calendar week"
                                                                              : "one calendar month";
        if (count + 1 > rule.max) defer(end, over(count, name));
      }
      break;
    }
    case flowir::RuleKind::Quiet: {
      if ((rule.channels & channel) == 0) break;
      int64_t until = INT64_MIN;
      for (const Trigger& trigger : triggers()) {
        if (at < trigger.at + rule.length_ms) until = std::max(until, trigger.at + rule.length_ms);
      }
      if (until != INT64_MIN) {
        defer(until, fmt::format("{} is quiet for {} after `{}` at {}", channel_name, Duration{rule.length_ms}.ToString(),
                                 trigger_name(), Timestamp(until - rule.length_ms)));
      }
      break;
    }
    case flowir::RuleKind::OneChannel: {
      // Triggers in the current window with a channel other than this one.
      int64_t begin = at - rule.window_ms;
      int64_t end = kNever;
      if (rule.window != flowir::WindowKind::Rolling) std::tie(begin, end) = Bucket(zone, rule.window, at);
      int64_t latest_other = INT64_MIN;
      std::string other;
      auto consider = [&](int64_t instant, int64_t channel_index) {
        bool in_window = rule.window == flowir::WindowKind::Rolling ? instant > begin && instant <= at
                                                                     : instant >= begin && instant <= at;
        if (!in_window || channel_index < 0 || channel_index == static_cast<int64_t>(request.channel)) return;
        if (((rule.trigger_channels >> channel_index) & 1) == 0) return;
        if (instant > latest_other) {
          latest_other = instant;
          other = std::string(ChannelName(static_cast<Channel>(channel_index)));
        }
      };
      for (const Trigger& trigger : triggers()) consider(trigger.at, trigger.channel);
      if (latest_other != INT64_MIN) {
        int64_t next = rule.window == flowir::WindowKind::Rolling ? latest_other + rule.window_ms : end;
        defer(next, fmt::format("`{}` was used at {}; one channel per window", other, Timestamp(latest_other)));
      }
      break;
    }
    case flowir::RuleKind::Window: {
      if ((rule.channels & channel) == 0 || rule.schedule.empty()) break;
      // Every candidate zone must allow the instant.
      std::vector<const void*> zones(request.zones.begin(), request.zones.end());
      if (zones.empty()) zones.push_back(nullptr);
      for (const void* candidate : zones) {
        auto allowed_at = [&](int64_t instant) {
          int64_t local = ToLocal(candidate, instant);
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
            int64_t start = ToInstant(candidate, day * kDay + int64_t{item.begin} * 1000);
            if (start > at && allowed_at(start)) next = std::min(next, start);
          }
        }
        int64_t local = ToLocal(candidate, at);
        int64_t seconds = (local - FloorDiv(local, kDay) * kDay) / 1000;
        defer(next, fmt::format("{:02}:{:02} local time is outside the contact hours", seconds / 3600, seconds / 60 % 60));
        break;
      }
      break;
    }
    case flowir::RuleKind::Forbid: {
      if ((rule.channels & channel) == 0) break;
      if (rule.days == 0) {
        block(fmt::format("{} is forbidden", channel_name));
        break;
      }
      bool on_holiday = (rule.days & flowir::kHolidayBit) != 0 && is_holiday(today);
      if (((rule.days >> Weekday(today)) & 1) != 0) {
        defer(ToInstant(zone, (today + 1) * kDay), "no contact on this day of the week");
      } else if (on_holiday) {
        defer(ToInstant(zone, (today + 1) * kDay), holiday_detail(today));
      }
      break;
    }
    case flowir::RuleKind::ForbidAfter: {
      int32_t until_key = rule.until_event >= 0 ? ChannelKey(module_.events[rule.until_event]) : -1;
      for (const Trigger& trigger : triggers()) {
        if (rule.length_ms > 0 && at >= trigger.at + rule.length_ms) continue;
        bool ended = false;
        for (const EventRecord* later : request.history) {
          if (later->type != rule.until_event || later->at <= trigger.at || later->at > at) continue;
          int64_t key = event_channel(later, until_key);
          if (until_key < 0 || (key >= 0 && ((rule.until_channels >> key) & 1) != 0)) ended = true;
        }
        if (ended) continue;
        ChannelMask forbidden = rule.channels;
        if (rule.channels_bound && trigger.channel >= 0) forbidden |= MaskOf(static_cast<Channel>(trigger.channel));
        forbidden &= static_cast<ChannelMask>(~rule.except);
        if ((forbidden & channel) != 0) {
          block(fmt::format("{} is forbidden after `{}` at {}", channel_name, trigger_name(), Timestamp(trigger.at)));
          break;
        }
      }
      break;
    }
    case flowir::RuleKind::Gap: {
      if ((rule.channels & channel) == 0) break;
      int64_t last = INT64_MIN;
      for (const ContactRecord& contact : request.contacts) {
        if ((MaskOf(contact.channel) & rule.channels) != 0 && contact.at <= at) last = std::max(last, contact.at);
      }
      if (last != INT64_MIN && at < last + rule.length_ms) {
        defer(last + rule.length_ms, fmt::format("the last contact was {} ago; {} must pass",
                                                 Duration{at - last}.ToString(), Duration{rule.length_ms}.ToString()));
      }
      break;
    }
    case flowir::RuleKind::Consent: {
      if ((rule.channels & channel) == 0) break;
      bool consented = false;
      for (const EventRecord* event : request.history) {
        if (event->at > at || event->field_count < 1 || event->fields[0] != static_cast<Value>(request.channel)) continue;
        if (event->type == consent_) consented = true;
        if (event->type == opt_out_) consented = false;
      }
      if (!consented) block(fmt::format("no consent for {}", channel_name));
      break;
    }
    default: break;
  }
  return finding;
}

auto Guard::Decide(const GuardRequest& request, EvalContext& context) const -> GuardDecision {
  GuardDecision decision;
  int32_t first_policy = -1;
  int32_t first_rule = -1;
  std::string first_detail;
  for (int32_t policy : request.policies) {
    const flowir::Policy& bound = module_.policies[policy];
    for (size_t r = 0; r < bound.rules.size(); ++r) {
      Finding finding = Check(request, context, policy, static_cast<int32_t>(r), request.now);
      if (finding.holds) continue;
      if (finding.verdict == Verdict::Block) {
        decision.verdict = Verdict::Block;
        decision.policy = policy;
        decision.rule = static_cast<int32_t>(r);
        decision.detail = finding.detail;
        return decision;
      }
      if (first_policy < 0) {
        first_policy = policy;
        first_rule = static_cast<int32_t>(r);
        first_detail = finding.detail;
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
    for (int32_t policy : request.policies) {
      for (size_t r = 0; r < module_.policies[policy].rules.size(); ++r) {
        Finding finding = Check(request, context, policy, static_cast<int32_t>(r), at);
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
  decision.detail = first_detail + "; no instant within 400 days satisfies every rule";
  return decision;
}

}  // namespace cobro::runtime
