#pragma once

// Stable storage for the events of a run. Event values are pointers to
// their records (state parameters hold them), so records never move; fields
// sit in large shared blocks instead of one allocation per event.

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "runtime/abi/value.h"

namespace cobro::runtime {

class EventStore {
 public:
  auto Add(int32_t type, int64_t at, std::span<const Value> fields) -> const EventRecord* {
    EventRecord& record = records_.emplace_back();
    record.at = at;
    record.type = type;
    record.field_count = static_cast<int32_t>(fields.size());
    record.fields = Copy(fields);
    return &record;
  }

  auto size() const -> size_t { return records_.size(); }

 private:
  static constexpr size_t kBlock = 1 << 16;

  auto Copy(std::span<const Value> fields) -> const Value* {
    if (fields.empty()) return nullptr;
    if (blocks_.empty() || used_ + fields.size() > kBlock) {
      blocks_.push_back(std::make_unique<Value[]>(std::max(kBlock, fields.size())));
      used_ = 0;
    }
    Value* out = blocks_.back().get() + used_;
    std::copy(fields.begin(), fields.end(), out);
    used_ += fields.size();
    return out;
  }

  std::deque<EventRecord> records_;
  std::vector<std::unique_ptr<Value[]>> blocks_;
  size_t used_ = 0;
};

}  // namespace cobro::runtime
