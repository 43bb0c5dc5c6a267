#pragma once

// The declarations of a module as a tree (module > flow > state), for the
// document outline and workspace symbol search.

#include <string>
#include <vector>

#include "lsp/protocol.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

struct OutlineItem {
  std::string name;
  // A one-line signature, shown beside the name.
  std::string detail;
  SymbolKind kind = SymbolKind::Object;
  // The whole declaration, and its name.
  SourceRange range;
  SourceRange selection;
  std::vector<OutlineItem> children;
};

// The declarations of `module` in source order, with their fields, rules and
// states as children. Declarations whose name did not parse are left out.
auto Outline(const Snapshot& snapshot, int32_t module) -> std::vector<OutlineItem>;

}  // namespace cobro::lsp
