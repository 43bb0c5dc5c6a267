#include "compiler/driver/xml_text.h"

namespace cobro::driver {

namespace {

// The length of the UTF-8 sequence starting at `text[i]`, or 0 when it is
// not one.
auto Utf8Length(std::string_view text, size_t i) -> size_t {
  auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

auto XmlEscape(std::string_view text) -> std::string {
  std::string escaped;
  for (size_t i = 0; i < text.size();) {
    size_t length = Utf8Length(text, i);
    if (length == 0) {
      escaped += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (length > 1) {
      escaped += text.substr(i, length);
      i += length;
      continue;
    }
    char c = text[i++];
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&apos;"; break;
      case '\n': escaped += "&#10;"; break;
      case '\r': escaped += "&#13;"; break;
      case '\t': escaped += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          escaped += "\xEF\xBF\xBD";
        } else {
          escaped += c;
        }
    }
  }
  return escaped;
}

auto XmlText(std::string_view text) -> std::string {
  std::string escaped = XmlEscape(text);
  std::string readable;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped.compare(i, 5, "&#10;") == 0) {
      readable += '\n';
      i += 4;
    } else {
      readable += escaped[i];
    }
  }
  return readable;
}

}  // namespace cobro::driver
