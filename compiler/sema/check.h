#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source_buffer.h"
#include "compiler/diag/emitter.h"
#include "compiler/sema/program.h"

namespace cobro::sema {

// Finds the source of an imported module: given a module name such as
// `compliance.us.regf`, returns its path and text, or nullopt. Implemented
// by the driver over the stdlib and project roots, and by tests in memory.
struct FoundModule {
  std::string path;
  std::string text;
  bool is_stdlib = false;
};
using ModuleFinder = std::function<std::optional<FoundModule>(const std::string& module_name)>;

// Lists the names of every module the finder could find, for suggestions.
using ModuleLister = std::function<std::vector<std::string>()>;

// Parses one file as parse::Parse does, reporting its syntax errors to the
// emitter. Empty means parse::Parse; the language server passes one that
// reuses the ASTs of files whose text has not changed.
using FileParser =
    std::function<ast::File(const SourceBuffer& buffer, FileId file_id, diag::Emitter& emitter)>;

// Adds every module reachable through imports to `modules`, parsing each
// once, and resolves imports. Reports unknown and duplicate modules.
// `extra` names modules to load as if imported (compliance packs bound from
// the command line). `parser` parses each module found.
void LoadImports(ModuleSet& modules, const ModuleFinder& finder, SourceManager& sources,
                 diag::Emitter& emitter, const ModuleLister& lister = {},
                 const std::vector<std::string>& extra = {}, const FileParser& parser = {});

// Checks names, types, units, flows, scorecards, policies, experiments and
// tests. Never fails: what is wrong is reported and typed as an error.
auto Check(ModuleSet modules, diag::Emitter& emitter) -> Program;

}  // namespace cobro::sema
