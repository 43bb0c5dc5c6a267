// The types and units of expressions, one expression at a time: what type
// an expression has, or which diagnostic it gets.

#include <catch2/catch.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/pipeline.h"

namespace cobro::sema {
namespace {

struct Outcome {
  std::optional<TypeKind> type;
  std::vector<std::string> codes;
};

// Checks `fn probe(...) -> ... = <expr>` and reports the body's type and the
// diagnostics' codes. The result type is `bool` only to have one; a mismatch
// with it is ignored.
auto Probe(const std::string& expr) -> Outcome {
  std::string text =
      "module probe\nimport std.events\nimport std.scoring\n"
      "profile D {\n  balance: money\n  dpd: int\n  rate: float\n  due: date\n  seen: datetime\n"
      "  wait: duration\n  opens: time\n  tz: timezone\n  optin: set<channel>\n  name: string\n}\n"
      "fn probe(d: D, p: promise) -> bool = " + expr + "\n";
  driver::MemoryFileSystem files;
  files.MapToDisk("stdlib/", std::string(COBRO_SOURCE_DIR) + "/stdlib/");
  files.Add("probe.cobro", text);
  driver::CheckResult result = driver::LoadAndCheck({"probe.cobro"}, driver::PipelineOptions::WithStdlib("stdlib"), files);
  Outcome outcome;
  const Module& module = result.program.modules.at(0);
  ast::ExprId body = module.ast.fns.at(0).body;
  SourceRange body_range = module.ast.exprs.Get(body).range;
  for (const diag::Diagnostic& diagnostic : result.diagnostics) {
    bool result_mismatch =
        diagnostic.kind == diag::Kind::TypeMismatch && diagnostic.range == body_range;
    if (!result_mismatch) outcome.codes.emplace_back(diag::KindName(diagnostic.kind));
  }
  outcome.type = result.program.types.kind(module.expr_types.at(body.index));
  return outcome;
}

void CheckType(const std::string& expr, TypeKind expected) {
  INFO(expr);
  Outcome outcome = Probe(expr);
  CHECK(outcome.codes.empty());
  CHECK(outcome.type == expected);
}

void CheckError(const std::string& expr, const std::string& code) {
  INFO(expr);
  Outcome outcome = Probe(expr);
  REQUIRE(outcome.codes.size() == 1);
  CHECK(outcome.codes[0] == code);
}

TEST_CASE("numbers", "[units]") {
  CheckType("1 + 2", TypeKind::IntLiteral);
  CheckType("d.dpd + 1", TypeKind::Int);
  CheckType("d.dpd / 2", TypeKind::Float);  // int / int is a float
  CheckType("d.rate * d.dpd", TypeKind::Float);
  CheckType("d.dpd > 2.5", TypeKind::Bool);
  CheckType("-d.dpd", TypeKind::Int);
  CheckType("to_float(d.dpd) / 25.0", TypeKind::Float);
}

TEST_CASE("money is exact", "[units]") {
  CheckType("d.balance + 20.00", TypeKind::Money);
  CheckType("d.balance - 5", TypeKind::Money);
  CheckType("d.balance * 2", TypeKind::Money);
  CheckType("d.balance * d.rate", TypeKind::Money);
  CheckType("d.balance / 3", TypeKind::Money);
  CheckType("d.balance / p.amount", TypeKind::Float);
  CheckType("d.balance > 20.00", TypeKind::Bool);
  CheckType("max(d.balance, 0)", TypeKind::Money);
  CheckError("d.balance * d.balance", "UnitMismatch");
  CheckError("d.balance + d.rate", "UnitMismatch");
  CheckError("d.balance + d.dpd", "UnitMismatch");
  CheckError("2 / d.balance", "UnitMismatch");
  CheckError("d.balance > 3d", "IncomparableTypes");
  CheckError("d.balance > d.dpd", "IncomparableTypes");
}

TEST_CASE("durations and time", "[units]") {
  CheckType("3d + 12h", TypeKind::Duration);
  CheckType("d.wait * 2", TypeKind::Duration);
  CheckType("2 * d.wait", TypeKind::Duration);
  CheckType("d.wait / 1h", TypeKind::Float);
  CheckType("p.due + 1d", TypeKind::DateTime);
  CheckType("d.seen - 2d", TypeKind::DateTime);
  CheckType("d.seen - p.at", TypeKind::Duration);
  CheckType("d.opens < 09:00", TypeKind::Bool);
  CheckError("3d + 2", "UnitMismatch");
  CheckError("d.wait - d.dpd", "UnitMismatch");
  CheckError("d.wait * 1d", "UnitMismatch");
  CheckError("d.wait > 3", "IncomparableTypes");
  CheckError("d.due > d.seen", "IncomparableTypes");
}

TEST_CASE("sets, booleans and conditionals", "[units]") {
  CheckType("email in d.optin", TypeKind::Bool);
  CheckType("sms not in d.optin and d.dpd > 3", TypeKind::Bool);
  CheckType("if d.dpd > 30 then d.balance else 0.00", TypeKind::Money);
  CheckType("{email, sms}", TypeKind::Set);
  CheckError("d.dpd in d.optin", "IncomparableTypes");
  CheckError("email in d.dpd", "InvalidOperand");
  CheckError("d.dpd and true", "TypeMismatch");
  CheckError("if d.dpd > 1 then 3d else 2", "InvalidOperand");
  CheckError("not d.balance", "TypeMismatch");
}

TEST_CASE("history builtins", "[units]") {
  CheckType("count(payment, 90d)", TypeKind::Int);
  CheckType("sum(payment.amount, 90d)", TypeKind::Money);
  CheckType("trend(payment.days_late, 6)", TypeKind::Float);
  CheckType("days_since(contact.answered, 999)", TypeKind::Int);
  CheckType("paid_since(p)", TypeKind::Money);
  CheckError("count(payment.amount, 90d)", "TypeMismatch");
  CheckError("sum(payment, 90d)", "TypeMismatch");
  CheckError("count(payment, 90)", "TypeMismatch");
  CheckError("logistic(d.balance)", "TypeMismatch");
  CheckError("max(d.balance, 3d)", "TypeMismatch");
  CheckError("logistic(1.0, 2.0)", "ArgumentCount");
  CheckError("logistc(1.0)", "UnknownFunction");
}

}  // namespace
}  // namespace cobro::sema
