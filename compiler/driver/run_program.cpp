#include "compiler/driver/run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace cobro::driver {

namespace {

void CloseBoth(int pipe_ends[2]) {
  if (pipe_ends[0] >= 0) close(pipe_ends[0]);
  if (pipe_ends[1] >= 0) close(pipe_ends[1]);
}

}  // namespace

auto RunProcess(const std::vector<std::string>& argv, const std::string& input) -> ProgramResult {
  ProgramResult result;
  if (argv.empty()) return result;
  int to_child[2] = {-1, -1};
  int from_child[2] = {-1, -1};
  int errors_from_child[2] = {-1, -1};
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0 ||
      pipe2(errors_from_child, O_CLOEXEC) != 0) {
    CloseBoth(to_child);
    CloseBoth(from_child);
    CloseBoth(errors_from_child);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors_from_child[1], STDERR_FILENO);
  std::vector<char*> arguments;
  for (const std::string& arg : argv) arguments.push_back(const_cast<char*>(arg.c_str()));
  arguments.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, arguments[0], &actions, nullptr, arguments.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  close(errors_from_child[1]);
  if (spawned != 0) {
    close(to_child[1]);
    close(from_child[0]);
    close(errors_from_child[0]);
    return result;
  }
  // A child that exits without reading its input must not kill us with SIGPIPE.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  // Write the input and read both outputs together, so neither side blocks
  // on a full pipe.
  size_t written = 0;
  int input_fd = to_child[1];
  if (input.empty()) {
    close(input_fd);
    input_fd = -1;
  }
  int out_fd = from_child[0];
  int err_fd = errors_from_child[0];
  char buffer[65536];
  while (input_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3] = {{input_fd, POLLOUT, 0}, {out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (input_fd >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      ssize_t count = write(input_fd, input.data() + written, input.size() - written);
      if (count > 0) written += static_cast<size_t>(count);
      if (count < 0 || written == input.size()) {
        close(input_fd);
        input_fd = -1;
      }
    }
    for (int which = 1; which <= 2; ++which) {
      int& fd = which == 1 ? out_fd : err_fd;
      if (fd < 0 || (fds[which].revents & (POLLIN | POLLERR | POLLHUP)) == 0) continue;
      ssize_t count = read(fd, buffer, sizeof buffer);
      if (count > 0) {
        (which == 1 ? result.out : result.err).append(buffer, static_cast<size_t>(count));
      } else if (count == 0 || errno != EINTR) {
        close(fd);
        fd = -1;
      }
    }
  }
  if (input_fd >= 0) close(input_fd);
  if (out_fd >= 0) close(out_fd);
  if (err_fd >= 0) close(err_fd);
  sigaction(SIGPIPE, &previous, nullptr);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // posix_spawnp reports a missing program as exit status 127 of the child.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && result.out.empty()) return result;
  result.started = true;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace cobro::driver
