#pragma once

// Questions about where an offset is in a file's syntax tree: the
// expression, declaration, state or rule around it.

#include <cstdint>
#include <optional>

#include "compiler/ast/file.h"

namespace cobro::lsp {

// The name of a top-level declaration and its range.
auto DeclName(const ast::File& file, const ast::DeclRef& decl) -> std::pair<std::string, SourceRange>;

// The smallest expression whose range contains `offset` (an offset at an
// expression's end counts), or None.
auto ExprAt(const ast::File& file, uint32_t offset) -> ast::ExprId;

// The declaration, state and policy rule around `offset`.
struct Enclosing {
  std::optional<ast::DeclRef> decl;
  // Flows: the state, or -1.
  int32_t state = -1;
  // Policies: the rule, or -1.
  int32_t rule = -1;
};
auto EnclosingAt(const ast::File& file, uint32_t offset) -> Enclosing;

// Whether `range` contains `offset`, its end included.
inline auto Contains(SourceRange range, uint32_t offset) -> bool {
  return range.has_value() && range.begin <= offset && offset <= range.end;
}

}  // namespace cobro::lsp
