// The history builtins of stdlib/builtins/history.cpp over hand-built
// histories: window boundaries (an event exactly `window` ago is outside,
// one at now is inside, a later one is not seen), averages and their
// rounding, weights, slopes, promises and opt-outs.

#include <cmath>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/abi/arithmetic.h"
#include "stdlib/builtins/builtins.h"

namespace cobro::builtins {
namespace {

using flowir::Type;
using runtime::EventRecord;
using runtime::FromDouble;
using runtime::ToDouble;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
// 2026-03-10 12:00 UTC.
constexpr int64_t kNow = 20'522 * kDay + 12 * kHour;

// Event types of the hand-built histories, and their field slots.
constexpr int32_t kPayment = 0;   // amount: money, method: string, days_late: int
constexpr int32_t kPromise = 1;   // amount: money, due: date
constexpr int32_t kOptOut = 2;    // channel
constexpr int32_t kConsent = 3;   // channel
constexpr int32_t kScore = 4;     // value: float
constexpr int64_t kAmount = 0;
constexpr int64_t kDaysLate = 2;

auto Money(double amount) -> Value { return static_cast<Value>(std::llround(amount * flowir::kMoneyScale)); }

// The field reference `event.field` as sum/avg/ewma/trend receive it.
auto FieldOf(int32_t event, int64_t slot) -> Value { return event * kFieldSlots + slot; }

// One event of a hand-built history, `at` relative to kNow.
struct TimedEvent {
  int32_t type;
  int64_t at;
  std::vector<Value> fields;
};

// A case's history and the context that reads it.
class History {
 public:
  explicit History(const std::vector<TimedEvent>& events, int32_t money_decimals = 2) {
    for (const TimedEvent& event : events) {
      fields_.push_back(std::make_unique<std::vector<Value>>(event.fields));
      auto record = std::make_unique<EventRecord>();
      record->at = kNow + event.at;
      record->type = event.type;
      record->field_count = static_cast<int32_t>(fields_.back()->size());
      record->fields = fields_.back()->data();
      view_.push_back(record.get());
      records_.push_back(std::move(record));
    }
    context_.module = &module_;
    context_.strings = &strings_;
    context_.sets = &sets_;
    context_.history = view_;
    context_.now = kNow;
    context_.money_decimals = money_decimals;
    context_.events.payment = kPayment;
    context_.events.payment_amount = static_cast<int32_t>(kAmount);
    context_.events.opt_out = kOptOut;
    context_.events.consent = kConsent;
  }

  auto context() -> EvalContext* { return &context_; }
  auto record(size_t index) const -> const EventRecord* { return records_[index].get(); }

 private:
  flowir::Module module_;
  runtime::StringPool strings_{module_};
  std::vector<std::unique_ptr<runtime::ValueSet>> sets_;
  std::vector<std::unique_ptr<std::vector<Value>>> fields_;
  std::vector<std::unique_ptr<EventRecord>> records_;
  std::vector<const EventRecord*> view_;
  EvalContext context_;
};

auto Payment(int64_t at, double amount, int64_t days_late = 0) -> TimedEvent {
  return {kPayment, at, {Money(amount), 0, days_late}};
}

void CheckCount(const std::vector<TimedEvent>& events, int32_t type, int64_t window, int64_t expected) {
  History history(events);
  Value args[2] = {type, window};
  INFO("count over " << window / kHour << "h of " << events.size() << " events");
  CHECK(BuiltinCount(history.context(), Type::Void, args) == expected);
}

TEST_CASE("count: the window is (now - window, now]", "[builtins]") {
  CheckCount({}, kPayment, 30 * kDay, 0);
  CheckCount({Payment(0, 1)}, kPayment, 30 * kDay, 1);                   // At now: inside.
  CheckCount({Payment(-30 * kDay, 1)}, kPayment, 30 * kDay, 0);          // Exactly `window` ago: outside.
  CheckCount({Payment(-30 * kDay + 1, 1)}, kPayment, 30 * kDay, 1);      // 1 ms later: inside.
  CheckCount({Payment(1, 1)}, kPayment, 30 * kDay, 0);                   // After now: not yet.
  CheckCount({Payment(-kDay, 1), {kPromise, -kDay, {0, 0}}, Payment(-2 * kDay, 1)}, kPayment, 30 * kDay, 2);
  CheckCount({Payment(-kDay, 1)}, kPayment, 0, 0);                       // An empty window.
  CheckCount({Payment(0, 1)}, kPayment, 0, 0);                           // Even for an event at now.
  CheckCount({Payment(-kDay, 1)}, kPayment, -kDay, 0);
}

// sum and avg of field `slot` of `type`, interpreted as `operand`.
void CheckSum(const std::vector<TimedEvent>& events, Type operand, Value field, int64_t window, Value expected) {
  History history(events);
  Value args[2] = {field, window};
  INFO("sum of " << flowir::TypeName(operand) << " over " << window / kHour << "h");
  CHECK(BuiltinSum(history.context(), operand, args) == expected);
}

TEST_CASE("sum: money, int and float fields over the window; zero if none", "[builtins]") {
  std::vector<TimedEvent> payments = {Payment(-40 * kDay, 1000.00, 9), Payment(-30 * kDay, 500.00, 7),
                                      Payment(-10 * kDay, 20.50, 3), Payment(-kHour, 0.25, -2), Payment(0, 4.00, 1),
                                      Payment(kHour, 99.00, 50)};
  CheckSum(payments, Type::Money, FieldOf(kPayment, kAmount), 30 * kDay, Money(24.75));
  CheckSum(payments, Type::Money, FieldOf(kPayment, kAmount), 90 * kDay, Money(1524.75));
  CheckSum(payments, Type::Int, FieldOf(kPayment, kDaysLate), 30 * kDay, 2);
  CheckSum(payments, Type::Money, FieldOf(kPayment, kAmount), kHour, Money(4.00));
  CheckSum({}, Type::Money, FieldOf(kPayment, kAmount), 30 * kDay, 0);
  CheckSum({}, Type::Float, FieldOf(kScore, 0), 30 * kDay, FromDouble(0.0));
  CheckSum({{kScore, -kDay, {FromDouble(0.5)}}, {kScore, 0, {FromDouble(0.25)}}}, Type::Float, FieldOf(kScore, 0),
           7 * kDay, FromDouble(0.75));
  // A field slot past the record reads as 0.
  CheckSum(payments, Type::Int, FieldOf(kPayment, 9), 30 * kDay, 0);
}

void CheckAvg(const std::vector<TimedEvent>& events, Type operand, Value field, int32_t money_decimals,
              Value expected) {
  History history(events, money_decimals);
  Value args[2] = {field, 30 * kDay};
  INFO("avg of " << flowir::TypeName(operand) << " at " << money_decimals << " decimals");
  CHECK(BuiltinAvg(history.context(), operand, args) == expected);
}

TEST_CASE("avg: ints toward zero, money half to even at the currency's precision", "[builtins]") {
  Value amount = FieldOf(kPayment, kAmount);
  Value days_late = FieldOf(kPayment, kDaysLate);
  CheckAvg({}, Type::Money, amount, 2, 0);
  CheckAvg({}, Type::Int, days_late, 2, 0);
  CheckAvg({}, Type::Float, FieldOf(kScore, 0), 2, FromDouble(0.0));
  CheckAvg({Payment(-kDay, 0, 1), Payment(0, 0, 2)}, Type::Int, days_late, 2, 1);
  CheckAvg({Payment(-kDay, 0, -1), Payment(0, 0, -2)}, Type::Int, days_late, 2, -1);
  CheckAvg({Payment(-kDay, 0, 5), Payment(0, 0, 5), Payment(0, 0, 6)}, Type::Int, days_late, 2, 5);
  // 0.015 -> 0.02 and 0.005 -> 0.00 (half to even), 1.00333... -> 1.00.
  CheckAvg({Payment(-kDay, 0.01), Payment(0, 0.02)}, Type::Money, amount, 2, Money(0.02));
  CheckAvg({Payment(-kDay, 0.01), Payment(0, 0.00)}, Type::Money, amount, 2, Money(0.00));
  CheckAvg({Payment(-kDay, 0.03), Payment(0, 0.02)}, Type::Money, amount, 2, Money(0.02));
  CheckAvg({Payment(-kDay, 1.00), Payment(0, 1.00), Payment(0, 1.01)}, Type::Money, amount, 2, Money(1.00));
  CheckAvg({Payment(-kDay, 1.00), Payment(0, 1.01), Payment(0, 1.01)}, Type::Money, amount, 2, Money(1.01));
  CheckAvg({Payment(-kDay, -0.01), Payment(0, -0.02)}, Type::Money, amount, 2, Money(-0.02));
  CheckAvg({Payment(-kDay, -0.03), Payment(0, -0.02)}, Type::Money, amount, 2, Money(-0.02));
  // No decimals (COP in practice): 1.50 -> 2 and 2.50 -> 2.
  CheckAvg({Payment(-kDay, 1), Payment(0, 2)}, Type::Money, amount, 0, Money(2));
  CheckAvg({Payment(-kDay, 2), Payment(0, 3)}, Type::Money, amount, 0, Money(2));
  CheckAvg({Payment(-kDay, 3), Payment(0, 4)}, Type::Money, amount, 0, Money(4));
  // Four decimals: exact to the unit.
  CheckAvg({Payment(-kDay, 0.0001), Payment(0, 0.0002)}, Type::Money, amount, 4, 2);
  // Events outside the window count in neither the total nor the count.
  CheckAvg({Payment(-30 * kDay, 1000), Payment(-kDay, 10), Payment(kHour, 1000)}, Type::Money, amount, 2, Money(10));
  CheckAvg({{kScore, -kDay, {FromDouble(0.5)}}, {kScore, 0, {FromDouble(0.25)}}}, Type::Float, FieldOf(kScore, 0), 2,
           FromDouble(0.375));
}

void CheckEwma(const std::vector<TimedEvent>& events, Type operand, Value field, int64_t half_life, double expected) {
  History history(events);
  Value args[2] = {field, half_life};
  double result = ToDouble(BuiltinEwma(history.context(), operand, args));
  INFO("ewma of " << flowir::TypeName(operand) << " with half-life " << half_life / kHour << "h: " << result);
  CHECK(result == Approx(expected).epsilon(1e-12));
}

TEST_CASE("ewma: an event half_life old weighs half; 0.0 if none", "[builtins]") {
  Value days_late = FieldOf(kPayment, kDaysLate);
  Value amount = FieldOf(kPayment, kAmount);
  CheckEwma({}, Type::Int, days_late, kDay, 0.0);
  CheckEwma({Payment(-5 * kDay, 0, 10)}, Type::Int, days_late, kDay, 10.0);  // One event: its value, at any age.
  CheckEwma({Payment(-kDay, 0, 20), Payment(0, 0, 10)}, Type::Int, days_late, kDay, 20.0 / 1.5);
  CheckEwma({Payment(-2 * kDay, 0, 30), Payment(0, 0, 10)}, Type::Int, days_late, kDay, (30 * 0.25 + 10) / 1.25);
  CheckEwma({Payment(-kDay, 4.00), Payment(0, 1.00)}, Type::Money, amount, kDay, 2.0);  // In currency units.
  CheckEwma({{kScore, -kDay, {FromDouble(1.0)}}, {kScore, 0, {FromDouble(4.0)}}}, Type::Float, FieldOf(kScore, 0),
            kDay, 3.0);
  // A later event is not seen; an event at now weighs 1.
  CheckEwma({Payment(0, 0, 6), Payment(kHour, 0, 600)}, Type::Int, days_late, kDay, 6.0);
  // A zero half-life: only events at now count, and none is 0.0.
  CheckEwma({Payment(-kHour, 0, 100), Payment(0, 0, 7)}, Type::Int, days_late, 0, 7.0);
  CheckEwma({Payment(-kHour, 0, 100)}, Type::Int, days_late, 0, 0.0);
}

void CheckTrend(const std::vector<TimedEvent>& events, Type operand, Value field, int64_t n, double expected) {
  History history(events);
  Value args[2] = {field, n};
  double result = ToDouble(BuiltinTrend(history.context(), operand, args));
  INFO("trend over the last " << n << " of " << events.size() << " events: " << result);
  CHECK(result == Approx(expected).epsilon(1e-12).margin(1e-12));
}

TEST_CASE("trend: least-squares slope per event over the last n; 0.0 under two", "[builtins]") {
  Value days_late = FieldOf(kPayment, kDaysLate);
  CheckTrend({}, Type::Int, days_late, 6, 0.0);
  CheckTrend({Payment(-kDay, 0, 5)}, Type::Int, days_late, 6, 0.0);
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2), Payment(-kDay, 0, 3)}, Type::Int, days_late, 3, 1.0);
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2), Payment(-kDay, 0, 3)}, Type::Int, days_late, 6, 1.0);
  // Only the last n: 2 then 5.
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2), Payment(-kDay, 0, 5)}, Type::Int, days_late, 2, 3.0);
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2)}, Type::Int, days_late, 1, 0.0);
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2)}, Type::Int, days_late, 0, 0.0);
  CheckTrend({Payment(-3 * kDay, 0, 1), Payment(-2 * kDay, 0, 2)}, Type::Int, days_late, -4, 0.0);
  CheckTrend({Payment(-3 * kDay, 0, 10), Payment(-2 * kDay, 0, 8), Payment(-kDay, 0, 6)}, Type::Int, days_late, 3,
             -2.0);
  // Slope of 0, 2, 1, 5 against 0..3: 7 / 5.
  CheckTrend({Payment(-4 * kDay, 0, 0), Payment(-3 * kDay, 0, 2), Payment(-2 * kDay, 0, 1), Payment(-kDay, 0, 5)},
             Type::Int, days_late, 4, 1.4);
  // Money in currency units; there is no window, but later events are unseen.
  CheckTrend({Payment(-400 * kDay, 1.00), Payment(-kDay, 3.00), Payment(kHour, 100.00)}, Type::Money,
             FieldOf(kPayment, kAmount), 5, 2.0);
  CheckTrend({{kScore, -kDay, {FromDouble(0.5)}}, {kScore, 0, {FromDouble(0.25)}}}, Type::Float, FieldOf(kScore, 0), 2,
             -0.25);
}

void CheckPaidSince(const std::vector<TimedEvent>& events, size_t promise_index, int64_t expected) {
  History history(events);
  Value promise = runtime::HandleOf(history.record(promise_index));
  INFO("paid since the promise at " << events[promise_index].at / kHour << "h");
  CHECK(BuiltinPaidSince(history.context(), Type::Void, &promise) == expected);
}

TEST_CASE("paid_since: payments from the promise's instant to now", "[builtins]") {
  TimedEvent promise{kPromise, -5 * kDay, {Money(100), 20'525}};
  CheckPaidSince({Payment(-6 * kDay, 1000), promise, Payment(-5 * kDay, 10.00), Payment(-kDay, 0.50),
                  Payment(0, 2.25), Payment(kHour, 500)},
                 1, Money(12.75));
  CheckPaidSince({promise}, 0, 0);
  CheckPaidSince({promise, {kPromise, -kDay, {Money(7), 0}}}, 0, 0);  // Other promises are not payments.
  // No promise record: 0.
  History history({Payment(0, 5)});
  Value none = 0;
  CHECK(BuiltinPaidSince(history.context(), Type::Void, &none) == 0);
}

void CheckOptedOut(const std::vector<TimedEvent>& events, Channel channel, bool expected) {
  History history(events);
  Value arg = static_cast<Value>(channel);
  INFO("opted_out(" << ChannelName(channel) << ") over " << events.size() << " events");
  CHECK(BuiltinOptedOut(history.context(), Type::Void, &arg) == (expected ? 1 : 0));
}

TEST_CASE("opted_out: the last word on the channel decides", "[builtins]") {
  auto sms = static_cast<Value>(Channel::Sms);
  auto email = static_cast<Value>(Channel::Email);
  CheckOptedOut({}, Channel::Sms, false);
  CheckOptedOut({{kOptOut, -kDay, {sms}}}, Channel::Sms, true);
  CheckOptedOut({{kOptOut, -kDay, {sms}}}, Channel::Email, false);
  CheckOptedOut({{kOptOut, -kDay, {sms}}, {kConsent, 0, {sms}}}, Channel::Sms, false);
  CheckOptedOut({{kConsent, -kDay, {sms}}, {kOptOut, 0, {sms}}}, Channel::Sms, true);
  CheckOptedOut({{kOptOut, -kDay, {sms}}, {kConsent, 0, {email}}}, Channel::Sms, true);
  CheckOptedOut({{kOptOut, kHour, {sms}}}, Channel::Sms, false);  // Not yet.
  CheckOptedOut({{kOptOut, -kDay, {sms}}, {kConsent, kHour, {sms}}}, Channel::Sms, true);
  CheckOptedOut({{kOptOut, -kDay, {}}}, Channel::Email, false);  // A record without its key.
  CheckOptedOut({{kPayment, -kDay, {sms, 0, 0}}}, Channel::Sms, false);
}

TEST_CASE("now is the context's instant", "[builtins]") {
  History history({});
  CHECK(BuiltinNow(history.context(), Type::Void, nullptr) == kNow);
}

}  // namespace
}  // namespace cobro::builtins
