#include "runtime/io/event_reader.h"

#include <optional>

#include "runtime/io/event_parsers.h"
#include "runtime/io/line_reader.h"

namespace cobro::runtime::io {

namespace {

auto IsBlank(std::string_view line) -> bool {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

struct EventReader::Impl {
  Impl(const flowir::Module& module, StringPool& strings, ValueArena& arena)
      : catalog(module, strings, arena), jsonl(catalog, strings, arena), csv(catalog, strings, arena) {}

  EventCatalog catalog;
  JsonlEventParser jsonl;
  CsvEventParser csv;
  std::optional<LineReader> lines;
  Format format = Format::Jsonl;
  std::string path;
  std::string reason;
};

EventReader::EventReader(const flowir::Module& module, StringPool& strings, ValueArena& arena)
    : impl_(std::make_unique<Impl>(module, strings, arena)) {}

EventReader::~EventReader() = default;

auto EventReader::Open(std::string_view path_for_messages, Input input, Format format, ReaderOptions options)
    -> std::optional<FileError> {
  Impl& impl = *impl_;
  impl.lines.emplace(input, options.chunk_bytes);
  impl.format = format;
  impl.path = path_for_messages;
  if (format != Format::Csv) return std::nullopt;
  std::string_view line;
  while (impl.lines->Next(line)) {
    if (line.empty()) continue;
    if (!impl.csv.ReadHeader(line, impl.reason)) {
      int64_t header_line = impl.lines->line_number();
      impl.lines.reset();
      return FileError{impl.path + ":" + std::to_string(header_line) + ": " + impl.reason};
    }
    return std::nullopt;
  }
  return failure();
}

auto EventReader::Next(EventInput& event, LineError& error) -> Status {
  Impl& impl = *impl_;
  if (!impl.lines) return Status::End;
  std::string_view line;
  while (impl.lines->Next(line)) {
    if (impl.format == Format::Jsonl ? IsBlank(line) : line.empty()) continue;
    event.line = impl.lines->line_number();
    event.text = line;
    bool parsed = impl.format == Format::Jsonl ? impl.jsonl.Parse(line, event, impl.reason)
                                               : impl.csv.Parse(line, event, impl.reason);
    if (parsed) return Status::Event;
    error.line = event.line;
    error.reason = std::move(impl.reason);
    error.text.assign(line);
    return Status::Error;
  }
  return Status::End;
}

auto EventReader::failure() const -> std::optional<FileError> {
  if (impl_->lines && impl_->lines->failed()) return FileError{impl_->path + ": read error"};
  return std::nullopt;
}

auto EventReader::lines() const -> int64_t { return impl_->lines ? impl_->lines->line_number() : 0; }

}  // namespace cobro::runtime::io
