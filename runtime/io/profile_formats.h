#pragma once

// Private to runtime/io. The per-format halves of ProfileReader.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/io/line_reader.h"
#include "runtime/io/profile_reader.h"
#include "runtime/io/record_shape.h"

namespace cobro::runtime::io {

// What both formats share while reading one file.
struct ProfileContext {
  const RecordShape& shape;
  StringPool& strings;
  ValueArena& arena;
  std::unordered_map<std::string, int64_t>& seen_ids;
  const ProfileReader::RecordCallback& on_record;
  const ProfileReader::ErrorCallback& on_error;
  int32_t id_field = -1;  // A profile field named `id`, filled from the id too.
  int32_t zone_field = -1;
  int32_t jurisdiction_field = -1;
  // Reused for every line.
  ProfileRecord record;
  std::vector<uint8_t> given;
  std::string reason;

  // Starts `record` for a line: defaults in, nothing given.
  void Begin(int64_t line);
  // Checks required fields and the id, fills zone and jurisdiction, and
  // delivers the record or the line's error.
  void Finish(std::string_view text);
  void Quarantine(std::string_view text);
};

void ReadProfilesJsonl(ProfileContext& context, LineReader& lines);
auto ReadProfilesCsv(ProfileContext& context, LineReader& lines, std::string_view path) -> std::optional<FileError>;

}  // namespace cobro::runtime::io
