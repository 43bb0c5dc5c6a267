#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/civil_time.h"
#include "compiler/base/decimal.h"
#include "compiler/base/id.h"
#include "compiler/base/source_buffer.h"

// The typed syntax tree: what the user wrote, with a source range on every
// node and no semantic facts (those live in sema's side tables). Declarations
// nest as values; expressions, type references and transition targets live in
// the File's flat stores and are referred to by Id.
namespace cobro::ast {

struct ExprTag;
struct TypeRefTag;
struct TargetTag;
// An expression in File::exprs.
using ExprId = Id<ExprTag>;
// A type reference in File::types.
using TypeRefId = Id<TypeRefTag>;
// A transition target in File::targets.
using TargetId = Id<TargetTag>;

// A name as written, with its range.
struct Ident {
  std::string text;
  SourceRange range;
};

// `a.b.c`.
struct QualifiedName {
  std::vector<Ident> parts;
  SourceRange range;

  // The parts joined with dots.
  auto Joined() const -> std::string;
};

// `money`, `set<channel>`, `Debtor`.
struct TypeRef {
  QualifiedName name;
  std::vector<TypeRefId> args;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

enum class ExprKind : uint8_t {
  Error,     // Broken syntax; poisons its dependents.
  Int,       // 42
  Decimal,   // 20.00
  String,    // "text"
  Bool,      // true
  Duration,  // 3d
  Time,      // 08:00
  Date,      // 2026-01-05
  DateTime,  // 2026-01-05 09:00
  Percent,   // 80%
  Name,      // balance
  Member,    // object.name
  Call,      // callee(args)
  Unary,     // -x, not x
  Binary,    // a + b
  If,        // if c then a else b
  Set,       // {email, sms}
};

enum class UnaryOp : uint8_t { Negate, Not };

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne, In, NotIn, And, Or };

// The source spelling of an operator.
auto Spelling(UnaryOp op) -> const char*;
auto Spelling(BinaryOp op) -> const char*;

// One expression. Which fields are set depends on `kind`.
struct Expr {
  ExprKind kind = ExprKind::Error;
  SourceRange range;
  UnaryOp unary_op = UnaryOp::Negate;
  BinaryOp binary_op = BinaryOp::Add;
  // Unary: operand in lhs. Binary: lhs, rhs. If: condition, lhs (then), rhs
  // (else). Member: object in lhs. Call: callee in lhs.
  ExprId lhs;
  ExprId rhs;
  ExprId condition;
  // Name and Member.
  Ident name;
  // Call arguments and Set elements.
  std::vector<ExprId> elements;
  // Literal payloads.
  int64_t int_value = 0;
  Decimal decimal_value;
  std::string string_value;
  bool bool_value = false;
  Duration duration_value;
  TimeOfDay time_value;
  CivilDate date_value;
  CivilDateTime datetime_value;
};

// `name: expr` in a record (`with { ... }`, `given T { ... }`).
struct FieldInit {
  Ident name;
  ExprId value;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// Declarations shared pieces
// ---------------------------------------------------------------------------

// `name: type [= default]` in a profile or event.
struct FieldDecl {
  Ident name;
  TypeRefId type;
  ExprId default_value;
  std::string doc;
  SourceRange range;
};

// `name: type` in a parameter list.
struct Param {
  Ident name;
  TypeRefId type;
  SourceRange range;
};

// `payment`, `promise p`, `contact.opened(email)`, `opt_out(ch)`.
struct EventPattern {
  QualifiedName event;
  // Each argument is a name (a channel to match, or a new binding) or a
  // literal to match.
  struct Arg {
    std::optional<Ident> name;
    ExprId literal;
    SourceRange range;
  };
  std::vector<Arg> args;
  std::optional<Ident> binding;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// profile, event, fn, builtin
// ---------------------------------------------------------------------------

struct ProfileDecl {
  Ident name;
  std::vector<FieldDecl> fields;
  std::string doc;
  SourceRange range;
};

struct EventDecl {
  QualifiedName name;
  std::vector<Param> keys;
  std::vector<FieldDecl> fields;
  std::string doc;
  SourceRange range;
};

// `let name = value` inside a block-bodied fn.
struct LetStmt {
  Ident name;
  TypeRefId type;
  ExprId value;
  SourceRange range;
};

struct FnDecl {
  Ident name;
  std::vector<Param> params;
  TypeRefId result;
  std::vector<LetStmt> lets;
  ExprId body;
  bool block_body = false;
  std::string doc;
  SourceRange range;
};

// `T: number` in a builtin's signature.
struct TypeParam {
  Ident name;
  std::optional<Ident> bound;
  SourceRange range;
};

struct BuiltinDecl {
  Ident name;
  std::vector<TypeParam> type_params;
  std::vector<Param> params;
  TypeRefId result;
  std::string doc;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// scorecard
// ---------------------------------------------------------------------------

enum class BinKind : uint8_t {
  Interval,  // [a, b)  (a, ..]
  Range,     // 3  1..2  3..  ..5   (inclusive)
  Compare,   // < 500.00
  Else,      // else
};

// One bin of a scorecard row. For Interval and Range, a missing bound
// (ExprId::None) is unbounded.
struct ScoreBin {
  BinKind kind = BinKind::Else;
  ExprId low;
  ExprId high;
  bool low_closed = true;
  bool high_closed = true;
  BinaryOp compare_op = BinaryOp::Lt;
  ExprId compare_value;
  int64_t points = 0;
  SourceRange condition_range;
  SourceRange range;
};

struct ScoreRow {
  ExprId subject;
  std::vector<ScoreBin> bins;
  SourceRange range;
};

struct ScorecardDecl {
  Ident name;
  std::vector<Param> params;
  int64_t base = 0;
  std::vector<ScoreRow> rows;
  std::string doc;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// policy
// ---------------------------------------------------------------------------

enum class RuleKind : uint8_t {
  Limit,         // limit call <= 7 per 7d per debt
  Quiet,         // after E quiet call for 7d
  OneChannel,    // after E one channel per calendar week
  Window,        // allow mon-fri 07:00..19:00
  Forbid,        // forbid visit, forbid all on sun, holiday
  ForbidAfter,   // on E forbid ch [except ch] [until E | for 60d]
  Gap,           // gap text >= 2d
  Consent,       // require consent for voicebot
  Disclosure,    // require disclosure "x" on first contact
  Jurisdiction,  // jurisdiction "CO"
  Calendar,      // calendar "CO"
};

// `call`, `voice + sms`, `all`, `ch`.
struct ChannelSel {
  std::vector<Ident> names;
  SourceRange range;
};

enum class CountKind : uint8_t { Attempts, Conversations };

enum class WindowKind : uint8_t { Rolling, ConsecutiveDays, CalendarDay, CalendarWeek, CalendarMonth };

struct Window {
  WindowKind kind = WindowKind::Rolling;
  Duration length;          // Rolling.
  int64_t days = 0;         // ConsecutiveDays.
  SourceRange range;
};

enum class Scope : uint8_t { Debt, Debtor };

// 0 = Monday ... 6 = Sunday; 7 = public holiday.
inline constexpr int32_t kHoliday = 7;

// `mon-fri`, `sat`, `holiday`.
struct DaySpan {
  int32_t first = 0;
  int32_t last = 0;
  SourceRange range;
};

// `mon-fri 07:00..19:00`; no days means every day.
struct ScheduleItem {
  std::vector<DaySpan> days;
  TimeOfDay begin;
  TimeOfDay end;
  SourceRange range;
};

struct PolicyRule {
  RuleKind kind = RuleKind::Limit;
  std::optional<Ident> label;
  ChannelSel channels;
  ChannelSel except;  // ForbidAfter; empty when absent.
  CountKind count = CountKind::Attempts;
  int64_t max = 0;
  SourceRange max_range;
  Window window;
  std::optional<Scope> scope;
  std::optional<EventPattern> trigger;  // Quiet, OneChannel, ForbidAfter.
  ExprId trigger_guard;
  std::optional<EventPattern> until;    // ForbidAfter.
  std::optional<Duration> length;       // Quiet, Gap, ForbidAfter `for`.
  SourceRange length_range;
  std::vector<ScheduleItem> schedule;   // Window.
  std::vector<DaySpan> days;            // Forbid.
  std::string text;                     // Disclosure, Jurisdiction, Calendar.
  SourceRange text_range;
  // Metadata.
  std::string cite;
  std::optional<CivilDate> effective_from;
  std::optional<CivilDate> effective_to;
  std::optional<Ident> confidence;
  std::string doc;
  SourceRange range;
};

struct PolicyDecl {
  Ident name;
  std::vector<PolicyRule> rules;
  std::string doc;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// flow
// ---------------------------------------------------------------------------

enum class TargetKind : uint8_t { State, If };

// Where a transition goes: a state (with arguments) or a choice.
struct Target {
  TargetKind kind = TargetKind::State;
  Ident state;
  std::vector<ExprId> args;
  bool has_args = false;
  ExprId condition;
  TargetId then_target;
  TargetId else_target;
  SourceRange range;
};

enum class ActionKind : uint8_t { Send, Call, Assign, Emit };

// An entry action of a state.
struct Action {
  ActionKind kind = ActionKind::Send;
  Ident channel;  // Send, Call.
  std::string template_name;
  SourceRange template_range;
  std::vector<FieldInit> with;
  ExprId retry_every;
  int64_t retry_limit = 0;
  SourceRange retry_range;
  ExprId guard;
  SourceRange range;
};

enum class HandlerKind : uint8_t { Event, Timer };

struct Handler {
  HandlerKind kind = HandlerKind::Event;
  EventPattern pattern;  // Event.
  ExprId guard;          // Event.
  ExprId delay;          // Timer: a duration after entry, or a datetime.
  TargetId target;
  SourceRange range;
};

struct StateDecl {
  Ident name;
  bool terminal = false;
  std::vector<Param> params;
  std::vector<Action> actions;
  std::vector<Handler> handlers;
  std::string doc;
  SourceRange range;
};

struct StartRule {
  ExprId condition;  // None: always starts.
  TargetId target;
  SourceRange range;
};

struct FlowDecl {
  Ident name;
  Ident subject;
  TypeRefId subject_type;
  std::vector<QualifiedName> complies;
  std::vector<StartRule> starts;
  std::vector<StateDecl> states;
  std::vector<Handler> always;
  std::string doc;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// experiment, test
// ---------------------------------------------------------------------------

struct Arm {
  QualifiedName flow;
  Decimal share;  // Percent.
  SourceRange share_range;
  SourceRange range;
};

struct ExperimentDecl {
  Ident name;
  TypeRefId subject;
  std::optional<std::string> salt;
  std::vector<Arm> arms;
  std::string doc;
  SourceRange range;
};

enum class ExpectKind : uint8_t { Send, Call, Assign, Emit, State, NoAction, Blocked, Deferred };

struct Expectation {
  ExpectKind kind = ExpectKind::NoAction;
  Ident name;  // Channel for Send/Call, state for State.
  std::string text;
  QualifiedName rule;
  SourceRange range;
};

enum class TimeSpecKind : uint8_t { Absolute, Relative };

struct TestStep {
  TimeSpecKind time_kind = TimeSpecKind::Absolute;
  CivilDateTime at;
  Duration offset;
  SourceRange time_range;
  std::optional<QualifiedName> event;
  std::vector<FieldInit> event_fields;
  std::vector<Expectation> expectations;
  SourceRange range;
};

struct TestDecl {
  std::string name;
  SourceRange name_range;
  Ident flow;
  TypeRefId given_type;
  std::vector<FieldInit> given;
  SourceRange given_range;
  std::vector<TestStep> steps;
  std::string doc;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

struct Import {
  QualifiedName module;
  std::optional<Ident> alias;
  SourceRange range;
};

enum class DeclKind : uint8_t {
  Profile, Event, Fn, Builtin, Scorecard, Policy, Flow, Experiment, Test
};

// A top-level declaration, by kind and index into the File's list of that kind.
struct DeclRef {
  DeclKind kind;
  int32_t index;
};

// A comment, kept for the formatter.
struct Comment {
  std::string text;
  bool doc = false;
  SourceRange range;
};

}  // namespace cobro::ast
