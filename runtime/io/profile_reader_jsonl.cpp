#include "runtime/io/json_value.h"
#include "runtime/io/profile_formats.h"
#include "runtime/io/suggest.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

namespace {

// Reads one line into context.record; false with context.reason set when
// the line cannot be used.
auto ReadLine(ProfileContext& context, ondemand::parser& parser, std::string_view line,
              std::vector<std::string_view>& keys, std::vector<Value>& scratch) -> bool {
  ondemand::document document;
  if (auto error = parser.iterate(line.data(), line.size(), line.size() + kLinePadding).get(document)) {
    context.reason = JsonErrorReason(error);
    return false;
  }
  ondemand::object object;
  if (auto error = document.get_object().get(object)) {
    context.reason = error == simdjson::INCORRECT_TYPE ? "expected a JSON object like {\"id\": \"D-1\", ...}"
                                                       : JsonErrorReason(error);
    return false;
  }
  const RecordShape& shape = context.shape;
  for (auto member_result : object) {
    ondemand::field member;
    std::string_view key;
    if (auto error = std::move(member_result).get(member)) {
      context.reason = JsonErrorReason(error);
      return false;
    }
    if (auto error = member.unescaped_key().get(key)) {
      context.reason = JsonErrorReason(error);
      return false;
    }
    ondemand::value& value = member.value();
    if (key == "id") {
      if (!context.record.id.empty()) {
        context.reason = "key \"id\" given twice";
        return false;
      }
      std::string_view id;
      if (!ReadJsonId(value, id, context.reason)) {
        context.reason = "\"id\": " + context.reason;
        return false;
      }
      context.record.id.assign(id);
      if (context.id_field < 0) continue;
      // A profile field called `id` takes the id as its value.
      Expected<Value> parsed = ParseValue(shape.type(context.id_field), id, context.strings, context.arena);
      if (!parsed) {
        context.reason = shape.FieldError(context.id_field, parsed.error());
        return false;
      }
      context.record.fields[static_cast<size_t>(context.id_field)] = *parsed;
      context.given[static_cast<size_t>(context.id_field)] = 1;
      continue;
    }
    int32_t field = shape.FieldIndex(key);
    if (field < 0) {
      context.reason = "unknown key " + Quoted(key) + " of " + std::string(shape.name) + DidYouMean(key, keys);
      return false;
    }
    if (context.given[static_cast<size_t>(field)] != 0) {
      context.reason = shape.FieldError(field, "given twice");
      return false;
    }
    Value parsed = 0;
    std::string why;
    switch (ReadJsonValue(shape.type(field), value, context.strings, context.arena, parsed, why, scratch)) {
      case JsonRead::Value:
        context.record.fields[static_cast<size_t>(field)] = parsed;
        context.given[static_cast<size_t>(field)] = 1;
        break;
      case JsonRead::Absent: break;
      case JsonRead::Error: context.reason = shape.FieldError(field, why); return false;
    }
  }
  if (HasTrailingContent(document)) {
    context.reason = "malformed JSON: more after the object; put one debtor per line";
    return false;
  }
  return true;
}

}  // namespace

void ReadProfilesJsonl(ProfileContext& context, LineReader& lines) {
  ondemand::parser parser;
  std::vector<std::string_view> keys = context.shape.field_names;
  keys.push_back("id");
  std::vector<Value> scratch;
  std::string_view line;
  while (lines.Next(line)) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    context.Begin(lines.line_number());
    if (ReadLine(context, parser, line, keys, scratch)) {
      context.Finish(line);
    } else {
      context.Quarantine(line);
    }
  }
}

}  // namespace cobro::runtime::io
