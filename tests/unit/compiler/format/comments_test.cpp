// Comments keep their place through formatting: at the end of a line,
// between declarations, inside blocks, before a closing brace, inside
// expressions; doc comments stay attached to what they document.

#include <catch2/catch.hpp>

#include "compiler/format/format.h"

namespace cobro::format {
namespace {

void Check(const std::string& input, const std::string& expected) {
  INFO("input:\n" << input);
  std::optional<std::string> formatted = FormatText(input, Options{});
  REQUIRE(formatted.has_value());
  CHECK(*formatted == expected);
  // The expectation is itself formatted.
  CHECK(FormatText(expected, Options{}) == expected);
}

TEST_CASE("comments at the ends of lines stay there", "[format]") {
  Check("module m   // the module\nimport std.events// events\n",
        "module m // the module\n\nimport std.events // events\n");
  Check("module m\nprofile D {\n  dpd: int   // days past due\n}\n",
        "module m\n\nprofile D {\n  dpd: int // days past due\n}\n");
}

TEST_CASE("comments ending consecutive lines line up", "[format]") {
  Check("module m\nprofile D {\n  dpd: int // days\n  balance: money // owed\n  tz: timezone\n}\n",
        "module m\n\nprofile D {\n  dpd: int       // days\n  balance: money // owed\n  tz: timezone\n"
        "}\n");
}

TEST_CASE("comments between declarations stay between them", "[format]") {
  Check("module m\n// About D.\nprofile D { dpd: int }\n\n// Loose note.\n\nprofile E { dpd: int }\n",
        "module m\n\n// About D.\nprofile D {\n  dpd: int\n}\n\n// Loose note.\n\nprofile E {\n"
        "  dpd: int\n}\n");
}

TEST_CASE("comments inside blocks and before a closing brace", "[format]") {
  Check("module m\nflow F for d: D {\nstart -> a\n    // the only state\n  state a {\n"
        "        // nothing to send\n  after 1d -> done\n      // after the handlers\n}\n}\n",
        "module m\n\nflow F for d: D {\n  start -> a\n  // the only state\n  state a {\n"
        "    // nothing to send\n    after 1d -> done\n    // after the handlers\n  }\n}\n");
  Check("module m\nflow F for d: D {\n  start -> a\n  state a { // empty for now\n  }\n}\n",
        "module m\n\nflow F for d: D {\n  start -> a\n  state a { // empty for now\n  }\n}\n");
}

TEST_CASE("doc comments stay above what they document", "[format]") {
  Check("module m\n/// The debtor.\n///\n///   Indented detail.   \nprofile D {\n/// Days.\n"
        "dpd: int }\n",
        "module m\n\n/// The debtor.\n///\n///   Indented detail.\nprofile D {\n  /// Days.\n"
        "  dpd: int\n}\n");
  Check("module m\npolicy P {\n  /// 1006.14(b).\n  calls: limit call <= 7 per 7d\n}\n",
        "module m\n\npolicy P {\n  /// 1006.14(b).\n  calls: limit call <= 7 per 7d\n}\n");
}

TEST_CASE("comments inside expressions and lists stay in place", "[format]") {
  Check("module m\nfn f(x: int) -> int = x + /* one */ 1\n",
        "module m\n\nfn f(x: int) -> int = x + /* one */ 1\n");
  Check("module m\nfn f(x: int) -> int = x + // why\n1\n",
        "module m\n\nfn f(x: int) -> int = x + // why\n  1\n");
  Check("module m\nfn f() -> set<channel> = { email, // first\n sms }\n",
        "module m\n\nfn f() -> set<channel> = {email, // first\n                          sms}\n");
}

TEST_CASE("block comments keep their lines", "[format]") {
  Check("module m\n/* one\n   two */\nprofile D { dpd: int }\n",
        "module m\n\n/* one\n   two */\nprofile D {\n  dpd: int\n}\n");
  Check("module m\n/* leading */ import std.events\n",
        "module m\n\n/* leading */\nimport std.events\n");
}

TEST_CASE("comments at the start and end of the file", "[format]") {
  Check("\n\n// Header.\n\nmodule m\n// Footer.\n\n\n", "// Header.\n\nmodule m\n// Footer.\n");
  Check("// Only a comment.", "// Only a comment.\n");
  Check("", "");
}

TEST_CASE("UTF-8 text in strings and comments is kept and measured in characters", "[format]") {
  Check("module m\n// Señora Núñez, días de mora 🎉\nprofile Deudor { días_mora: int }\n"
        "flow F for d: Deudor {\n start -> a\n state a { send email \"recordatorio\" with { "
        "saludo: \"¡Hola, señora! 😀\" } }\n}\n",
        "module m\n\n// Señora Núñez, días de mora 🎉\nprofile Deudor {\n  días_mora: int\n}\n\n"
        "flow F for d: Deudor {\n  start -> a\n  state a {\n    send email \"recordatorio\" with "
        "{ saludo: \"¡Hola, señora! 😀\" }\n  }\n}\n");
  // 100 characters but more bytes: it fits.
  std::string name(80, 'x');
  std::string line = "fn f() -> string = \"" + name.substr(0, 78) + "ñ\"";
  REQUIRE(line.size() == 101);
  Check("module m\n" + line + "\n", "module m\n\n" + line + "\n");
}

TEST_CASE("blank lines are kept once between items and dropped at block edges", "[format]") {
  Check("module m\nprofile D {\n\n\n  a: int\n\n\n\n  b: int\n\n}\n",
        "module m\n\nprofile D {\n  a: int\n\n  b: int\n}\n");
}

TEST_CASE("line ends become LF", "[format]") {
  Check("module m\r\n// note\r\nprofile D {\r\n  a: int\r\n}\r\n",
        "module m\n\n// note\nprofile D {\n  a: int\n}\n");
}

}  // namespace
}  // namespace cobro::format
