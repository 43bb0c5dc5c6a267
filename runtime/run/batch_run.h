#pragma once

// A batch run: debtors from profile files, events from an event stream, the
// engine in between, and every input line accounted for (processed or
// quarantined with a reason). `cobro run` and `cobro simulate` are this plus
// their outputs; platforms that embed Cobro can drive it the same way.

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/engine/engine.h"
#include "runtime/io/event_reader.h"
#include "runtime/io/input.h"
#include "runtime/io/profile_reader.h"
#include "runtime/io/value_arena.h"
#include "runtime/run/debtor_index.h"

namespace cobro::runtime {

// Where unusable input lines go: `file` is the path as given.
class QuarantineSink {
 public:
  virtual ~QuarantineSink() = default;
  virtual void OnQuarantine(std::string_view file, const io::LineError& error) = 0;
};

struct BatchOptions {
  // How late an event may arrive behind the latest one seen and still be
  // processed in time order; later than that it is quarantined.
  int64_t lateness_ms = 0;
  // Stop at the first unusable line instead of quarantining it.
  bool strict = false;
  // When debtors enter their flows; default: the first event's time.
  std::optional<int64_t> start;
  // How far timers run after the last event: an instant, or a duration
  // after the last event. Default: the last event's time.
  std::optional<int64_t> until;
  std::optional<int64_t> until_after_last;
};

// Counts that reconcile: for each file, lines read = processed +
// quarantined (+ empty lines, + a CSV header).
struct FileCounts {
  std::string path;
  int64_t lines = 0;
  int64_t records = 0;
  int64_t quarantined = 0;
};

struct BatchSummary {
  std::vector<FileCounts> profiles;
  FileCounts events;
  int64_t debtors = 0;
  int64_t cases = 0;
  int64_t first_event = 0;
  int64_t last_event = 0;
  int64_t start = 0;
  int64_t until = 0;
  EngineStats engine;
  // Set when the run could not finish: a file that cannot be read, or the
  // first bad line under `strict`.
  std::optional<std::string> failure;
  // The failure is the first bad line under `strict`, not a file problem.
  bool strict_stop = false;
};

class BatchRun {
 public:
  // Keeps references to `module`; owns the engine.
  BatchRun(const flowir::Module& module, std::vector<std::unique_ptr<FlowCode>> code, EngineOptions options,
           BatchOptions batch, QuarantineSink& quarantine);

  // The engine, to attach output sinks (Engine::set_sink) before Run.
  auto engine() -> Engine& { return engine_; }

  // Reads one profile file of module.profiles[profile]. Returns false when
  // the file cannot be used (see summary().failure).
  auto AddProfiles(std::string_view path, io::Input input, io::Format format, int32_t profile) -> bool;

  // Enrolls every debtor, streams the events through the engine and runs
  // timers to the end. Returns false when the run stopped early.
  auto Run(std::string_view path, io::Input input, io::Format format) -> bool;

  auto summary() const -> const BatchSummary& { return summary_; }

 private:
  struct Pending {
    int64_t at;
    uint64_t sequence;
    int32_t debtor;
    int32_t type;
    uint32_t first_field;
    uint32_t field_count;
    auto operator>(const Pending& other) const -> bool {
      return at != other.at ? at > other.at : sequence > other.sequence;
    }
  };

  auto Quarantine(std::string_view file, io::LineError error, FileCounts& counts) -> bool;
  void EnrollAll(int64_t time);
  // Processes buffered events up to `watermark`, in time order.
  void Release(int64_t watermark);

  const flowir::Module& module_;
  BatchOptions batch_;
  QuarantineSink& quarantine_;
  Engine engine_;
  io::ValueArena arena_;
  DebtorIndex debtor_index_{engine_};
  bool enrolled_ = false;
  int64_t processed_until_ = INT64_MIN;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> reorder_;
  std::vector<Value> reorder_fields_;
  uint64_t sequence_ = 0;
  BatchSummary summary_;
};

}  // namespace cobro::runtime
