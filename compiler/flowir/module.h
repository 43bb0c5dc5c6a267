#pragma once

// Flow IR: the lowered program that the interpreter runs and the JIT
// compiles. Everything is resolved (names to indexes, literals to value
// bits, conversions made explicit), and all storage is flat. It depends only
// on compiler/base, so the runtime can use it without the compiler.

#include <cstdint>
#include <string>
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

struct Flow {
  std::string name;
  std::string module;
  int32_t profile = -1;
  ExprId start_condition;  // None: always starts.
  int32_t start_target = -1;
  std::vector<State> states;  // Declared states, then `done` and `hold`.
  int32_t locals = 1;         // Slots an evaluation of this flow needs.
  std::vector<Target> targets;
};

// The whole lowered program.
struct Module {
  std::vector<std::string> strings;
  std::vector<Profile> profiles;
  std::vector<Event> events;
  std::vector<Function> functions;
  std::vector<Flow> flows;
  std::vector<Expr> exprs;
  std::vector<ExprId> args;

  auto expr(ExprId id) const -> const Expr& { return exprs[id.index]; }
};

// Prints a module as stable, diffable text (`cobro compile --emit ir`).
auto Dump(const Module& module) -> std::string;

}  // namespace cobro::flowir
