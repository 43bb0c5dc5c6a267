#include <algorithm>

#include "runtime/io/csv_line.h"
#include "runtime/io/profile_formats.h"
#include "runtime/io/suggest.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

namespace {

// Maps header columns to fields: `field_of_column[c]` is a field index, -1
// for the id column. Returns the reason the header does not fit, if any.
auto ReadHeader(const RecordShape& shape, const std::vector<CsvCell>& cells, std::vector<int32_t>& field_of_column,
                size_t& id_column) -> std::optional<std::string> {
  std::vector<std::string_view> names;
  for (const CsvCell& cell : cells) names.push_back(cell.text);
  std::vector<std::string_view> known = shape.field_names;
  known.push_back("id");
  id_column = names.size();
  field_of_column.assign(names.size(), -1);
  std::vector<uint8_t> covered(shape.field_names.size(), 0);
  for (size_t c = 0; c < names.size(); ++c) {
    if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(c), names[c]) !=
        names.begin() + static_cast<std::ptrdiff_t>(c)) {
      return "column " + Quoted(names[c]) + " appears twice";
    }
    if (names[c] == "id") {
      id_column = c;
      continue;
    }
    int32_t field = shape.FieldIndex(names[c]);
    if (field < 0) {
      return "unknown column " + Quoted(names[c]) + ": " + std::string(shape.name) + " has no such field" +
             DidYouMean(names[c], known);
    }
    field_of_column[c] = field;
    covered[static_cast<size_t>(field)] = 1;
  }
  if (id_column == names.size()) return std::string("missing column \"id\"");
  for (size_t f = 0; f < covered.size(); ++f) {
    // A field named `id` is filled from the id column.
    if (covered[f] == 0 && !shape.has_default[f] && shape.field_names[f] != "id") {
      return "missing column " + Quoted(shape.field_names[f]) + " (a field of " + std::string(shape.name) +
             " without a default)";
    }
  }
  return std::nullopt;
}

auto ReadLine(ProfileContext& context, CsvSplitter& splitter, std::vector<CsvCell>& cells,
              const std::vector<int32_t>& field_of_column, const std::vector<std::string_view>& columns,
              size_t id_column, std::string_view line) -> bool {
  const RecordShape& shape = context.shape;
  if (auto error = splitter.Split(line, cells)) {
    std::string column =
        error->column < columns.size() ? Quoted(columns[error->column]) : std::to_string(error->column + 1);
    context.reason = "column " + column + ": " + error->what;
    return false;
  }
  if (cells.size() != columns.size()) {
    context.reason =
        "expected " + std::to_string(columns.size()) + " columns, got " + std::to_string(cells.size());
    return false;
  }
  context.record.id.assign(cells[id_column].text);
  if (context.id_field >= 0 && !context.record.id.empty()) {
    Expected<Value> parsed =
        ParseValue(shape.type(context.id_field), context.record.id, context.strings, context.arena);
    if (!parsed) {
      context.reason = shape.FieldError(context.id_field, parsed.error());
      return false;
    }
    context.record.fields[static_cast<size_t>(context.id_field)] = *parsed;
    context.given[static_cast<size_t>(context.id_field)] = 1;
  }
  for (size_t c = 0; c < cells.size(); ++c) {
    int32_t field = field_of_column[c];
    if (field < 0) continue;
    if (cells[c].text.empty() && !cells[c].quoted) {
      // An empty cell leaves the field to its default; a set without one
      // has no other way to be written empty (`optin` of a debtor who
      // opted in to nothing).
      flowir::Type type = shape.type(field);
      bool is_set = type == flowir::Type::ChannelSet || type == flowir::Type::StringSet || type == flowir::Type::IntSet;
      if (!is_set || shape.has_default[static_cast<size_t>(field)]) continue;
    }
    Expected<Value> parsed = ParseValue(shape.type(field), cells[c].text, context.strings, context.arena);
    if (!parsed) {
      context.reason = shape.FieldError(field, parsed.error());
      return false;
    }
    context.record.fields[static_cast<size_t>(field)] = *parsed;
    context.given[static_cast<size_t>(field)] = 1;
  }
  return true;
}

}  // namespace

auto ReadProfilesCsv(ProfileContext& context, LineReader& lines, std::string_view path)
    -> std::optional<FileError> {
  CsvSplitter splitter;
  std::vector<CsvCell> cells;
  std::vector<int32_t> field_of_column;
  std::vector<std::string> header;
  std::vector<std::string_view> columns;
  size_t id_column = 0;
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty()) continue;
    if (columns.empty()) {
      auto location = std::string(path) + ":" + std::to_string(lines.line_number()) + ": ";
      if (auto error = splitter.Split(line, cells)) {
        return FileError{location + "column " + std::to_string(error->column + 1) + " of the header: " + error->what};
      }
      for (const CsvCell& cell : cells) header.emplace_back(cell.text);
      columns.assign(header.begin(), header.end());
      if (auto error = ReadHeader(context.shape, cells, field_of_column, id_column)) {
        return FileError{location + *error};
      }
      continue;
    }
    context.Begin(lines.line_number());
    if (ReadLine(context, splitter, cells, field_of_column, columns, id_column, line)) {
      context.Finish(line);
    } else {
      context.Quarantine(line);
    }
  }
  return std::nullopt;
}

}  // namespace cobro::runtime::io
