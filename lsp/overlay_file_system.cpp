#include "lsp/overlay_file_system.h"

#include <algorithm>
#include <filesystem>

namespace cobro::lsp {

auto NormalPath(const std::string& path) -> std::string {
  if (path.empty()) return path;
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  if (normal.size() > 1 && normal.ends_with("/")) normal.pop_back();
  return normal;
}

OverlayFileSystem::OverlayFileSystem(driver::FileSystem& base, std::map<std::string, std::string> overlays)
    : base_(base) {
  for (auto& [path, text] : overlays) overlays_[NormalPath(path)] = std::move(text);
}

auto OverlayFileSystem::ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> {
  auto it = overlays_.find(NormalPath(path));
  if (it != overlays_.end()) return it->second;
  return base_.ReadFile(path, error);
}

auto OverlayFileSystem::IsDirectory(const std::string& path) -> bool {
  if (overlays_.contains(NormalPath(path))) return false;
  return base_.IsDirectory(path);
}

auto OverlayFileSystem::ListCobroFiles(const std::string& directory) -> std::vector<std::string> {
  std::vector<std::string> files = base_.ListCobroFiles(directory);
  // A new file the client has not saved yet is part of its directory too.
  std::string prefix = NormalPath(directory) + "/";
  std::vector<std::string> normal;
  for (const std::string& file : files) normal.push_back(NormalPath(file));
  for (const auto& [path, text] : overlays_) {
    if (!path.starts_with(prefix) || !path.ends_with(".cobro")) continue;
    if (std::find(normal.begin(), normal.end(), path) == normal.end()) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

auto OverlayFileSystem::Canonical(const std::string& path) -> std::string { return base_.Canonical(path); }

}  // namespace cobro::lsp
