#pragma once

// Flow IR: the lowered program that the interpreter runs and the JIT
// compiles. Everything is resolved (names to indexes, literals to value
// bits, conversions made explicit), and all storage is flat. It depends only
// on compiler/base, so the runtime can use it without the compiler.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/channel.h"
#include "compiler/base/id.h"

namespace cobro::flowir {

// The type of a value. Every value is 64 bits (see runtime/abi/value.h):
// integers, durations (ms), times of day (s), dates (days since 1970),
// date-times (ms since 1970, UTC) and money (units of 1/10,000) are int64;
// floats are double; bool is 0 or 1; channels are their index; channel sets
// are bit masks; strings, time zones, sets of strings or ints, and records
// are handles the runtime owns.
enum class Type : uint8_t {
  Void, Bool, Int, Float, Money, Duration, Time, Date, DateTime, Timezone, String, Channel,
  ChannelSet, StringSet, IntSet, Profile, Event,
};

// The name of a type in dumps: `int`, `money`, `set<channel>`.
auto TypeName(Type type) -> const char*;

// Money is fixed point: this many units make one currency unit.
inline constexpr int64_t kMoneyScale = 10'000;

enum class Op : uint8_t {
#define COBRO_FLOWIR_OP(Name, Operands) Name,
#include "compiler/flowir/op_kind.def"
};

auto OpName(Op op) -> const char*;

enum class Compare : uint8_t { Lt, Le, Gt, Ge, Eq, Ne };

enum class Conversion : uint8_t {
  IntToFloat,    // int -> float
  MoneyToFloat,  // money -> float
  FloatToInt,    // round half away from zero
  DateToDateTime,  // midnight local time, in the case's time zone
  LocalToDateTime, // a local date-time (ms since 1970 as if UTC) in the case's time zone
};

struct ExprTag;
using ExprId = Id<ExprTag>;

// One expression node. Which fields are read depends on `op`; see
// op_kind.def.
struct Expr {
  Op op = Op::Const;
  Type type = Type::Void;
  Type operand = Type::Void;
  Compare compare = Compare::Eq;
  Conversion conversion = Conversion::IntToFloat;
  ExprId a;
  ExprId b;
  ExprId c;
  int64_t imm = 0;
  // Call, Builtin and SetLiteral arguments: `arg_count` ids from
  // Module::args at `arg_begin`.
  int32_t arg_begin = 0;
  int32_t arg_count = 0;
};

struct Field {
  std::string name;
  Type type = Type::Void;
  // The constant default of a profile field, if it has one (`has_default`).
  bool has_default = false;
  int64_t default_bits = 0;
};

struct Profile {
  std::string name;
  std::vector<Field> fields;
};

// An event type. Its record holds the keys, then the fields; `at` is kept
// apart. Event ids are indexes into Module::events.
struct Event {
  std::string name;
  int32_t key_count = 0;
  std::vector<Field> fields;  // Keys first.
};

// A `fn` or a scorecard: params are locals 0..n-1; lets use further slots.
struct Function {
  std::string name;
  bool scorecard = false;
  std::vector<Type> params;
  Type result = Type::Void;
  int32_t locals = 0;
  ExprId body;
};

enum class TargetKind : uint8_t { State, If };

// Where a transition goes. `state` indexes Flow::states; the built-in
// terminal states `done` and `hold` are the flow's last two states.
struct Target {
  TargetKind kind = TargetKind::State;
  ExprId condition;
  int32_t state = -1;
  std::vector<ExprId> args;
  int32_t then_target = -1;
  int32_t else_target = -1;
};

enum class ActionKind : uint8_t { Send, Call, Assign, Emit };

auto ActionKindName(ActionKind kind) -> const char*;

struct WithField {
  int32_t name = -1;  // Index into Module::strings.
  ExprId value;
};

// An entry action: made on entry and, with a retry, `retry_count - 1` more
// times every `retry_interval` while the case stays in the state. The guard
// is evaluated before every attempt.
struct Action {
  ActionKind kind = ActionKind::Send;
  Channel channel = Channel::Email;  // Send, Call; Agent for Assign.
  int32_t name = -1;  // Template, queue or emitted name: Module::strings.
  std::vector<WithField> with;
  int64_t retry_count = 1;
  ExprId retry_interval;  // Duration; none without a retry.
  ExprId guard;           // Bool; none without a guard.
  int32_t line = 0;       // Source line, for audit records.
};

// A filter on one key of an event: a channel set the key must be in, or a
// value it must equal.
struct KeyFilter {
  int32_t key = 0;
  bool channel_mask = false;
  ChannelMask mask = 0;
  int64_t bits = 0;
};

// An event handler. Matching the event binds the event record to
// `event_slot` and keys to their slots; the guard then decides.
struct Handler {
  int32_t event = -1;
  std::vector<KeyFilter> filters;
  int32_t event_slot = -1;
  std::vector<std::pair<int32_t, int32_t>> key_slots;  // (key, slot)
  ExprId guard;
  int32_t target = -1;
  bool from_always = false;
  int32_t line = 0;
};

// `after D` (relative to entering the state) or `after <datetime>`.
struct Timer {
  ExprId delay;
  bool absolute = false;
  int32_t target = -1;
  int32_t line = 0;
};

// A state: its parameters are locals 1..n (local 0 is the flow's subject).
// Handlers are in the order they are tried: `always` handlers first.
struct State {
  std::string name;
  bool terminal = false;
  std::vector<Type> params;
  std::vector<Action> actions;
  std::vector<Handler> handlers;
  std::vector<Timer> timers;
};

// A policy rule, resolved for the runtime guard (docs/compliance.md).
enum class RuleKind : uint8_t {
  Limit, Quiet, OneChannel, Window, Forbid, ForbidAfter, Gap, Consent, Disclosure, Jurisdiction, Calendar,
};

enum class WindowKind : uint8_t { Rolling, ConsecutiveDays, CalendarDay, CalendarWeek, CalendarMonth };

// `mon-fri 07:00..19:00`: days as a bit mask (bit 0 Monday ... bit 6
// Sunday, bit 7 a public holiday) and a time range [begin, end) in seconds.
struct ScheduleItem {
  uint8_t days = 0xFF;
  int32_t begin = 0;
  int32_t end = 86'400;
};

inline constexpr uint8_t kHolidayBit = 1u << 7;

struct PolicyRule {
  RuleKind kind = RuleKind::Limit;
  std::string id;    // `us.regf.calls_7in7`
  std::string name;  // `RegF.calls_7in7`
  std::string cite;
  std::string confidence;
  int32_t effective_from = INT32_MIN;  // Days since 1970, inclusive.
  int32_t effective_to = INT32_MAX;
  ChannelMask channels = 0;
  bool channels_bound = false;  // `on opt_out(ch) forbid ch`.
  ChannelMask except = 0;
  bool conversations = false;   // Counts conversations, not attempts.
  bool per_debt = false;        // Else per debtor.
  int64_t max = 0;
  WindowKind window = WindowKind::Rolling;
  int64_t window_ms = 0;        // Rolling.
  int64_t window_days = 0;      // ConsecutiveDays.
  // The event that starts a quiet period, a forbid or a one-channel window.
  int32_t trigger_event = -1;
  ChannelMask trigger_channels = kAllChannels;
  int32_t trigger_channel_key = -1;  // Key of the trigger holding its channel.
  bool trigger_own_contacts = false; // `contact.attempt` also means our contacts.
  ExprId trigger_guard;              // Over the event in local 0.
  int32_t trigger_locals = 1;
  int32_t until_event = -1;
  ChannelMask until_channels = kAllChannels;
  int64_t length_ms = 0;             // Quiet, gap, `for D`; 0: for good.
  std::vector<ScheduleItem> schedule;
  uint8_t days = 0;                  // Forbid on these days.
  std::string text;                  // Disclosure, jurisdiction or calendar code.
};

struct Policy {
  std::string name;
  std::string module;
  std::string jurisdiction;  // From its `jurisdiction` rule, if any.
  std::string calendar;      // From its `calendar` rule, else the jurisdiction.
  std::vector<PolicyRule> rules;
};

struct Flow {
  std::string name;
  std::string module;
  int32_t profile = -1;
  ExprId start_condition;  // None: always starts.
  int32_t start_target = -1;
  std::vector<State> states;  // Declared states, then `done` and `hold`.
  int32_t locals = 1;         // Slots an evaluation of this flow needs.
  std::vector<Target> targets;
  // Policies of the flow's `complies` clause (indexes into Module::policies).
  std::vector<int32_t> policies;
};

// An experiment: debtors of `profile` split between flows by a hash of the
// debtor's id and the salt. Shares are in millionths.
struct Arm {
  int32_t flow = -1;
  int64_t share_ppm = 0;
};

struct Experiment {
  std::string name;
  std::string module;
  int32_t profile = -1;
  std::string salt;
  std::vector<Arm> arms;
};

// The arm of a debtor: FNV-1a of `salt:id`, modulo a million, against the
// arms' cumulative shares. -1 when shares do not cover the bucket.
auto AssignArm(const Experiment& experiment, std::string_view debtor_id) -> int32_t;

// The whole lowered program.
struct Module {
  std::vector<std::string> strings;
  std::vector<Profile> profiles;
  std::vector<Event> events;
  std::vector<Function> functions;
  std::vector<Flow> flows;
  std::vector<Policy> policies;
  std::vector<Experiment> experiments;
  std::vector<Expr> exprs;
  std::vector<ExprId> args;

  auto expr(ExprId id) const -> const Expr& { return exprs[id.index]; }
};

// Prints a module as stable, diffable text (`cobro compile --emit ir`).
auto Dump(const Module& module) -> std::string;

}  // namespace cobro::flowir
