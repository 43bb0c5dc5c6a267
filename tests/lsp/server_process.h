#pragma once

// `cobro lsp` as a child process on two pipes, for the transcript runner:
// Content-Length framing both ways, the server's messages queued by a
// reader thread, its own requests (registrations, refreshes) accepted.

#include <sys/types.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace cobro::lsp_test {

using Json = nlohmann::json;

// Prints `FAIL: message` and ends the test with exit status 1.
[[noreturn]] void Fail(const std::string& message);

// The server process; killed when destroyed unless Finish reaped it.
class ServerProcess {
 public:
  // Starts `binary lsp` in `workspace` as its current directory.
  ServerProcess(const std::string& binary, const std::string& workspace);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  auto operator=(const ServerProcess&) -> ServerProcess& = delete;

  // Writes bytes as they are.
  void SendRaw(const std::string& bytes);

  // Writes one message with its header; text that is not UTF-8 goes as U+FFFD.
  void Send(const Json& message);

  // Waits (up to 20 s) for the first message, in arrival order, that
  // `matches`, and removes it from the queue; `what` names it in a failure.
  auto Take(const std::function<bool(const Json&)>& matches, const std::string& what) -> Json;

  // Closes the server's input and returns its exit status; fails when it
  // does not exit within 20 s or dies of a signal.
  auto Finish() -> int;

 private:
  void ReadLoop();

  pid_t pid_ = 0;
  bool waited_ = false;
  int in_ = -1;
  int out_ = -1;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Json> messages_;
  bool closed_ = false;
  std::thread reader_;
};

}  // namespace cobro::lsp_test
