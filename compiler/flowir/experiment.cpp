#include <cstdint>

#include "compiler/flowir/module.h"

namespace cobro::flowir {

auto AssignArm(const Experiment& experiment, std::string_view debtor_id) -> int32_t {
  // FNV-1a: stable across runs, machines and compilers, unlike std::hash.
  uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view text) {
    for (char byte : text) {
      hash ^= static_cast<unsigned char>(byte);
      hash *= 1099511628211ULL;
    }
  };
  mix(experiment.salt);
  mix(":");
  mix(debtor_id);
  auto bucket = static_cast<int64_t>(hash % 1'000'000);
  int64_t upper = 0;
  for (size_t arm = 0; arm < experiment.arms.size(); ++arm) {
    upper += experiment.arms[arm].share_ppm;
    if (bucket < upper) return static_cast<int32_t>(arm);
  }
  return -1;
}

}  // namespace cobro::flowir
