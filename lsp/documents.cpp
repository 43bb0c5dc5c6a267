#include "lsp/documents.h"

#include "lsp/overlay_file_system.h"
#include "lsp/uri.h"

namespace cobro::lsp {

void DocumentStore::Open(const std::string& uri, std::string text, int64_t version) {
  std::lock_guard lock(mutex_);
  Document document{uri, UriToPath(uri), std::move(text), version};
  uri_by_path_[NormalPath(document.path)] = uri;
  documents_[uri] = std::move(document);
  ++generation_;
}

auto DocumentStore::Change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes,
                           PositionEncoding encoding) -> bool {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(uri);
  if (it == documents_.end()) return false;
  std::string& text = it->second.text;
  for (const ContentChange& change : changes) {
    if (!change.range) {
      text = change.text;
      continue;
    }
    LineIndex index(text, encoding);
    auto [begin, end] = index.ToOffsets(*change.range);
    text.replace(begin, end - begin, change.text);
  }
  it->second.version = version;
  ++generation_;
  return true;
}

void DocumentStore::Close(const std::string& uri) {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  uri_by_path_.erase(NormalPath(it->second.path));
  documents_.erase(it);
  ++generation_;
}

auto DocumentStore::Get(const std::string& uri) const -> std::optional<Document> {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(uri);
  if (it == documents_.end()) return std::nullopt;
  return it->second;
}

auto DocumentStore::All() const -> std::vector<Document> {
  std::lock_guard lock(mutex_);
  std::vector<Document> all;
  all.reserve(documents_.size());
  for (const auto& [uri, document] : documents_) all.push_back(document);
  return all;
}

auto DocumentStore::UriFor(const std::string& path) const -> std::string {
  std::lock_guard lock(mutex_);
  std::string normal = NormalPath(path);
  auto it = uri_by_path_.find(normal);
  return it != uri_by_path_.end() ? it->second : PathToUri(normal);
}

auto DocumentStore::generation() const -> uint64_t {
  std::lock_guard lock(mutex_);
  return generation_;
}

}  // namespace cobro::lsp
