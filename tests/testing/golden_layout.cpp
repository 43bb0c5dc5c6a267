#include "tests/testing/golden_layout.h"

#include <map>
#include <regex>
#include <sstream>

namespace cobro::testing {

namespace {

auto SplitLines(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

auto IsCheckLine(const std::string& line) -> bool {
  static const std::regex kCheck(R"(^\s*// CHECK:(STDOUT|STDERR):.*$)");
  return std::regex_match(line, kCheck);
}

// A diagnostic as printed: its header's file and line, and all its lines.
struct Block {
  std::string file;
  int line = 0;
  std::vector<std::string> lines;
};

// `file:line:col: severity...` at the start of a line.
const std::regex kHeader(R"(^([^:\s]+):(\d+):(\d+): (error|warning|note)(\[|:).*)");

auto SplitBlocks(const std::string& stderr_text, std::vector<std::string>& trailing)
    -> std::vector<Block> {
  std::vector<Block> blocks;
  static const std::regex kSummary(R"(^\d+ errors?, \d+ warnings?$)");
  static const std::regex kUnlocated(R"(^(error|warning)\[.*)");
  for (const std::string& line : SplitLines(stderr_text)) {
    std::smatch match;
    bool header = std::regex_match(line, match, kHeader);
    if (header && match[4] != "note") {
      blocks.push_back(Block{match[1], std::stoi(match[2]), {line}});
    } else if (std::regex_match(line, kSummary) || std::regex_match(line, kUnlocated) ||
               blocks.empty()) {
      trailing.push_back(line);
      // Lines after an unlocated diagnostic belong to it; start a block that
      // is laid out at the end.
      if (std::regex_match(line, kUnlocated)) {
        trailing.pop_back();
        blocks.push_back(Block{"", 0, {line}});
      }
    } else {
      blocks.back().lines.push_back(line);
    }
  }
  return blocks;
}

// Rewrites `file:N:` for this section's file into `file:[[@LINE+d]]:`.
auto Relativize(const std::string& line, const std::string& file,
                const std::vector<int>& new_position, int here) -> std::string {
  std::smatch match;
  if (!std::regex_match(line, match, kHeader) || match[1] != file) return line;
  int original = std::stoi(match[2]);
  if (original < 1 || original > static_cast<int>(new_position.size())) return line;
  int delta = new_position[original - 1] - here;
  std::string offset = delta >= 0 ? "+" + std::to_string(delta) : std::to_string(delta);
  return file + ":[[@LINE" + offset + "]]:" + line.substr(match[1].length() + match[2].length() + 2);
}

}  // namespace

auto SplitSections(const std::string& test_name, const std::string& text) -> std::vector<Section> {
  std::vector<Section> sections{Section{test_name, {}}};
  static const std::regex kSplit(R"(^// --- (\S+)\s*$)");
  for (const std::string& line : SplitLines(text)) {
    std::smatch match;
    if (std::regex_match(line, match, kSplit)) {
      sections.push_back(Section{match[1], {}});
      continue;
    }
    if (IsCheckLine(line)) continue;
    sections.back().lines.push_back(line);
  }
  // Drop the blank lines the layout adds before the trailing CHECK lines.
  for (Section& section : sections) {
    while (!section.lines.empty() && section.lines.back().empty()) section.lines.pop_back();
  }
  return sections;
}

auto FindArgs(const std::vector<Section>& sections) -> std::string {
  static const std::regex kArgs(R"(^// ARGS: (.*)$)");
  for (const std::string& line : sections.front().lines) {
    std::smatch match;
    if (std::regex_match(line, match, kArgs)) return match[1];
  }
  return "check %s";
}

auto Layout(const std::vector<Section>& sections, const std::string& stdout_text,
            const std::string& stderr_text) -> std::string {
  std::vector<std::string> trailing;
  std::vector<Block> blocks = SplitBlocks(stderr_text, trailing);
  std::string out;
  for (size_t s = 0; s < sections.size(); ++s) {
    const Section& section = sections[s];
    if (s > 0) out += "// --- " + section.name + "\n";
    // Blocks anchored in this section, by the line they precede.
    std::map<int, std::vector<const Block*>> anchored;
    std::vector<const Block*> at_end;
    for (const Block& block : blocks) {
      if (block.file == section.name && block.line >= 1 &&
          block.line <= static_cast<int>(section.lines.size())) {
        anchored[block.line].push_back(&block);
      } else if (block.file == section.name || (s == 0 && block.file.empty())) {
        at_end.push_back(&block);
      } else if (s == 0) {
        // Diagnostics in files outside the test (the stdlib) go at the end.
        bool in_test = false;
        for (const Section& other : sections) in_test = in_test || other.name == block.file;
        if (!in_test) at_end.push_back(&block);
      }
    }
    // Where each source line lands once the CHECK lines are in.
    std::vector<int> new_position(section.lines.size());
    int position = 1 + (s > 0 ? 0 : 0);
    for (size_t i = 0; i < section.lines.size(); ++i) {
      auto it = anchored.find(static_cast<int>(i) + 1);
      if (it != anchored.end()) {
        for (const Block* block : it->second) position += static_cast<int>(block->lines.size());
      }
      new_position[i] = position++;
    }
    position = 1;
    auto emit_check = [&](const std::string& stream, const std::string& line) {
      std::string text = Relativize(line, section.name, new_position, position);
      out += "// CHECK:" + stream + ":" + (text.empty() ? "" : " " + text) + "\n";
      ++position;
    };
    for (size_t i = 0; i < section.lines.size(); ++i) {
      auto it = anchored.find(static_cast<int>(i) + 1);
      if (it != anchored.end()) {
        for (const Block* block : it->second) {
          for (const std::string& line : block->lines) emit_check("STDERR", line);
        }
      }
      out += section.lines[i] + "\n";
      ++position;
    }
    bool has_end = !at_end.empty() || (s == 0 && (!trailing.empty() || !stdout_text.empty()));
    if (has_end) {
      out += "\n";
      ++position;
    }
    for (const Block* block : at_end) {
      for (const std::string& line : block->lines) emit_check("STDERR", line);
    }
    if (s == 0) {
      for (const std::string& line : trailing) emit_check("STDERR", line);
      for (const std::string& line : SplitLines(stdout_text)) emit_check("STDOUT", line);
    }
  }
  return out;
}

}  // namespace cobro::testing
