#include "compiler/analysis/trace.h"

#include <utility>

namespace cobro::analysis {

auto FormatOffset(int64_t milliseconds) -> std::string {
  if (milliseconds == 0) return "+0s";
  std::string result = milliseconds < 0 ? "-" : "+";
  if (milliseconds < 0) milliseconds = -milliseconds;
  constexpr std::pair<int64_t, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1'000, "s"}, {1, "ms"}};
  for (auto [unit, suffix] : kUnits) {
    if (milliseconds >= unit) {
      result += std::to_string(milliseconds / unit) + suffix;
      milliseconds %= unit;
    }
  }
  return result;
}

}  // namespace cobro::analysis
