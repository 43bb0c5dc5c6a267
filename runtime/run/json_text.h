#pragma once

// JSON text for the JSONL outputs. Millions of lines are written per run, so
// they are formatted straight into one buffer rather than built as DOM
// values (nlohmann serves the small documents: summaries and KPIs).

#include <string_view>

#include <fmt/format.h>

namespace cobro::runtime {

// Appends `text` as a JSON string, quotes included (RFC 8259 escapes; bytes
// of UTF-8 pass through).
inline void AppendJsonString(fmt::memory_buffer& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': out.append(std::string_view("\\\"")); break;
      case '\\': out.append(std::string_view("\\\\")); break;
      case '\n': out.append(std::string_view("\\n")); break;
      case '\r': out.append(std::string_view("\\r")); break;
      case '\t': out.append(std::string_view("\\t")); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace cobro::runtime
