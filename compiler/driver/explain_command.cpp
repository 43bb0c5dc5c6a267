// `cobro explain RULE`: what a policy rule says, what it counts and how it is
// enforced, from the compliance packs and the project's own policies.

#include <fmt/format.h>

#include "compiler/analysis/policy_rules.h"
#include "compiler/ast/print.h"
#include "compiler/base/channel.h"
#include "compiler/base/civil_time.h"
#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/findings.h"
#include "compiler/sema/program.h"

namespace cobro::driver {

namespace {

constexpr const char* kExplainUsageHead = R"(usage: cobro explain [options] RULE [PATH...]

Explains a policy rule of the standard library's compliance packs, or of the
policies in PATH: its documentation, its source, citation, effective dates
and confidence, what it counts (attempts or conversations, channels, window,
per debt or per debtor) and how it is enforced (the static check of `cobro
check` and the runtime guard). RULE is a rule id (`us.regf.calls_7in7`) or
name (`RegF.calls_7in7`). Exit status: 0 explained, 2 no such rule.

options:
)";

constexpr const char* kExplainUsageTail = R"(  -h, --help           show this help
)";

// The source text of `range`, its continuation lines dedented by the first
// line's column.
auto SourceForm(const SourceManager& sources, SourceRange range) -> std::vector<std::string> {
  const SourceBuffer& buffer = sources.Get(range.file);
  std::string_view text = buffer.text().substr(range.begin, range.end - range.begin);
  size_t indent = static_cast<size_t>(buffer.LineColumnAt(range.begin).column - 1);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string line(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!lines.empty()) {
      size_t strip = 0;
      while (strip < indent && strip < line.size() && line[strip] == ' ') ++strip;
      line = line.substr(strip);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

// `text` after `first` and wrapped at 80 columns, continuation lines
// indented by `rest`.
auto Wrap(const std::string& first, std::string_view text, const std::string& rest) -> std::string {
  constexpr size_t kWidth = 80;
  std::string wrapped = first;
  size_t column = first.size();
  bool line_start = true;
  for (size_t at = 0; at < text.size();) {
    size_t space = text.find(' ', at);
    std::string_view word = text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    at = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (!line_start && column + 1 + word.size() > kWidth) {
      wrapped += "\n" + rest;
      column = rest.size();
      line_start = true;
    }
    if (!line_start) {
      wrapped += ' ';
      ++column;
    }
    wrapped += word;
    column += word.size();
    line_start = false;
  }
  return wrapped + "\n";
}

auto Slice(const SourceManager& sources, SourceRange range) -> std::string {
  if (!range.has_value()) return "";
  return std::string(sources.Get(range.file).text().substr(range.begin, range.end - range.begin));
}

// "`call` (voice, voicebot)": a selector and the channels it stands for.
auto ChannelsText(const ast::ChannelSel& selector, ChannelMask mask) -> std::string {
  if (selector.names.empty()) return "every channel";
  std::string members;
  for (int c = 0; c < kChannelCount; ++c) {
    if ((mask & MaskOf(static_cast<Channel>(c))) == 0) continue;
    members += (members.empty() ? "" : ", ") + std::string(ChannelName(static_cast<Channel>(c)));
  }
  std::string text = analysis::SelectorText(selector);
  bool expands = selector.names.size() > 1 || !ChannelByName(selector.names.front().text);
  return expands && !members.empty() ? fmt::format("{} ({})", text, members) : text;
}

auto ConfidenceText(const ast::PolicyRule& rule) -> std::string {
  if (!rule.confidence) return "not stated";
  const std::string& level = rule.confidence->text;
  if (level == "A") return "A: the primary text was read";
  if (level == "B") return "B: several consistent secondary sources";
  if (level == "C") return "C: one source, or an interpretation; encoded conservatively";
  return level;
}

auto EffectiveText(const ast::PolicyRule& rule) -> std::string {
  if (rule.effective_from && rule.effective_to) {
    return fmt::format("from {} to {}, both included", rule.effective_from->ToString(),
                       rule.effective_to->ToString());
  }
  if (rule.effective_from) return fmt::format("from {}", rule.effective_from->ToString());
  return "not stated: always in force";
}

auto ScopeText(const ast::PolicyRule& rule) -> std::string {
  if (rule.scope == ast::Scope::Debt) return "per debt: contacts about the same debt count together";
  if (rule.scope == ast::Scope::Debtor) return "per debtor: every contact with the person counts, across debts and flows";
  return "per debtor (no scope written, the stricter reading): every contact with the person counts";
}

auto WindowText(const ast::PolicyRule& rule, const analysis::Rule& resolved) -> std::string {
  std::string longest = Duration{resolved.window_ms}.ToString();
  switch (rule.window.kind) {
    case ast::WindowKind::Rolling:
      return fmt::format("any span of {0} (a rolling window); it is half-open, so two contacts count together "
                         "when less than {0} apart", rule.window.length.ToString());
    case ast::WindowKind::ConsecutiveDays:
      return fmt::format("any {0} consecutive calendar days in the debtor's local time, the day of the first "
                         "contact being day 1; the static check takes the longest such span, {1} (a day is 25 "
                         "hours when the clocks go back), and counts two contacts together when less than {1} apart",
                         rule.window.days, longest);
    case ast::WindowKind::CalendarDay:
      return fmt::format("one local calendar day, midnight to midnight; the static check takes its longest length, {}",
                         longest);
    case ast::WindowKind::CalendarWeek:
      return fmt::format("one local calendar week, Monday to Sunday; the static check takes its longest length, {}",
                         longest);
    case ast::WindowKind::CalendarMonth:
      return fmt::format("one local calendar month; the static check takes its longest length, {}", longest);
  }
  return "";
}

struct Explanation {
  std::vector<std::string> counts;
  std::string statically;
  std::string at_run_time;
};

auto PatternText(const SourceManager& sources, const sema::Module& module, const ast::PolicyRule& rule,
                 const std::optional<ast::EventPattern>& pattern, bool with_guard) -> std::string {
  if (!pattern) return "";
  std::string text = "`" + Slice(sources, pattern->range) + "`";
  if (with_guard && rule.trigger_guard.has_value()) {
    text += fmt::format(" when `{}`", ast::PrintExpr(module.ast, sources.Get(module.ast.file_id), rule.trigger_guard));
  }
  return text;
}

auto Explain(const SourceManager& sources, const sema::Module& module, const analysis::Rule& resolved)
    -> Explanation {
  const ast::PolicyRule& rule = *resolved.rule;
  Explanation explanation;
  std::string channels = ChannelsText(rule.channels, resolved.channels);
  std::string trigger = PatternText(sources, module, rule, rule.trigger, true);
  std::string length = rule.length ? rule.length->ToString() : "";
  switch (rule.kind) {
    case ast::RuleKind::Limit:
      explanation.counts = {
          rule.count == ast::CountKind::Conversations
              ? "conversations: `contact.conversation` events (calls answered, messages replied to)"
              : "attempts: every contact made or tried, answered or not (the flow's contact actions and "
                "`contact.attempt` events)",
          "channels: " + channels,
          fmt::format("limit: at most {} in any window", rule.max),
          "window: " + WindowText(rule, resolved),
          "scope: " + ScopeText(rule)};
      explanation.statically = fmt::format(
          "`cobro check` computes the most contacts a bound flow can make in one window over every timing of "
          "events (events may come at any moment, timers fire at their delay, retries are unrolled) and reports "
          "`ContactLimitExceeded`, or `UnboundedContacts` for a cycle that takes no time, with a counterexample "
          "when it can exceed {}",
          rule.max);
      explanation.at_run_time =
          "the guard counts the real contact history at the debtor's local time and defers a contact that would "
          "exceed the limit until the window has room";
      break;
    case ast::RuleKind::Quiet:
      explanation.counts = {"after: each " + trigger, "channels kept quiet: " + channels, "for: " + length};
      explanation.statically = "`cobro check` finds the earliest contact on those channels after the event on "
                               "any path and reports `QuietPeriodBroken` with a counterexample when it comes "
                               "sooner than " + length;
      explanation.at_run_time = "the guard defers such a contact until the quiet period is over";
      break;
    case ast::RuleKind::OneChannel:
      explanation.counts = {"after: each " + trigger,
                            "window: " + WindowText(rule, resolved),
                            "only the channel of the event may be used for the rest of the window"};
      explanation.statically = "`cobro check` reports `OneChannelRuleBroken` with a counterexample when a "
                               "flow can use a second channel inside the window";
      explanation.at_run_time = "the guard defers a contact on another channel until the window is over";
      break;
    case ast::RuleKind::Window:
      explanation.counts = {"channels: " + channels};
      for (const ast::ScheduleItem& item : rule.schedule) {
        explanation.counts.push_back("allowed: `" + Slice(sources, item.range) + "` in the debtor's local time");
      }
      explanation.counts.push_back("a time range includes its start and excludes its end");
      explanation.statically = "not proven statically: the hours depend on the debtor's time zone and the "
                               "clock, so `cobro check` records it as checked at run time";
      explanation.at_run_time = "the guard defers a contact outside the schedule to the next allowed time";
      break;
    case ast::RuleKind::Forbid:
      explanation.counts = {"channels: " + channels};
      if (rule.days.empty()) {
        explanation.statically = "`cobro check` reports `ForbiddenChannel` when a reachable state of a bound "
                                 "flow contacts those channels";
        explanation.at_run_time = "the guard blocks such a contact";
      } else {
        std::string days;
        for (const ast::DaySpan& span : rule.days) days += (days.empty() ? "" : ", ") + Slice(sources, span.range);
        explanation.counts.push_back("on: " + days + " (local days; `holiday` is the policy's calendar)");
        explanation.statically = "not proven statically: days are local calendar facts, so `cobro check` "
                                 "records it as checked at run time";
        explanation.at_run_time = "the guard defers such a contact to the next day it is allowed";
      }
      break;
    case ast::RuleKind::ForbidAfter: {
      std::string closed = channels;
      if (resolved.channels_bound) {
        closed = resolved.channels == 0 ? fmt::format("{}: the channel the event names", channels)
                                        : fmt::format("{}, including the channel the event names", channels);
      }
      explanation.counts = {"from: each " + trigger, "channels closed: " + closed};
      if (!rule.except.names.empty()) {
        explanation.counts.push_back("except: " + ChannelsText(rule.except, resolved.except));
      }
      if (rule.until) {
        explanation.counts.push_back("until: the next " + PatternText(sources, module, rule, rule.until, false));
      } else if (rule.length) {
        explanation.counts.push_back("for: " + length);
      } else {
        explanation.counts.push_back("for good");
      }
      explanation.statically = "`cobro check` reports `ContactAfterForbiddingEvent` with a counterexample when "
                               "a bound flow can contact a closed channel after the event, and warns "
                               "(`UnhandledPolicyEvent`) when a flow does not handle an event that stops every "
                               "contact";
      explanation.at_run_time = "the guard blocks such a contact";
      break;
    }
    case ast::RuleKind::Gap:
      explanation.counts = {"channels: " + channels, "at least " + length + " between two contacts"};
      explanation.statically = "`cobro check` reports `GapTooShort` with a counterexample when a bound flow can "
                               "make two such contacts less than " + length + " apart";
      explanation.at_run_time = "the guard defers a contact until the gap has passed";
      break;
    case ast::RuleKind::Consent:
      explanation.counts = {"channels: " + channels,
                            "a contact on channel c needs a `consent(c)` event in the history not followed by "
                            "an `opt_out(c)`"};
      explanation.statically = "not proven statically: consent is a fact of each debtor's history";
      explanation.at_run_time = "the guard blocks a contact without consent";
      break;
    case ast::RuleKind::Disclosure:
      explanation.counts = {fmt::format("the first contact of the debt carries the disclosure \"{}\"", rule.text)};
      explanation.statically = "not checked statically";
      explanation.at_run_time = "the guard marks the first contact with the disclosure's name; the sending "
                                "platform includes the text, and the audit record shows it";
      break;
    case ast::RuleKind::Jurisdiction:
      explanation.counts = {fmt::format("the policy's jurisdiction is \"{}\"", rule.text)};
      explanation.statically = "not an obligation: `--jurisdiction " + rule.text +
                               "` binds the policy to every flow checked";
      explanation.at_run_time = "the runtime applies the policy to every debtor in " + rule.text;
      break;
    case ast::RuleKind::Calendar:
      explanation.counts = {fmt::format("`holiday` in this policy means a public holiday of \"{}\"", rule.text)};
      explanation.statically = "not an obligation";
      explanation.at_run_time = "the guard uses this calendar for `holiday`";
      break;
  }
  return explanation;
}

}  // namespace

auto RunExplain(const std::vector<std::string>& args, FileSystem& files, const Environment& environment,
                std::ostream& out, std::ostream& err) -> int {
  CommonOptions common;
  std::string wanted;
  std::vector<std::string> paths;
  ArgReader reader(args, "explain", err);
  while (reader.Next()) {
    const std::string& arg = reader.arg();
    if (reader.Is("--stdlib") || reader.Is("--config") || arg == "--no-config" || arg == "-I" ||
        reader.Is("--root")) {
      bool handled = false;
      if (!ReadCommonOption(reader, common, handled)) return kExitCouldNotRun;
    } else if (arg == "-h" || arg == "--help") {
      out << kExplainUsageHead;
      // Only the options that say where modules come from apply here.
      std::string_view help = kCommonOptionsHelp;
      size_t policy = help.find("  --policy");
      size_t config = help.find("  --config");
      out << help.substr(0, policy) << help.substr(config) << kExplainUsageTail;
      return kExitClean;
    } else if (arg.starts_with("-") && arg != "-") {
      reader.Fail(fmt::format("unknown option `{}`", arg));
      return kExitCouldNotRun;
    } else if (wanted.empty()) {
      wanted = arg;
    } else {
      paths.push_back(arg);
    }
  }
  if (wanted.empty()) {
    reader.Fail("`explain` needs a rule, like `us.regf.calls_7in7`");
    return kExitCouldNotRun;
  }
  std::optional<ProjectConfig> config;
  if (!LoadConfigFor(common, files, environment, config, err)) return kExitCouldNotRun;
  PipelineOptions pipeline = MergePipelineOptions(common, config, environment);
  pipeline.analyze = false;
  if (!pipeline.stdlib_root.empty()) {
    for (const std::string& pack : files.ListCobroFiles(pipeline.stdlib_root + "/compliance")) paths.push_back(pack);
  }
  if (paths.empty()) {
    err << fmt::format("cobro: no compliance packs under `{}/compliance`; set `--stdlib`\n", pipeline.stdlib_root);
    return kExitCouldNotRun;
  }
  CheckResult result = LoadAndCheck(paths, pipeline, files);
  std::vector<std::string> known;
  for (size_t m = 0; m < result.program.modules.size(); ++m) {
    const sema::Module& module = result.program.modules[m];
    for (size_t p = 0; p < module.ast.policies.size(); ++p) {
      sema::GlobalDecl policy{static_cast<int32_t>(m), static_cast<int32_t>(p)};
      for (const analysis::Rule& rule : analysis::ResolveRules(result.program, policy)) {
        std::string qualified = module.name + "." + rule.name;
        if (rule.id != wanted && rule.name != wanted && qualified != wanted) {
          known.push_back(rule.id);
          known.push_back(rule.name);
          continue;
        }
        const ast::PolicyRule& ast_rule = *rule.rule;
        const ast::PolicyDecl& ast_policy = *rule.policy;
        std::string jurisdiction;
        for (const ast::PolicyRule& other : ast_policy.rules) {
          if (other.kind == ast::RuleKind::Jurisdiction) jurisdiction = other.text;
        }
        const SourceBuffer& buffer = result.sources.Get(ast_rule.range.file);
        LineColumn at = diag::DisplayPosition(buffer, ast_rule.range.begin);
        out << fmt::format("{} ({})\n", rule.id, rule.name);
        out << fmt::format("{}:{}:{}\n\n", ReportPath(buffer.path(), environment.current_directory), at.line, at.column);
        if (!ast_rule.doc.empty()) {
          std::string_view doc = ast_rule.doc;
          for (size_t start = 0; start <= doc.size();) {
            size_t end = doc.find('\n', start);
            std::string_view line = doc.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
            out << (line.empty() ? "\n" : fmt::format("  {}\n", line));
            if (end == std::string_view::npos) break;
            start = end + 1;
          }
          out << "\n";
        }
        out << "source:\n";
        for (const std::string& line : SourceForm(result.sources, ast_rule.range)) out << "  " << line << "\n";
        out << "\n";
        out << Wrap("citation:     ", ast_rule.cite.empty() ? "none" : ast_rule.cite, "              ");
        out << fmt::format("effective:    {}\n", EffectiveText(ast_rule));
        out << fmt::format("confidence:   {}\n", ConfidenceText(ast_rule));
        out << fmt::format("policy:       {} in module {}{}\n", ast_policy.name.text, module.name,
                           jurisdiction.empty() ? "" : fmt::format(", jurisdiction \"{}\"", jurisdiction));
        Explanation explanation = Explain(result.sources, module, rule);
        out << "\nwhat it counts:\n";
        for (const std::string& line : explanation.counts) out << Wrap("  ", line, "    ");
        out << "\nhow it is enforced:\n";
        out << Wrap("  statically: ", explanation.statically, "    ");
        out << Wrap("  at run time: ", explanation.at_run_time, "    ");
        return kExitClean;
      }
    }
  }
  std::optional<std::string> suggestion = Closest(wanted, known);
  err << fmt::format("cobro: no policy rule is called `{}`{}; rules are named like `us.regf.calls_7in7` or "
                     "`RegF.calls_7in7`\n",
                     wanted, suggestion ? fmt::format(" (did you mean `{}`?)", *suggestion) : "");
  return kExitCouldNotRun;
}

}  // namespace cobro::driver
