#pragma once

// The modules a file could import: every module under the stdlib and the
// project's roots, found through the file system, for completing `import`
// and for the code action that adds a missing one.

#include <string>
#include <vector>

#include "compiler/driver/file_system.h"
#include "lsp/project.h"

namespace cobro::lsp {

struct ImportableModule {
  std::string name;  // `compliance.us.regf`
  std::string path;
};

// Modules under the stdlib and the configured roots (and the project's root
// when a `cobro.toml` marks it), by name, each once. An import is a dotted
// name, so a module's name is its path under its root.
auto ImportableModules(driver::FileSystem& files, const Project& project) -> std::vector<ImportableModule>;

// The names a module's top-level declarations define (`Debtor`,
// `contact.opened`), read from its syntax alone.
auto DeclaredNames(const std::string& path, const std::string& text) -> std::vector<std::string>;

}  // namespace cobro::lsp
