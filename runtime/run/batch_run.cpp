#include "runtime/run/batch_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/io/time_text.h"

namespace cobro::runtime {

BatchRun::BatchRun(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options,
                   BatchOptions batch, QuarantineSink& quarantine)
    : module_(module),
      batch_(batch),
      quarantine_(quarantine),
      engine_(module, std::move(code), std::move(options)) {}

auto BatchRun::Quarantine(std::string_view file, io::LineError error, FileCounts& counts) -> bool {
  counts.quarantined += 1;
  if (batch_.strict) {
    summary_.failure = fmt::format("{}:{}: {} (--strict stops at the first bad line)", file, error.line, error.reason);
    summary_.strict_stop = true;
    return false;
  }
  quarantine_.OnQuarantine(file, error);
  return true;
}

auto BatchRun::AddProfiles(std::string_view path, io::Input input, io::Format format, int32_t profile) -> bool {
  FileCounts counts;
  counts.path = std::string(path);
  io::ProfileReader reader(module_, profile, engine_.strings(), arena_);
  bool stopped = false;
  auto on_record = [&](const io::ProfileRecord& record) {
    if (stopped) return;
    counts.records += 1;
    int32_t debtor = engine_.AddDebtor(record.id, profile, record.fields, record.zone, record.jurisdiction);
    debtor_index_.Add(debtor);
  };
  auto on_error = [&](const io::LineError& error) {
    if (stopped) return;
    if (!Quarantine(path, error, counts)) stopped = true;
  };
  std::optional<io::FileError> failure = reader.Read(path, input, format, on_record, on_error);
  // Lines: records + quarantined + blank lines + a CSV header; the reader
  // knows the physical count only through its records' numbers, so the
  // summary reports what it can reconcile.
  counts.lines = counts.records + counts.quarantined;
  summary_.profiles.push_back(counts);
  if (failure) {
    summary_.failure = failure->message;
    return false;
  }
  return !stopped;
}

void BatchRun::EnrollAll(int64_t time) {
  enrolled_ = true;
  summary_.start = time;
  for (int32_t debtor = 0; debtor < engine_.debtor_count(); ++debtor) engine_.EnrollAll(debtor, time);
  processed_until_ = time;
}

void BatchRun::Release(int64_t watermark) {
  while (!reorder_.empty() && reorder_.top().at <= watermark) {
    Pending event = reorder_.top();
    reorder_.pop();
    engine_.PushEvent(event.debtor, event.type, event.at,
                      std::span<const Value>(reorder_fields_.data() + event.first_field, event.field_count));
    processed_until_ = event.at;
  }
  // The field buffer is reclaimed once nothing waits in it.
  if (reorder_.empty()) reorder_fields_.clear();
}

auto BatchRun::Run(std::string_view path, io::Input input, io::Format format) -> bool {
  summary_.debtors = engine_.debtor_count();
  FileCounts& counts = summary_.events;
  counts.path = std::string(path);
  io::EventReader reader(module_, engine_.strings(), arena_);
  if (std::optional<io::FileError> failure = reader.Open(path, input, format)) {
    summary_.failure = failure->message;
    return false;
  }
  if (batch_.start) EnrollAll(*batch_.start);
  io::EventInput event;
  io::LineError error;
  int64_t latest = INT64_MIN;
  bool ok = true;
  bool any = false;
  while (ok) {
    io::EventReader::Status status = reader.Next(event, error);
    if (status == io::EventReader::Status::End) break;
    if (status == io::EventReader::Status::Error) {
      ok = Quarantine(path, std::move(error), counts);
      continue;
    }
    int32_t debtor = debtor_index_.Find(event.debtor);
    if (debtor < 0) {
      ok = Quarantine(path, {event.line, fmt::format("unknown debtor \"{}\"; it is in no profile file", event.debtor),
                             std::string(event.text)},
                      counts);
      continue;
    }
    if (!enrolled_) EnrollAll(event.at);
    if (batch_.start && event.at < *batch_.start) {
      ok = Quarantine(path,
                      {event.line, fmt::format("{} is before the run's start, {}", io::FormatDateTime(event.at),
                                               io::FormatDateTime(*batch_.start)),
                       std::string(event.text)},
                      counts);
      continue;
    }
    // Behind what the engine has already processed (or, before the first
    // event, before the start): too late to place in time order.
    if (event.at < processed_until_ || (latest != INT64_MIN && event.at < latest - batch_.lateness_ms)) {
      int64_t behind = std::max(processed_until_, latest) - event.at;
      ok = Quarantine(path,
                      {event.line,
                       fmt::format("out of order: {} is {} behind the stream (allowed lateness {})",
                                   io::FormatDateTime(event.at), Duration{behind}.ToString(),
                                   Duration{batch_.lateness_ms}.ToString()),
                       std::string(event.text)},
                      counts);
      continue;
    }
    counts.records += 1;
    if (!any) summary_.first_event = event.at;
    any = true;
    summary_.last_event = std::max(summary_.last_event, event.at);
    latest = std::max(latest, event.at);
    if (reorder_.empty() && event.at <= latest - batch_.lateness_ms) {
      // Nothing waits and nothing later may come before it: the heap would
      // hand it straight back.
      engine_.PushEvent(debtor, event.type, event.at,
                        std::span<const Value>(event.fields.data(), event.fields.size()));
      processed_until_ = event.at;
      continue;
    }
    reorder_.push({event.at, sequence_++, debtor, event.type, static_cast<uint32_t>(reorder_fields_.size()),
                   static_cast<uint32_t>(event.fields.size())});
    reorder_fields_.insert(reorder_fields_.end(), event.fields.begin(), event.fields.end());
    Release(latest - batch_.lateness_ms);
  }
  counts.lines = reader.lines();
  if (!ok) return false;
  if (std::optional<io::FileError> failure = reader.failure()) {
    summary_.failure = failure->message;
    return false;
  }
  Release(INT64_MAX);
  if (!enrolled_) EnrollAll(batch_.until.value_or(0));
  int64_t until = summary_.last_event;
  if (!any) until = summary_.start;
  if (batch_.until) until = *batch_.until;
  if (batch_.until_after_last) until = (any ? summary_.last_event : summary_.start) + *batch_.until_after_last;
  until = std::max(until, processed_until_);
  engine_.AdvanceTo(until);
  summary_.until = until;
  summary_.cases = static_cast<int64_t>(engine_.cases().size());
  summary_.engine = engine_.stats();
  return true;
}

}  // namespace cobro::runtime
