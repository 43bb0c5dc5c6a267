#include "runtime/io/event_parsers.h"
#include "runtime/io/json_value.h"
#include "runtime/io/line_reader.h"
#include "runtime/io/reject.h"
#include "runtime/io/suggest.h"
#include "runtime/io/time_text.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

struct JsonlEventParser::State {
  State(const EventCatalog& catalog, StringPool& strings, ValueArena& arena)
      : catalog(catalog), strings(strings), arena(arena) {}

  const EventCatalog& catalog;
  StringPool& strings;
  ValueArena& arena;
  ondemand::parser parser;
  // The debtor is copied out of the parser's string buffer, which a rewind
  // (for `fields` before `event`) would overwrite.
  std::string debtor;
  std::vector<uint8_t> given;
  std::vector<Value> scratch;

  auto ReadFields(ondemand::value& value, int32_t type, EventInput& event, std::string& reason) -> bool;
};

namespace {

auto Fail(std::string& reason, simdjson::error_code error) -> bool {
  reason = JsonErrorReason(error);
  return false;
}

}  // namespace

JsonlEventParser::JsonlEventParser(const EventCatalog& catalog, StringPool& strings, ValueArena& arena)
    : state_(std::make_unique<State>(catalog, strings, arena)) {}

JsonlEventParser::~JsonlEventParser() = default;

auto JsonlEventParser::Parse(std::string_view line, EventInput& event, std::string& reason) -> bool {
  State& state = *state_;
  ondemand::document document;
  if (auto error = state.parser.iterate(line.data(), line.size(), line.size() + kLinePadding).get(document)) {
    return Fail(reason, error);
  }
  ondemand::object object;
  if (auto error = document.get_object().get(object)) {
    if (error != simdjson::INCORRECT_TYPE) return Fail(reason, error);
    reason = "expected a JSON object like {\"debtor\": ..., \"at\": ..., \"event\": ...}";
    return false;
  }
  bool has_debtor = false, has_at = false, has_fields = false, fields_read = false;
  event.type = -1;
  for (auto member_result : object) {
    ondemand::field member;
    if (auto error = std::move(member_result).get(member)) return Fail(reason, error);
    std::string_view key;
    if (auto error = member.unescaped_key().get(key)) return Fail(reason, error);
    ondemand::value& value = member.value();
    if (key == "debtor") {
      if (has_debtor) return Reject(reason, "key \"debtor\" given twice");
      has_debtor = true;
      std::string_view debtor;
      if (!ReadJsonId(value, debtor, reason)) return Reject(reason, "\"debtor\": " + reason);
      state.debtor.assign(debtor);
    } else if (key == "at") {
      if (has_at) return Reject(reason, "key \"at\" given twice");
      has_at = true;
      Value at = 0;
      std::string why;
      if (ReadJsonValue(flowir::Type::DateTime, value, state.strings, state.arena, at, why, state.scratch) !=
          JsonRead::Value) {
        reason = "\"at\": " + (why.empty() ? std::string("is null") : why);
        return false;
      }
      event.at = at;
    } else if (key == "event") {
      if (event.type >= 0) return Reject(reason, "key \"event\" given twice");
      std::string_view name;
      if (auto error = value.get_string().get(name)) {
        if (error != simdjson::INCORRECT_TYPE) return Fail(reason, error);
        reason = "\"event\": expected an event name like \"payment\", got " + JsonKindOf(value);
        return false;
      }
      event.type = state.catalog.Find(name);
      if (event.type < 0) return Reject(reason, state.catalog.UnknownEvent(name));
    } else if (key == "fields") {
      if (has_fields) return Reject(reason, "key \"fields\" given twice");
      has_fields = true;
      // Usually `event` comes first; otherwise the document is rewound below.
      if (event.type >= 0) {
        if (!state.ReadFields(value, event.type, event, reason)) return false;
        fields_read = true;
      }
    } else {
      reason = "unknown key " + Quoted(key) + "; an event line has \"debtor\", \"at\", \"event\" and \"fields\"";
      return false;
    }
  }
  if (HasTrailingContent(document)) {
    reason = "malformed JSON: more after the object; put one event per line";
    return false;
  }
  if (!has_debtor) return Reject(reason, "missing \"debtor\"");
  if (!has_at) return Reject(reason, "missing \"at\"");
  if (event.type < 0) return Reject(reason, "missing \"event\"");
  if (has_fields && !fields_read) {
    document.rewind();
    ondemand::value fields;
    if (auto error = document.find_field_unordered("fields").get(fields)) return Fail(reason, error);
    if (!state.ReadFields(fields, event.type, event, reason)) return false;
  } else if (!has_fields) {
    const RecordShape& shape = state.catalog.shape(event.type);
    event.fields.assign(shape.initial.begin(), shape.initial.end());
    state.given.assign(shape.initial.size(), 0);
    if (!CheckKeys(shape, state.given, reason)) return false;
  }
  event.debtor = state.debtor;
  return true;
}

auto JsonlEventParser::State::ReadFields(ondemand::value& value, int32_t type, EventInput& event,
                                         std::string& reason) -> bool {
  const RecordShape& shape = catalog.shape(type);
  event.fields.assign(shape.initial.begin(), shape.initial.end());
  given.assign(shape.initial.size(), 0);
  ondemand::object object;
  if (auto error = value.get_object().get(object)) {
    if (error != simdjson::INCORRECT_TYPE) return Fail(reason, error);
    if (value.is_null()) return CheckKeys(shape, given, reason);
    reason = "\"fields\": expected an object like {\"amount\": \"120.50\"}, got " + JsonKindOf(value);
    return false;
  }
  for (auto member_result : object) {
    ondemand::field member;
    if (auto error = std::move(member_result).get(member)) return Fail(reason, error);
    std::string_view key;
    if (auto error = member.unescaped_key().get(key)) return Fail(reason, error);
    int32_t field = shape.FieldIndex(key);
    if (field < 0) return Reject(reason, shape.UnknownField(key));
    if (given[static_cast<size_t>(field)] != 0) return Reject(reason, shape.FieldError(field, "given twice"));
    Value parsed = 0;
    std::string why;
    switch (ReadJsonValue(shape.type(field), member.value(), strings, arena, parsed, why, scratch)) {
      case JsonRead::Value:
        event.fields[static_cast<size_t>(field)] = parsed;
        given[static_cast<size_t>(field)] = 1;
        break;
      case JsonRead::Absent: break;
      case JsonRead::Error: reason = shape.FieldError(field, why); return false;
    }
  }
  return CheckKeys(shape, given, reason);
}

auto CheckKeys(const RecordShape& shape, const std::vector<uint8_t>& given, std::string& reason) -> bool {
  for (int32_t key = 0; key < shape.key_count; ++key) {
    if (given[static_cast<size_t>(key)] == 0) {
      reason = "missing key field " + Quoted(shape.field_names[static_cast<size_t>(key)]) + " of " +
               std::string(shape.name);
      return false;
    }
  }
  return true;
}

}  // namespace cobro::runtime::io
