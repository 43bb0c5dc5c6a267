#pragma once

// What a request handler gets: its parameters, the snapshot it reads, and
// conversions between the snapshot's byte ranges and the protocol's
// positions. Handlers are `handle_<method>.cpp`, declared in handlers.h.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/file_system.h"
#include "lsp/documents.h"
#include "lsp/json.h"
#include "lsp/positions.h"
#include "lsp/protocol.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

// What the client said it supports, read once at initialize.
struct ClientSupport {
  PositionEncoding encoding = PositionEncoding::Utf16;
  bool snippets = false;
  bool markdown_hover = false;
  bool hierarchical_symbols = false;
  bool inlay_hint_refresh = false;
  bool code_lens_refresh = false;
  bool semantic_tokens_refresh = false;
  bool watched_files_registration = false;
  bool work_done_progress = false;
};

// State kept between requests, shared by the request thread.
struct Session {
  // The last semantic tokens sent per document, for delta requests.
  struct Tokens {
    std::string result_id;
    std::vector<uint32_t> data;
  };
  std::mutex mutex;
  std::map<std::string, Tokens> semantic_tokens;
  uint64_t next_result_id = 1;
};

class RequestContext {
 public:
  RequestContext(const Json& params, const ClientSupport& client, const DocumentStore& documents,
                 std::shared_ptr<const Snapshot> snapshot, Session& session, driver::FileSystem& files)
      : params(params),
        client(client),
        documents(documents),
        snapshot(std::move(snapshot)),
        session(session),
        files(files) {}

  const Json& params;
  const ClientSupport& client;
  const DocumentStore& documents;
  // Covers every change made before the request arrived, or (for requests
  // that tolerate it) the latest one built.
  std::shared_ptr<const Snapshot> snapshot;
  Session& session;
  // The files on disk, for modules the snapshot did not load (imports to
  // suggest). Stateless, so safe beside the checking thread.
  driver::FileSystem& files;

  // The snapshot; throws an error response when there is none.
  auto Program() const -> const Snapshot&;

  // The file of `params.textDocument`, or nullopt when the snapshot does
  // not hold it.
  auto DocumentFile() -> std::optional<FileId>;

  // Line tables over the snapshot's text of `file`, built once per request.
  auto Lines(FileId file) -> const LineIndex&;

  auto ToRange(SourceRange range) -> Range;
  auto ToLocation(SourceRange range) -> Location;
  auto Offset(FileId file, Position position) -> uint32_t;
  // The URI of `file`: the one the client opened it under, if open.
  auto Uri(FileId file) const -> std::string;

  // The name under `params.position` in `params.textDocument`, or null.
  auto OccurrenceAtCursor() -> const Occurrence*;

 private:
  std::map<int32_t, std::unique_ptr<LineIndex>> lines_;
};

}  // namespace cobro::lsp
