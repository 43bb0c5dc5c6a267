// Every diagnostic kind is shown by at least one golden test, so every
// message has been read by a person and is pinned against regressions.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "compiler/diag/diagnostic.h"

namespace cobro::diag {
namespace {

TEST_CASE("diagnostic coverage", "[diag]") {
  std::string expectations;
  std::filesystem::path root = std::filesystem::path(COBRO_SOURCE_DIR) / "tests/golden";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".cobro") continue;
    std::ifstream stream(entry.path());
    for (std::string line; std::getline(stream, line);) {
      if (line.find("// CHECK:") != std::string::npos) expectations += line + "\n";
    }
  }
  std::vector<std::string> missing;
  for (Kind kind : AllKinds()) {
    std::string code = "[" + std::string(KindName(kind)) + "]";
    if (expectations.find(code) == std::string::npos) missing.emplace_back(KindName(kind));
  }
  INFO("kinds with no golden test: " << [&] {
    std::string list;
    for (const auto& name : missing) list += name + " ";
    return list;
  }());
  CHECK(missing.empty());
}

TEST_CASE("docs list every diagnostic", "[diag]") {
  std::ifstream stream(std::filesystem::path(COBRO_SOURCE_DIR) / "docs/diagnostics.md");
  std::stringstream docs;
  docs << stream.rdbuf();
  for (Kind kind : AllKinds()) {
    INFO(KindName(kind));
    CHECK(docs.str().find("`" + std::string(KindName(kind)) + "`") != std::string::npos);
  }
}

}  // namespace
}  // namespace cobro::diag
