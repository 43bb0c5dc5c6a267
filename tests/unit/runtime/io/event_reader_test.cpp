// Event files (runtime/io/event_reader.h), JSONL and CSV: what a good line
// becomes, and every reason a line is quarantined, word for word.

#include "runtime/io/event_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/io/value_text.h"
#include "tests/unit/runtime/io/test_module.h"

namespace cobro::runtime::io {
namespace {

// Reads `text` and prints each event or error on a line of its own:
// `3: D-1 payment @2026-03-02T13:00:00Z amount=120.50 method=card days_late=9`
// or `4: error: <reason> | <raw line>`; a file error as `file: <message>`.
auto Read(std::string_view text, Format format, size_t chunk_bytes = size_t{1} << 20) -> std::vector<std::string> {
  flowir::Module module = testing::TestModule();
  StringPool strings(module);
  ValueArena arena;
  EventReader reader(module, strings, arena);
  std::vector<std::string> out;
  if (auto error = reader.Open("events", Input::Memory(text), format, ReaderOptions{chunk_bytes})) {
    out.push_back("file: " + error->message);
    return out;
  }
  EventInput event;
  LineError error;
  while (true) {
    EventReader::Status status = reader.Next(event, error);
    if (status == EventReader::Status::End) break;
    if (status == EventReader::Status::Error) {
      out.push_back(std::to_string(error.line) + ": error: " + error.reason + " | " + error.text);
      continue;
    }
    const flowir::Event& type = module.events[static_cast<size_t>(event.type)];
    std::string line = std::to_string(event.line) + ": " + std::string(event.debtor) + " " + type.name + " @" +
                       FormatValue(flowir::Type::DateTime, event.at, strings);
    REQUIRE(event.fields.size() == type.fields.size());
    for (size_t i = 0; i < type.fields.size(); ++i) {
      line += " " + type.fields[i].name + "=" + FormatValue(type.fields[i].type, event.fields[i], strings);
    }
    // The raw line is there for the run loop's own quarantine reasons.
    CHECK(text.find(event.text) != std::string_view::npos);
    out.push_back(line);
  }
  CHECK_FALSE(reader.failure());
  return out;
}

using Lines = std::vector<std::string>;

TEST_CASE("io: jsonl events: fields, keys, defaults and zero values") {
  CHECK(Read(R"({"debtor": "D-1", "at": "2026-03-02T10:00:00-03:00", "event": "payment", "fields": {"amount": "100.00", "method": "card", "days_late": 9}})",
             Format::Jsonl) == Lines{"1: D-1 payment @2026-03-02T13:00:00Z amount=100.00 method=card days_late=9"});
  // Money as a JSON number is read by its literal text; epoch seconds;
  // `fields` before `event`; a numeric debtor id.
  CHECK(Read(R"({"fields": {"amount": 120.50, "due": "2026-04-01"}, "at": 1772456400, "debtor": 42, "event": "promise"})",
             Format::Jsonl) == Lines{"1: 42 promise @2026-03-02T13:00:00Z amount=120.50 due=2026-04-01"});
  // Left-out fields take their default (tries = 3) or zero value; null is left out.
  CHECK(Read(R"({"debtor": "D-1", "at": "2026-03-02T13:00:00Z", "event": "probe", "fields": {"rate": null}})",
             Format::Jsonl) ==
        Lines{"1: D-1 probe @2026-03-02T13:00:00Z rate=0 window=00:00 grace=0s when=1970-01-01T00:00:00Z zone=UTC "
              "tags= codes= channels= flag=false tries=3"});
  CHECK(Read(R"({"debtor": "D-1", "at": "2026-03-02T13:00:00Z", "event": "plan.completed"})", Format::Jsonl) ==
        Lines{"1: D-1 plan.completed @2026-03-02T13:00:00Z"});
  CHECK(Read(R"({"debtor": "D-1", "at": "2026-03-02T13:00:00Z", "event": "contact.attempt", "fields": {"channel": "sms"}})",
             Format::Jsonl) == Lines{"1: D-1 contact.attempt @2026-03-02T13:00:00Z channel=sms template="});
  // Every type in its JSON spelling.
  CHECK(Read(R"({"debtor": "D\u002d1", "at": "2026-03-02T13:00:00Z", "event": "probe", "fields": {"rate": 0.25, "window": "09:30", "grace": "1h30m", "when": 1772456400, "zone": "America/Bogota", "tags": ["vip", "late"], "codes": [3, 1], "channels": ["sms", "email"], "flag": true, "tries": 5}})",
             Format::Jsonl) ==
        Lines{"1: D-1 probe @2026-03-02T13:00:00Z rate=0.25 window=09:30 grace=1h30m when=2026-03-02T13:00:00Z "
              "zone=America/Bogota tags=vip|late codes=1|3 channels=email|sms flag=true tries=5"});
  // A JSON string holds what a CSV cell would.
  CHECK(Read(R"({"debtor": "D-1", "at": "1772456400", "event": "probe", "fields": {"rate": "0.5", "codes": "2|1", "channels": "email|sms", "flag": "false", "tries": "7"}})",
             Format::Jsonl) ==
        Lines{"1: D-1 probe @2026-03-02T13:00:00Z rate=0.5 window=00:00 grace=0s when=1970-01-01T00:00:00Z zone=UTC "
              "tags= codes=1|2 channels=email|sms flag=false tries=7"});
}

TEST_CASE("io: jsonl events: blank lines are skipped but counted; CRLF; BOM") {
  std::string text =
      "\xEF\xBB\xBF{\"debtor\": \"A\", \"at\": 0, \"event\": \"plan.completed\"}\r\n"
      "\r\n"
      "   \n"
      "{\"debtor\": \"B\", \"at\": 60, \"event\": \"plan.completed\"}";
  CHECK(Read(text, Format::Jsonl) ==
        Lines{"1: A plan.completed @1970-01-01T00:00:00Z", "4: B plan.completed @1970-01-01T00:01:00Z"});
}

// One line, expected to fail with `reason`.
void CheckJsonlError(std::string_view line, std::string_view reason) {
  INFO(line);
  CHECK(Read(line, Format::Jsonl) == Lines{"1: error: " + std::string(reason) + " | " + std::string(line)});
}

TEST_CASE("io: jsonl events: each error, word for word") {
  // Malformed JSON.
  CheckJsonlError(R"({"debtor": "D-1" "at": 0})", "malformed JSON: unexpected character or missing comma, colon or brace");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0,})", "malformed JSON: unexpected character or missing comma, colon or brace");
  CheckJsonlError(R"({"debtor": "D-1, "at": 0})", "malformed JSON: unterminated string");
  CheckJsonlError(R"({"debtor": "D-1", "at": tru, "event": "plan.completed"})", "\"at\": malformed JSON: malformed `true`");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"days_late": 12abc}})",
                  "field \"days_late\" of payment: expected an int like \"42\", got \"12abc\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"method": "a\qb"}})",
                  "field \"method\" of payment: malformed JSON: bad escape in a string");
  CheckJsonlError("{\"debtor\": \"D-1\", \"at\": 0, \"event\": \"payment\", \"fields\": {\"method\": \"\xff\"}}",
                  "malformed JSON: invalid UTF-8");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0)", "malformed JSON: unclosed object or array");
  CheckJsonlError(R"({"debtor": "D-1)", "malformed JSON: unterminated string");
  CheckJsonlError(R"([1, 2])", "expected a JSON object like {\"debtor\": ..., \"at\": ..., \"event\": ...}");
  CheckJsonlError(R"("payment")", "expected a JSON object like {\"debtor\": ..., \"at\": ..., \"event\": ...}");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "plan.completed"} {})",
                  "malformed JSON: more after the object; put one event per line");
  // Missing and repeated keys, unknown keys.
  CheckJsonlError(R"({"at": 0, "event": "plan.completed"})", "missing \"debtor\"");
  CheckJsonlError(R"({"debtor": "D-1", "event": "plan.completed"})", "missing \"at\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0})", "missing \"event\"");
  CheckJsonlError(R"({"debtor": "D-1", "debtor": "D-2", "at": 0, "event": "plan.completed"})",
                  "key \"debtor\" given twice");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "plan.completed", "amount": 5})",
                  "unknown key \"amount\"; an event line has \"debtor\", \"at\", \"event\" and \"fields\"");
  CheckJsonlError(R"({"debtor": "", "at": 0, "event": "plan.completed"})", "\"debtor\": is empty");
  CheckJsonlError(R"({"debtor": ["D-1"], "at": 0, "event": "plan.completed"})",
                  "\"debtor\": expected a string or a whole number, got an array");
  CheckJsonlError(R"({"debtor": 4.5, "at": 0, "event": "plan.completed"})",
                  "\"debtor\": expected a string or a whole number, got 4.5");
  // Events and fields.
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "paymnt"})", "unknown event \"paymnt\"; did you mean \"payment\"?");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "contact.atempt"})",
                  "unknown event \"contact.atempt\"; did you mean \"contact.attempt\"?");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "refund"})", "unknown event \"refund\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": 7})", "\"event\": expected an event name like \"payment\", got 7");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amout": "1.00"}})",
                  "unknown field \"amout\" of payment; did you mean \"amount\"?");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amount": "abc"}})",
                  "field \"amount\" of payment: expected money like \"120.50\", got \"abc\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amount": 1e3}})",
                  "field \"amount\" of payment: money \"1e3\" has an exponent; write the digits out, like \"1000\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amount": 1.00001}})",
                  "field \"amount\" of payment: money \"1.00001\" has more than 4 decimal places");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"method": 5}})",
                  "field \"method\" of payment: expected a string, got 5");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"days_late": 1.5}})",
                  "field \"days_late\" of payment: expected an int like \"42\", got \"1.5\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"days_late": true}})",
                  "field \"days_late\" of payment: expected an int like \"42\", got true");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amount": {"value": 1}}})",
                  "field \"amount\" of payment: expected money like \"120.50\", got an object");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"amount": "1", "amount": "2"}})",
                  "field \"amount\" of payment: given twice");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": [1]})",
                  "\"fields\": expected an object like {\"amount\": \"120.50\"}, got an array");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "opt_out"})", "missing key field \"channel\" of opt_out");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "opt_out", "fields": {"channel": null}})",
                  "missing key field \"channel\" of opt_out");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "opt_out", "fields": {"channel": "mail"}})",
                  "field \"channel\" of opt_out: unknown channel \"mail\"; did you mean \"email\"?");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "probe", "fields": {"zone": "America/Bogata"}})",
                  "field \"zone\" of probe: unknown time zone \"America/Bogata\"; did you mean \"America/Bogota\"?");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "probe", "fields": {"codes": [1, "x"]}})",
                  "field \"codes\" of probe: set element: expected an int like \"42\", got \"x\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "probe", "fields": {"tags": ["a", 1]}})",
                  "field \"tags\" of probe: set element: expected a string, got 1");
  CheckJsonlError(R"({"debtor": "D-1", "at": 0, "event": "probe", "fields": {"channels": ["email", "fax"]}})",
                  "field \"channels\" of probe: unknown channel \"fax\"");
  // Timestamps.
  CheckJsonlError(R"({"debtor": "D-1", "at": "2026-03-02T10:00:00", "event": "plan.completed"})",
                  "\"at\": date-time \"2026-03-02T10:00:00\" has no offset; add \"Z\" for UTC or one like \"-03:00\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": "yesterday", "event": "plan.completed"})",
                  "\"at\": expected a date-time like \"2026-03-02T10:00:00-03:00\" or epoch seconds, got \"yesterday\"");
  CheckJsonlError(R"({"debtor": "D-1", "at": 1772456400000, "event": "plan.completed"})",
                  "\"at\": epoch seconds \"1772456400000\" are outside the years 0000 to 9999; give seconds, not "
                  "milliseconds");
  CheckJsonlError(R"({"debtor": "D-1", "at": null, "event": "plan.completed"})", "\"at\": is null");
  CheckJsonlError(R"({"debtor": "D-1", "at": true, "event": "plan.completed"})",
                  "\"at\": expected a date-time like \"2026-03-02T10:00:00-03:00\" or epoch seconds, got true");
}

TEST_CASE("io: jsonl events: a bad line does not stop the file") {
  std::string text =
      "{\"debtor\": \"A\", \"at\": 0, \"event\": \"plan.completed\"}\n"
      "{\"debtor\": \"B\", \"at\": 0, \"event\": \"nope\"}\n"
      "{\"debtor\n"
      "{\"debtor\": \"C\", \"at\": 0, \"event\": \"plan.completed\"}\n";
  CHECK(Read(text, Format::Jsonl) ==
        Lines{"1: A plan.completed @1970-01-01T00:00:00Z",
              "2: error: unknown event \"nope\" | {\"debtor\": \"B\", \"at\": 0, \"event\": \"nope\"}",
              "3: error: malformed JSON: unterminated string | {\"debtor",
              "4: C plan.completed @1970-01-01T00:00:00Z"});
}

TEST_CASE("io: csv events: header, quoting, absent cells") {
  std::string text =
      "\xEF\xBB\xBF" "debtor,event,at,amount,method,days_late,channel,template\r\n"
      "D-1,payment,2026-03-02T10:00:00-03:00,100.00,card,9,,\r\n"
      "\r\n"
      "\"D,2\",payment,1772456400,\"1,5\",\"say \"\"hi\"\"\",,,\r\n"
      "D-3,contact.attempt,1772456400,,,,whatsapp,\"\"\r\n"
      "D-4,payment,1772456400,,\"\",,,";
  CHECK(Read(text, Format::Csv) ==
        Lines{"2: D-1 payment @2026-03-02T13:00:00Z amount=100.00 method=card days_late=9",
              "4: error: field \"amount\" of payment: expected money like \"120.50\", got \"1,5\" | "
              "\"D,2\",payment,1772456400,\"1,5\",\"say \"\"hi\"\"\",,,",
              "5: D-3 contact.attempt @2026-03-02T13:00:00Z channel=whatsapp template=",
              "6: D-4 payment @2026-03-02T13:00:00Z amount=0.00 method= days_late=0"});
  CHECK(Read("debtor,at,event,method\nD-1,0,payment,\"say \"\"hi\"\"\"\n", Format::Csv) ==
        Lines{"2: D-1 payment @1970-01-01T00:00:00Z amount=0.00 method=say \"hi\" days_late=0"});
  CHECK(Read("", Format::Csv).empty());
  CHECK(Read("debtor,at,event\n", Format::Csv).empty());
}

TEST_CASE("io: csv events: header errors stop the file") {
  CHECK(Read("debtor,event\nD-1,payment\n", Format::Csv) == Lines{"file: events:1: missing column \"at\""});
  CHECK(Read("\ndebtor,at,event,amout\n", Format::Csv) ==
        Lines{"file: events:2: unknown column \"amout\": columns are \"debtor\", \"at\", "
              "\"event\" and fields of events; did you mean \"amount\"?"});
  CHECK(Read("debtor,at,event,at\n", Format::Csv) == Lines{"file: events:1: column \"at\" appears twice"});
  CHECK(Read("debtor,\"at,event\n", Format::Csv) == Lines{"file: events:1: column 2 of the header: unterminated quote"});
}

void CheckCsvError(std::string_view line, std::string_view reason) {
  INFO(line);
  std::string text = "debtor,at,event,amount,channel\n" + std::string(line) + "\n";
  CHECK(Read(text, Format::Csv) == Lines{"2: error: " + std::string(reason) + " | " + std::string(line)});
}

TEST_CASE("io: csv events: each error, word for word") {
  CheckCsvError("D-1,0,payment", "expected 5 columns, got 3");
  CheckCsvError("D-1,0,payment,1,,", "expected 5 columns, got 6");
  CheckCsvError("D-1,0,payment,\"1,", "column \"amount\": unterminated quote");
  CheckCsvError("D-1,0,payment,1,\"sms\"x", "column \"channel\": unexpected `x` after a closing quote");
  CheckCsvError("D-1,0,payment,1,1,\"x", "column 6: unterminated quote");
  CheckCsvError(",0,payment,1,", "missing \"debtor\"");
  CheckCsvError("D-1,,payment,1,", "missing \"at\"");
  CheckCsvError("D-1,0,,1,", "missing \"event\"");
  CheckCsvError("D-1,0,paymnt,1,", "unknown event \"paymnt\"; did you mean \"payment\"?");
  CheckCsvError("D-1,0,payment,1,sms", "unknown field \"channel\" of payment");
  CheckCsvError("D-1,0,payment,abc,", "field \"amount\" of payment: expected money like \"120.50\", got \"abc\"");
  CheckCsvError("D-1,2026-03-02 10:00,payment,1,",
                "\"at\": date-time \"2026-03-02 10:00\" has no offset; add \"Z\" for UTC or one like \"-03:00\"");
  CheckCsvError("D-1,0,opt_out,,", "missing key field \"channel\" of opt_out");
  CheckCsvError("D-1,0,opt_out,,fax", "field \"channel\" of opt_out: unknown channel \"fax\"");
}

// Many events, the same whatever the chunk size, from memory or a stream.
TEST_CASE("io: events stream across chunk boundaries") {
  std::string jsonl;
  std::string csv = "debtor,at,event,amount,method\n";
  for (int i = 0; i < 3000; ++i) {
    std::string debtor = "D-" + std::to_string(i % 97);
    std::string amount = std::to_string(i) + "." + std::to_string(i % 100);
    if (i % 500 == 7) {
      jsonl += "{\"debtor\": \"" + debtor + "\", \"at\": " + std::to_string(i) + ", \"event\": \"refund\"}\n";
      csv += debtor + "," + std::to_string(i) + ",refund,,\n";
    } else {
      jsonl += "{\"debtor\": \"" + debtor + "\", \"at\": " + std::to_string(i) +
               ", \"event\": \"payment\", \"fields\": {\"amount\": \"" + amount + "\", \"method\": \"m" +
               std::to_string(i % 7) + "\"}}\n";
      csv += debtor + "," + std::to_string(i) + ",payment," + amount + ",m" + std::to_string(i % 7) + "\n";
    }
    if (i % 100 == 0) {
      jsonl += "\n";
      csv += "\r\n";
    }
  }
  for (Format format : {Format::Jsonl, Format::Csv}) {
    const std::string& text = format == Format::Jsonl ? jsonl : csv;
    Lines whole = Read(text, format);
    REQUIRE(whole.size() == 3000);
    CHECK(whole[7].find("error: unknown event \"refund\"") != std::string::npos);
    for (size_t chunk : {size_t{1}, size_t{13}, size_t{97}, size_t{4096}}) {
      INFO("chunk " << chunk);
      CHECK(Read(text, format, chunk) == whole);
    }
  }
}

TEST_CASE("io: events: huge lines") {
  std::string method(5'000'000, 'm');
  std::string line = R"({"debtor": "D-1", "at": 0, "event": "payment", "fields": {"method": ")" + method + "\"}}";
  std::string text = line + "\n" + line + "\n";
  for (size_t chunk : {size_t{4096}, size_t{1} << 20}) {
    Lines lines = Read(text, Format::Jsonl, chunk);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "2: D-1 payment @1970-01-01T00:00:00Z amount=0.00 method=" + method + " days_late=0");
  }
}

TEST_CASE("io: events from a std::istream") {
  std::istringstream stream(
      "{\"debtor\": \"A\", \"at\": 0, \"event\": \"plan.completed\"}\n"
      "{\"debtor\": \"B\", \"at\": 1, \"event\": \"plan.completed\"}\n");
  flowir::Module module = testing::TestModule();
  StringPool strings(module);
  ValueArena arena;
  EventReader reader(module, strings, arena);
  REQUIRE_FALSE(reader.Open("stream", Input::Stream(stream), Format::Jsonl, ReaderOptions{16}));
  EventInput event;
  LineError error;
  REQUIRE(reader.Next(event, error) == EventReader::Status::Event);
  CHECK(event.debtor == "A");
  CHECK(event.type == testing::kPlanCompleted);
  REQUIRE(reader.Next(event, error) == EventReader::Status::Event);
  CHECK(event.debtor == "B");
  CHECK(event.at == 1000);
  CHECK(event.line == 2);
  CHECK(reader.Next(event, error) == EventReader::Status::End);
  CHECK(reader.Next(event, error) == EventReader::Status::End);
  CHECK(reader.lines() == 2);
  CHECK_FALSE(reader.failure());
}

}  // namespace
}  // namespace cobro::runtime::io
