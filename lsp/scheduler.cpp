#include "lsp/scheduler.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "lsp/contain.h"

namespace cobro::lsp {

Scheduler::Scheduler(const DocumentStore& documents, driver::FileSystem& disk, SchedulerOptions options,
                     SnapshotCallback on_snapshot, SnapshotCallback on_compliance, FailureCallback on_failure)
    : documents_(documents),
      disk_(disk),
      options_(std::move(options)),
      on_snapshot_(std::move(on_snapshot)),
      on_compliance_(std::move(on_compliance)),
      on_failure_(std::move(on_failure)),
      build_thread_([this] { BuildLoop(); }),
      compliance_thread_([this] { ComplianceLoop(); }) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !build_thread_.joinable()) return;
    stopping_ = true;
  }
  changed_.notify_all();
  compliance_wanted_.notify_all();
  if (build_thread_.joinable()) build_thread_.join();
  if (compliance_thread_.joinable()) compliance_thread_.join();
}

auto Scheduler::Invalidate() -> uint64_t {
  std::lock_guard lock(mutex_);
  ++requested_;
  last_change_ = std::chrono::steady_clock::now();
  changed_.notify_all();
  return requested_;
}

auto Scheduler::generation() const -> uint64_t {
  std::lock_guard lock(mutex_);
  return requested_;
}

auto Scheduler::WaitFor(uint64_t generation, const std::function<bool()>& cancelled)
    -> std::shared_ptr<const Snapshot> {
  std::unique_lock lock(mutex_);
  ++waiting_;
  changed_.notify_all();
  // A failed build (a contained compiler bug) also ends the wait: the
  // request then reads the latest snapshot, or fails when there is none,
  // instead of waiting for a build that will not come.
  while (!stopping_ && !(attempted_ && built_ >= generation)) {
    if (cancelled && cancelled()) break;
    changed_.wait(lock);
  }
  --waiting_;
  if (stopping_ || !(attempted_ && built_ >= generation)) return nullptr;
  return latest_;
}

auto Scheduler::Latest() const -> std::shared_ptr<const Snapshot> {
  std::lock_guard lock(mutex_);
  return latest_;
}

void Scheduler::Wake() {
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void Scheduler::SetProjectSettings(ProjectSettings settings) {
  {
    std::lock_guard lock(mutex_);
    options_.project = std::move(settings);
  }
  Invalidate();
}

void Scheduler::BuildLoop() {
  ContainChecks();
  std::unique_lock lock(mutex_);
  while (true) {
    auto wanted = [&] { return requested_ > built_ || (!attempted_ && waiting_ > 0); };
    while (!stopping_ && !wanted()) changed_.wait(lock);
    if (stopping_) return;
    // Debounce: a burst of edits is checked once, unless a request waits.
    auto due = last_change_ + options_.debounce;
    if (waiting_ == 0 && std::chrono::steady_clock::now() < due) {
      changed_.wait_until(lock, due);
      continue;
    }
    uint64_t generation = requested_;
    ProjectSettings settings = options_.project;
    lock.unlock();
    std::shared_ptr<Snapshot> snapshot;
    auto build_start = std::chrono::steady_clock::now();
    Contain("checking the program", [&] {
      snapshot = BuildSnapshot(documents_.All(), disk_, settings, generation, parses_);
      if (std::getenv("COBRO_LSP_TIMING") != nullptr) {
        std::fprintf(stderr, "cobro lsp: snapshot %llu built in %.1f ms (files: %d parsed, %d reused)\n",
                     static_cast<unsigned long long>(generation),
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - build_start).count(),
                     parses_.parsed(), parses_.reused());
      }
    });
    lock.lock();
    built_ = generation;
    attempted_ = true;
    if (snapshot) {
      latest_ = snapshot;
      has_built_ = true;
      if (snapshot->NeedsCompliance()) {
        pending_compliance_ = snapshot;
        compliance_wanted_.notify_all();
      }
    }
    changed_.notify_all();
    if (!snapshot) continue;
    lock.unlock();
    Contain("publishing diagnostics", [&] { on_snapshot_(snapshot); });
    lock.lock();
  }
}

void Scheduler::ComplianceLoop() {
  ContainChecks();
  std::unique_lock lock(mutex_);
  while (true) {
    while (!stopping_ && !pending_compliance_) compliance_wanted_.wait(lock);
    if (stopping_) return;
    std::shared_ptr<const Snapshot> snapshot = std::move(pending_compliance_);
    pending_compliance_.reset();
    lock.unlock();
    std::shared_ptr<const Compliance> compliance;
    auto analysis_start = std::chrono::steady_clock::now();
    Contain("the compliance analysis", [&] {
      compliance = RunCompliance(*snapshot);
      if (std::getenv("COBRO_LSP_TIMING") != nullptr) {
        std::fprintf(stderr, "cobro lsp: snapshot %llu analysed in %.1f ms\n",
                     static_cast<unsigned long long>(snapshot->generation),
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - analysis_start).count());
      }
    });
    lock.lock();
    // Without findings the snapshot is still reported: a clean program's
    // diagnostics wait for its analysis (server.cpp), so skipping it would
    // leave the client showing the previous version's.
    if (compliance) snapshot->SetCompliance(compliance);
    // Findings of a superseded snapshot would point at text that moved.
    bool current = latest_ == snapshot;
    lock.unlock();
    if (current) Contain("publishing diagnostics", [&] { on_compliance_(snapshot); });
    lock.lock();
  }
}

void Scheduler::Contain(const char* work_name, const std::function<void()>& work) {
  std::string message;
  try {
    work();
    return;
  } catch (const std::exception& error) {
    message = std::string(work_name) + " failed: " + error.what();
  } catch (...) {
    message = std::string(work_name) + " failed";
  }
  std::fprintf(stderr, "cobro lsp: %s\n", message.c_str());
  // Reporting is the last thing this worker does for the failed work: a
  // failure to report (a closed output) must not end the thread either.
  try {
    if (on_failure_) on_failure_(message);
  } catch (...) {
  }
}

}  // namespace cobro::lsp
