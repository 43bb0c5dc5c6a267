#include "lsp/transport.h"

#include <cctype>
#include <charconv>

namespace cobro::lsp {

namespace {

// Messages larger than this are refused: a broken length would otherwise
// make the server allocate whatever the header says.
constexpr size_t kMaxMessageBytes = size_t{256} << 20;

auto Trim(std::string_view text) -> std::string_view {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

auto EqualsIgnoringCase(std::string_view a, std::string_view b) -> bool {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

auto Transport::Read() -> std::optional<std::string> {
  std::optional<size_t> length;
  std::string line;
  while (true) {
    if (!std::getline(in_, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      // Blank lines before the first header are tolerated (a client that
      // ends its bodies with a newline).
      if (length) break;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string_view name = Trim(std::string_view(line).substr(0, colon));
    std::string_view value = Trim(std::string_view(line).substr(colon + 1));
    if (EqualsIgnoringCase(name, "Content-Length")) {
      size_t parsed = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (error != std::errc() || end != value.data() + value.size() || parsed > kMaxMessageBytes) {
        return std::nullopt;
      }
      length = parsed;
    }
  }
  std::string body(*length, '\0');
  if (!in_.read(body.data(), static_cast<std::streamsize>(body.size()))) return std::nullopt;
  return body;
}

void Transport::Write(std::string_view body) {
  std::lock_guard lock(write_mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

}  // namespace cobro::lsp
