// The `cobro` executable: a thin shell around driver::Run.

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "compiler/driver/driver.h"

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
  cobro::driver::DiskFileSystem files;
  int code = cobro::driver::Run(args, files, environment, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
