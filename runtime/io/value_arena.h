#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/abi/context.h"
#include "runtime/abi/value.h"

namespace cobro::runtime::io {

// Owns what values read from input point into: the sets (a StringSet or
// IntSet value is a `const ValueSet*`) and the time zones already looked up.
// It lives as long as the run that uses the values. Identical sets share one
// ValueSet, so a million debtors opted in to `{email, sms}` cost one set.
// An arena serves one StringPool: its caches hold that pool's handles.
class ValueArena {
 public:
  ValueArena();
  ~ValueArena();
  ValueArena(const ValueArena&) = delete;
  auto operator=(const ValueArena&) -> ValueArena& = delete;

  // The handle of the set of `values` (sorted and deduplicated here); 0, the
  // zero value of set types, for the empty set.
  auto Set(std::span<const Value> values) -> Value;

  // `strings.Intern(text)`, with a cache that avoids the pool's per-lookup
  // allocation for strings seen before.
  auto Intern(StringPool& strings, std::string_view text) -> Value;

  // The date::time_zone named `name` (null when the tz database has none) and
  // its interned handle; looked up once per distinct name.
  struct Zone {
    Value handle = 0;
    const void* zone = nullptr;
  };
  auto FindZone(StringPool& strings, std::string_view name) -> Zone;

  // The date::time_zone behind a Timezone value this arena produced or
  // validated; null for other handles.
  auto ZoneOf(Value handle) const -> const void*;

  // How many distinct non-empty sets the arena holds.
  auto set_count() const -> size_t { return sets_.size(); }

 private:
  struct TextHash {
    using is_transparent = void;
    auto operator()(std::string_view text) const -> size_t { return std::hash<std::string_view>{}(text); }
  };
  struct SetHash {
    auto operator()(const ValueSet* set) const -> size_t;
  };
  struct SetEqual {
    auto operator()(const ValueSet* a, const ValueSet* b) const -> bool { return a->values == b->values; }
  };

  const StringPool* pool_ = nullptr;
  std::unordered_map<std::string, Value, TextHash, std::equal_to<>> strings_;
  std::unordered_map<std::string, Zone, TextHash, std::equal_to<>> zones_by_name_;
  std::unordered_map<Value, const void*> zones_by_handle_;
  std::vector<std::unique_ptr<ValueSet>> sets_;
  std::unordered_map<const ValueSet*, Value, SetHash, SetEqual> set_index_;
  std::vector<Value> scratch_;
};

}  // namespace cobro::runtime::io
