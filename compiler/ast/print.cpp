#include "compiler/ast/print.h"

#include <cctype>

#include <fmt/format.h>

namespace cobro::ast {

namespace {

// Binding strength of an expression, loosest first, matching the grammar.
auto Precedence(const Expr& expr) -> int {
  switch (expr.kind) {
    case ExprKind::If: return 0;
    case ExprKind::Unary: return expr.unary_op == UnaryOp::Not ? 3 : 7;
    case ExprKind::Binary:
      switch (expr.binary_op) {
        case BinaryOp::Or: return 1;
        case BinaryOp::And: return 2;
        case BinaryOp::Mul:
        case BinaryOp::Div: return 6;
        case BinaryOp::Add:
        case BinaryOp::Sub: return 5;
        default: return 4;
      }
    default: return 8;
  }
}

auto Quote(std::string_view text) -> std::string {
  std::string result = "\"";
  for (char c : text) {
    switch (c) {
      case '"': result += "\\\""; break;
      case '\\': result += "\\\\"; break;
      case '\n': result += "\\n"; break;
      case '\t': result += "\\t"; break;
      default: result += c;
    }
  }
  return result + "\"";
}

class Printer {
 public:
  Printer(const File& file, const SourceBuffer& buffer) : file_(file), buffer_(buffer) {}

  auto PrintFile() -> std::string {
    if (file_.module_name) Line(0, "module " + file_.module_name->Joined());
    if (!file_.imports.empty()) {
      if (file_.module_name) out_ += '\n';
      for (const Import& import : file_.imports) {
        std::string line = "import " + import.module.Joined();
        if (import.alias) line += " as " + import.alias->text;
        Line(0, line);
      }
    }
    for (const DeclRef& decl : file_.decls) {
      if (!out_.empty()) out_ += '\n';
      PrintDecl(decl);
    }
    return out_;
  }

  auto ExprText(ExprId id) -> std::string { return Text(id, /*right_edge=*/true); }

 private:
  // An expression. `right_edge` says that nothing of the enclosing
  // expression follows it, so an `if` or a prefix operator there cannot
  // swallow what comes after and needs no parentheses.
  auto Text(ExprId id, bool right_edge) -> std::string {
    if (!id.has_value()) return "<error>";
    const Expr& expr = file_.exprs.Get(id);
    switch (expr.kind) {
      case ExprKind::Error: return "<error>";
      case ExprKind::Int:
      case ExprKind::Decimal:
      case ExprKind::Duration:
      case ExprKind::Time:
      case ExprKind::Date:
      case ExprKind::DateTime:
      case ExprKind::Percent:
      case ExprKind::Bool: return LiteralText(expr);
      case ExprKind::String: return Quote(expr.string_value);
      case ExprKind::Name: return expr.name.text;
      case ExprKind::Member: return Operand(expr.lhs, 8, false) + "." + expr.name.text;
      case ExprKind::Call: return Operand(expr.lhs, 8, false) + "(" + List(expr.elements) + ")";
      case ExprKind::Set: return "{" + List(expr.elements) + "}";
      case ExprKind::Unary:
        return expr.unary_op == UnaryOp::Negate ? "-" + Operand(expr.lhs, 7, right_edge)
                                                : "not " + Operand(expr.lhs, 3, right_edge);
      case ExprKind::Binary: {
        int precedence = Precedence(expr);
        return Operand(expr.lhs, precedence, false) + " " + Spelling(expr.binary_op) + " " +
               Operand(expr.rhs, precedence + 1, right_edge);
      }
      case ExprKind::If:
        // `then` and `else` delimit the condition and the first branch, so an
        // `if` there needs no parentheses. Adding them would also make nested
        // `if`s count twice against the parser's nesting limit: 99 nested
        // `if`s parse, but not once printed with 99 parentheses.
        return "if " + Text(expr.condition, true) + " then " + Text(expr.lhs, true) + " else " +
               Text(expr.rhs, right_edge);
    }
    return "<error>";
  }

  auto SourceText(SourceRange range) const -> std::string_view {
    return buffer_.text().substr(range.begin, range.end - range.begin);
  }

  // A literal as spelled in the source. A parenthesised literal's range
  // covers its parentheses and any comments inside them (so diagnostics
  // underline what was written); such a literal is spelled from its value.
  auto LiteralText(const Expr& expr) const -> std::string {
    std::string_view text = SourceText(expr.range);
    if (!text.starts_with('(')) return std::string(text);
    switch (expr.kind) {
      case ExprKind::Int: return fmt::format("{}", expr.int_value);
      case ExprKind::Decimal: return expr.decimal_value.ToString();
      case ExprKind::Percent: return expr.decimal_value.ToString() + "%";
      case ExprKind::Duration: return expr.duration_value.ToString();
      case ExprKind::Time: return expr.time_value.ToString();
      case ExprKind::Date: return expr.date_value.ToString();
      case ExprKind::DateTime: return expr.datetime_value.ToString();
      case ExprKind::Bool: return expr.bool_value ? "true" : "false";
      default: return std::string(text);
    }
  }

  // An operand, parenthesised when it binds looser than `minimum`, unless it
  // starts with `if` or a prefix operator and sits at the right edge: the
  // grammar reads those anywhere, and they end where the expression ends.
  // (`d.dpd >= if a then 1 else 2` keeps its nesting depth when printed.)
  auto Operand(ExprId id, int minimum, bool right_edge) -> std::string {
    if (!id.has_value()) return "<error>";
    const Expr& expr = file_.exprs.Get(id);
    bool open_ended = expr.kind == ExprKind::If || expr.kind == ExprKind::Unary;
    if (Precedence(expr) >= minimum || (right_edge && open_ended)) return Text(id, right_edge);
    return "(" + Text(id, true) + ")";
  }

  auto List(const std::vector<ExprId>& ids) -> std::string {
    std::string result;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) result += ", ";
      result += ExprText(ids[i]);
    }
    return result;
  }

  auto TypeText(TypeRefId id) -> std::string {
    if (!id.has_value()) return "<error>";
    const TypeRef& type = file_.types.Get(id);
    std::string result = type.name.Joined();
    if (!type.args.empty()) {
      result += "<";
      for (size_t i = 0; i < type.args.size(); ++i) {
        if (i > 0) result += ", ";
        result += TypeText(type.args[i]);
      }
      result += ">";
    }
    return result;
  }

  auto ParamsText(const std::vector<Param>& params) -> std::string {
    std::string result;
    for (size_t i = 0; i < params.size(); ++i) {
      if (i > 0) result += ", ";
      result += params[i].name.text + ": " + TypeText(params[i].type);
    }
    return result;
  }

  auto RecordText(const std::vector<FieldInit>& fields) -> std::string {
    if (fields.empty()) return "{}";
    std::string result = "{ ";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) result += ", ";
      result += fields[i].name.text + ": " + ExprText(fields[i].value);
    }
    return result + " }";
  }

  auto PatternText(const EventPattern& pattern) -> std::string {
    std::string result = pattern.event.Joined();
    if (!pattern.args.empty()) {
      result += "(";
      for (size_t i = 0; i < pattern.args.size(); ++i) {
        if (i > 0) result += ", ";
        const EventPattern::Arg& arg = pattern.args[i];
        result += arg.name ? arg.name->text : ExprText(arg.literal);
      }
      result += ")";
    }
    if (pattern.binding) result += " " + pattern.binding->text;
    return result;
  }

  auto TargetText(TargetId id) -> std::string {
    if (!id.has_value()) return "<error>";
    const Target& target = file_.targets.Get(id);
    if (target.kind == TargetKind::If) {
      return "if " + ExprText(target.condition) + " then " + TargetText(target.then_target) +
             " else " + TargetText(target.else_target);
    }
    std::string result = target.state.text;
    if (target.has_args) result += "(" + List(target.args) + ")";
    return result;
  }

  void Line(int indent, std::string_view text) {
    out_.append(static_cast<size_t>(indent) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }

  void Doc(int indent, const std::string& doc) {
    if (doc.empty()) return;
    size_t begin = 0;
    while (begin <= doc.size()) {
      size_t end = doc.find('\n', begin);
      if (end == std::string::npos) end = doc.size();
      std::string_view line(doc.data() + begin, end - begin);
      Line(indent, line.empty() ? "///" : "/// " + std::string(line));
      begin = end + 1;
    }
  }

  void Field(int indent, const FieldDecl& field) {
    Doc(indent, field.doc);
    std::string line = field.name.text + ": " + TypeText(field.type);
    if (field.default_value.has_value()) line += " = " + ExprText(field.default_value);
    Line(indent, line);
  }

  void PrintDecl(const DeclRef& decl) {
    switch (decl.kind) {
      case DeclKind::Profile: PrintProfile(file_.profiles[decl.index]); break;
      case DeclKind::Event: PrintEvent(file_.events[decl.index]); break;
      case DeclKind::Fn: PrintFn(file_.fns[decl.index]); break;
      case DeclKind::Builtin: PrintBuiltin(file_.builtins[decl.index]); break;
      case DeclKind::Scorecard: PrintScorecard(file_.scorecards[decl.index]); break;
      case DeclKind::Policy: PrintPolicy(file_.policies[decl.index]); break;
      case DeclKind::Flow: PrintFlow(file_.flows[decl.index]); break;
      case DeclKind::Experiment: PrintExperiment(file_.experiments[decl.index]); break;
      case DeclKind::Test: PrintTest(file_.tests[decl.index]); break;
    }
  }

  void PrintProfile(const ProfileDecl& profile) {
    Doc(0, profile.doc);
    Line(0, "profile " + profile.name.text + " {");
    for (const FieldDecl& field : profile.fields) Field(1, field);
    Line(0, "}");
  }

  void PrintEvent(const EventDecl& event) {
    Doc(0, event.doc);
    std::string head = "event " + event.name.Joined();
    if (!event.keys.empty()) head += "(" + ParamsText(event.keys) + ")";
    if (event.fields.empty()) {
      Line(0, head);
      return;
    }
    Line(0, head + " {");
    for (const FieldDecl& field : event.fields) Field(1, field);
    Line(0, "}");
  }

  void PrintFn(const FnDecl& fn) {
    Doc(0, fn.doc);
    std::string head =
        "fn " + fn.name.text + "(" + ParamsText(fn.params) + ") -> " + TypeText(fn.result);
    if (!fn.block_body) {
      Line(0, head + " = " + ExprText(fn.body));
      return;
    }
    Line(0, head + " {");
    for (const LetStmt& let : fn.lets) {
      std::string line = "let " + let.name.text;
      if (let.type.has_value()) line += ": " + TypeText(let.type);
      Line(1, line + " = " + ExprText(let.value));
    }
    Line(1, ExprText(fn.body));
    Line(0, "}");
  }

  void PrintBuiltin(const BuiltinDecl& builtin) {
    Doc(0, builtin.doc);
    std::string head = "builtin fn " + builtin.name.text;
    if (!builtin.type_params.empty()) {
      head += "<";
      for (size_t i = 0; i < builtin.type_params.size(); ++i) {
        if (i > 0) head += ", ";
        head += builtin.type_params[i].name.text;
        if (builtin.type_params[i].bound) head += ": " + builtin.type_params[i].bound->text;
      }
      head += ">";
    }
    Line(0, head + "(" + ParamsText(builtin.params) + ") -> " + TypeText(builtin.result));
  }

  auto BoundText(ExprId id) -> std::string { return id.has_value() ? ExprText(id) : ""; }

  auto BinText(const ScoreBin& bin, bool first) -> std::string {
    std::string condition;
    switch (bin.kind) {
      case BinKind::Interval:
        condition = std::string(first ? "in " : "") + (bin.low_closed ? "[" : "(") +
                    BoundText(bin.low) + ", " + (bin.high.has_value() ? BoundText(bin.high) : "..") +
                    (bin.high_closed ? "]" : ")");
        break;
      case BinKind::Range: {
        std::string prefix = first ? "is " : "";
        if (!bin.low.has_value()) {
          condition = prefix + ".." + BoundText(bin.high);
        } else if (bin.high == bin.low) {
          condition = prefix + BoundText(bin.low);
        } else {
          condition = prefix + BoundText(bin.low) + ".." + BoundText(bin.high);
        }
        break;
      }
      case BinKind::Compare:
        condition = std::string(Spelling(bin.compare_op)) + " " + BoundText(bin.compare_value);
        break;
      case BinKind::Else: condition = "else"; break;
    }
    std::string points = bin.points > 0 ? fmt::format("+{}", bin.points) : fmt::format("{}", bin.points);
    return condition + " => " + points;
  }

  void PrintScorecard(const ScorecardDecl& scorecard) {
    Doc(0, scorecard.doc);
    Line(0, fmt::format("scorecard {}({}) base {} {{", scorecard.name.text,
                        ParamsText(scorecard.params), scorecard.base));
    for (const ScoreRow& row : scorecard.rows) {
      // The grammar reads a row's subject as a postfix expression, so that
      // `d.balance < 500.00` is a subject and a bin: anything looser needs
      // its parentheses back.
      std::string line = Operand(row.subject, 8, false);
      for (size_t i = 0; i < row.bins.size(); ++i) {
        line += (i == 0 ? " " : ", ") + BinText(row.bins[i], i == 0);
      }
      Line(1, line);
    }
    Line(0, "}");
  }

  static auto DayName(int32_t day) -> const char* {
    static constexpr const char* kNames[] = {"mon", "tue", "wed", "thu",
                                             "fri", "sat", "sun", "holiday"};
    return day >= 0 && day <= kHoliday ? kNames[day] : "mon";
  }

  static auto SpanText(const DaySpan& span) -> std::string {
    if (span.first == span.last) return DayName(span.first);
    return std::string(DayName(span.first)) + "-" + DayName(span.last);
  }

  static auto SelectorText(const ChannelSel& selector) -> std::string {
    std::string result;
    for (size_t i = 0; i < selector.names.size(); ++i) {
      if (i > 0) result += " + ";
      result += selector.names[i].text;
    }
    return result;
  }

  auto WindowText(const Window& window) -> std::string {
    switch (window.kind) {
      case WindowKind::Rolling: return std::string(SourceText(window.range));
      case WindowKind::ConsecutiveDays: return fmt::format("{} consecutive days", window.days);
      case WindowKind::CalendarDay: return "calendar day";
      case WindowKind::CalendarWeek: return "calendar week";
      case WindowKind::CalendarMonth: return "calendar month";
    }
    return "";
  }

  auto RuleText(const PolicyRule& rule) -> std::string {
    std::string text = rule.label ? rule.label->text + ": " : "";
    std::string length = rule.length ? std::string(SourceText(rule.length_range)) : "";
    switch (rule.kind) {
      case RuleKind::Limit:
        text += "limit " + SelectorText(rule.channels);
        if (rule.count == CountKind::Conversations) text += " conversations";
        text += fmt::format(" <= {} per {}", rule.max, WindowText(rule.window));
        if (rule.scope) text += rule.scope == Scope::Debt ? " per debt" : " per debtor";
        break;
      case RuleKind::Quiet:
        text += "after " + PatternText(*rule.trigger) + " quiet " + SelectorText(rule.channels) +
                " for " + length;
        break;
      case RuleKind::OneChannel:
        text += "after " + PatternText(*rule.trigger) + " one channel per " +
                WindowText(rule.window);
        break;
      case RuleKind::Window: {
        text += "allow ";
        if (!rule.channels.names.empty()) text += SelectorText(rule.channels) + " ";
        for (size_t i = 0; i < rule.schedule.size(); ++i) {
          const ScheduleItem& item = rule.schedule[i];
          if (i > 0) text += ", ";
          for (size_t k = 0; k < item.days.size(); ++k) {
            text += (k > 0 ? " + " : "") + SpanText(item.days[k]);
          }
          if (!item.days.empty()) text += " ";
          text += item.begin.ToString() + ".." + item.end.ToString();
        }
        break;
      }
      case RuleKind::Forbid:
        text += "forbid " + SelectorText(rule.channels);
        for (size_t i = 0; i < rule.days.size(); ++i) {
          text += (i == 0 ? " on " : ", ") + SpanText(rule.days[i]);
        }
        break;
      case RuleKind::ForbidAfter:
        text += "on " + (rule.trigger ? PatternText(*rule.trigger) : "<error>");
        if (rule.trigger_guard.has_value()) text += " when " + ExprText(rule.trigger_guard);
        text += " forbid " + SelectorText(rule.channels);
        if (!rule.except.names.empty()) text += " except " + SelectorText(rule.except);
        if (rule.until) text += " until " + PatternText(*rule.until);
        if (rule.length) text += " for " + length;
        break;
      case RuleKind::Gap: text += "gap " + SelectorText(rule.channels) + " >= " + length; break;
      case RuleKind::Consent: text += "require consent for " + SelectorText(rule.channels); break;
      case RuleKind::Disclosure:
        text += "require disclosure " + Quote(rule.text) + " on first contact";
        break;
      case RuleKind::Jurisdiction: text += "jurisdiction " + Quote(rule.text); break;
      case RuleKind::Calendar: text += "calendar " + Quote(rule.text); break;
    }
    if (!rule.cite.empty()) text += " cite " + Quote(rule.cite);
    if (rule.effective_from) {
      text += " effective " + rule.effective_from->ToString();
      if (rule.effective_to) text += ".." + rule.effective_to->ToString();
    }
    if (rule.confidence) text += " confidence " + rule.confidence->text;
    return text;
  }

  void PrintPolicy(const PolicyDecl& policy) {
    Doc(0, policy.doc);
    Line(0, "policy " + policy.name.text + " {");
    for (const PolicyRule& rule : policy.rules) {
      Doc(1, rule.doc);
      Line(1, RuleText(rule));
    }
    Line(0, "}");
  }

  auto ActionText(const Action& action) -> std::string {
    std::string text;
    switch (action.kind) {
      case ActionKind::Send: text = "send " + action.channel.text + " "; break;
      case ActionKind::Call: text = "call " + action.channel.text + " "; break;
      case ActionKind::Assign: text = "assign queue "; break;
      case ActionKind::Emit: text = "emit "; break;
    }
    text += Quote(action.template_name);
    if (!action.with.empty()) text += " with " + RecordText(action.with);
    if (action.retry_every.has_value()) {
      text += fmt::format(" every {} up to {}", ExprText(action.retry_every), action.retry_limit);
    }
    if (action.guard.has_value()) text += " when " + ExprText(action.guard);
    return text;
  }

  auto HandlerText(const Handler& handler) -> std::string {
    if (handler.kind == HandlerKind::Timer) {
      return "after " + ExprText(handler.delay) + " -> " + TargetText(handler.target);
    }
    std::string text = "on " + PatternText(handler.pattern);
    if (handler.guard.has_value()) text += " when " + ExprText(handler.guard);
    return text + " -> " + TargetText(handler.target);
  }

  void PrintFlow(const FlowDecl& flow) {
    Doc(0, flow.doc);
    std::string head = "flow " + flow.name.text + " for " + flow.subject.text + ": " +
                       TypeText(flow.subject_type);
    for (size_t i = 0; i < flow.complies.size(); ++i) {
      head += (i == 0 ? " complies " : ", ") + flow.complies[i].Joined();
    }
    Line(0, head + " {");
    for (const StartRule& start : flow.starts) {
      std::string line = "start";
      if (start.condition.has_value()) line += " when " + ExprText(start.condition);
      Line(1, line + " -> " + TargetText(start.target));
    }
    for (const StateDecl& state : flow.states) {
      out_ += '\n';
      Doc(1, state.doc);
      std::string head_line = std::string(state.terminal ? "terminal " : "") + "state " +
                              state.name.text;
      if (!state.params.empty()) head_line += "(" + ParamsText(state.params) + ")";
      if (state.actions.empty() && state.handlers.empty()) {
        Line(1, head_line + " {}");
        continue;
      }
      Line(1, head_line + " {");
      for (const Action& action : state.actions) Line(2, ActionText(action));
      for (const Handler& handler : state.handlers) Line(2, HandlerText(handler));
      Line(1, "}");
    }
    if (!flow.always.empty()) {
      out_ += '\n';
      Line(1, "always {");
      for (const Handler& handler : flow.always) Line(2, HandlerText(handler));
      Line(1, "}");
    }
    Line(0, "}");
  }

  void PrintExperiment(const ExperimentDecl& experiment) {
    Doc(0, experiment.doc);
    std::string head = "experiment " + experiment.name.text + " for " + TypeText(experiment.subject);
    if (experiment.salt) head += " salt " + Quote(*experiment.salt);
    Line(0, head + " {");
    for (const Arm& arm : experiment.arms) {
      Line(1, arm.flow.Joined() + " " + std::string(SourceText(arm.share_range)));
    }
    Line(0, "}");
  }

  auto ExpectationText(const Expectation& expectation) -> std::string {
    switch (expectation.kind) {
      case ExpectKind::Send: return "send " + expectation.name.text + " " + Quote(expectation.text);
      case ExpectKind::Call: return "call " + expectation.name.text + " " + Quote(expectation.text);
      case ExpectKind::Assign: return "assign queue " + Quote(expectation.text);
      case ExpectKind::Emit: return "emit " + Quote(expectation.text);
      case ExpectKind::State: return "state " + expectation.name.text;
      case ExpectKind::NoAction: return "no action";
      case ExpectKind::Blocked: return "blocked by " + expectation.rule.Joined();
      case ExpectKind::Deferred: return "deferred by " + expectation.rule.Joined();
    }
    return "";
  }

  // `+3d` or `2026-01-05 09:00`. A relative time's range runs from the `+`
  // to the duration and may hold spaces and comments; only the duration is
  // kept.
  auto TimeSpecText(const TestStep& step) const -> std::string {
    std::string_view text = SourceText(step.time_range);
    if (step.time_kind == TimeSpecKind::Absolute) return std::string(text);
    size_t begin = text.size();
    while (begin > 0 && std::isalnum(static_cast<unsigned char>(text[begin - 1]))) --begin;
    return "+" + std::string(text.substr(begin));
  }

  void PrintTest(const TestDecl& test) {
    Doc(0, test.doc);
    Line(0, "test " + Quote(test.name) + " for " + test.flow.text + " {");
    if (test.given_type.has_value()) {
      Line(1, "given " + TypeText(test.given_type) + " " + RecordText(test.given));
    }
    for (const TestStep& step : test.steps) {
      std::string line = "at " + TimeSpecText(step);
      if (step.event) {
        line += " event " + step.event->Joined();
        if (!step.event_fields.empty()) line += " " + RecordText(step.event_fields);
      }
      for (size_t i = 0; i < step.expectations.size(); ++i) {
        line += (i == 0 ? " -> expect " : ", ") + ExpectationText(step.expectations[i]);
      }
      Line(1, line);
    }
    Line(0, "}");
  }

  const File& file_;
  const SourceBuffer& buffer_;
  std::string out_;
};

}  // namespace

auto Print(const File& file, const SourceBuffer& buffer) -> std::string {
  return Printer(file, buffer).PrintFile();
}

auto PrintExpr(const File& file, const SourceBuffer& buffer, ExprId expr) -> std::string {
  return Printer(file, buffer).ExprText(expr);
}

}  // namespace cobro::ast
