#pragma once

// Test support for the robustness tests: a structural dump of an AST and the
// print/parse round trip built on it.

#include <string>

#include "compiler/ast/file.h"

namespace cobro::robustness {

// Every node of `file` with its kind and payload, one node per line, without
// source ranges, ids or ordinary comments: two files that print the same dump
// have the same structure. Expressions, types and targets are followed by id
// and printed in place, so the numbering of the stores does not matter.
auto DumpStructure(const ast::File& file) -> std::string;

// What one round trip found. `problem` is empty when the round trip holds.
struct RoundTripResult {
  std::string problem;
  // The printed source of the first and second parse, for reports.
  std::string first_print;
  std::string second_print;
};

// Parses `text`, prints it with ast::Print, parses the output and prints it
// again. The round trip holds when the output parses without diagnostics,
// holds no ordinary comments, prints identically the second time and has the
// same structure as the first parse. `text` must parse without diagnostics;
// otherwise the result says so and nothing else is checked.
auto CheckRoundTrip(const std::string& path, const std::string& text) -> RoundTripResult;

}  // namespace cobro::robustness
