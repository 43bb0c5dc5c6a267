// Profile files (runtime/io/profile_reader.h): debtors in JSONL and CSV,
// defaults, zones and jurisdictions, and every error word for word.

#include "runtime/io/profile_reader.h"

#include <string>
#include <vector>

#include <date/tz.h>

#include <catch2/catch.hpp>

#include "runtime/io/value_text.h"
#include "tests/unit/runtime/io/test_module.h"

namespace cobro::runtime::io {
namespace {

using Lines = std::vector<std::string>;

struct Fixture {
  flowir::Module module = testing::TestModule();
  StringPool strings{module};
  ValueArena arena;
  ProfileReader reader{module, 0, strings, arena};
  std::vector<ProfileRecord> records;

  // `2: D-1 balance=100.00 dpd=5 tz=America/Bogota optin=email active=true [CO]`,
  // `3: error: <reason> | <raw line>`, `file: <message>`.
  auto Read(std::string_view text, Format format) -> Lines {
    Lines out;
    auto on_record = [&](const ProfileRecord& record) {
      std::string line = std::to_string(record.line) + ": " + record.id;
      const flowir::Profile& profile = module.profiles[0];
      for (size_t i = 0; i < profile.fields.size(); ++i) {
        if (profile.fields[i].name == "jurisdiction") continue;
        line += " " + profile.fields[i].name + "=" + FormatValue(profile.fields[i].type, record.fields[i], strings);
      }
      out.push_back(line + " [" + record.jurisdiction + "]");
      records.push_back(record);
    };
    auto on_error = [&](const LineError& error) {
      out.push_back(std::to_string(error.line) + ": error: " + error.reason + " | " + error.text);
    };
    if (auto error = reader.Read("debtors", Input::Memory(text), format, on_record, on_error)) {
      out.push_back("file: " + error->message);
    }
    return out;
  }
};

TEST_CASE_METHOD(Fixture, "io: jsonl profiles: fields, defaults, zone and jurisdiction") {
  CHECK(Read(R"({"id": "D-1", "balance": "100.00", "dpd": 5}
{"id": "D-2", "balance": 20.5, "dpd": 0, "tz": "America/New_York", "optin": ["email", "sms"], "jurisdiction": "US-MA", "active": false}

{"dpd": 1, "balance": "1", "id": 77})",
             Format::Jsonl) ==
        Lines{"1: D-1 balance=100.00 dpd=5 tz=America/Bogota optin= active=true [CO]",
              "2: D-2 balance=20.50 dpd=0 tz=America/New_York optin=email|sms active=false [US-MA]",
              "4: 77 balance=1.00 dpd=1 tz=America/Bogota optin= active=true [CO]"});
  REQUIRE(records.size() == 3);
  // The default zone is a module string, looked up all the same.
  CHECK(records[0].zone == date::locate_zone("America/Bogota"));
  CHECK(records[1].zone == date::locate_zone("America/New_York"));
}

TEST_CASE_METHOD(Fixture, "io: jsonl profiles: each error, word for word") {
  CHECK(Read(R"({"id": "D-1", "balance": "100.00"}
{"id": "D-2", "balance": "1", "dpd": 1, "balnce": 5}
{"balance": "1", "dpd": 1}
{"id": "D-1", "balance": "1", "dpd": 1}
{"id": "D-3", "balance": "1", "dpd": 1, "tz": "Mars/Base"}
{"id": "D-4", "balance": "1", "dpd": "many"}
{"id": "D-5", "balance": "1", "dpd": 1, "dpd": 2}
{"id": "D-6", "balance": "1", "dpd": 1
["D-7"]
{"id": "", "balance": "1", "dpd": 1}
{"id": "D-8", "balance": null, "dpd": 1}
{"id": "D-1", "balance": "2", "dpd": 2})",
             Format::Jsonl) ==
        Lines{"1: error: missing field \"dpd\" of Debtor | {\"id\": \"D-1\", \"balance\": \"100.00\"}",
              "2: error: unknown key \"balnce\" of Debtor; did you mean \"balance\"? | "
              "{\"id\": \"D-2\", \"balance\": \"1\", \"dpd\": 1, \"balnce\": 5}",
              "3: error: missing \"id\" | {\"balance\": \"1\", \"dpd\": 1}",
              "4: D-1 balance=1.00 dpd=1 tz=America/Bogota optin= active=true [CO]",
              "5: error: field \"tz\" of Debtor: unknown time zone \"Mars/Base\" | "
              "{\"id\": \"D-3\", \"balance\": \"1\", \"dpd\": 1, \"tz\": \"Mars/Base\"}",
              "6: error: field \"dpd\" of Debtor: expected an int like \"42\", got \"many\" | "
              "{\"id\": \"D-4\", \"balance\": \"1\", \"dpd\": \"many\"}",
              "7: error: field \"dpd\" of Debtor: given twice | {\"id\": \"D-5\", \"balance\": \"1\", \"dpd\": 1, "
              "\"dpd\": 2}",
              "8: error: malformed JSON: unclosed object or array | {\"id\": \"D-6\", \"balance\": \"1\", \"dpd\": 1",
              "9: error: expected a JSON object like {\"id\": \"D-1\", ...} | [\"D-7\"]",
              "10: error: \"id\": is empty | {\"id\": \"\", \"balance\": \"1\", \"dpd\": 1}",
              "11: error: missing field \"balance\" of Debtor | {\"id\": \"D-8\", \"balance\": null, \"dpd\": 1}",
              "12: error: duplicate id \"D-1\" (first on line 4) | {\"id\": \"D-1\", \"balance\": \"2\", \"dpd\": 2}"});
}

TEST_CASE_METHOD(Fixture, "io: csv profiles: columns in any order, empty cells take defaults") {
  CHECK(Read("\xEF\xBB\xBF" "dpd,id,balance,optin,tz\r\n"
             "5,D-1,100.00,,\r\n"
             "\r\n"
             "0,\"D,2\",20.5,email|sms,America/New_York\r\n"
             "1,D-3,1,\"\",UTC",
             Format::Csv) ==
        Lines{"2: D-1 balance=100.00 dpd=5 tz=America/Bogota optin= active=true [CO]",
              "4: D,2 balance=20.50 dpd=0 tz=America/New_York optin=email|sms active=true [CO]",
              "5: D-3 balance=1.00 dpd=1 tz=UTC optin= active=true [CO]"});
  REQUIRE(records.size() == 3);
  CHECK(records[1].zone == date::locate_zone("America/New_York"));
}

TEST_CASE_METHOD(Fixture, "io: csv profiles: header errors stop the file") {
  CHECK(Read("id,balance\nD-1,5\n", Format::Csv) ==
        Lines{"file: debtors:1: missing column \"dpd\" (a field of Debtor without a default)"});
  CHECK(Read("balance,dpd\n5,5\n", Format::Csv) == Lines{"file: debtors:1: missing column \"id\""});
  CHECK(Read("id,balance,dpd,balnce\n", Format::Csv) ==
        Lines{"file: debtors:1: unknown column \"balnce\": Debtor has no such field; did you mean \"balance\"?"});
  CHECK(Read("id,balance,dpd,dpd\n", Format::Csv) == Lines{"file: debtors:1: column \"dpd\" appears twice"});
  // Records before a failure are kept: there are none before a header.
  CHECK(records.empty());
}

TEST_CASE_METHOD(Fixture, "io: csv profiles: line errors") {
  CHECK(Read("id,balance,dpd\n"
             "D-1,5\n"
             ",5,5\n"
             "D-2,,5\n"
             "D-3,5.123456,5\n"
             "D-4,5,\"5\n"
             "D-5,5,5\n"
             "D-5,6,6\n",
             Format::Csv) ==
        Lines{"2: error: expected 3 columns, got 2 | D-1,5", "3: error: missing \"id\" | ,5,5",
              "4: error: missing field \"balance\" of Debtor | D-2,,5",
              "5: error: field \"balance\" of Debtor: money \"5.123456\" has more than 4 decimal places | "
              "D-3,5.123456,5",
              "6: error: column \"dpd\": unterminated quote | D-4,5,\"5",
              "7: D-5 balance=5.00 dpd=5 tz=America/Bogota optin= active=true [CO]",
              "8: error: duplicate id \"D-5\" (first on line 7) | D-5,6,6"});
}

TEST_CASE("io: profiles without a zone or a jurisdiction field") {
  flowir::Module module;
  module.profiles.push_back({"Account", {{"id", flowir::Type::Int}, {"limit", flowir::Type::Money}}});
  StringPool strings(module);
  ValueArena arena;
  ProfileReader reader(module, 0, strings, arena);
  std::vector<ProfileRecord> records;
  std::vector<LineError> errors;
  auto error = reader.Read(
      "accounts", Input::Memory("id,limit\n12,5\nx,6\n"), Format::Csv,
      [&](const ProfileRecord& record) { records.push_back(record); },
      [&](const LineError& error) { errors.push_back(error); });
  CHECK_FALSE(error);
  REQUIRE(records.size() == 1);
  // A field named `id` takes the id's value.
  CHECK(records[0].fields == std::vector<Value>{12, 50'000});
  CHECK(records[0].zone == nullptr);
  CHECK(records[0].jurisdiction.empty());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].reason == "field \"id\" of Account: expected an int like \"42\", got \"x\"");
}

}  // namespace
}  // namespace cobro::runtime::io
