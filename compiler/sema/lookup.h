#pragma once

// Name lookup over a checked program, for tools such as the language server:
// what a name written in one module refers to, by the checker's rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/sema/program.h"

namespace cobro::sema {

// The declaration that `name` (`Debtor`, `contact.opened`, `co.Ley2300`)
// names in `module`: the module's own declarations first, then those of its
// unaliased imports (the first import that declares it, where the checker
// reports an ambiguity), then `alias.Name` through `import x as alias`.
auto LookupVisible(const Program& program, int32_t module, std::string_view name)
    -> std::optional<Symbol>;

// Every declaration visible from `module`, by the name it is written with
// there: own and unaliased imports' declarations unqualified, an aliased
// module's as `alias.Name`. Sorted by name; a name two imports declare
// appears once, as LookupVisible resolves it.
auto VisibleSymbols(const Program& program, int32_t module)
    -> std::vector<std::pair<std::string, Symbol>>;

}  // namespace cobro::sema
