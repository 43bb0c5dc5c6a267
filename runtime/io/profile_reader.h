#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/abi/value.h"
#include "runtime/io/input.h"
#include "runtime/io/value_arena.h"

namespace cobro::runtime::io {

// One debtor read from a profile file.
struct ProfileRecord {
  int64_t line = 0;
  std::string id;
  // In flowir::Profile::fields order; defaults filled in.
  std::vector<Value> fields;
  // The date::time_zone of the first timezone-typed field; null when the
  // profile has none (the engine then uses UTC).
  const void* zone = nullptr;
  // The value of a string field named `jurisdiction` ("US-MA"), else empty.
  std::string jurisdiction;
};

// Reads the debtors of one profile type. The id is the `id` column (CSV) or
// key (JSONL); every other column or key is a profile field by name. A field
// without a default must be present; unknown columns stop the file, unknown
// keys quarantine the line; a repeated id quarantines the later line.
class ProfileReader {
 public:
  using RecordCallback = std::function<void(const ProfileRecord&)>;
  using ErrorCallback = std::function<void(const LineError&)>;

  // Keeps references to the profile, `strings` and `arena`;
  // `profile_index` indexes module.profiles.
  ProfileReader(const flowir::Module& module, int32_t profile_index, StringPool& strings, ValueArena& arena);

  // Reads all of `input`, calling `on_record` for each debtor and `on_error`
  // for each line that cannot be used, in line order. Returns the error that
  // stopped the file, if any (records before it have been delivered).
  // Ids are remembered across calls, so several files make one population.
  auto Read(std::string_view path_for_messages, Input input, Format format, const RecordCallback& on_record,
            const ErrorCallback& on_error, ReaderOptions options = {}) -> std::optional<FileError>;

 private:
  const flowir::Profile& profile_;
  StringPool& strings_;
  ValueArena& arena_;
  // Each id read so far and its line, for duplicate reports.
  std::unordered_map<std::string, int64_t> seen_ids_;
};

}  // namespace cobro::runtime::io
