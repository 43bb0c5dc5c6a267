// The AST round trip: for every example, stdlib module, golden test input
// that parses cleanly, and the snippets below, ast::Print's output must parse
// without diagnostics, print identically again (printing is a fixpoint) and
// give the same AST as the original, ranges aside.
//
//   round_trip_test

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/robustness/ast_dump.h"
#include "tests/testing/golden_layout.h"

namespace {

struct Input {
  std::string name;
  std::string text;
  // Golden inputs may be broken on purpose; the rest must parse cleanly.
  bool may_be_broken = false;
};

auto ReadAll(const std::filesystem::path& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

// Every `.cobro` file under `root`, sorted, so runs are reproducible.
auto CobroFiles(const std::filesystem::path& root) -> std::vector<std::filesystem::path> {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(root)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".cobro") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Small modules for syntax the examples and the stdlib do not use. They only
// need to parse; most would not check.
const char* const kSnippets[] = {
    // Expressions: precedence, prefix operators, parentheses that matter.
    R"(module snippets.expressions
fn a(x: int) -> int = -x * 2 + -(x * 2) - - x
fn b(x: int) -> bool = not x > 1 and not (x < 2 or x == 3) or x != 4
fn c(x: int) -> int = if x > 1 then if x > 2 then 3 else 4 else if x < 0 then 5 else 6
fn d(x: int) -> int = (if x > 1 then 1 else 2) + (if x > 2 then 3 else 4) * 2
fn e(x: int) -> int = 1 + (if x > 1 then 1 else 2 + 3)
fn f(x: int) -> bool = x in {1, 2, 3} and x not in {} or not (x in {4})
fn g(x: int) -> int = x - (1 - 2) - 3 / (4 / 5) * (6 * 7)
fn h(x: int) -> bool = (x < 1) == (x > 2)
fn i(x: int) -> int = a(x).b.c(1, 2)(3) + {x}.y
fn j(x: int) -> bool = not not x and (not x) + 1 > 0
fn k(x: int) -> int = -(-x) - -(1) - (-1)
fn l(x: int) -> bool = if (if x then true else false) then x else not x
fn m(x: int) -> int = f(if x then 1 else 2, not x, -x)
fn n(x: int) -> bool = (a and b) or (c and d) and (e or f)
fn o(x: int) -> bool = x >= if x then 1 else 2
fn p(x: int) -> bool = (x >= if x then 1 else 2) and x
fn q(x: int) -> int = 3 + -if x then 1 else 2
fn r(x: int) -> int = -(if x then 1 else 2) + 3
fn s(x: int) -> bool = x == not x or x
fn t(x: int) -> bool = x * (not x) + 1 == not (x)
fn u(x: int) -> int = if if x then a else b then if c then d else e else f
fn v(x: int) -> int = (-x).y + (not x)(1) + (if x then f else g)(2)
fn w(x: int) -> int = f(if x then 1 else 2, not x) + {if x then 1 else 2}
)",
    // Literals, including parenthesised ones and comments inside parentheses.
    R"(module snippets.literals
fn a() -> int = (5) + ((20.00)) * ( /* two */ 2 ) - (3d) + ( 08:00 )
fn b() -> int = f(2026-01-05, 2026-01-05 09:00, 2026-01-05T09:00:30Z, 2026-01-05 09:00-05:00)
fn c() -> int = f(1h30m, 500ms, 10s, 1w, 07:30:15, 80%, 12.5%, true, false, 0.4)
fn d() -> string = "a \"quoted\" word \\ back\tslash\nnewline"
fn e() -> string = "días_mora ñ 日本語 ﻿ nbsp: ."
fn f() -> int = (5 // a comment inside parentheses
)
fn g() -> int = -(5) + -((6))
fn h() -> int = f((true), ("s"), (2026-01-05T09:00), (1w), (80%), (0.50), (/* x */ 07:30:15))
)",
    // Unicode names and a fn with a block body.
    R"(module snippets.unicode
profile Deudor { días_mora: int, saldo: money = 0.00, canales: set<channel> = {email}, }
fn cuotas(d: Deudor) -> int {
  let ajuste: int = d.días_mora / 30
  let x = -1
  (x + ajuste) * 2
}
fn neg(d: Deudor) -> int {
  let x = 1
  -x
}
)",
    // Doc comments on every kind of declaration and member.
    R"(module snippets.docs
/// A profile.
///
/// With an empty doc line and trailing spaces.   
profile P {
  /// A field.
  x: int
  ///no space
  y: int = 3
  ///   three spaces
  z: int
}
/// An event.
event e.f(ch: channel) {
  /// A payload field.
  amount: money
}
/// A bare event.
event bare
/// An event with only keys.
event keyed(ch: channel)
/// A builtin.
builtin fn clamp<T: ordered, U>(x: T, lo: T, hi: U) -> set<T>
/// A scorecard.
scorecard S(d: P) base -5 {
  d.x in [0, 30) => +40, [30, ..) => -20, (60, 90] => 0, (90, ..] => 1
  count(payment, 90d) is 0 => -10, 1..2 => +15, 3.. => +30, ..-1 => 2
  d.y < 500.00 => +20, <= 5 => 1, > 0 => 2, >= -1 => 3, == 2 => 4, != 0 => 5, else => -15
  f(d).g is "vip" => 1, is vip => 2, -3 => 3
  d.z 0 => 1, -1..+2 => 2, ..5 => 3
  (d.x + d.y) is 0 => 1
  (d.x) 1 => 2
  (if d.x > 0 then 1 else 2) > 3 => 1
  ("literal") "x" => 1
}
/// A policy.
policy Pol {
  /// A rule.
  limit: limit call attempts <= 7 per 7 consecutive days per debt
    cite "12 CFR \"x\"" effective 2021-11-30 confidence A
  limit sms conversations <= 1 per calendar day per debtor
  limit all <= 3 per calendar week
  limit all <= 3 per calendar month effective 2020-01-01..2020-12-31
  limit voice + voicebot + sms <= 3 per 24h
  quiet: after contact.conversation(call) quiet call for 7d
  after payment p quiet all for 1h30m
  after contact.attempt(all) one channel per calendar week
  after contact.attempt(all) x one channel per 7d
  allow 08:00..21:00 local
  allow call mon-fri 07:00..19:00, sat 08:00..15:00, sun + holiday 10:00..11:00
  allow email + sms mon+wed-thu 09:00..12:00:30, 00:00..24:00
  forbid visit
  forbid all on sun, holiday, mon-fri
  on cease c when c.written forbid all except letter + email until verification_sent
  on opt_out(ch) forbid ch
  on dispute forbid call for 60d
  on contact.bounced(email, "x", 3) forbid email
  gap text >= 2d
  consent: require consent for voicebot
  require disclosure "mini \"miranda\"" on first contact
  jurisdiction "US-MA"
  calendar "CO" cite "a" cite "b"
}
/// A flow.
flow F for d: P complies Pol, compliance.us.regf.RegF {
  start when d.x >= 1 and d.y > 20.00 -> remind
  /// A state.
  state remind {
    send email "reminder_1" with { amount: d.y, n: 1, } every 1d up to 5 when d.x > 0
    call voicebot "negotiate" every 1d + 12h up to 5
    assign queue "early" with { priority: 1 } when true
    emit "custom" with {}
    on contact.opened(email) -> nudge
    on promise p when p.amount > 0 -> promised(p)
    on opt_out(ch) x -> if ch == email then hold else remind()
    after 3d -> if a then if b then x else y else z(1, 2)
    after p.due + 1d -> done
  }
  terminal state desk { assign queue "early_stage" }
  state empty {}
  state empty_args() {}
  state promised(p: promise, q: int) {
    after p.due -> if paid_since(p) >= p.amount then done else bot
  }
  always {
    on payment x when x.amount >= d.balance -> done
  }
  always {
    on dispute -> hold
  }
}
/// An experiment.
experiment Ex for P salt "cl-2026" {
  F 70%
  compliance.x.G 30.5%
}
experiment NoSalt for m.P {}
/// A test.
test "a \"kept\" promise" for F {
  given P { x: 1, y: 2.00, z: {email, sms} }
  at 2026-01-05 09:00 -> expect send email "reminder_1", state remind
  at 2026-01-06 -> expect call voicebot "x", assign queue "q", emit "e", no action
  at +3d event promise { amount: 100.00, due: 2026-01-12 } -> expect state promised
  at + 1h30m event payment -> expect blocked by Pol.limit, deferred by Pol.quiet
  at +1d event plan.accepted {}
}
test "empty" for F {}
)",
    // Soft keywords as names everywhere a name may go.
    R"(module snippets.soft.limit
import std.events as limit
import x.y
profile limit { per: int, days: int, channel: channel, send: string, at: int }
fn call(send: limit) -> int = send.per + send.days
flow queue for debtor: limit complies allow {
  start -> send
  state send { send email "x" with { at: debtor.at } }
  state emit(to: int) { emit "y" }
}
)",
    // A file without a module line or imports.
    R"(event only
)",
    // Comments everywhere.
    R"(// leading
module /* a */ snippets /* b */ . /* c */ comments // trailing
//// divider
import std.events // why
fn f(/* p */ x: int /* q */) -> int = x /* r */ + /* s */ 1 // t
/* block
   comment */
policy P { limit call <= /* n */ 7 per /* w */ 7d }
test "t" for F { at + /* x */ 3d }
)",
};

}  // namespace

int main() {
  auto started = std::chrono::steady_clock::now();
  std::filesystem::path source_dir = COBRO_SOURCE_DIR;

  std::vector<Input> inputs;
  for (const char* folder : {"examples", "stdlib"}) {
    for (const auto& path : CobroFiles(source_dir / folder)) {
      inputs.push_back({std::filesystem::relative(path, source_dir).string(), ReadAll(path), false});
    }
  }
  int golden_files = 0;
  for (const auto& path : CobroFiles(source_dir / "tests" / "golden")) {
    ++golden_files;
    std::string name = std::filesystem::relative(path, source_dir).string();
    std::vector<cobro::testing::Section> sections =
        cobro::testing::SplitSections(path.filename().string(), ReadAll(path));
    for (const cobro::testing::Section& section : sections) {
      if (!section.name.ends_with(".cobro")) continue;
      std::string text;
      for (const std::string& line : section.lines) text += line + "\n";
      inputs.push_back({name + ":" + section.name, text, true});
    }
  }
  int snippet = 0;
  for (const char* text : kSnippets) {
    inputs.push_back({"snippet " + std::to_string(snippet++), text, false});
  }

  int checked = 0;
  int skipped = 0;
  int failures = 0;
  for (const Input& input : inputs) {
    cobro::robustness::RoundTripResult result =
        cobro::robustness::CheckRoundTrip(input.name, input.text);
    bool broken_input = result.first_print.empty() && !result.problem.empty();
    if (broken_input && input.may_be_broken) {
      ++skipped;
      continue;
    }
    ++checked;
    if (result.problem.empty()) continue;
    ++failures;
    std::cerr << "FAIL " << input.name << ": " << result.problem << "\n";
    if (!result.first_print.empty()) {
      std::cerr << "--- printed source ---\n" << result.first_print << "--- end ---\n";
    }
  }
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  std::cout << "round trip: " << checked << " inputs checked (" << golden_files
            << " golden files, " << skipped << " golden sections skipped for syntax errors), "
            << failures << " failed, " << elapsed.count() << " s\n";
  return failures == 0 ? 0 : 1;
}
