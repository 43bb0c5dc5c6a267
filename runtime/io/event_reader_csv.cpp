#include <algorithm>

#include "runtime/io/event_parsers.h"
#include "runtime/io/reject.h"
#include "runtime/io/suggest.h"
#include "runtime/io/time_text.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

CsvEventParser::CsvEventParser(const EventCatalog& catalog, StringPool& strings, ValueArena& arena)
    : catalog_(catalog), strings_(strings), arena_(arena) {}

auto CsvEventParser::ReadHeader(std::string_view line, std::string& reason) -> bool {
  if (auto error = splitter_.Split(line, cells_)) {
    return Reject(reason, "column " + std::to_string(error->column + 1) + " of the header: " + error->what);
  }
  columns_.clear();
  for (const CsvCell& cell : cells_) columns_.emplace_back(cell.text);
  // Every field name of every event: a header column must be one of them.
  std::vector<std::string_view> known = {"debtor", "at", "event"};
  for (size_t e = 0; e < catalog_.size(); ++e) {
    for (std::string_view name : catalog_.shape(static_cast<int32_t>(e)).field_names) known.push_back(name);
  }
  std::sort(known.begin() + 3, known.end());
  known.erase(std::unique(known.begin() + 3, known.end()), known.end());
  size_t not_found = columns_.size();
  debtor_column_ = at_column_ = event_column_ = not_found;
  for (size_t c = 0; c < columns_.size(); ++c) {
    const std::string& name = columns_[c];
    if (std::find(columns_.begin(), columns_.begin() + static_cast<std::ptrdiff_t>(c), name) !=
        columns_.begin() + static_cast<std::ptrdiff_t>(c)) {
      return Reject(reason, "column " + Quoted(name) + " appears twice");
    }
    if (name == "debtor") {
      debtor_column_ = c;
    } else if (name == "at") {
      at_column_ = c;
    } else if (name == "event") {
      event_column_ = c;
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Reject(reason, "unknown column " + Quoted(name) +
                                ": columns are \"debtor\", \"at\", \"event\" and fields of events" +
                                DidYouMean(name, known));
    }
  }
  for (auto [column, name] : {std::pair{debtor_column_, "debtor"}, {at_column_, "at"}, {event_column_, "event"}}) {
    if (column == not_found) return Reject(reason, "missing column \"" + std::string(name) + "\"");
  }
  field_of_column_.assign(catalog_.size(), std::vector<int32_t>(columns_.size(), -1));
  for (size_t e = 0; e < catalog_.size(); ++e) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (c == debtor_column_ || c == at_column_ || c == event_column_) continue;
      field_of_column_[e][c] = catalog_.shape(static_cast<int32_t>(e)).FieldIndex(columns_[c]);
    }
  }
  return true;
}

auto CsvEventParser::ColumnName(size_t column) const -> std::string {
  if (column < columns_.size()) return Quoted(columns_[column]);
  return std::to_string(column + 1);
}

auto CsvEventParser::Parse(std::string_view line, EventInput& event, std::string& reason) -> bool {
  if (auto error = splitter_.Split(line, cells_)) {
    return Reject(reason, "column " + ColumnName(error->column) + ": " + error->what);
  }
  if (cells_.size() != columns_.size()) {
    return Reject(reason, "expected " + std::to_string(columns_.size()) + " columns, got " +
                              std::to_string(cells_.size()));
  }
  auto absent = [](const CsvCell& cell) { return cell.text.empty() && !cell.quoted; };
  const CsvCell& debtor = cells_[debtor_column_];
  if (debtor.text.empty()) return Reject(reason, "missing \"debtor\"");
  const CsvCell& at = cells_[at_column_];
  if (absent(at)) return Reject(reason, "missing \"at\"");
  const CsvCell& name = cells_[event_column_];
  if (absent(name)) return Reject(reason, "missing \"event\"");
  event.type = catalog_.Find(name.text);
  if (event.type < 0) return Reject(reason, catalog_.UnknownEvent(name.text));
  Expected<int64_t> instant = ParseDateTime(at.text);
  if (!instant) return Reject(reason, "\"at\": " + instant.error());
  event.at = *instant;
  const RecordShape& shape = catalog_.shape(event.type);
  event.fields.assign(shape.initial.begin(), shape.initial.end());
  given_.assign(shape.initial.size(), 0);
  const std::vector<int32_t>& field_of = field_of_column_[static_cast<size_t>(event.type)];
  for (size_t c = 0; c < cells_.size(); ++c) {
    if (c == debtor_column_ || c == at_column_ || c == event_column_ || absent(cells_[c])) continue;
    int32_t field = field_of[c];
    if (field < 0) return Reject(reason, shape.UnknownField(columns_[c]));
    Expected<Value> value = ParseValue(shape.type(field), cells_[c].text, strings_, arena_);
    if (!value) return Reject(reason, shape.FieldError(field, value.error()));
    event.fields[static_cast<size_t>(field)] = *value;
    given_[static_cast<size_t>(field)] = 1;
  }
  if (!CheckKeys(shape, given_, reason)) return false;
  // The debtor view must outlive the splitter's next call, like JSONL's.
  debtor_.assign(debtor.text);
  event.debtor = debtor_;
  return true;
}

}  // namespace cobro::runtime::io
