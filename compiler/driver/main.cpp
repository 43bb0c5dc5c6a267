// The `cobro` executable: a thin shell around driver::Run that reads the
// process environment and starts external programs for it.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

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
  cobro::driver::DiskFileSystem files;
  int code = cobro::driver::Run(args, files, environment, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
