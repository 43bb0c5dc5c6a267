#include "runtime/io/profile_reader.h"

#include "runtime/io/profile_formats.h"
#include "runtime/io/suggest.h"

namespace cobro::runtime::io {

ProfileReader::ProfileReader(const flowir::Module& module, int32_t profile_index, StringPool& strings,
                             ValueArena& arena)
    : profile_(module.profiles[static_cast<size_t>(profile_index)]), strings_(strings),
      arena_(arena) {}

auto ProfileReader::Read(std::string_view path_for_messages, Input input, Format format,
                         const RecordCallback& on_record, const ErrorCallback& on_error, ReaderOptions options)
    -> std::optional<FileError> {
  RecordShape shape(profile_.name, profile_.fields, 0, strings_, arena_);
  ProfileContext context{shape, strings_, arena_, seen_ids_, on_record, on_error, -1, -1, -1, {}, {}, {}};
  context.id_field = shape.FieldIndex("id");
  for (size_t i = 0; i < profile_.fields.size(); ++i) {
    const flowir::Field& field = profile_.fields[i];
    if (field.type == flowir::Type::Timezone && context.zone_field < 0) context.zone_field = static_cast<int32_t>(i);
    if (field.type == flowir::Type::String && field.name == "jurisdiction") {
      context.jurisdiction_field = static_cast<int32_t>(i);
    }
  }
  LineReader lines(input, options.chunk_bytes);
  std::optional<FileError> error;
  if (format == Format::Csv) {
    error = ReadProfilesCsv(context, lines, path_for_messages);
  } else {
    ReadProfilesJsonl(context, lines);
  }
  if (!error && lines.failed()) error = FileError{std::string(path_for_messages) + ": read error"};
  return error;
}

void ProfileContext::Begin(int64_t line) {
  record.line = line;
  record.id.clear();
  record.fields.assign(shape.initial.begin(), shape.initial.end());
  record.zone = nullptr;
  record.jurisdiction.clear();
  given.assign(shape.initial.size(), 0);
  reason.clear();
}

void ProfileContext::Finish(std::string_view text) {
  if (record.id.empty()) {
    reason = "missing \"id\"";
    return Quarantine(text);
  }
  for (size_t i = 0; i < given.size(); ++i) {
    if (given[i] == 0 && !shape.has_default[i]) {
      reason = "missing field " + Quoted(shape.field_names[i]) + " of " + std::string(shape.name);
      return Quarantine(text);
    }
  }
  auto [seen, inserted] = seen_ids.emplace(record.id, record.line);
  if (!inserted) {
    reason = "duplicate id " + Quoted(record.id) + " (first on line " + std::to_string(seen->second) + ")";
    return Quarantine(text);
  }
  if (zone_field >= 0) {
    Value handle = record.fields[static_cast<size_t>(zone_field)];
    record.zone = arena.ZoneOf(handle);
    // A default zone is a module string the arena has not looked up yet.
    if (record.zone == nullptr) record.zone = arena.FindZone(strings, strings.Get(handle)).zone;
  }
  if (jurisdiction_field >= 0) record.jurisdiction = strings.Get(record.fields[static_cast<size_t>(jurisdiction_field)]);
  on_record(record);
}

void ProfileContext::Quarantine(std::string_view text) {
  on_error(LineError{record.line, std::move(reason), std::string(text)});
}

}  // namespace cobro::runtime::io
