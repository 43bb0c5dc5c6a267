#pragma once

#include <algorithm>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cobro::driver {

// The driver's only way to touch files, so tests can run it in memory and
// flow files can never reach beyond what the driver asks for.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The contents of a file, or nullopt with `error` set to why not.
  virtual auto ReadFile(const std::string& path, std::string& error)
      -> std::optional<std::string> = 0;

  // Whether `path` names a directory.
  virtual auto IsDirectory(const std::string& path) -> bool = 0;

  // Every `.cobro` file under `directory`, recursively, sorted by path.
  virtual auto ListCobroFiles(const std::string& directory) -> std::vector<std::string> = 0;

  // An absolute, normalised spelling of `path`, to tell whether two paths
  // name the same place.
  virtual auto Canonical(const std::string& path) -> std::string = 0;

  // Appends `text` to the file at `path`, creating it if needed; false with
  // `error` set to why not. Only reports (a CI job summary) are written.
  virtual auto AppendFile(const std::string& path, const std::string& text, std::string& error)
      -> bool {
    error = "this file system is read-only";
    return false;
  }

  // Replaces the contents of the file at `path` with `text`; false with
  // `error` set to why not. Only `cobro fmt -w` rewrites sources.
  virtual auto WriteFile(const std::string& path, const std::string& text, std::string& error)
      -> bool {
    error = "this file system is read-only";
    return false;
  }

  // A stream over the file at `path`, for inputs too large to hold in
  // memory (event streams); null with `error` set to why not.
  virtual auto OpenRead(const std::string& path, std::string& error) -> std::unique_ptr<std::istream>;

  // A stream that replaces the file at `path` (run outputs); null with
  // `error` set to why not. The file is complete once the stream is destroyed.
  virtual auto OpenWrite(const std::string& path, std::string& error) -> std::unique_ptr<std::ostream> {
    error = "this file system is read-only";
    return nullptr;
  }
};

// The real file system.
class DiskFileSystem : public FileSystem {
 public:
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto ListCobroFiles(const std::string& directory) -> std::vector<std::string> override;
  auto Canonical(const std::string& path) -> std::string override;
  auto AppendFile(const std::string& path, const std::string& text, std::string& error)
      -> bool override;
  auto WriteFile(const std::string& path, const std::string& text, std::string& error)
      -> bool override;
  auto OpenRead(const std::string& path, std::string& error) -> std::unique_ptr<std::istream> override;
  auto OpenWrite(const std::string& path, std::string& error) -> std::unique_ptr<std::ostream> override;
};

// Files held in memory, for tests; directories are path prefixes.
class MemoryFileSystem : public FileSystem {
 public:
  // Adds or replaces a file.
  void Add(const std::string& path, std::string text) { files_[path] = std::move(text); }

  // Serves paths under `prefix` from the real directory `disk_directory`;
  // used to give tests the real stdlib under a short, stable path.
  void MapToDisk(std::string prefix, std::string disk_directory) {
    disk_prefix_ = std::move(prefix);
    disk_directory_ = std::move(disk_directory);
  }

  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto ListCobroFiles(const std::string& directory) -> std::vector<std::string> override;
  auto Canonical(const std::string& path) -> std::string override;
  auto AppendFile(const std::string& path, const std::string& text, std::string& error)
      -> bool override;
  auto WriteFile(const std::string& path, const std::string& text, std::string& error)
      -> bool override;
  auto OpenWrite(const std::string& path, std::string& error) -> std::unique_ptr<std::ostream> override;

  // The paths written so far, in first-write order (for tests to show).
  auto written() const -> const std::vector<std::string>& { return written_; }

 private:
  void NoteWrite(const std::string& path) {
    if (std::find(written_.begin(), written_.end(), path) == written_.end()) written_.push_back(path);
  }

  std::map<std::string, std::string> files_;
  std::vector<std::string> written_;
  std::string disk_prefix_;
  std::string disk_directory_;
  DiskFileSystem disk_;
};

}  // namespace cobro::driver
