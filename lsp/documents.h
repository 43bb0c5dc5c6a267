#pragma once

// The documents the client has open: their text as the client has it, which
// wins over the file on disk.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lsp/positions.h"
#include "lsp/protocol.h"

namespace cobro::lsp {

struct Document {
  std::string uri;
  // The path the compiler names the document by (see UriToPath).
  std::string path;
  std::string text;
  int64_t version = 0;
};

// One `contentChanges` entry of didChange: a replacement of `range`, or of
// the whole text when there is none.
struct ContentChange {
  std::optional<Range> range;
  std::string text;
};

// Open documents by URI. Safe to use from any thread; readers get copies.
class DocumentStore {
 public:
  void Open(const std::string& uri, std::string text, int64_t version);

  // Applies `changes` in order, each to the text the previous one left.
  // Returns false when the document is not open.
  auto Change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes,
              PositionEncoding encoding) -> bool;

  void Close(const std::string& uri);

  // A copy of one document, or nullopt when it is not open.
  auto Get(const std::string& uri) const -> std::optional<Document>;

  // Copies of every open document, sorted by URI.
  auto All() const -> std::vector<Document>;

  // The URI the client opened `path` under, or its `file:` URI.
  auto UriFor(const std::string& path) const -> std::string;

  // Counts every change to the set of open documents or their texts, so
  // work can tell whether it saw the latest state.
  auto generation() const -> uint64_t;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Document> documents_;
  std::map<std::string, std::string> uri_by_path_;
  uint64_t generation_ = 0;
};

}  // namespace cobro::lsp
