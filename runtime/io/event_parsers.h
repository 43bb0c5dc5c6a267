#pragma once

// Private to runtime/io. One line of an event file to an EventInput, per
// format; EventReader feeds them lines.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/csv_line.h"
#include "runtime/io/event_reader.h"
#include "runtime/io/record_shape.h"

namespace cobro::runtime::io {

// `{"debtor": ..., "at": ..., "event": ..., "fields": {...}}`, keys in any order.
class JsonlEventParser {
 public:
  JsonlEventParser(const EventCatalog& catalog, StringPool& strings, ValueArena& arena);
  ~JsonlEventParser();

  // Fills `event` (but for line and text) or sets `reason`. `line` must be
  // followed by kLinePadding readable bytes.
  auto Parse(std::string_view line, EventInput& event, std::string& reason) -> bool;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A header `debtor,at,event,<field names>` (columns in any order), then one
// event per line; an empty cell is an absent field.
class CsvEventParser {
 public:
  CsvEventParser(const EventCatalog& catalog, StringPool& strings, ValueArena& arena);

  // Checks the header against the module; on failure `reason` says why.
  auto ReadHeader(std::string_view line, std::string& reason) -> bool;
  auto Parse(std::string_view line, EventInput& event, std::string& reason) -> bool;

 private:
  auto ColumnName(size_t column) const -> std::string;

  const EventCatalog& catalog_;
  StringPool& strings_;
  ValueArena& arena_;
  CsvSplitter splitter_;
  std::vector<CsvCell> cells_;
  std::vector<std::string> columns_;
  size_t debtor_column_ = 0;
  size_t at_column_ = 0;
  size_t event_column_ = 0;
  // For each event, each column's field index in it, or -1.
  std::vector<std::vector<int32_t>> field_of_column_;
  std::string debtor_;
  std::vector<uint8_t> given_;
};

// Checks that every key of the event was given: a missing key would make up
// a channel or a value that handlers and policies filter on.
auto CheckKeys(const RecordShape& shape, const std::vector<uint8_t>& given, std::string& reason) -> bool;

}  // namespace cobro::runtime::io
