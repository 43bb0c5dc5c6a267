#include "tests/robustness/ast_dump.h"

#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/ast/print.h"
#include "compiler/diag/emitter.h"
#include "compiler/parse/parse.h"

namespace cobro::robustness {

namespace {

auto ExprKindName(ast::ExprKind kind) -> const char* {
  switch (kind) {
    case ast::ExprKind::Error: return "Error";
    case ast::ExprKind::Int: return "Int";
    case ast::ExprKind::Decimal: return "Decimal";
    case ast::ExprKind::String: return "String";
    case ast::ExprKind::Bool: return "Bool";
    case ast::ExprKind::Duration: return "Duration";
    case ast::ExprKind::Time: return "Time";
    case ast::ExprKind::Date: return "Date";
    case ast::ExprKind::DateTime: return "DateTime";
    case ast::ExprKind::Percent: return "Percent";
    case ast::ExprKind::Name: return "Name";
    case ast::ExprKind::Member: return "Member";
    case ast::ExprKind::Call: return "Call";
    case ast::ExprKind::Unary: return "Unary";
    case ast::ExprKind::Binary: return "Binary";
    case ast::ExprKind::If: return "If";
    case ast::ExprKind::Set: return "Set";
  }
  return "?";
}

auto DecimalText(const Decimal& value) -> std::string {
  return fmt::format("{}e-{}", value.coefficient, value.scale);
}

auto DateTimeText(const CivilDateTime& value) -> std::string {
  return fmt::format("{}/{}/{}", value.date.days, value.time.seconds,
                     value.offset_minutes ? std::to_string(*value.offset_minutes) : "none");
}

// Escapes text so that every dumped node stays on one line.
auto Escaped(std::string_view text) -> std::string {
  std::string result = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      result += '\\';
      result += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      result += fmt::format("\\x{:02x}", byte);
    } else {
      result += c;
    }
  }
  return result + "\"";
}

class Dumper {
 public:
  explicit Dumper(const ast::File& file) : file_(file) {}

  auto Run() -> std::string {
    Line(0, "module " + (file_.module_name ? Name(*file_.module_name) : std::string("<none>")));
    for (const ast::Import& import : file_.imports) {
      Line(0, "import " + Name(import.module) + " as " + OptionalIdent(import.alias));
    }
    // Declarations in source order; the per-kind lists are reached through them,
    // and the sizes are compared so that nothing hides outside `decls`.
    Line(0, fmt::format("counts profiles={} events={} fns={} builtins={} scorecards={} "
                        "policies={} flows={} experiments={} tests={} decls={}",
                        file_.profiles.size(), file_.events.size(), file_.fns.size(),
                        file_.builtins.size(), file_.scorecards.size(), file_.policies.size(),
                        file_.flows.size(), file_.experiments.size(), file_.tests.size(),
                        file_.decls.size()));
    for (const ast::DeclRef& decl : file_.decls) Decl(decl);
    // Ordinary comments, and doc comments that attach to no declaration, are
    // dropped by the printer: only the attached docs (`doc` fields) count.
    Line(0, fmt::format("has_syntax_errors {}", file_.has_syntax_errors));
    return out_;
  }

 private:
  void Line(int depth, const std::string& text) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }

  static auto Name(const ast::QualifiedName& name) -> std::string {
    std::string result;
    for (size_t i = 0; i < name.parts.size(); ++i) {
      if (i > 0) result += '.';
      result += Escaped(name.parts[i].text);
    }
    return "[" + result + "]";
  }

  static auto OptionalIdent(const std::optional<ast::Ident>& ident) -> std::string {
    return ident ? Escaped(ident->text) : "<none>";
  }

  auto Expr(ast::ExprId id) -> std::string {
    if (!id.has_value()) return "<none>";
    if (id.index >= static_cast<int32_t>(file_.exprs.size())) return "<dangling>";
    const ast::Expr& expr = file_.exprs.Get(id);
    std::string head = ExprKindName(expr.kind);
    switch (expr.kind) {
      case ast::ExprKind::Error: return "(Error)";
      case ast::ExprKind::Int: return fmt::format("(Int {})", expr.int_value);
      case ast::ExprKind::Decimal: return "(Decimal " + DecimalText(expr.decimal_value) + ")";
      case ast::ExprKind::Percent: return "(Percent " + DecimalText(expr.decimal_value) + ")";
      case ast::ExprKind::String: return "(String " + Escaped(expr.string_value) + ")";
      case ast::ExprKind::Bool: return fmt::format("(Bool {})", expr.bool_value);
      case ast::ExprKind::Duration:
        return fmt::format("(Duration {}ms)", expr.duration_value.milliseconds);
      case ast::ExprKind::Time: return fmt::format("(Time {}s)", expr.time_value.seconds);
      case ast::ExprKind::Date: return fmt::format("(Date {})", expr.date_value.days);
      case ast::ExprKind::DateTime: return "(DateTime " + DateTimeText(expr.datetime_value) + ")";
      case ast::ExprKind::Name: return "(Name " + Escaped(expr.name.text) + ")";
      case ast::ExprKind::Member:
        return "(Member " + Expr(expr.lhs) + " " + Escaped(expr.name.text) + ")";
      case ast::ExprKind::Call: return "(Call " + Expr(expr.lhs) + List(expr.elements) + ")";
      case ast::ExprKind::Set: return "(Set" + List(expr.elements) + ")";
      case ast::ExprKind::Unary:
        return std::string("(Unary ") + ast::Spelling(expr.unary_op) + " " + Expr(expr.lhs) + ")";
      case ast::ExprKind::Binary:
        return std::string("(Binary ") + ast::Spelling(expr.binary_op) + " " + Expr(expr.lhs) +
               " " + Expr(expr.rhs) + ")";
      case ast::ExprKind::If:
        return "(If " + Expr(expr.condition) + " " + Expr(expr.lhs) + " " + Expr(expr.rhs) + ")";
    }
    return "(" + head + " ?)";
  }

  auto List(const std::vector<ast::ExprId>& ids) -> std::string {
    std::string result;
    for (ast::ExprId id : ids) result += " " + Expr(id);
    return result;
  }

  auto Type(ast::TypeRefId id) -> std::string {
    if (!id.has_value()) return "<none>";
    const ast::TypeRef& type = file_.types.Get(id);
    std::string result = Name(type.name);
    if (!type.args.empty()) {
      result += "<";
      for (size_t i = 0; i < type.args.size(); ++i) {
        if (i > 0) result += ",";
        result += Type(type.args[i]);
      }
      result += ">";
    }
    return result;
  }

  auto Params(const std::vector<ast::Param>& params) -> std::string {
    std::string result = "(";
    for (size_t i = 0; i < params.size(); ++i) {
      if (i > 0) result += ", ";
      result += Escaped(params[i].name.text) + ": " + Type(params[i].type);
    }
    return result + ")";
  }

  auto Record(const std::vector<ast::FieldInit>& fields) -> std::string {
    std::string result = "{";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) result += ",";
      result += " " + Escaped(fields[i].name.text) + ": " + Expr(fields[i].value);
    }
    return result + " }";
  }

  auto Pattern(const ast::EventPattern& pattern) -> std::string {
    std::string result = "(Pattern " + Name(pattern.event);
    for (const ast::EventPattern::Arg& arg : pattern.args) {
      result += arg.name ? " name=" + Escaped(arg.name->text) : " literal=" + Expr(arg.literal);
      if (arg.name && arg.literal.has_value()) result += "+literal=" + Expr(arg.literal);
    }
    return result + " binding=" + OptionalIdent(pattern.binding) + ")";
  }

  auto OptionalPattern(const std::optional<ast::EventPattern>& pattern) -> std::string {
    return pattern ? Pattern(*pattern) : "<none>";
  }

  auto Target(ast::TargetId id) -> std::string {
    if (!id.has_value()) return "<none>";
    const ast::Target& target = file_.targets.Get(id);
    if (target.kind == ast::TargetKind::If) {
      return "(IfTarget " + Expr(target.condition) + " " + Target(target.then_target) + " " +
             Target(target.else_target) + ")";
    }
    std::string result = "(State " + Escaped(target.state.text);
    if (target.has_args) result += " args" + List(target.args);
    return result + ")";
  }

  void Doc(int depth, const std::string& doc) {
    if (!doc.empty()) Line(depth, "doc " + Escaped(doc));
  }

  void Field(int depth, const ast::FieldDecl& field) {
    Doc(depth, field.doc);
    Line(depth, "field " + Escaped(field.name.text) + ": " + Type(field.type) + " = " +
                    Expr(field.default_value));
  }

  static auto Selector(const ast::ChannelSel& selector) -> std::string {
    std::string result = "[";
    for (size_t i = 0; i < selector.names.size(); ++i) {
      if (i > 0) result += " + ";
      result += Escaped(selector.names[i].text);
    }
    return result + "]";
  }

  static auto Days(const std::vector<ast::DaySpan>& days) -> std::string {
    std::string result = "[";
    for (size_t i = 0; i < days.size(); ++i) {
      if (i > 0) result += ",";
      result += fmt::format("{}-{}", days[i].first, days[i].last);
    }
    return result + "]";
  }

  static auto WindowText(const ast::Window& window) -> std::string {
    return fmt::format("(Window kind={} length={}ms days={})", static_cast<int>(window.kind),
                       window.length.milliseconds, window.days);
  }

  void Decl(const ast::DeclRef& decl) {
    auto index = static_cast<size_t>(decl.index);
    switch (decl.kind) {
      case ast::DeclKind::Profile: Profile(file_.profiles.at(index)); break;
      case ast::DeclKind::Event: Event(file_.events.at(index)); break;
      case ast::DeclKind::Fn: Fn(file_.fns.at(index)); break;
      case ast::DeclKind::Builtin: Builtin(file_.builtins.at(index)); break;
      case ast::DeclKind::Scorecard: Scorecard(file_.scorecards.at(index)); break;
      case ast::DeclKind::Policy: Policy(file_.policies.at(index)); break;
      case ast::DeclKind::Flow: Flow(file_.flows.at(index)); break;
      case ast::DeclKind::Experiment: Experiment(file_.experiments.at(index)); break;
      case ast::DeclKind::Test: Test(file_.tests.at(index)); break;
    }
  }

  void Profile(const ast::ProfileDecl& profile) {
    Doc(0, profile.doc);
    Line(0, "profile " + Escaped(profile.name.text));
    for (const ast::FieldDecl& field : profile.fields) Field(1, field);
  }

  void Event(const ast::EventDecl& event) {
    Doc(0, event.doc);
    Line(0, "event " + Name(event.name) + " keys" + Params(event.keys));
    for (const ast::FieldDecl& field : event.fields) Field(1, field);
  }

  void Fn(const ast::FnDecl& fn) {
    Doc(0, fn.doc);
    Line(0, fmt::format("fn {}{} -> {} block={}", Escaped(fn.name.text), Params(fn.params),
                        Type(fn.result), fn.block_body));
    for (const ast::LetStmt& let : fn.lets) {
      Line(1, "let " + Escaped(let.name.text) + ": " + Type(let.type) + " = " + Expr(let.value));
    }
    Line(1, "body " + Expr(fn.body));
  }

  void Builtin(const ast::BuiltinDecl& builtin) {
    Doc(0, builtin.doc);
    std::string type_params;
    for (const ast::TypeParam& param : builtin.type_params) {
      type_params += " " + Escaped(param.name.text) + ":" + OptionalIdent(param.bound);
    }
    Line(0, "builtin " + Escaped(builtin.name.text) + " <" + type_params + " >" +
                Params(builtin.params) + " -> " + Type(builtin.result));
  }

  void Scorecard(const ast::ScorecardDecl& scorecard) {
    Doc(0, scorecard.doc);
    Line(0, fmt::format("scorecard {}{} base {}", Escaped(scorecard.name.text),
                        Params(scorecard.params), scorecard.base));
    for (const ast::ScoreRow& row : scorecard.rows) {
      Line(1, "row " + Expr(row.subject));
      for (const ast::ScoreBin& bin : row.bins) {
        // A single-value range bin shares one expression for both bounds.
        bool single = bin.kind == ast::BinKind::Range && bin.low.has_value() && bin.low == bin.high;
        Line(2, fmt::format("bin kind={} low={} high={} single={} low_closed={} high_closed={} "
                            "op={} value={} points={}",
                            static_cast<int>(bin.kind), Expr(bin.low), Expr(bin.high), single,
                            bin.low_closed, bin.high_closed, ast::Spelling(bin.compare_op),
                            Expr(bin.compare_value), bin.points));
      }
    }
  }

  void Policy(const ast::PolicyDecl& policy) {
    Doc(0, policy.doc);
    Line(0, "policy " + Escaped(policy.name.text));
    for (const ast::PolicyRule& rule : policy.rules) {
      Doc(1, rule.doc);
      Line(1, fmt::format("rule kind={} label={} channels={} except={} count={} max={} {} "
                          "scope={}",
                          static_cast<int>(rule.kind), OptionalIdent(rule.label),
                          Selector(rule.channels), Selector(rule.except),
                          static_cast<int>(rule.count), rule.max, WindowText(rule.window),
                          rule.scope ? static_cast<int>(*rule.scope) : -1));
      Line(2, "trigger " + OptionalPattern(rule.trigger) + " when " + Expr(rule.trigger_guard) +
                  " until " + OptionalPattern(rule.until));
      Line(2, "length " + (rule.length ? std::to_string(rule.length->milliseconds) + "ms"
                                       : std::string("<none>")));
      for (const ast::ScheduleItem& item : rule.schedule) {
        Line(2, fmt::format("schedule {} {}..{}", Days(item.days), item.begin.seconds,
                            item.end.seconds));
      }
      Line(2, "days " + Days(rule.days) + " text " + Escaped(rule.text));
      Line(2, fmt::format("meta cite={} from={} to={} confidence={}", Escaped(rule.cite),
                          rule.effective_from ? std::to_string(rule.effective_from->days) : "-",
                          rule.effective_to ? std::to_string(rule.effective_to->days) : "-",
                          OptionalIdent(rule.confidence)));
    }
  }

  void Handler(int depth, const ast::Handler& handler) {
    if (handler.kind == ast::HandlerKind::Timer) {
      Line(depth, "after " + Expr(handler.delay) + " -> " + Target(handler.target));
      return;
    }
    Line(depth, "on " + Pattern(handler.pattern) + " when " + Expr(handler.guard) + " -> " +
                    Target(handler.target));
  }

  void Flow(const ast::FlowDecl& flow) {
    Doc(0, flow.doc);
    std::string complies;
    for (const ast::QualifiedName& name : flow.complies) complies += " " + Name(name);
    Line(0, "flow " + Escaped(flow.name.text) + " for " + Escaped(flow.subject.text) + ": " +
                Type(flow.subject_type) + " complies" + complies);
    for (const ast::StartRule& start : flow.starts) {
      Line(1, "start when " + Expr(start.condition) + " -> " + Target(start.target));
    }
    for (const ast::StateDecl& state : flow.states) {
      Doc(1, state.doc);
      Line(1, fmt::format("state {} terminal={} {}", Escaped(state.name.text), state.terminal,
                          Params(state.params)));
      for (const ast::Action& action : state.actions) {
        Line(2, fmt::format("action kind={} channel={} template={} with {} every {} up to {} "
                            "when {}",
                            static_cast<int>(action.kind), Escaped(action.channel.text),
                            Escaped(action.template_name), Record(action.with),
                            Expr(action.retry_every), action.retry_limit, Expr(action.guard)));
      }
      for (const ast::Handler& handler : state.handlers) Handler(2, handler);
    }
    for (const ast::Handler& handler : flow.always) {
      Line(1, "always");
      Handler(2, handler);
    }
  }

  void Experiment(const ast::ExperimentDecl& experiment) {
    Doc(0, experiment.doc);
    Line(0, "experiment " + Escaped(experiment.name.text) + " for " + Type(experiment.subject) +
                " salt " + (experiment.salt ? Escaped(*experiment.salt) : "<none>"));
    for (const ast::Arm& arm : experiment.arms) {
      Line(1, "arm " + Name(arm.flow) + " " + DecimalText(arm.share));
    }
  }

  void Test(const ast::TestDecl& test) {
    Doc(0, test.doc);
    Line(0, "test " + Escaped(test.name) + " for " + Escaped(test.flow.text));
    Line(1, "given " + Type(test.given_type) + " " + Record(test.given));
    for (const ast::TestStep& step : test.steps) {
      std::string time = step.time_kind == ast::TimeSpecKind::Relative
                             ? fmt::format("+{}ms", step.offset.milliseconds)
                             : DateTimeText(step.at);
      Line(1, "at " + time + " event " + (step.event ? Name(*step.event) : "<none>") + " " +
                  Record(step.event_fields));
      for (const ast::Expectation& expectation : step.expectations) {
        Line(2, fmt::format("expect kind={} name={} text={} rule={}",
                            static_cast<int>(expectation.kind), Escaped(expectation.name.text),
                            Escaped(expectation.text), Name(expectation.rule)));
      }
    }
  }

  const ast::File& file_;
  std::string out_;
};

struct Parsed {
  SourceManager sources;
  FileId file_id;
  ast::File file;
  std::vector<diag::Diagnostic> diagnostics;
};

auto ParseText(const std::string& path, const std::string& text) -> std::unique_ptr<Parsed> {
  auto parsed = std::make_unique<Parsed>();
  parsed->file_id = parsed->sources.Add(path, text);
  diag::Emitter emitter(parsed->diagnostics);
  parsed->file = parse::Parse(parsed->sources.Get(parsed->file_id), parsed->file_id, emitter);
  return parsed;
}

auto DiagnosticsText(const std::vector<diag::Diagnostic>& diagnostics) -> std::string {
  std::string result;
  for (const diag::Diagnostic& diagnostic : diagnostics) {
    result += fmt::format("  [{}] at byte {}: {}\n", diag::KindName(diagnostic.kind),
                          diagnostic.range.begin, diagnostic.message);
  }
  return result;
}

auto SplitLines(const std::string& text) -> std::vector<std::string_view> {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

// The first line where `a` and `b` differ, both versions, for reports.
auto FirstDifference(const std::string& a, const std::string& b) -> std::string {
  std::vector<std::string_view> lines_a = SplitLines(a);
  std::vector<std::string_view> lines_b = SplitLines(b);
  size_t line = 0;
  while (line < lines_a.size() && line < lines_b.size() && lines_a[line] == lines_b[line]) ++line;
  auto at = [](const std::vector<std::string_view>& lines, size_t i) {
    return i < lines.size() ? std::string(lines[i]) : std::string("<end of text>");
  };
  return fmt::format("line {}:\n  first:  {}\n  second: {}\n", line + 1, at(lines_a, line),
                     at(lines_b, line));
}

}  // namespace

auto DumpStructure(const ast::File& file) -> std::string { return Dumper(file).Run(); }

auto CheckRoundTrip(const std::string& path, const std::string& text) -> RoundTripResult {
  RoundTripResult result;
  std::unique_ptr<Parsed> original = ParseText(path, text);
  if (!original->diagnostics.empty() || original->file.has_syntax_errors) {
    result.problem = "the input does not parse cleanly:\n" + DiagnosticsText(original->diagnostics);
    return result;
  }
  result.first_print = ast::Print(original->file, original->sources.Get(original->file_id));
  std::unique_ptr<Parsed> reparsed = ParseText(path, result.first_print);
  if (!reparsed->diagnostics.empty() || reparsed->file.has_syntax_errors) {
    result.problem =
        "the printed source does not parse cleanly:\n" + DiagnosticsText(reparsed->diagnostics);
    return result;
  }
  for (const ast::Comment& comment : reparsed->file.comments) {
    if (!comment.doc) {
      result.problem = "the printed source keeps the ordinary comment " + Escaped(comment.text);
      return result;
    }
  }
  result.second_print = ast::Print(reparsed->file, reparsed->sources.Get(reparsed->file_id));
  if (result.second_print != result.first_print) {
    result.problem = "printing is not a fixpoint; first difference at " +
                     FirstDifference(result.first_print, result.second_print);
    return result;
  }
  std::string first_dump = DumpStructure(original->file);
  std::string second_dump = DumpStructure(reparsed->file);
  if (first_dump != second_dump) {
    result.problem = "the reparsed AST differs from the original; first difference at " +
                     FirstDifference(first_dump, second_dump);
  }
  return result;
}

}  // namespace cobro::robustness
