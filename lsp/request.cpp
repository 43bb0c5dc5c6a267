#include "lsp/request.h"

#include "lsp/uri.h"

namespace cobro::lsp {

auto RequestContext::Program() const -> const Snapshot& {
  if (!snapshot) throw ResponseError{ErrorCode::RequestFailed, "the program has not been checked yet"};
  return *snapshot;
}

auto RequestContext::DocumentFile() -> std::optional<FileId> {
  std::string path = UriToPath(DocumentUri(params));
  return Program().FileOf(path);
}

auto RequestContext::Lines(FileId file) -> const LineIndex& {
  auto& slot = lines_[file.index];
  if (!slot) slot = std::make_unique<LineIndex>(Program().Text(file), client.encoding);
  return *slot;
}

auto RequestContext::ToRange(SourceRange range) -> Range {
  if (!range.has_value()) return Range{};
  return Lines(range.file).ToRange(range.begin, range.end);
}

auto RequestContext::ToLocation(SourceRange range) -> Location { return Location{Uri(range.file), ToRange(range)}; }

auto RequestContext::Offset(FileId file, Position position) -> uint32_t { return Lines(file).ToOffset(position); }

auto RequestContext::Uri(FileId file) const -> std::string {
  if (!file.has_value()) return "";
  return documents.UriFor(Program().Path(file));
}

auto RequestContext::OccurrenceAtCursor() -> const Occurrence* {
  std::optional<FileId> file = DocumentFile();
  if (!file) return nullptr;
  return Program().index.At(*file, Offset(*file, PositionParam(params)));
}

}  // namespace cobro::lsp
