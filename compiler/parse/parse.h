#pragma once

#include "compiler/ast/file.h"
#include "compiler/base/source_buffer.h"
#include "compiler/diag/emitter.h"

namespace cobro::parse {

// How deeply brackets, `if`s and prefix operators may nest. Deeper input is
// reported instead of parsed, so adversarial files cannot overflow the stack.
inline constexpr int kMaxNesting = 100;

// Parses one file into its AST. Never fails: syntax errors are reported to
// `emitter` and the parts that could be read are kept.
auto Parse(const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter) -> ast::File;

}  // namespace cobro::parse
