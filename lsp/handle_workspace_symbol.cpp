// `workspace/symbol`: declarations, states and rules of every module the
// project loads (the stdlib included), by fuzzy name.

#include <algorithm>
#include <cctype>

#include "lsp/handlers.h"
#include "lsp/outline.h"

namespace cobro::lsp {

namespace {

constexpr size_t kMaxResults = 500;

auto Lower(char c) -> char { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Whether the query's characters appear in `name` in order, ignoring case.
auto Matches(std::string_view query, std::string_view name) -> bool {
  size_t at = 0;
  for (char c : name) {
    if (at < query.size() && Lower(c) == Lower(query[at])) ++at;
  }
  return at == query.size();
}

auto StartsWith(std::string_view name, std::string_view query) -> bool {
  if (query.size() > name.size()) return false;
  for (size_t i = 0; i < query.size(); ++i) {
    if (Lower(name[i]) != Lower(query[i])) return false;
  }
  return true;
}

struct Found {
  const OutlineItem* item;
  std::string container;
};

void Collect(const std::vector<OutlineItem>& items, const std::string& container, std::string_view query,
             std::vector<Found>& found) {
  for (const OutlineItem& item : items) {
    if (Matches(query, item.name)) found.push_back({&item, container});
    Collect(item.children, item.name, query, found);
  }
}

}  // namespace

auto HandleWorkspaceSymbol(RequestContext& context) -> Json {
  const Snapshot& snapshot = context.Program();
  std::string query = context.params.value("query", "");
  std::vector<std::vector<OutlineItem>> outlines;
  std::vector<std::string> modules;
  for (size_t m = 0; m < snapshot.result.program.modules.size(); ++m) {
    outlines.push_back(Outline(snapshot, static_cast<int32_t>(m)));
    modules.push_back(snapshot.result.program.modules[m].name);
  }
  std::vector<Found> found;
  for (size_t m = 0; m < outlines.size(); ++m) Collect(outlines[m], modules[m], query, found);
  // Names that start with the query first, then by name: stable output.
  std::stable_sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    bool a_prefix = StartsWith(a.item->name, query);
    bool b_prefix = StartsWith(b.item->name, query);
    if (a_prefix != b_prefix) return a_prefix;
    return a.item->name < b.item->name;
  });
  Json symbols = Json::array();
  for (size_t i = 0; i < found.size() && i < kMaxResults; ++i) {
    Json symbol = {{"name", found[i].item->name},
                   {"kind", static_cast<int32_t>(found[i].item->kind)},
                   {"location", context.ToLocation(found[i].item->selection)}};
    if (!found[i].container.empty()) symbol["containerName"] = found[i].container;
    symbols.push_back(std::move(symbol));
  }
  return symbols;
}

}  // namespace cobro::lsp
