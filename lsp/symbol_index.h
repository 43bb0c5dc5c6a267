#pragma once

// Every place a program names something, with what it names: the basis of
// go to definition, references, rename, hover, highlighting and the
// transition hierarchy. Built from the checker's side tables and the AST,
// so it agrees with the checker on what each name means.

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/sema/program.h"
#include "lsp/entity.h"

namespace cobro::lsp {

// One name as written, and what it stands for.
struct Occurrence {
  SourceRange range;
  Entity entity;
  // Whether this is where the entity is defined.
  bool is_definition = false;
};

class SymbolIndex {
 public:
  // Indexes every module of `program`.
  static auto Build(const sema::Program& program) -> SymbolIndex;

  // The occurrence under a cursor at `offset` in `file`: one that contains
  // it, else one that ends right at it (a cursor after a word).
  auto At(FileId file, uint32_t offset) const -> const Occurrence*;

  // Every occurrence of `entity`, definition included, in file order.
  auto OccurrencesOf(const Entity& entity) const -> std::vector<const Occurrence*>;

  // Occurrences in `file` whose range overlaps [begin, end), in order.
  auto InRange(FileId file, uint32_t begin, uint32_t end) const -> std::vector<const Occurrence*>;

  // Every definition, in file order.
  auto Definitions() const -> std::vector<const Occurrence*>;

  // The entity defined at `definition` (a name's range), if any.
  auto DefinedAt(SourceRange definition) const -> std::optional<Entity>;

 private:
  // Sorted by file, begin, end.
  std::vector<Occurrence> occurrences_;
};

}  // namespace cobro::lsp
