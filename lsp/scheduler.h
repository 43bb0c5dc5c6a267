#pragma once

// When snapshots are built: on a worker thread, a moment after the last edit
// (so a burst of keystrokes is checked once), or at once when a request is
// waiting. The compliance analysis of each snapshot runs on a second thread,
// so a slow proof never holds up a hover.
// With COBRO_LSP_TIMING set in its environment, the server logs to stderr
// how long each snapshot took to build and to analyse (bench/lsp_bench.cpp).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "lsp/documents.h"
#include "lsp/parse_cache.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

struct SchedulerOptions {
  // How long after the last edit a snapshot is built when no request waits.
  std::chrono::milliseconds debounce{50};
  ProjectSettings project;
};

class Scheduler {
 public:
  // Called on the worker threads: after each snapshot is built, and after
  // its compliance analysis when it is still the latest snapshot.
  using SnapshotCallback = std::function<void(const std::shared_ptr<const Snapshot>&)>;
  // Called on the worker threads when building, analysing or publishing a
  // snapshot hit a bug (a failed COBRO_CHECK or an exception), with a
  // message for the log; the scheduler has written it to stderr already and
  // goes on with the next change.
  using FailureCallback = std::function<void(const std::string& message)>;

  Scheduler(const DocumentStore& documents, driver::FileSystem& disk, SchedulerOptions options,
            SnapshotCallback on_snapshot, SnapshotCallback on_compliance, FailureCallback on_failure);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  auto operator=(const Scheduler&) -> Scheduler& = delete;

  // Something the program depends on changed (a document, a file on disk,
  // the configuration). Returns the generation that covers the change.
  auto Invalidate() -> uint64_t;

  // The generation a request must see: every change made so far.
  auto generation() const -> uint64_t;

  // Waits for a snapshot that covers `generation`. Returns null when
  // `cancelled` turns true (checked whenever Wake is called) or the
  // scheduler stops.
  auto WaitFor(uint64_t generation, const std::function<bool()>& cancelled) -> std::shared_ptr<const Snapshot>;

  // The latest snapshot, possibly older than the documents; null before the
  // first one.
  auto Latest() const -> std::shared_ptr<const Snapshot>;

  // Makes waiters check their `cancelled` again.
  void Wake();

  // Replaces the settings (workspace folders) and invalidates.
  void SetProjectSettings(ProjectSettings settings);

  // Stops both threads; waiters return null.
  void Stop();

 private:
  void BuildLoop();
  void ComplianceLoop();
  // Runs `work`; a bug in it (a failed COBRO_CHECK, any exception) is
  // written to stderr and passed to on_failure_ instead of ending the
  // thread.
  void Contain(const char* work_name, const std::function<void()>& work);

  const DocumentStore& documents_;
  driver::FileSystem& disk_;
  SchedulerOptions options_;
  SnapshotCallback on_snapshot_;
  SnapshotCallback on_compliance_;
  FailureCallback on_failure_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  uint64_t requested_ = 0;
  uint64_t built_ = 0;
  bool has_built_ = false;
  // Whether a build has been tried, even one that failed.
  bool attempted_ = false;
  int waiting_ = 0;
  std::chrono::steady_clock::time_point last_change_;
  std::shared_ptr<const Snapshot> latest_;
  std::shared_ptr<const Snapshot> pending_compliance_;
  // The build thread's alone, so not guarded by `mutex_`.
  ParseCache parses_;
  std::condition_variable compliance_wanted_;
  // Threads last: they start after every member they use exists.
  std::thread build_thread_;
  std::thread compliance_thread_;
};

}  // namespace cobro::lsp
