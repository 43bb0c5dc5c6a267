// `cobro fmt` through driver::Run: what golden files cannot show, namely
// files rewritten in place, standard input, directories and exit codes.

#include <catch2/catch.hpp>

#include <sstream>

#include "compiler/driver/driver.h"
#include "compiler/driver/file_system.h"

namespace cobro::driver {
namespace {

constexpr const char* kMessy = "module m\nprofile D {dpd:int}\n";
constexpr const char* kFormatted = "module m\n\nprofile D {\n  dpd: int\n}\n";

struct Result {
  int code;
  std::string out;
  std::string err;
};

auto RunFmt(MemoryFileSystem& files, std::vector<std::string> args, std::string stdin_text = "")
    -> Result {
  Environment environment{"stdlib", false};
  environment.read_stdin = [stdin_text]() -> std::optional<std::string> { return stdin_text; };
  std::ostringstream out;
  std::ostringstream err;
  args.insert(args.begin(), "fmt");
  int code = Run(args, files, environment, out, err);
  return Result{code, out.str(), err.str()};
}

auto Read(MemoryFileSystem& files, const std::string& path) -> std::string {
  std::string error;
  return files.ReadFile(path, error).value_or("<missing>");
}

TEST_CASE("fmt -w rewrites only the files that change", "[format]") {
  MemoryFileSystem files;
  files.Add("src/a.cobro", kMessy);
  files.Add("src/b.cobro", kFormatted);
  files.Add("src/notes.txt", "not cobro");
  Result result = RunFmt(files, {"-w", "src"});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  CHECK(Read(files, "src/a.cobro") == kFormatted);
  CHECK(Read(files, "src/b.cobro") == kFormatted);
  CHECK(Read(files, "src/notes.txt") == "not cobro");
}

TEST_CASE("fmt --check lists the files that would change", "[format]") {
  MemoryFileSystem files;
  files.Add("src/a.cobro", kMessy);
  files.Add("src/b.cobro", kFormatted);
  Result result = RunFmt(files, {"--check", "src"});
  CHECK(result.code == 1);
  CHECK(result.out == "src/a.cobro\n");
  CHECK(Read(files, "src/a.cobro") == kMessy);
  CHECK(RunFmt(files, {"--check", "src/b.cobro"}).code == 0);
}

TEST_CASE("fmt - reads standard input", "[format]") {
  MemoryFileSystem files;
  Result result = RunFmt(files, {"-"}, kMessy);
  CHECK(result.code == 0);
  CHECK(result.out == kFormatted);
  Result diff = RunFmt(files, {"--diff", "-"}, kMessy);
  CHECK(diff.code == 1);
  CHECK(diff.out.starts_with("--- <stdin>\n+++ <stdin> (formatted)\n@@ "));
}

TEST_CASE("fmt leaves a file with syntax errors alone and says where", "[format]") {
  MemoryFileSystem files;
  files.Add("bad.cobro", "module m\nprofile D { dpd: }\n");
  files.Add("good.cobro", kMessy);
  Result result = RunFmt(files, {"-w", "bad.cobro", "good.cobro"});
  CHECK(result.code == 1);
  CHECK(result.err.find("bad.cobro:2:18: error") != std::string::npos);
  CHECK(result.err.find("`bad.cobro` has syntax errors; it was not formatted") != std::string::npos);
  CHECK(Read(files, "bad.cobro") == "module m\nprofile D { dpd: }\n");
  CHECK(Read(files, "good.cobro") == kFormatted);
}

TEST_CASE("fmt usage errors exit 2", "[format]") {
  MemoryFileSystem files;
  files.Add("a.cobro", kMessy);
  CHECK(RunFmt(files, {}).code == 2);
  CHECK(RunFmt(files, {"-w", "-"}).code == 2);
  CHECK(RunFmt(files, {"--check", "--diff", "a.cobro"}).code == 2);
  CHECK(RunFmt(files, {"--max-width", "zero", "a.cobro"}).code == 2);
  CHECK(RunFmt(files, {"--bogus", "a.cobro"}).code == 2);
  CHECK(RunFmt(files, {"missing.cobro"}).code == 2);
  MemoryFileSystem empty;
  Environment environment{"stdlib", false};
  std::ostringstream out;
  std::ostringstream err;
  // No standard input to read.
  CHECK(Run({"fmt", "-"}, empty, environment, out, err) == 2);
}

TEST_CASE("fmt options change the layout", "[format]") {
  MemoryFileSystem files;
  files.Add("a.cobro", kMessy);
  CHECK(RunFmt(files, {"--indent", "4", "a.cobro"}).out ==
        "module m\n\nprofile D {\n    dpd: int\n}\n");
  CHECK(RunFmt(files, {"--indent=0", "a.cobro"}).out == "module m\n\nprofile D {\ndpd: int\n}\n");
}

}  // namespace
}  // namespace cobro::driver
