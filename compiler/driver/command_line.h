#pragma once

// Reading a command's arguments, shared by every command.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cobro::driver {

// Walks one command's arguments: flags, `--name value` and `--name=value`.
// Errors name the command so the message can point at its `--help`.
class ArgReader {
 public:
  ArgReader(const std::vector<std::string>& args, std::string command, std::ostream& err)
      : args_(args), command_(std::move(command)), err_(err) {}

  // Moves to the next argument; false when there is none.
  auto Next() -> bool { return ++index_ < args_.size(); }

  // The current argument.
  auto arg() const -> const std::string& { return args_[index_]; }

  // Whether the current argument is option `name`, alone or as `name=value`.
  auto Is(std::string_view name) const -> bool;

  // Reads the current option's value into `target`; prints a usage error and
  // returns false when it has none.
  auto Value(std::string& target) -> bool;

  // Prints `cobro: <message>; see `cobro <command> --help``; returns false.
  auto Fail(std::string_view message) -> bool;

 private:
  const std::vector<std::string>& args_;
  std::string command_;
  std::ostream& err_;
  size_t index_ = static_cast<size_t>(-1);
};

// The candidate closest to `name` by edit distance, if it is close enough to
// be a likely typo; ties go to the alphabetically first.
auto Closest(std::string_view name, const std::vector<std::string>& candidates)
    -> std::optional<std::string>;

}  // namespace cobro::driver
