#pragma once

// The compiler's view of the files while the client edits some of them: the
// open documents' texts over the files underneath.

#include <map>
#include <string>
#include <vector>

#include "compiler/driver/file_system.h"

namespace cobro::lsp {

class OverlayFileSystem : public driver::FileSystem {
 public:
  // `overlays`: absolute path -> text. `base` must outlive this.
  OverlayFileSystem(driver::FileSystem& base, std::map<std::string, std::string> overlays);

  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto ListCobroFiles(const std::string& directory) -> std::vector<std::string> override;
  auto Canonical(const std::string& path) -> std::string override;

 private:
  driver::FileSystem& base_;
  // Keyed by the lexically normal path.
  std::map<std::string, std::string> overlays_;
};

// `path` without `.`, `..` and doubled slashes, lexically.
auto NormalPath(const std::string& path) -> std::string;

}  // namespace cobro::lsp
