#pragma once

#include "compiler/base/source_buffer.h"
#include "compiler/flowir/module.h"
#include "compiler/flowir/test.h"

namespace cobro::sema {
struct Program;
}  // namespace cobro::sema

namespace cobro::lower {

// Lowers a checked program (which must have no errors) to flow IR: every
// profile, event, fn, scorecard and flow of every module. With `sources`,
// actions and handlers carry their source lines.
auto Lower(const sema::Program& program, const SourceManager* sources = nullptr) -> flowir::Module;

// A program lowered with the `test` blocks of its input modules.
struct LoweredTests {
  flowir::Module module;
  std::vector<flowir::Test> tests;
};

// Lowers like Lower, then the tests of the input modules, in module and
// source order (lower_test.cpp). Their values become expressions of
// `module`; test steps carry source lines when `sources` is given.
auto LowerWithTests(const sema::Program& program, const SourceManager* sources = nullptr) -> LoweredTests;

}  // namespace cobro::lower
