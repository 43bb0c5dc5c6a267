#include "runtime/io/json_value.h"

#include "runtime/io/line_reader.h"
#include "runtime/io/suggest.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "lines must carry the padding simdjson reads past their end");

namespace {

using flowir::Type;

auto TrimmedToken(ondemand::value& value) -> std::string_view {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r' ||
                            token.back() == '\n')) {
    token.remove_suffix(1);
  }
  return token;
}

auto Mismatch(Type type, std::string_view got, std::string& reason) -> JsonRead {
  reason = "expected " + std::string(ExpectedSpelling(type)) + ", got " + std::string(got);
  return JsonRead::Error;
}

auto Parsed(Expected<Value> parsed, Value& out, std::string& reason) -> JsonRead {
  if (!parsed) {
    reason = parsed.error();
    return JsonRead::Error;
  }
  out = *parsed;
  return JsonRead::Value;
}

auto ReadSet(Type type, ondemand::value& value, StringPool& strings, ValueArena& arena, Value& out,
             std::string& reason, std::vector<Value>& elements) -> JsonRead {
  ondemand::array array;
  if (auto error = value.get_array().get(array)) {
    reason = JsonErrorReason(error);
    return JsonRead::Error;
  }
  elements.clear();
  Value mask = 0;
  for (auto element_result : array) {
    ondemand::value element;
    if (auto error = std::move(element_result).get(element)) {
      reason = JsonErrorReason(error);
      return JsonRead::Error;
    }
    ondemand::json_type kind;
    if (auto error = element.type().get(kind)) {
      reason = JsonErrorReason(error);
      return JsonRead::Error;
    }
    std::string_view text;
    if (kind == ondemand::json_type::string) {
      if (auto error = element.get_string().get(text)) {
        reason = JsonErrorReason(error);
        return JsonRead::Error;
      }
    } else if (kind == ondemand::json_type::number && type == Type::IntSet) {
      text = TrimmedToken(element);
    } else {
      reason = "set element: expected " +
               std::string(type == Type::IntSet ? "an int" : "a string") + ", got " + JsonKindOf(element);
      return JsonRead::Error;
    }
    if (type == Type::StringSet) {
      elements.push_back(arena.Intern(strings, text));
      continue;
    }
    // Channel elements may be group names too (`call`), as in CSV.
    Expected<Value> parsed = ParseValue(type == Type::IntSet ? Type::Int : Type::ChannelSet, text, strings, arena);
    if (!parsed) {
      reason = type == Type::IntSet ? "set element: " + parsed.error() : parsed.error();
      return JsonRead::Error;
    }
    if (type == Type::IntSet) {
      elements.push_back(*parsed);
    } else {
      mask |= *parsed;
    }
  }
  out = type == Type::ChannelSet ? mask : arena.Set(elements);
  return JsonRead::Value;
}

}  // namespace

auto ReadJsonValue(Type type, ondemand::value& value, StringPool& strings, ValueArena& arena, Value& out,
                   std::string& reason, std::vector<Value>& scratch) -> JsonRead {
  ondemand::json_type kind;
  if (auto error = value.type().get(kind)) {
    reason = JsonErrorReason(error);
    return JsonRead::Error;
  }
  switch (kind) {
    case ondemand::json_type::null:
      if (!value.is_null()) {
        reason = JsonErrorReason(simdjson::N_ATOM_ERROR);
        return JsonRead::Error;
      }
      return JsonRead::Absent;
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) {
        reason = JsonErrorReason(error);
        return JsonRead::Error;
      }
      return Parsed(ParseValue(type, text, strings, arena), out, reason);
    }
    case ondemand::json_type::number: {
      std::string_view token = TrimmedToken(value);
      if (type != Type::Int && type != Type::Float && type != Type::Money && type != Type::DateTime) {
        return Mismatch(type, token, reason);
      }
      return Parsed(ParseValue(type, token, strings, arena), out, reason);
    }
    case ondemand::json_type::boolean: {
      bool truth = false;
      if (auto error = value.get_bool().get(truth)) {
        // simdjson calls `tru` a type error; it is a malformed literal.
        bool looks_true = value.raw_json_token().starts_with('t');
        reason = JsonErrorReason(error != simdjson::INCORRECT_TYPE ? error
                                 : looks_true                      ? simdjson::T_ATOM_ERROR
                                                                   : simdjson::F_ATOM_ERROR);
        return JsonRead::Error;
      }
      if (type != Type::Bool) return Mismatch(type, truth ? "true" : "false", reason);
      out = truth ? 1 : 0;
      return JsonRead::Value;
    }
    case ondemand::json_type::array:
      if (type != Type::ChannelSet && type != Type::StringSet && type != Type::IntSet) {
        return Mismatch(type, "an array", reason);
      }
      return ReadSet(type, value, strings, arena, out, reason, scratch);
    case ondemand::json_type::object: return Mismatch(type, "an object", reason);
  }
  reason = JsonErrorReason(simdjson::INCORRECT_TYPE);
  return JsonRead::Error;
}

auto ReadJsonId(ondemand::value& value, std::string_view& out, std::string& reason) -> bool {
  ondemand::json_type kind;
  if (auto error = value.type().get(kind)) {
    reason = JsonErrorReason(error);
    return false;
  }
  if (kind == ondemand::json_type::string) {
    if (auto error = value.get_string().get(out)) {
      reason = JsonErrorReason(error);
      return false;
    }
    if (out.empty()) {
      reason = "is empty";
      return false;
    }
    return true;
  }
  if (kind == ondemand::json_type::number) {
    std::string_view token = TrimmedToken(value);
    if (!token.empty() && token.find_first_not_of("0123456789") == std::string_view::npos) {
      out = token;
      return true;
    }
    reason = "expected a string or a whole number, got " + std::string(token);
    return false;
  }
  reason = "expected a string or a whole number, got " + JsonKindOf(value);
  return false;
}

auto JsonErrorReason(simdjson::error_code error) -> std::string {
  std::string_view what;
  switch (error) {
    case simdjson::UNCLOSED_STRING: what = "unterminated string"; break;
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: what = "unclosed object or array"; break;
    case simdjson::TAPE_ERROR: what = "unexpected character or missing comma, colon or brace"; break;
    case simdjson::UTF8_ERROR: what = "invalid UTF-8"; break;
    case simdjson::UNESCAPED_CHARS: what = "unescaped control character in a string"; break;
    case simdjson::STRING_ERROR: what = "bad escape in a string"; break;
    case simdjson::NUMBER_ERROR: what = "malformed number"; break;
    case simdjson::T_ATOM_ERROR: what = "malformed `true`"; break;
    case simdjson::F_ATOM_ERROR: what = "malformed `false`"; break;
    case simdjson::N_ATOM_ERROR: what = "malformed `null`"; break;
    case simdjson::EMPTY: what = "empty document"; break;
    case simdjson::DEPTH_ERROR: what = "nested too deeply"; break;
    case simdjson::INCORRECT_TYPE: what = "unexpected kind of value"; break;
    default: return "malformed JSON: " + std::string(simdjson::error_message(error));
  }
  return "malformed JSON: " + std::string(what);
}

auto HasTrailingContent(ondemand::document& document) -> bool {
  // current_location() fails once the iterator is past the last token.
  const char* location = nullptr;
  return document.current_location().get(location) == simdjson::SUCCESS;
}

auto JsonKindOf(ondemand::value& value) -> std::string {
  ondemand::json_type kind;
  if (value.type().get(kind)) return "malformed JSON";
  switch (kind) {
    case ondemand::json_type::array: return "an array";
    case ondemand::json_type::object: return "an object";
    case ondemand::json_type::null: return "null";
    case ondemand::json_type::number:
    case ondemand::json_type::string:
    case ondemand::json_type::boolean: return std::string(TrimmedToken(value));
  }
  return "a value";
}

}  // namespace cobro::runtime::io
