#pragma once

// Text in XML documents (the JUnit reports of `cobro check` and `cobro test`).

#include <string>
#include <string_view>

namespace cobro::driver {

// Escapes text for XML content and attribute values. Bytes that are not
// UTF-8 and control characters XML 1.0 cannot hold become U+FFFD.
auto XmlEscape(std::string_view text) -> std::string;

// XmlEscape for element bodies, where line breaks stay readable.
auto XmlText(std::string_view text) -> std::string;

}  // namespace cobro::driver
