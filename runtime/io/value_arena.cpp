#include "runtime/io/value_arena.h"

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

#include "compiler/base/check.h"

namespace cobro::runtime::io {

ValueArena::ValueArena() = default;
ValueArena::~ValueArena() = default;

auto ValueArena::SetHash::operator()(const ValueSet* set) const -> size_t {
  // FNV-1a over the values' bits.
  uint64_t hash = 14695981039346656037ull;
  for (Value value : set->values) {
    hash ^= static_cast<uint64_t>(value);
    hash *= 1099511628211ull;
  }
  return static_cast<size_t>(hash);
}

auto ValueArena::Set(std::span<const Value> values) -> Value {
  if (values.empty()) return 0;
  ValueSet probe;
  probe.values.swap(scratch_);
  probe.values.assign(values.begin(), values.end());
  std::sort(probe.values.begin(), probe.values.end());
  probe.values.erase(std::unique(probe.values.begin(), probe.values.end()), probe.values.end());
  auto found = set_index_.find(&probe);
  if (found != set_index_.end()) {
    scratch_.swap(probe.values);
    return found->second;
  }
  auto& owned = sets_.emplace_back(std::make_unique<ValueSet>(std::move(probe)));
  Value handle = HandleOf(owned.get());
  set_index_.emplace(owned.get(), handle);
  return handle;
}

auto ValueArena::Intern(StringPool& strings, std::string_view text) -> Value {
  // The cache holds one pool's handles; a second pool would read wrong strings.
  COBRO_CHECK(pool_ == nullptr || pool_ == &strings);
  pool_ = &strings;
  auto found = strings_.find(text);
  if (found != strings_.end()) return found->second;
  Value handle = strings.Intern(text);
  strings_.emplace(std::string(text), handle);
  return handle;
}

auto ValueArena::FindZone(StringPool& strings, std::string_view name) -> Zone {
  auto found = zones_by_name_.find(name);
  if (found != zones_by_name_.end()) return found->second;
  Zone zone;
  // locate_zone reports an unknown name by throwing; it stops here.
  try {
    zone.zone = date::locate_zone(name);
  } catch (const std::exception&) {
    zone.zone = nullptr;
  }
  // Unknown names are not cached: a file of distinct bad names must not grow
  // the arena.
  if (zone.zone == nullptr) return zone;
  zone.handle = Intern(strings, name);
  zones_by_handle_.emplace(zone.handle, zone.zone);
  zones_by_name_.emplace(std::string(name), zone);
  return zone;
}

auto ValueArena::ZoneOf(Value handle) const -> const void* {
  auto found = zones_by_handle_.find(handle);
  return found != zones_by_handle_.end() ? found->second : nullptr;
}

}  // namespace cobro::runtime::io
