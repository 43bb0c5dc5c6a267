#include "compiler/driver/file_system.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cobro::driver {

auto DiskFileSystem::ReadFile(const std::string& path, std::string& error)
    -> std::optional<std::string> {
  std::error_code code;
  if (std::filesystem::is_directory(path, code)) {
    error = "it is a directory";
    return std::nullopt;
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad()) {
    error = "read failed";
    return std::nullopt;
  }
  return contents.str();
}

auto DiskFileSystem::IsDirectory(const std::string& path) -> bool {
  std::error_code code;
  return std::filesystem::is_directory(path, code);
}

auto DiskFileSystem::ListCobroFiles(const std::string& directory) -> std::vector<std::string> {
  std::vector<std::string> files;
  std::error_code code;
  auto options = std::filesystem::directory_options::skip_permission_denied;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, options, code);
       !code && it != std::filesystem::recursive_directory_iterator(); it.increment(code)) {
    if (it->is_regular_file(code) && it->path().extension() == ".cobro") {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

auto DiskFileSystem::Canonical(const std::string& path) -> std::string {
  std::error_code code;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, code);
  return code ? path : canonical.string();
}

auto DiskFileSystem::AppendFile(const std::string& path, const std::string& text,
                                std::string& error) -> bool {
  std::ofstream stream(path, std::ios::binary | std::ios::app);
  if (!stream) {
    error = std::strerror(errno);
    return false;
  }
  stream << text;
  stream.flush();
  if (!stream) {
    error = "write failed";
    return false;
  }
  return true;
}

auto DiskFileSystem::WriteFile(const std::string& path, const std::string& text,
                               std::string& error) -> bool {
  // Write a sibling and rename it over the file, so a failed write never
  // leaves a source file half written.
  std::string temporary = path + ".cobro-fmt.tmp";
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) {
      error = std::strerror(errno);
      return false;
    }
    stream << text;
    stream.flush();
    if (!stream) {
      error = "write failed";
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code code;
  // The new file keeps the old one's permissions.
  std::filesystem::file_status status = std::filesystem::status(path, code);
  if (!code) std::filesystem::permissions(temporary, status.permissions(), code);
  std::filesystem::rename(temporary, path, code);
  if (code) {
    error = code.message();
    std::filesystem::remove(temporary, code);
    return false;
  }
  return true;
}

auto MemoryFileSystem::WriteFile(const std::string& path, const std::string& text,
                                 std::string& error) -> bool {
  NoteWrite(path);
  files_[path] = text;
  return true;
}

auto MemoryFileSystem::AppendFile(const std::string& path, const std::string& text,
                                  std::string& error) -> bool {
  NoteWrite(path);
  files_[path] += text;
  return true;
}

auto MemoryFileSystem::Canonical(const std::string& path) -> std::string {
  return std::filesystem::path(path).lexically_normal().string();
}

auto MemoryFileSystem::ReadFile(const std::string& path, std::string& error)
    -> std::optional<std::string> {
  auto it = files_.find(path);
  if (it != files_.end()) return it->second;
  if (!disk_prefix_.empty() && path.starts_with(disk_prefix_)) {
    return disk_.ReadFile(disk_directory_ + path.substr(disk_prefix_.size()), error);
  }
  error = "No such file or directory";
  return std::nullopt;
}

auto MemoryFileSystem::IsDirectory(const std::string& path) -> bool {
  std::string prefix = path.ends_with("/") ? path : path + "/";
  return std::any_of(files_.begin(), files_.end(),
                     [&](const auto& entry) { return entry.first.starts_with(prefix); });
}

auto MemoryFileSystem::ListCobroFiles(const std::string& directory) -> std::vector<std::string> {
  std::string prefix = directory.ends_with("/") ? directory : directory + "/";
  std::vector<std::string> files;
  if (!disk_prefix_.empty() && prefix.starts_with(disk_prefix_)) {
    for (const std::string& path :
         disk_.ListCobroFiles(disk_directory_ + prefix.substr(disk_prefix_.size()))) {
      files.push_back(disk_prefix_ + path.substr(disk_directory_.size()));
    }
  }
  for (const auto& [path, text] : files_) {
    if (path.starts_with(prefix) && path.ends_with(".cobro")) files.push_back(path);
  }
  return files;
}

auto FileSystem::OpenRead(const std::string& path, std::string& error) -> std::unique_ptr<std::istream> {
  std::optional<std::string> text = ReadFile(path, error);
  if (!text) return nullptr;
  return std::make_unique<std::istringstream>(std::move(*text));
}

auto DiskFileSystem::OpenRead(const std::string& path, std::string& error) -> std::unique_ptr<std::istream> {
  if (IsDirectory(path)) {
    error = "it is a directory";
    return nullptr;
  }
  auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*stream) {
    error = std::strerror(errno);
    return nullptr;
  }
  return stream;
}

auto DiskFileSystem::OpenWrite(const std::string& path, std::string& error) -> std::unique_ptr<std::ostream> {
  auto stream = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*stream) {
    error = std::strerror(errno);
    return nullptr;
  }
  return stream;
}

namespace {

// Collects what is written and stores it as the file when destroyed.
class MemoryFileStream final : public std::ostringstream {
 public:
  MemoryFileStream(std::map<std::string, std::string>& files, std::string path)
      : files_(files), path_(std::move(path)) {}
  ~MemoryFileStream() override { files_[path_] = str(); }

 private:
  std::map<std::string, std::string>& files_;
  std::string path_;
};

}  // namespace

auto MemoryFileSystem::OpenWrite(const std::string& path, std::string& error) -> std::unique_ptr<std::ostream> {
  NoteWrite(path);
  return std::make_unique<MemoryFileStream>(files_, path);
}

}  // namespace cobro::driver
