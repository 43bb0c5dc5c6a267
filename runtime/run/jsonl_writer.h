#pragma once

// The run's JSONL outputs: one line per action that went out and one per
// guard decision that held a contact back (the audit). docs/run.md gives
// the fields.

#include <ostream>

#include <fmt/format.h>

#include "runtime/engine/engine.h"
#include "runtime/run/batch_run.h"

namespace cobro::runtime {

class JsonlWriter final : public EngineSink {
 public:
  // Either stream may be null: that output is not written.
  JsonlWriter(const Engine& engine, std::ostream* actions, std::ostream* audit);
  ~JsonlWriter() override;

  void OnAction(const ActionRecord& action) override;
  void OnAudit(const AuditRecord& audit) override;
  void OnTransition(const TransitionRecord&) override {}
  auto WantsAuditDetail() const -> bool override { return audit_ != nullptr; }

  // Writes what is buffered; call before reading the streams.
  void Flush();

 private:
  void Common(fmt::memory_buffer& out, int64_t time, int32_t debtor, int32_t flow, int32_t state, int32_t action,
              flowir::ActionKind kind, Channel channel, int32_t name, int32_t attempt, int32_t experiment,
              int32_t arm);

  const Engine& engine_;
  std::ostream* actions_;
  std::ostream* audit_;
  fmt::memory_buffer action_buffer_;
  fmt::memory_buffer audit_buffer_;
};

// Quarantined lines as JSONL: file, line, reason and the line's text.
class JsonlQuarantine final : public QuarantineSink {
 public:
  explicit JsonlQuarantine(std::ostream* out) : out_(out) {}
  void OnQuarantine(std::string_view file, const io::LineError& error) override;

 private:
  std::ostream* out_;
};

// Several sinks in turn.
class FanoutSink final : public EngineSink {
 public:
  void Add(EngineSink* sink) { sinks_.push_back(sink); }
  void OnAction(const ActionRecord& action) override {
    for (EngineSink* sink : sinks_) sink->OnAction(action);
  }
  void OnAudit(const AuditRecord& audit) override {
    for (EngineSink* sink : sinks_) sink->OnAudit(audit);
  }
  void OnTransition(const TransitionRecord& transition) override {
    for (EngineSink* sink : sinks_) sink->OnTransition(transition);
  }
  void OnEvent(int32_t debtor, const EventRecord& event) override {
    for (EngineSink* sink : sinks_) sink->OnEvent(debtor, event);
  }
  auto WantsAuditDetail() const -> bool override {
    for (const EngineSink* sink : sinks_) {
      if (sink->WantsAuditDetail()) return true;
    }
    return false;
  }

 private:
  std::vector<EngineSink*> sinks_;
};

}  // namespace cobro::runtime
