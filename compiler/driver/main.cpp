// The `cobro` executable: a thin shell around driver::Run that reads the
// process environment and starts external programs for it.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "compiler/driver/driver.h"
#include "compiler/driver/run_program.h"

#ifndef COBRO_STDLIB_DIR
#define COBRO_STDLIB_DIR "stdlib"
#endif

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  cobro::driver::Environment environment;
  const char* stdlib = std::getenv("COBRO_STDLIB");
  environment.default_stdlib = stdlib != nullptr && *stdlib != '\0' ? stdlib : COBRO_STDLIB_DIR;
  const char* term = std::getenv("TERM");
  environment.color_terminal = isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr &&
                               term != nullptr && std::string(term) != "dumb";
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr) {
    environment.github_step_summary = summary;
  }
  std::error_code error;
  std::filesystem::path current = std::filesystem::current_path(error);
  if (!error) environment.current_directory = current.string();
  environment.run_program = cobro::driver::RunProcess;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0') {
    environment.cache_directory = std::string(cache) + "/cobro";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    environment.cache_directory = std::string(home) + "/.cache/cobro";
  }
  if (const char* no_cache = std::getenv("COBRO_NO_CACHE"); no_cache != nullptr && *no_cache != '\0') {
    environment.cache_directory.clear();
  }
  environment.standard_input = &std::cin;
  environment.progress_terminal = isatty(STDERR_FILENO) != 0 && term != nullptr && std::string(term) != "dumb";
  environment.read_stdin = []() -> std::optional<std::string> {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return std::nullopt;
    return text;
  };
  cobro::driver::DiskFileSystem files;
  int code = cobro::driver::Run(args, files, environment, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
