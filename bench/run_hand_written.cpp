#include "bench/run_hand_written.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_process.h"
#include "compiler/base/channel.h"
#include "compiler/base/civil_time.h"
#include "compiler/driver/runtime_program.h"
#include "compiler/flowir/module.h"
#include "runtime/engine/large_table.h"

namespace cobro::bench::run {
namespace {

constexpr int64_t kNever = INT64_MAX;

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

}  // namespace

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

class HandWritten::Machine {
 public:
  Machine(const Setup& setup, const std::vector<DebtorTruth>& truth, const std::vector<std::string>& ids)
      : setup_(setup), ids_(ids), debtors_(truth.size()), hashes_(truth.size(), kHashSeed) {
    for (size_t d = 0; d < truth.size(); ++d) {
      debtors_[d].balance = truth[d].balance;
      debtors_[d].dpd = truth[d].dpd;
      debtors_[d].optin = truth[d].optin;
    }
  }

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
  static auto FloorDiv(int64_t a, int64_t b) -> int64_t {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
  }
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
    return index < 0 || index >= static_cast<int64_t>(setup_.holiday.size()) ||
           setup_.holiday[static_cast<size_t>(index)] != 0;
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
        for (const ContactAt& contact : d.contacts) {
          count += (contact.mask & members) != 0 && contact.at >= begin && contact.at <= at;
        }
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
    current.retry_due[static_cast<size_t>(action)] =
        current.state == kChCalls && attempt < 2 ? time + 8 * kDay : kNever;
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
    if (event.type == s.payment && event.fields[0] >= d.balance) {
      return Enter(case_id, challenger ? kHaDone : kChDone, now);
    }
    if (event.type == s.dispute || event.type == s.suit || event.type == s.bankruptcy) {
      return Enter(case_id, challenger ? kHaHold : kChHold, now);
    }
    if (event.type == s.promise && c.state != kChPromised && c.state != kHaPromised) {
      c.promise_at = event.at;
      c.promise_amount = event.fields[0];
      c.promise_due = event.fields[1];
      return Enter(case_id, challenger ? kHaPromised : kChPromised, now);
    }
    if (event.type == s.clicked && c.state == kHaLink &&
        event.fields[0] == static_cast<runtime::Value>(Channel::Whatsapp)) {
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

HandWritten::HandWritten(const Setup& setup, const std::vector<DebtorTruth>& truth,
                         const std::vector<std::string>& ids)
    : machine_(std::make_unique<Machine>(setup, truth, ids)) {}

HandWritten::~HandWritten() = default;

void HandWritten::Run(const std::vector<ParsedEvent>& events, int64_t start, int64_t until, const ParsedIds* ids) {
  machine_->Run(events, start, until, ids);
}

auto HandWritten::counts() const -> Counts { return machine_->counts(); }

auto HandWritten::hashes() const -> const std::vector<uint64_t>& { return machine_->hashes(); }

auto HandWritten::CaseSize() -> int64_t { return sizeof(Machine::Case); }

auto HandWritten::CaseBytes() const -> int64_t {
  return static_cast<int64_t>(machine_->cases().size() * sizeof(Machine::Case));
}

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
    std::cerr << "champion_challenger/flow.cobro no longer has the shape run_hand_written.cpp's machine "
                 "assumes\n";
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

}  // namespace cobro::bench::run
