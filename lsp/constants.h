#pragma once

// Values of constant expressions, for hovers and inlay hints: what `3d * 2`
// or `1w` comes to.

#include <cstdint>
#include <optional>

#include "compiler/ast/file.h"

namespace cobro::lsp {

// The milliseconds of a duration expression made of literals (`1w`, `3d * 2`,
// `36h - 30m`); nullopt when it reads anything else.
auto ConstantDuration(const ast::File& file, ast::ExprId expr) -> std::optional<int64_t>;

}  // namespace cobro::lsp
