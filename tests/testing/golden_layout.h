#pragma once

// How a golden file is laid out: its sections, and the CHECK lines placed next
// to the source lines they talk about. Kept apart from the runner so the
// layout rules have unit tests of their own.

#include <string>
#include <vector>

namespace cobro::testing {

// One file of a golden test. A test is split into several files by
// `// --- name.cobro` lines; the first file is named after the test.
struct Section {
  std::string name;
  // Source lines with the CHECK lines removed.
  std::vector<std::string> lines;
};

// Splits a golden file into sections and drops its CHECK lines.
auto SplitSections(const std::string& test_name, const std::string& text) -> std::vector<Section>;

// The `// ARGS:` line of the first section, or the default `check %s`.
auto FindArgs(const std::vector<Section>& sections) -> std::string;

// Rebuilds the golden file from its sections and the command's output:
// diagnostics go right above the line they point at, as
// `// CHECK:STDERR: name:[[@LINE+n]]:col: ...`; stdout, diagnostics without
// a location and the summary go at the end of the first section.
auto Layout(const std::vector<Section>& sections, const std::string& stdout_text,
            const std::string& stderr_text) -> std::string;

}  // namespace cobro::testing
