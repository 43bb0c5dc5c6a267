#include "runtime/io/value_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "compiler/base/channel.h"
#include "compiler/base/check.h"
#include "compiler/base/civil_time.h"
#include "runtime/io/suggest.h"
#include "runtime/io/time_text.h"

namespace cobro::runtime::io {

namespace {

using flowir::Type;

auto Mismatch(Type type, std::string_view text) -> Expected<Value> {
  return Expected<Value>::Error("expected " + std::string(ExpectedSpelling(type)) + ", got " + Quoted(text));
}

auto ParseInt(std::string_view text) -> Expected<Value> {
  bool negative = !text.empty() && text.front() == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty()) return Mismatch(Type::Int, text);
  uint64_t magnitude = 0;
  // INT64_MIN's magnitude is one more than INT64_MAX's.
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : digits) {
    if (c < '0' || c > '9') return Mismatch(Type::Int, text);
    auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) {
      return Expected<Value>::Error("int " + Quoted(text) + " is out of range");
    }
    magnitude = magnitude * 10 + digit;
  }
  return negative ? static_cast<Value>(0 - magnitude) : static_cast<Value>(magnitude);
}

// Money in units of 1/kMoneyScale, straight from the digits: never through
// a double, so "0.1" is exactly 1000 units. Digits past the fourth decimal
// place must be zeros: anything else would need rounding, which is an error.
auto ParseMoney(std::string_view text) -> Expected<Value> {
  bool negative = !text.empty() && text.front() == '-';
  std::string_view rest = negative ? text.substr(1) : text;
  size_t point = rest.find('.');
  std::string_view whole = rest.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  auto all_digits = [](std::string_view digits) {
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || (point != std::string_view::npos && fraction.empty()) ||
      !all_digits(fraction)) {
    if (rest.find_first_of("eE") != std::string_view::npos && rest.find_first_not_of("0123456789.eE+-") ==
                                                                   std::string_view::npos) {
      return Expected<Value>::Error("money " + Quoted(text) + " has an exponent; write the digits out, like \"1000\"");
    }
    return Mismatch(Type::Money, text);
  }
  constexpr size_t kPlaces = 4;
  if (fraction.size() > kPlaces) {
    if (fraction.find_first_not_of('0', kPlaces) != std::string_view::npos) {
      return Expected<Value>::Error("money " + Quoted(text) + " has more than 4 decimal places");
    }
    fraction = fraction.substr(0, kPlaces);
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t units = 0;
  auto append = [&](char c) {
    auto digit = static_cast<uint64_t>(c - '0');
    if (units > (limit - digit) / 10) return false;
    units = units * 10 + digit;
    return true;
  };
  bool fits = true;
  for (char c : whole) fits = fits && append(c);
  for (size_t i = 0; i < kPlaces; ++i) fits = fits && append(i < fraction.size() ? fraction[i] : '0');
  if (!fits) return Expected<Value>::Error("money " + Quoted(text) + " is out of range");
  return negative ? static_cast<Value>(0 - units) : static_cast<Value>(units);
}

auto ParseFloat(std::string_view text) -> Expected<Value> {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value)) {
    return Mismatch(Type::Float, text);
  }
  return FromDouble(value);
}

auto ZoneNames() -> const std::vector<std::string_view>& {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> result;
    const date::tzdb& database = date::get_tzdb();
    // Over the OS database (USE_OS_TZDB) links such as `US/Eastern` are zones too.
    for (const date::time_zone& zone : database.zones) result.push_back(zone.name());
    return result;
  }();
  return names;
}

auto ChannelNames() -> std::array<std::string_view, kChannelCount> {
  std::array<std::string_view, kChannelCount> names;
  for (int i = 0; i < kChannelCount; ++i) names[i] = ChannelName(static_cast<Channel>(i));
  return names;
}

auto ParseTimezone(std::string_view text, StringPool& strings, ValueArena& arena) -> Expected<Value> {
  ValueArena::Zone zone = arena.FindZone(strings, text);
  if (zone.zone != nullptr) return zone.handle;
  std::string hint;
  // The tz database may be missing altogether; a hint is not worth failing for.
  try {
    hint = DidYouMean(text, ZoneNames());
  } catch (const std::exception&) {
  }
  return Expected<Value>::Error("unknown time zone " + Quoted(text) + hint);
}

auto ParseChannel(std::string_view text) -> Expected<Value> {
  if (auto channel = ChannelByName(text)) return static_cast<Value>(*channel);
  if (ChannelMaskByName(text)) return Expected<Value>::Error("expected one channel, got the group " + Quoted(text));
  auto names = ChannelNames();
  return Expected<Value>::Error("unknown channel " + Quoted(text) + DidYouMean(text, names));
}

// `email|sms`, `1|2|3`: elements split on `|`; the empty text is the empty set.
auto ParseSet(Type type, std::string_view text, StringPool& strings, ValueArena& arena) -> Expected<Value> {
  ChannelMask mask = 0;
  std::vector<Value> elements;
  while (!text.empty()) {
    size_t bar = text.find('|');
    std::string_view element = text.substr(0, bar);
    text = bar == std::string_view::npos ? std::string_view() : text.substr(bar + 1);
    if (element.empty() || (bar != std::string_view::npos && text.empty())) {
      return Expected<Value>::Error("empty element in set; separate elements with a single `|`");
    }
    if (type == Type::ChannelSet) {
      auto members = ChannelMaskByName(element);
      if (!members) {
        auto names = ChannelAndGroupNames();
        return Expected<Value>::Error("unknown channel " + Quoted(element) + DidYouMean(element, names));
      }
      mask |= *members;
    } else if (type == Type::IntSet) {
      Expected<Value> parsed = ParseInt(element);
      if (!parsed) return Expected<Value>::Error("set element: " + parsed.error());
      elements.push_back(*parsed);
    } else {
      elements.push_back(arena.Intern(strings, element));
    }
  }
  if (type == Type::ChannelSet) return static_cast<Value>(mask);
  return arena.Set(elements);
}

auto FormatMoney(Value units) -> std::string {
  uint64_t magnitude = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  auto scale = static_cast<uint64_t>(flowir::kMoneyScale);
  std::string text = (units < 0 ? "-" : "") + std::to_string(magnitude / scale);
  // At least two places, as amounts are written (`120.00`), more only when
  // they are not zeros (`0.0125`).
  std::string digits = fmt::format("{:04}", magnitude % scale);
  while (digits.size() > 2 && digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

}  // namespace

auto ParseValue(Type type, std::string_view text, StringPool& strings, ValueArena& arena) -> Expected<Value> {
  switch (type) {
    case Type::Bool:
      if (text == "true") return Value{1};
      if (text == "false") return Value{0};
      return Mismatch(type, text);
    case Type::Int: return ParseInt(text);
    case Type::Float: return ParseFloat(text);
    case Type::Money: return ParseMoney(text);
    case Type::Duration: {
      bool negative = !text.empty() && text.front() == '-';
      auto duration = Duration::Parse(negative ? text.substr(1) : text);
      if (!duration) return Mismatch(type, text);
      return negative ? -duration->milliseconds : duration->milliseconds;
    }
    case Type::Time: {
      auto time = TimeOfDay::Parse(text);
      if (!time) return Mismatch(type, text);
      return Value{time->seconds};
    }
    case Type::Date: {
      auto date = CivilDate::Parse(text);
      if (!date) return Mismatch(type, text);
      return Value{date->days};
    }
    case Type::DateTime: {
      Expected<int64_t> instant = ParseDateTime(text);
      if (!instant) return Expected<Value>::Error(instant.error());
      return *instant;
    }
    case Type::Timezone: return ParseTimezone(text, strings, arena);
    case Type::String: return arena.Intern(strings, text);
    case Type::Channel: return ParseChannel(text);
    case Type::ChannelSet:
    case Type::StringSet:
    case Type::IntSet: return ParseSet(type, text, strings, arena);
    case Type::Void:
    case Type::Profile:
    case Type::Event: break;
  }
  return Expected<Value>::Error(std::string("a ") + flowir::TypeName(type) + " cannot be read from input");
}

auto ZeroValue(Type type, StringPool& strings, ValueArena& arena) -> Value {
  switch (type) {
    case Type::String: return arena.Intern(strings, "");
    case Type::Timezone: return arena.FindZone(strings, "UTC").handle;
    default: return 0;
  }
}

auto FormatValue(Type type, Value value, const StringPool& strings) -> std::string {
  switch (type) {
    case Type::Bool: return value != 0 ? "true" : "false";
    case Type::Int: return std::to_string(value);
    case Type::Float: return fmt::format("{}", ToDouble(value));
    case Type::Money: return FormatMoney(value);
    case Type::Duration:
      return value < 0 ? "-" + Duration{-value}.ToString() : Duration{value}.ToString();
    case Type::Time: return TimeOfDay{static_cast<int32_t>(value)}.ToString();
    case Type::Date: return CivilDate{static_cast<int32_t>(value)}.ToString();
    case Type::DateTime: return FormatDateTime(value);
    case Type::Timezone:
    case Type::String: return std::string(strings.Get(value));
    case Type::Channel: return std::string(ChannelName(static_cast<Channel>(value)));
    case Type::ChannelSet: {
      std::string text;
      for (int i = 0; i < kChannelCount; ++i) {
        if ((value & MaskOf(static_cast<Channel>(i))) == 0) continue;
        if (!text.empty()) text += '|';
        text += ChannelName(static_cast<Channel>(i));
      }
      return text;
    }
    case Type::StringSet:
    case Type::IntSet: {
      std::string text;
      const auto* set = reinterpret_cast<const ValueSet*>(static_cast<intptr_t>(value));
      if (set == nullptr) return text;
      for (Value element : set->values) {
        if (!text.empty()) text += '|';
        text += type == Type::IntSet ? std::to_string(element) : std::string(strings.Get(element));
      }
      return text;
    }
    case Type::Void:
    case Type::Profile:
    case Type::Event: break;
  }
  return "";
}

auto ExpectedSpelling(Type type) -> std::string_view {
  switch (type) {
    case Type::Bool: return "true or false";
    case Type::Int: return "an int like \"42\"";
    case Type::Float: return "a number like \"0.25\"";
    case Type::Money: return "money like \"120.50\"";
    case Type::Duration: return "a duration like \"3d\" or \"1h30m\"";
    case Type::Time: return "a time of day like \"09:30\"";
    case Type::Date: return "a date like \"2026-03-02\"";
    case Type::DateTime: return "a date-time like \"2026-03-02T10:00:00-03:00\" or epoch seconds";
    case Type::Timezone: return "a time zone like \"America/Bogota\"";
    case Type::String: return "a string";
    case Type::Channel: return "a channel like \"email\"";
    case Type::ChannelSet: return "channels like [\"email\", \"sms\"] or \"email|sms\"";
    case Type::StringSet: return "strings like [\"a\", \"b\"] or \"a|b\"";
    case Type::IntSet: return "ints like [1, 2] or \"1|2\"";
    case Type::Void:
    case Type::Profile:
    case Type::Event: break;
  }
  return "a value";
}

}  // namespace cobro::runtime::io
