#pragma once

#include "compiler/base/source_buffer.h"
#include "compiler/flowir/module.h"

namespace cobro::sema {
struct Program;
}  // namespace cobro::sema

namespace cobro::lower {

// Lowers a checked program (which must have no errors) to flow IR: every
// profile, event, fn, scorecard and flow of every module. With `sources`,
// actions and handlers carry their source lines.
auto Lower(const sema::Program& program, const SourceManager* sources = nullptr) -> flowir::Module;

}  // namespace cobro::lower
