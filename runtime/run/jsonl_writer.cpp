#include "runtime/run/jsonl_writer.h"

#include <fmt/compile.h>

#include "runtime/io/time_text.h"
#include "runtime/run/json_text.h"
#include "runtime/run/record_text.h"

namespace cobro::runtime {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 16;

void Write(std::ostream* stream, fmt::memory_buffer& buffer) {
  if (stream != nullptr && buffer.size() > 0) stream->write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

// The key that names what the action carries: a template for messages and
// calls, a queue for assignments, a name for custom actions.
auto NameKey(flowir::ActionKind kind) -> std::string_view {
  switch (kind) {
    case flowir::ActionKind::Assign: return "queue";
    case flowir::ActionKind::Emit: return "name";
    default: return "template";
  }
}

// An instant as a JSON string; its text needs no escaping.
void AppendDateTime(fmt::memory_buffer& out, int64_t time) {
  char text[io::kDateTimeCapacity];
  size_t length = io::FormatDateTimeTo(time, text);
  out.push_back('"');
  out.append(text, text + length);
  out.push_back('"');
}

}  // namespace

JsonlWriter::JsonlWriter(const Engine& engine, std::ostream* actions, std::ostream* audit)
    : engine_(engine), actions_(actions), audit_(audit) {}

JsonlWriter::~JsonlWriter() { Flush(); }

void JsonlWriter::Flush() {
  Write(actions_, action_buffer_);
  Write(audit_, audit_buffer_);
  if (actions_ != nullptr) actions_->flush();
  if (audit_ != nullptr) audit_->flush();
}

void JsonlWriter::Common(fmt::memory_buffer& out, int64_t time, int32_t debtor, int32_t flow, int32_t state,
                         int32_t action, flowir::ActionKind kind, Channel channel, int32_t name, int32_t attempt,
                         int32_t experiment, int32_t arm) {
  const flowir::Module& module = engine_.module();
  auto it = std::back_inserter(out);
  out.append(std::string_view("\"time\":"));
  AppendDateTime(out, time);
  out.append(std::string_view(",\"debtor\":"));
  AppendJsonString(out, engine_.debtor_id(debtor));
  out.append(std::string_view(",\"flow\":"));
  AppendJsonString(out, module.flows[flow].name);
  out.append(std::string_view(",\"state\":"));
  AppendJsonString(out, state >= 0 ? std::string_view(module.flows[flow].states[state].name) : std::string_view());
  out.append(std::string_view(",\"action\":"));
  AppendJsonString(out, flowir::ActionKindName(kind));
  if (kind == flowir::ActionKind::Send || kind == flowir::ActionKind::Call) {
    out.append(std::string_view(",\"channel\":"));
    AppendJsonString(out, ChannelName(channel));
  }
  fmt::format_to(it, ",\"{}\":", NameKey(kind));
  AppendJsonString(out, name >= 0 ? std::string_view(module.strings[name]) : std::string_view());
  fmt::format_to(it, FMT_COMPILE(",\"attempt\":{}"), attempt);
  (void)action;
  if (experiment >= 0) {
    out.append(std::string_view(",\"experiment\":"));
    AppendJsonString(out, module.experiments[experiment].name);
    out.append(std::string_view(",\"arm\":"));
    AppendJsonString(out, module.flows[module.experiments[experiment].arms[arm].flow].name);
  }
}

void JsonlWriter::OnAction(const ActionRecord& action) {
  if (actions_ == nullptr) return;
  fmt::memory_buffer& out = action_buffer_;
  const flowir::Module& module = engine_.module();
  // Hex digits need no escaping.
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{{\"key\":\"{:016x}\","),
                 IdempotencyHash(engine_.debtor_id(action.debtor), module, action));
  Common(out, action.time, action.debtor, action.flow, action.state, action.action, action.kind, action.channel,
         action.name, action.attempt, action.experiment, action.arm);
  const flowir::Action& source = module.flows[action.flow].states[action.state].actions[action.action];
  out.append(std::string_view(",\"with\":{"));
  for (size_t i = 0; i < action.with.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, module.strings[source.with[i].name]);
    out.push_back(':');
    AppendJsonValue(out, module.expr(source.with[i].value).type, action.with[i], engine_.strings());
  }
  out.push_back('}');
  if (action.issued_at != action.time) {
    out.append(std::string_view(",\"deferred_from\":"));
    AppendDateTime(out, action.issued_at);
  }
  out.append(std::string_view("}\n"));
  if (out.size() >= kFlushBytes) Write(actions_, out);
}

void JsonlWriter::OnAudit(const AuditRecord& audit) {
  if (audit_ == nullptr) return;
  fmt::memory_buffer& out = audit_buffer_;
  const flowir::Module& module = engine_.module();
  out.append(std::string_view("{\"verdict\":"));
  AppendJsonString(out, VerdictName(audit.verdict));
  out.push_back(',');
  flowir::ActionKind kind = audit.state >= 0 && audit.action >= 0
                                ? module.flows[audit.flow].states[audit.state].actions[audit.action].kind
                                : flowir::ActionKind::Send;
  Common(out, audit.time, audit.debtor, audit.flow, audit.state, audit.action, kind, audit.channel, audit.name,
         audit.attempt, audit.experiment, audit.arm);
  if (audit.verdict == Verdict::Defer) {
    out.append(std::string_view(",\"until\":"));
    AppendJsonString(out, io::FormatDateTime(audit.until));
  }
  if (audit.policy >= 0) {
    const flowir::PolicyRule& rule = module.policies[audit.policy].rules[audit.rule];
    out.append(std::string_view(",\"rule\":"));
    AppendJsonString(out, RuleName(module, audit.policy, audit.rule));
    out.append(std::string_view(",\"rule_id\":"));
    AppendJsonString(out, rule.id);
    out.append(std::string_view(",\"cite\":"));
    AppendJsonString(out, rule.cite);
    out.append(std::string_view(",\"confidence\":"));
    AppendJsonString(out, rule.confidence);
  }
  out.append(std::string_view(",\"detail\":"));
  AppendJsonString(out, audit.detail);
  out.append(std::string_view("}\n"));
  if (out.size() >= kFlushBytes) Write(audit_, out);
}

void JsonlQuarantine::OnQuarantine(std::string_view file, const io::LineError& error) {
  if (out_ == nullptr) return;
  fmt::memory_buffer out;
  out.append(std::string_view("{\"file\":"));
  AppendJsonString(out, file);
  fmt::format_to(std::back_inserter(out), ",\"line\":{},\"reason\":", error.line);
  AppendJsonString(out, error.reason);
  out.append(std::string_view(",\"text\":"));
  AppendJsonString(out, error.text);
  out.append(std::string_view("}\n"));
  out_->write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace cobro::runtime
