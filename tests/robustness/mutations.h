#pragma once

// The broken inputs of the robustness test: seed files (every example and
// stdlib module) and the ways they are broken.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cobro::robustness {

// One file the mutations start from.
struct SeedFile {
  // The path the pipeline sees: the real one, relative to the source root, so
  // stdlib modules stay stdlib modules (they may declare builtins).
  std::string path;
  std::string text;
};

// Every `.cobro` file under `source_dir`'s examples/ and stdlib/, sorted.
auto LoadSeeds(const std::filesystem::path& source_dir) -> std::vector<SeedFile>;

// One input of the robustness test.
struct Input {
  // The path under which the pipeline reads it.
  std::string path;
  std::string text;
  // How it was made, enough to see what broke it.
  std::string description;
  // The group of inputs it belongs to, for the summary.
  std::string group;
  // Set when the input crashes the compiler because of a known bug that is
  // not fixed yet: what the bug is and where. The test then expects the crash
  // and fails when it stops happening, so that the mark gets removed.
  std::string known_crash;
};

// How many inputs of each group the test runs. Changing a count or the seed
// changes the inputs; a failure found with other counts is reproduced from
// its saved text, not its index.
struct InputCounts {
  uint32_t seed = 0xC0B80;
  // Every seed file is cut at every `truncation_stride`th token boundary
  // (the last cut keeps the whole file).
  int truncation_stride = 1;
  // Deeply nested and very long constructs.
  int stress = 300;
  // Random mutations, one to four stacked.
  int random = 6000;
};

// The numbered inputs: fixed ones (empty, huge, binary), truncations, stress
// and random mutations. Input N depends only on N, the counts and the seeds.
class InputSet {
 public:
  InputSet(std::vector<SeedFile> seeds, InputCounts counts);

  // The number of inputs.
  auto size() const -> long;

  // Input `index`, in [0, size()).
  auto Make(long index) const -> Input;

  auto seeds() const -> const std::vector<SeedFile>& { return seeds_; }
  auto counts() const -> const InputCounts& { return counts_; }

 private:
  std::vector<SeedFile> seeds_;
  InputCounts counts_;
  std::vector<Input> fixed_;
  // Per seed file, the byte offsets at which it is truncated.
  std::vector<std::vector<size_t>> cuts_;
  long cut_count_ = 0;
};

// Shows `text` with control and non-ASCII bytes as `\xNN`, cut after
// `limit` bytes.
auto Escape(const std::string& text, size_t limit) -> std::string;

}  // namespace cobro::robustness
