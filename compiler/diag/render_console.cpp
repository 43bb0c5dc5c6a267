#include "compiler/diag/render.h"

#include <algorithm>

#include <fmt/format.h>

namespace cobro::diag {

namespace {

// Whether a byte starts a UTF-8 code point (is not a continuation byte).
auto StartsCodePoint(char byte) -> bool { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }

// Spaces that line up under `prefix`, keeping tabs so carets stay aligned.
auto Padding(std::string_view prefix) -> std::string {
  std::string padding;
  for (char byte : prefix) {
    if (byte == '\t') {
      padding += '\t';
    } else if (StartsCodePoint(byte)) {
      padding += ' ';
    }
  }
  return padding;
}

auto CountCodePoints(std::string_view text) -> int {
  return static_cast<int>(std::count_if(text.begin(), text.end(), StartsCodePoint));
}

// The line as it can be shown on a terminal: control characters and bytes
// that are not UTF-8 become `?`, one per byte, so carets still line up.
auto Printable(std::string_view line) -> std::string {
  std::string result(line);
  for (size_t i = 0; i < result.size();) {
    auto byte = static_cast<unsigned char>(result[i]);
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                     : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length != 0 && i + length <= result.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(result[i + k]) & 0xC0) == 0x80;
    }
    if (!valid || (length == 1 && ((byte < 0x20 && byte != '\t') || byte == 0x7F))) {
      result[i] = '?';
      ++i;
      continue;
    }
    i += length;
  }
  return result;
}

struct Colors {
  const char* error = "";
  const char* warning = "";
  const char* note = "";
  const char* bold = "";
  const char* caret = "";
  const char* reset = "";
};

auto MakeColors(bool enabled) -> Colors {
  if (!enabled) return Colors{};
  return Colors{"\033[1;31m", "\033[1;35m", "\033[1;36m", "\033[1m", "\033[1;32m", "\033[0m"};
}

// Prints the source line of `range` with a caret underline, and the
// replacement text of a fix-it under it when there is one.
void RenderSnippet(std::string& out, const SourceBuffer& buffer, SourceRange range,
                   const std::string* replacement, const Colors& colors) {
  LineColumn begin = buffer.LineColumnAt(range.begin);
  std::string printable = Printable(buffer.LineText(begin.line));
  std::string_view line = printable;
  uint32_t line_start = buffer.LineStart(begin.line);
  uint32_t column_offset = std::min<uint32_t>(range.begin - line_start, line.size());
  uint32_t end_offset = std::min<uint32_t>(
      std::max<uint32_t>(range.end, range.begin) - line_start, line.size());
  out += fmt::format("{}\n", line);
  int width = std::max(1, CountCodePoints(line.substr(column_offset, end_offset - column_offset)));
  std::string padding = Padding(line.substr(0, column_offset));
  out += fmt::format("{}{}^{}{}\n", padding, colors.caret, std::string(width - 1, '~'),
                     colors.reset);
  if (replacement != nullptr) {
    out += fmt::format("{}{}{}{}\n", padding, colors.caret, *replacement, colors.reset);
  }
}

void RenderHeader(std::string& out, const SourceManager& sources, SourceRange range,
                  Severity severity, std::string_view code, std::string_view message,
                  const Colors& colors) {
  const char* color = severity == Severity::Error     ? colors.error
                      : severity == Severity::Warning ? colors.warning
                                                      : colors.note;
  if (range.has_value()) {
    const SourceBuffer& buffer = sources.Get(range.file);
    LineColumn position = DisplayPosition(buffer, range.begin);
    out += fmt::format("{}{}:{}:{}: {}", colors.bold, buffer.path(), position.line,
                       position.column, colors.reset);
  }
  out += fmt::format("{}{}", color, SeverityName(severity));
  if (!code.empty()) out += fmt::format("[{}]", code);
  out += fmt::format("{}: {}{}{}\n", colors.reset, colors.bold, message, colors.reset);
}

}  // namespace

auto DisplayPosition(const SourceBuffer& buffer, uint32_t offset) -> LineColumn {
  LineColumn position = buffer.LineColumnAt(offset);
  std::string_view line = buffer.LineText(position.line);
  auto byte_column = std::min<size_t>(static_cast<size_t>(position.column - 1), line.size());
  position.column = CountCodePoints(line.substr(0, byte_column)) + 1;
  return position;
}

auto RenderConsole(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                   const ConsoleOptions& options) -> std::string {
  Colors colors = MakeColors(options.color);
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    RenderHeader(out, sources, diagnostic.range, diagnostic.severity, KindName(diagnostic.kind),
                 diagnostic.message, colors);
    if (diagnostic.range.has_value()) {
      const std::string* replacement = nullptr;
      for (const FixIt& fix : diagnostic.fixes) {
        if (fix.range == diagnostic.range) replacement = &fix.replacement;
      }
      RenderSnippet(out, sources.Get(diagnostic.range.file), diagnostic.range, replacement,
                    colors);
    }
    for (const TraceStep& step : diagnostic.trace) {
      RenderHeader(out, sources, step.range, Severity::Note, "", step.message, colors);
      if (step.range.has_value()) {
        RenderSnippet(out, sources.Get(step.range.file), step.range, nullptr, colors);
      }
    }
    for (const Note& note : diagnostic.notes) {
      RenderHeader(out, sources, note.range, Severity::Note, "", note.message, colors);
      if (note.range.has_value()) {
        RenderSnippet(out, sources.Get(note.range.file), note.range, nullptr, colors);
      }
    }
  }
  return out;
}

}  // namespace cobro::diag
