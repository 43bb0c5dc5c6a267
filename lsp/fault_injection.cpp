#include "lsp/fault_injection.h"

#include <atomic>
#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "compiler/base/check.h"

namespace cobro::lsp {

namespace {

struct Fault {
  std::string site;
  bool throws = false;
  std::atomic<bool> fired = false;
};

// The faults COBRO_LSP_INJECT_FAULT lists, read once. A deque: atomics
// cannot move, and a deque never moves what it holds.
auto Faults() -> std::deque<Fault>& {
  static std::deque<Fault> faults = [] {
    std::deque<Fault> listed;
    const char* setting = std::getenv("COBRO_LSP_INJECT_FAULT");
    if (setting == nullptr) return listed;
    std::string_view rest = setting;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view entry = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (entry.empty()) continue;
      Fault& fault = listed.emplace_back();
      fault.throws = entry.ends_with(":throw");
      if (fault.throws) entry.remove_suffix(std::string_view(":throw").size());
      fault.site = entry;
    }
    return listed;
  }();
  return faults;
}

}  // namespace

void InjectFaultAt(std::string_view site) {
  for (Fault& fault : Faults()) {
    if (fault.site != site || fault.fired.exchange(true)) continue;
    if (fault.throws) throw std::logic_error(fmt::format("fault injected at `{}` by COBRO_LSP_INJECT_FAULT", site));
    // The path a real failed COBRO_CHECK takes, message included; the
    // "condition" says which setting made it fail.
    std::string condition = fmt::format("COBRO_LSP_INJECT_FAULT does not name {}", site);
    internal::CheckFailed(condition.c_str(), __FILE__, __LINE__);
  }
}

}  // namespace cobro::lsp
