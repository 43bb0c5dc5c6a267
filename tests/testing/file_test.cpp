// Runs one golden file test: the CLI's own driver::Run, in process, over the
// file's sections held in memory, with the real stdlib mapped at `stdlib/`.
// The expected output is the CHECK lines in the file itself.
//
//   file_test <source dir> <test file>
//
// With COBRO_AUTOUPDATE=1 the file is rewritten with the current output;
// review the change with `git diff`. Otherwise a mismatch fails with a diff.

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "compiler/driver/driver.h"
#include "tests/testing/golden_layout.h"

namespace {

auto ReadAll(const std::string& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

// Words apart by spaces; a "quoted" word may hold spaces (a test name).
auto SplitWords(const std::string& text) -> std::vector<std::string> {
  std::istringstream stream(text);
  std::vector<std::string> words;
  std::string word;
  while (stream >> std::quoted(word)) words.push_back(word);
  return words;
}

// Prints both versions around the first line that differs.
void ShowDifference(const std::string& expected, const std::string& actual) {
  std::istringstream expected_stream(expected);
  std::istringstream actual_stream(actual);
  std::vector<std::string> expected_lines;
  std::vector<std::string> actual_lines;
  for (std::string line; std::getline(expected_stream, line);) expected_lines.push_back(line);
  for (std::string line; std::getline(actual_stream, line);) actual_lines.push_back(line);
  size_t first = 0;
  while (first < expected_lines.size() && first < actual_lines.size() &&
         expected_lines[first] == actual_lines[first]) {
    ++first;
  }
  size_t begin = first > 3 ? first - 3 : 0;
  std::cerr << "first difference at line " << first + 1 << "\n--- in the file\n";
  for (size_t i = begin; i < std::min(expected_lines.size(), first + 8); ++i) {
    std::cerr << (i == first ? "> " : "  ") << expected_lines[i] << "\n";
  }
  std::cerr << "--- produced now\n";
  for (size_t i = begin; i < std::min(actual_lines.size(), first + 8); ++i) {
    std::cerr << (i == first ? "> " : "  ") << actual_lines[i] << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: file_test <source dir> <test file>\n";
    return 2;
  }
  std::string source_dir = argv[1];
  std::string test_path = argv[2];
  std::string test_name = test_path.substr(test_path.find_last_of('/') + 1);
  std::string original = ReadAll(test_path);
  std::vector<cobro::testing::Section> sections =
      cobro::testing::SplitSections(test_name, original);

  cobro::driver::MemoryFileSystem files;
  files.MapToDisk("stdlib/", source_dir + "/stdlib/");
  std::string inputs;
  for (const cobro::testing::Section& section : sections) {
    std::string text;
    for (const std::string& line : section.lines) text += line + "\n";
    files.Add(section.name, text);
    if (section.name.ends_with(".cobro")) inputs += (inputs.empty() ? "" : " ") + section.name;
  }
  std::string args_text = cobro::testing::FindArgs(sections);
  for (size_t at = args_text.find("%s"); at != std::string::npos; at = args_text.find("%s")) {
    args_text.replace(at, 2, inputs);
  }
  cobro::driver::Environment environment{"stdlib", false};
  std::ostringstream out;
  std::ostringstream err;
  int code = cobro::driver::Run(SplitWords(args_text), files, environment, out, err);

  // Files the command wrote (`--audit`, `--quarantine`, ...) follow its
  // standard output, each under a `--- path` line; rewritten sources
  // (`fmt -w`) are the fmt tests' business.
  for (const std::string& path : files.written()) {
    if (path.ends_with(".cobro")) continue;
    std::string error;
    out << "--- " << path << "\n" << files.ReadFile(path, error).value_or("");
  }
  std::string produced = cobro::testing::Layout(sections, out.str(), err.str());
  // `fail_` tests find errors (exit 1), `usage_` tests could not run (exit 2).
  int expected_code = test_name.starts_with("fail_") ? 1 : test_name.starts_with("usage_") ? 2 : 0;
  const char* autoupdate = std::getenv("COBRO_AUTOUPDATE");
  if (autoupdate != nullptr && std::string(autoupdate) == "1") {
    if (produced != original) {
      std::ofstream(test_path, std::ios::binary) << produced;
      std::cerr << "updated " << test_path << "\n";
    }
  } else if (produced != original) {
    std::cerr << test_path << ": output differs from the CHECK lines\n";
    ShowDifference(original, produced);
    // The ctest name is the path without `.cobro`.
    std::string stem = test_name.substr(0, test_name.rfind('.'));
    std::cerr << "to accept the new output: COBRO_AUTOUPDATE=1 ctest --test-dir build -R '/"
              << stem << "$' and review `git diff`\n";
    return 1;
  }
  if (code != expected_code) {
    std::cerr << test_path << ": exit code " << code << ", expected " << expected_code
              << " (`fail_` tests exit 1, `usage_` tests 2, others 0)\n";
    return 1;
  }
  return 0;
}
