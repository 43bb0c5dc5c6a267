// Property: random values printed in their canonical spelling parse back to
// themselves, one at a time and inside CSV and JSONL event files (quoting,
// escaping and chunking included). Fixed seed.

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/io/event_reader.h"
#include "runtime/io/value_text.h"
#include "tests/unit/runtime/io/test_module.h"

namespace cobro::runtime::io {
namespace {

using flowir::Type;

// Bytes strings are made of: CSV and JSON specials, a two-byte character,
// a tab. Never `|` (the set separator) or a line break (a record per line).
constexpr std::string_view kAlphabet[] = {"a", "Z", "0", " ", ",", "\"", "\\", "'", "\xC3\xA9", "\t", "{", "}", "-"};

struct Generator {
  std::mt19937_64 random{20260302};
  StringPool& strings;
  ValueArena& arena;

  auto Between(int64_t low, int64_t high) -> int64_t {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  }
  auto Text(size_t min_length) -> std::string {
    std::string text;
    auto length = static_cast<size_t>(Between(static_cast<int64_t>(min_length), 12));
    for (size_t i = 0; i < length; ++i) text += kAlphabet[Between(0, std::size(kAlphabet) - 1)];
    return text;
  }

  auto Value(Type type) -> runtime::Value {
    switch (type) {
      case Type::Bool: return Between(0, 1);
      case Type::Int:
      case Type::Money: return static_cast<runtime::Value>(random());
      case Type::Float: {
        double value = 0;
        do {
          value = ToDouble(static_cast<runtime::Value>(random()));
        } while (!std::isfinite(value));
        return FromDouble(Between(0, 3) == 0 ? static_cast<double>(Between(-1000, 1000)) / 8 : value);
      }
      case Type::Duration: return Between(-INT64_MAX, INT64_MAX) / (Between(0, 1) == 0 ? 1 : 1'000'000'000);
      case Type::Time: return Between(0, 86'400);
      case Type::Date: return Between(-719'528, 2'932'896);  // 0000-01-01 to 9999-12-31.
      case Type::DateTime: return Between(-62'167'219'200'000, 253'402'300'799'999);
      case Type::Timezone: {
        constexpr std::string_view kZones[] = {"America/Bogota", "America/New_York", "Europe/Madrid", "UTC",
                                               "Asia/Kolkata"};
        return arena.FindZone(strings, kZones[Between(0, 4)]).handle;
      }
      case Type::String: return arena.Intern(strings, Text(0));
      case Type::Channel: return Between(0, kChannelCount - 1);
      case Type::ChannelSet: return Between(0, kAllChannels);
      case Type::StringSet:
      case Type::IntSet: {
        std::vector<runtime::Value> elements;
        for (int64_t i = Between(0, 4); i > 0; --i) {
          elements.push_back(type == Type::IntSet ? static_cast<runtime::Value>(random())
                                                  : arena.Intern(strings, Text(1)));
        }
        return arena.Set(elements);
      }
      default: return 0;
    }
  }
};

constexpr Type kTypes[] = {Type::Bool,     Type::Int,    Type::Float,   Type::Money,     Type::Duration,
                           Type::Time,     Type::Date,   Type::DateTime, Type::Timezone, Type::String,
                           Type::Channel,  Type::ChannelSet, Type::StringSet, Type::IntSet};

TEST_CASE("io: round trip: every type's canonical spelling parses back") {
  flowir::Module module = testing::TestModule();
  StringPool strings(module);
  ValueArena arena;
  Generator generator{{}, strings, arena};
  for (int i = 0; i < 2000; ++i) {
    for (Type type : kTypes) {
      Value value = generator.Value(type);
      std::string text = FormatValue(type, value, strings);
      INFO(flowir::TypeName(type) << " " << text);
      Expected<Value> parsed = ParseValue(type, text, strings, arena);
      REQUIRE(parsed.error() == "");
      REQUIRE(*parsed == value);
    }
  }
}

auto CsvQuoted(std::string_view text) -> std::string {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

auto JsonString(std::string_view text) -> std::string {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

TEST_CASE("io: round trip: random probe events through CSV and JSONL files") {
  flowir::Module module = testing::TestModule();
  StringPool strings(module);
  ValueArena arena;
  Generator generator{{}, strings, arena};
  const flowir::Event& probe = module.events[testing::kProbe];
  std::vector<std::vector<Value>> expected;
  std::vector<std::string> debtors;
  std::vector<int64_t> times;
  std::string csv = "debtor,at,event";
  for (const flowir::Field& field : probe.fields) csv += "," + field.name;
  csv += "\r\n";
  std::string jsonl;
  for (int i = 0; i < 500; ++i) {
    debtors.push_back(generator.Text(1));
    times.push_back(generator.Value(Type::DateTime));
    std::vector<Value>& values = expected.emplace_back();
    std::string at = FormatValue(Type::DateTime, times.back(), strings);
    csv += CsvQuoted(debtors.back()) + "," + at + ",probe";
    jsonl += "{\"debtor\": " + JsonString(debtors.back()) + ", \"at\": \"" + at + "\", \"event\": \"probe\", \"fields\": {";
    for (size_t f = 0; f < probe.fields.size(); ++f) {
      values.push_back(generator.Value(probe.fields[f].type));
      std::string text = FormatValue(probe.fields[f].type, values.back(), strings);
      // Empty text would read as an absent field; the zero value stands in.
      if (text.empty()) values.back() = ZeroValue(probe.fields[f].type, strings, arena);
      if (text.empty() && probe.fields[f].has_default) values.back() = probe.fields[f].default_bits;
      csv += "," + (text.empty() ? std::string() : CsvQuoted(text));
      jsonl += (f > 0 ? ", " : "") + JsonString(probe.fields[f].name) + ": " +
               (text.empty() ? std::string("null") : JsonString(text));
    }
    csv += "\r\n";
    jsonl += "}}\n";
  }
  for (Format format : {Format::Csv, Format::Jsonl}) {
    for (size_t chunk : {size_t{61}, size_t{1} << 20}) {
      INFO((format == Format::Csv ? "csv" : "jsonl") << " chunk " << chunk);
      EventReader reader(module, strings, arena);
      REQUIRE_FALSE(reader.Open("random", Input::Memory(format == Format::Csv ? csv : jsonl), format,
                                ReaderOptions{chunk}));
      EventInput event;
      LineError error;
      for (size_t i = 0; i < expected.size(); ++i) {
        EventReader::Status status = reader.Next(event, error);
        INFO("event " << i << ": " << error.reason << " | " << error.text);
        REQUIRE(status == EventReader::Status::Event);
        CHECK(event.debtor == debtors[i]);
        CHECK(event.at == times[i]);
        CHECK(event.type == testing::kProbe);
        REQUIRE(event.fields == expected[i]);
      }
      CHECK(reader.Next(event, error) == EventReader::Status::End);
    }
  }
}

}  // namespace
}  // namespace cobro::runtime::io
