#pragma once

#include <string>
#include <string_view>

namespace cobro::format {

// A unified diff from `before` to `after` by lines, as `diff -u` prints it:
// `--- before_name`, `+++ after_name`, then hunks with `context` unchanged
// lines around each change. Empty when the texts are equal.
auto UnifiedDiff(std::string_view before, std::string_view after, std::string_view before_name,
                 std::string_view after_name, int context = 3) -> std::string;

}  // namespace cobro::format
