#pragma once

// How the things a program names read in the editor: one-line signatures for
// completion details and outlines, full declarations and docs for hovers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/types.h"
#include "lsp/entity.h"
#include "lsp/snapshot.h"

namespace cobro::lsp {

// A type as the language spells it: `money`, `set<channel>`, `Debtor`.
auto TypeText(const sema::Program& program, sema::TypeId type) -> std::string;

// A written type as written: `set<channel>`; empty for none.
auto TypeRefText(const ast::File& file, ast::TypeRefId type) -> std::string;

// One line: `fn ptp(d: Debtor) -> float`, `state promised(p: promise)`,
// `Debtor.balance: money`. `type`, when known, is the type of a local.
auto Signature(const Snapshot& snapshot, const Entity& entity,
               std::optional<sema::TypeId> type = std::nullopt) -> std::string;

// The doc comment of what `entity` names (for built-ins, the language's
// description), without the `///`.
auto Documentation(const Snapshot& snapshot, const Entity& entity) -> std::string;

// The parameters of a function, builtin or scorecard as `name: type`, and
// its result type; empty when `entity` is not callable.
struct Callable {
  std::string name;
  std::vector<std::string> params;
  std::string result;
  std::string documentation;
};
auto CallableOf(const Snapshot& snapshot, const Entity& entity) -> std::optional<Callable>;

// The entity of a top-level symbol.
auto EntityOf(const Snapshot& snapshot, const sema::Symbol& symbol) -> Entity;

// The lowest and highest score a scorecard can give: its base plus the
// worst and best bin of each row.
auto ScoreRange(const ast::ScorecardDecl& scorecard) -> std::pair<int64_t, int64_t>;

// What a built-in channel, group or terminal state means.
auto BuiltinDescription(const Entity& entity) -> std::string;

// The name an entity is written with.
auto EntityName(const Snapshot& snapshot, const Entity& entity) -> std::string;

}  // namespace cobro::lsp
