#include "runtime/abi/context.h"

namespace cobro::runtime {

StringPool::StringPool(const flowir::Module& module) {
  for (const std::string& text : module.strings) Intern(text);
}

auto StringPool::Intern(std::string_view text) -> Value {
  auto it = index_.find(std::string(text));
  if (it != index_.end()) return it->second;
  auto handle = static_cast<Value>(strings_.size());
  strings_.emplace_back(text);
  index_.emplace(strings_.back(), handle);
  return handle;
}

auto StringPool::Get(Value handle) const -> std::string_view {
  if (handle < 0 || static_cast<size_t>(handle) >= strings_.size()) return {};
  return strings_[static_cast<size_t>(handle)];
}

auto KnownEvents::Find(const flowir::Module& module) -> KnownEvents {
  KnownEvents known;
  for (size_t i = 0; i < module.events.size(); ++i) {
    const flowir::Event& event = module.events[i];
    auto index = static_cast<int32_t>(i);
    if (event.name == "payment") {
      known.payment = index;
      for (size_t f = 0; f < event.fields.size(); ++f) {
        if (event.fields[f].name == "amount") known.payment_amount = static_cast<int32_t>(f);
      }
    } else if (event.name == "opt_out") {
      known.opt_out = index;
    } else if (event.name == "consent") {
      known.consent = index;
    }
  }
  return known;
}

}  // namespace cobro::runtime
