#pragma once

// Stable storage for the events of a run that outlive their handling (in a
// history, or held by a state parameter). Event values are pointers to
// their records, so records never move; the records and their fields sit
// in large blocks instead of one allocation per event (or per few events,
// as a std::deque would).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/abi/value.h"

namespace cobro::runtime {

class EventStore {
 public:
  auto Add(int32_t type, int64_t at, std::span<const Value> fields) -> const EventRecord* {
    if (record_blocks_.empty() || records_used_ == kRecordBlock) {
      record_blocks_.push_back(std::make_unique<EventRecord[]>(kRecordBlock));
      records_used_ = 0;
    }
    EventRecord& record = record_blocks_.back()[records_used_++];
    record.at = at;
    record.type = type;
    record.field_count = static_cast<int32_t>(fields.size());
    record.fields = Copy(fields);
    size_ += 1;
    return &record;
  }

  auto size() const -> size_t { return size_; }

 private:
  static constexpr size_t kBlock = 1 << 16;
  static constexpr size_t kRecordBlock = 1 << 12;

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

  std::vector<std::unique_ptr<EventRecord[]>> record_blocks_;
  size_t records_used_ = 0;
  std::vector<std::unique_ptr<Value[]>> blocks_;
  size_t used_ = 0;
  size_t size_ = 0;
};

}  // namespace cobro::runtime
