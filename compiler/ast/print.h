#pragma once

#include <string>

#include "compiler/ast/file.h"
#include "compiler/base/source_buffer.h"

namespace cobro::ast {

// Prints a File back as canonical Cobro source: one declaration style, two-
// space indentation, minimal parentheses. Literals keep their spelling from
// `buffer`. Doc comments are kept; ordinary comments are not (the formatter
// interleaves them). Parsing the output yields an equal AST.
auto Print(const File& file, const SourceBuffer& buffer) -> std::string;

// Prints one expression the same way.
auto PrintExpr(const File& file, const SourceBuffer& buffer, ExprId expr) -> std::string;

}  // namespace cobro::ast
