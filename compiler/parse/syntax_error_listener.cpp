#include "compiler/parse/syntax_error_listener.h"

#include <string>

#include <fmt/format.h>
#include <vector>

#include "CobroParser.h"

namespace cobro::parse {

namespace {

using P = cobro_grammar::CobroParser;

COBRO_DIAGNOSTIC(SyntaxError, Error, "unexpected {0}{1}; expected {2}", std::string, std::string,
                 std::string);

// Past this many syntax errors in one file the rest are noise.
constexpr int kMaxSyntaxErrors = 50;

// How a token type reads in a message: keywords and punctuation in backticks,
// literal kinds in words.
auto DescribeTokenType(const antlr4::dfa::Vocabulary& vocabulary, size_t type) -> std::string {
  switch (type) {
    case antlr4::Token::EOF: return "end of file";
    case P::IDENT: return "a name";
    case P::INT: return "a number";
    case P::DECIMAL: return "a decimal number";
    case P::STRING:
    case P::UNTERMINATED_STRING: return "a string";
    case P::DURATION: return "a duration";
    case P::TIME: return "a time of day";
    case P::DATE: return "a date";
    case P::DATETIME: return "a date and time";
    case P::PERCENT: return "a percentage";
    default: break;
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') {
    return fmt::format("`{}`", literal.substr(1, literal.size() - 2));
  }
  return vocabulary.getDisplayName(type);
}

auto DescribeToken(antlr4::Token* token) -> std::string {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  // fmt, not operator+: GCC 12 at -O3 warns (-Wrestrict) about `"`" + s`.
  if (text.size() > 24) return fmt::format("`{}...`", text.substr(0, 21));
  return fmt::format("`{}`", text);
}

// Where the parser was, in the words of the language reference.
auto DescribeRule(size_t rule_index) -> std::string {
  switch (rule_index) {
    case P::RuleFile:
    case P::RuleTopDecl: return " at the top level";
    case P::RuleModuleDecl: return " in the module declaration";
    case P::RuleImportDecl: return " in an import";
    case P::RuleModuleName:
    case P::RuleModuleSegment: return " in a module name";
    case P::RuleTypeRef: return " in a type";
    case P::RuleFieldDecl: return " in a field";
    case P::RuleParamList:
    case P::RuleParam: return " in a parameter list";
    case P::RuleProfileDecl: return " in a profile";
    case P::RuleEventDecl: return " in an event declaration";
    case P::RuleFnDecl:
    case P::RuleFnBody:
    case P::RuleLetStmt: return " in a function";
    case P::RuleBuiltinDecl:
    case P::RuleTypeParams:
    case P::RuleTypeParam: return " in a builtin declaration";
    case P::RuleScorecardDecl:
    case P::RuleScoreRow:
    case P::RuleScoreBin:
    case P::RuleBinCondition:
    case P::RuleInterval:
    case P::RuleBinValue: return " in a scorecard";
    case P::RulePolicyDecl:
    case P::RulePolicyRule:
    case P::RuleRuleBody:
    case P::RuleRuleMeta:
    case P::RuleChannelSel:
    case P::RuleCountKind:
    case P::RuleWindow:
    case P::RuleScope:
    case P::RuleSchedule:
    case P::RuleScheduleItem:
    case P::RuleDayRange:
    case P::RuleDay: return " in a policy rule";
    case P::RuleFlowDecl:
    case P::RuleFlowItem: return " in a flow";
    case P::RuleStartRule: return " in the start rule";
    case P::RuleStateDecl:
    case P::RuleStateItem: return " in a state";
    case P::RuleAlwaysBlock: return " in an `always` block";
    case P::RuleAction:
    case P::RuleWithClause:
    case P::RuleRetry:
    case P::RuleGuard: return " in an action";
    case P::RuleHandler: return " in a handler";
    case P::RuleEventPattern:
    case P::RulePatternArg: return " in an event pattern";
    case P::RuleTarget: return " in a transition target";
    case P::RuleExperimentDecl:
    case P::RuleArm: return " in an experiment";
    case P::RuleTestDecl:
    case P::RuleTestItem:
    case P::RuleTimeSpec:
    case P::RuleExpectation: return " in a test";
    case P::RuleRecordLit:
    case P::RuleFieldInit: return " in a record";
    default: return " in an expression";
  }
}

auto DescribeExpected(const antlr4::dfa::Vocabulary& vocabulary,
                      const antlr4::misc::IntervalSet& expected) -> std::string {
  // Where any literal may start, the parser wants an expression; listing
  // every literal kind says less than that one word.
  int literal_kinds = 0;
  for (size_t type : {P::INT, P::DECIMAL, P::STRING, P::DURATION, P::DATE, P::TIME}) {
    literal_kinds += expected.contains(static_cast<ssize_t>(type)) ? 1 : 0;
  }
  if (literal_kinds >= 4 && expected.contains(static_cast<ssize_t>(P::IDENT))) {
    return "an expression";
  }
  std::vector<std::string> names;
  bool any_soft_keyword = false;
  for (ssize_t type : expected.toList()) {
    if (type == P::IDENT) any_soft_keyword = true;
    names.push_back(DescribeTokenType(vocabulary, static_cast<size_t>(type)));
  }
  // Soft keywords are also names; when a name is expected, listing every
  // keyword that could stand in for it only hides the useful part.
  if (any_soft_keyword) {
    std::erase_if(names, [](const std::string& name) {
      return name.size() > 2 && name.front() == '`' && std::isalpha(name[1]) != 0;
    });
    names.insert(names.begin(), "a name");
    names.erase(std::unique(names.begin(), names.end()), names.end());
  }
  if (names.empty()) return "something else";
  // Where every declaration keyword fits, say so instead of listing them.
  if (std::find(names.begin(), names.end(), "`scorecard`") != names.end() &&
      std::find(names.begin(), names.end(), "`flow`") != names.end()) {
    return "a declaration such as `profile`, `fn`, `scorecard`, `policy` or `flow`";
  }
  if (names.size() > 8) {
    size_t more = names.size() - 7;
    names.resize(7);
    names.push_back(fmt::format("{} other tokens", more));
  }
  std::string result;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) result += i + 1 == names.size() ? " or " : ", ";
    result += names[i];
  }
  return result;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer,
                                      antlr4::Token* offending_symbol, size_t /*line*/,
                                      size_t /*column*/, const std::string& /*message*/,
                                      std::exception_ptr exception) {
  ssize_t token_index =
      offending_symbol != nullptr ? static_cast<ssize_t>(offending_symbol->getTokenIndex()) : -1;
  // Recovery resynchronises within a few tokens of an error; an error that
  // close to the last one is nearly always its echo.
  constexpr ssize_t kEchoDistance = 3;
  bool echo = last_token_index_ >= 0 && token_index >= last_token_index_ &&
              token_index - last_token_index_ <= kEchoDistance;
  bool at_end = offending_symbol != nullptr && offending_symbol->getType() == antlr4::Token::EOF;
  bool after_stray = token_index >= 0 && after_stray_.contains(static_cast<size_t>(token_index));
  if (token_index == last_token_index_ || (echo && !at_end) || after_stray) return;
  last_token_index_ = token_index;
  if (++error_count_ > kMaxSyntaxErrors) return;

  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  std::string context;
  std::string expected = "something else";
  if (parser != nullptr) {
    // A name or literal reads better in terms of what contains it.
    antlr4::ParserRuleContext* where = parser->getContext();
    while (where != nullptr && where->parent != nullptr &&
           (where->getRuleIndex() == P::RuleIdent || where->getRuleIndex() == P::RuleQualifiedName ||
            where->getRuleIndex() == P::RuleLiteral)) {
      where = dynamic_cast<antlr4::ParserRuleContext*>(where->parent);
    }
    if (where != nullptr) context = DescribeRule(where->getRuleIndex());
    antlr4::misc::IntervalSet expected_tokens;
    try {
      if (exception) std::rethrow_exception(exception);
      expected_tokens = parser->getExpectedTokens();
    } catch (antlr4::RecognitionException& recognition) {
      expected_tokens = recognition.getExpectedTokens();
    } catch (...) {
    }
    expected = DescribeExpected(parser->getVocabulary(), expected_tokens);
  }
  emitter_.Emit(range_of_(offending_symbol), SyntaxError, DescribeToken(offending_symbol),
                context, expected);
}

}  // namespace cobro::parse
