#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/abi/value.h"
#include "runtime/io/input.h"
#include "runtime/io/value_arena.h"

namespace cobro::runtime::io {

// One event read from an event file. The views point into the reader's
// buffers and stay valid until the next call to EventReader::Next.
struct EventInput {
  int64_t line = 0;
  std::string_view debtor;
  int32_t type = -1;  // Index into flowir::Module::events.
  int64_t at = 0;     // Ms since 1970, UTC.
  // Keys then fields, in flowir::Event::fields order. A missing field takes
  // its default or ZeroValue; a missing key is a line error.
  std::vector<Value> fields;
  // The raw line, for the run loop's own quarantine reasons (unknown debtor,
  // out of order).
  std::string_view text;
};

// Streams events out of a JSONL or CSV file without loading it whole: a
// chunk at a time, with one reusable parser and no allocation per event on
// the JSONL path for events seen before. docs/inputs.md gives the formats.
class EventReader {
 public:
  // Keeps references to all three.
  EventReader(const flowir::Module& module, StringPool& strings, ValueArena& arena);
  ~EventReader();
  EventReader(const EventReader&) = delete;
  auto operator=(const EventReader&) -> EventReader& = delete;

  // Starts reading `input`; for CSV, reads and checks the header. Returns the
  // error that makes the file unusable, if any.
  auto Open(std::string_view path_for_messages, Input input, Format format, ReaderOptions options = {})
      -> std::optional<FileError>;

  enum class Status : uint8_t { Event, Error, End };

  // Reads the next non-empty line: Event fills `event`, Error fills `error`
  // (the line is to be quarantined), End means the input is exhausted (check
  // failure()). `event`'s vector is reused, so pass the same one each time.
  auto Next(EventInput& event, LineError& error) -> Status;

  // The read error that ended the input early, if any.
  auto failure() const -> std::optional<FileError>;

  // Lines read so far, empty ones included.
  auto lines() const -> int64_t;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cobro::runtime::io
