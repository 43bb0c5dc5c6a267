#include "tests/lsp/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <vector>

extern char** environ;

namespace cobro::lsp_test {

using namespace std::chrono_literals;

namespace {

// How long any one expected message may take before the test fails.
constexpr auto kTimeout = 20s;

}  // namespace

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "FAIL: " << message << "\n";
  std::exit(1);
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& workspace) {
  int to_child[2];
  int from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) Fail("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  posix_spawn_file_actions_addchdir_np(&actions, workspace.c_str());
  std::vector<std::string> args = {binary, "lsp"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    Fail("could not start " + binary);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  in_ = to_child[1];
  out_ = from_child[0];
  reader_ = std::thread([this] { ReadLoop(); });
}

ServerProcess::~ServerProcess() {
  if (in_ >= 0) close(in_);
  if (pid_ > 0 && !waited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
  close(out_);
}


void ServerProcess::SendRaw(const std::string& bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = write(in_, bytes.data() + written, bytes.size() - written);
    if (n <= 0) Fail("the server closed its input");
    written += static_cast<size_t>(n);
  }
}

// Bytes that are not UTF-8 (a text cut inside a character) go as U+FFFD, as
// an editor would send them.
void ServerProcess::Send(const Json& message) {
  std::string body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
  SendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

auto ServerProcess::Take(const std::function<bool(const Json&)>& matches, const std::string& what) -> Json {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (true) {
    for (auto it = messages_.begin(); it != messages_.end(); ++it) {
      if (matches(*it)) {
        Json found = std::move(*it);
        messages_.erase(it);
        return found;
      }
    }
    if (closed_) Fail("the server ended its output while the test waited for " + what);
    if (arrived_.wait_until(lock, deadline) == std::cv_status::timeout) {
      Fail("no " + what + " within " + std::to_string(kTimeout.count()) + " s");
    }
  }
}

auto ServerProcess::Finish() -> int {
  close(in_);
  in_ = -1;
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) Fail("the server did not exit");
    std::this_thread::sleep_for(10ms);
  }
  waited_ = true;
  if (WIFSIGNALED(status)) Fail("the server died of signal " + std::to_string(WTERMSIG(status)));
  return WEXITSTATUS(status);
}

void ServerProcess::ReadLoop() {
  std::string buffer;
  char chunk[65536];
  while (true) {
    ssize_t n = read(out_, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    while (true) {
      size_t header_end = buffer.find("\r\n\r\n");
      if (header_end == std::string::npos) break;
      std::string header = buffer.substr(0, header_end);
      size_t at = header.find("Content-Length: ");
      if (at == std::string::npos) Fail("a message without Content-Length: " + header);
      size_t length = std::stoul(header.substr(at + 16));
      if (buffer.size() < header_end + 4 + length) break;
      Json message = Json::parse(buffer.substr(header_end + 4, length), nullptr, false);
      buffer.erase(0, header_end + 4 + length);
      if (message.is_discarded()) Fail("the server wrote a body that is not JSON");
      if (message.contains("method") && message.contains("id")) {
        // A request of the server's (a registration, a refresh): accept it.
        if (in_ >= 0) Send(Json{{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", nullptr}});
        continue;
      }
      // Shown for whoever reads a failed test's output, and queued for a
      // `--- notification window/logMessage` expectation.
      if (message.value("method", "") == "window/logMessage") {
        std::cerr << "server log: " << message["params"].value("message", "") << "\n";
      }
      std::lock_guard lock(mutex_);
      messages_.push_back(std::move(message));
      arrived_.notify_all();
    }
  }
  std::lock_guard lock(mutex_);
  closed_ = true;
  arrived_.notify_all();
}

}  // namespace cobro::lsp_test
