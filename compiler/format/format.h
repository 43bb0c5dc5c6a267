#pragma once

// The canonical formatter behind `cobro fmt` and the language server's
// formatting requests. It re-spaces the file's own tokens and never reorders
// or rewrites them, so comments stay where they were written and the meaning
// cannot change; docs/editors.md describes the style.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace cobro::format {

// How the output is laid out.
struct Options {
  // Spaces per nesting level.
  int indent = 2;
  // Lines longer than this are broken where the language allows; a line may
  // stay longer when nothing in it can break (a long string, a comment).
  int max_width = 100;
};

// One replacement: the bytes [begin, end) of the input become `text`.
struct Edit {
  uint32_t begin;
  uint32_t end;
  std::string text;
};

// The formatted form of `text`, or nullopt when it has syntax errors; the
// syntax errors then go to `diagnostics` if it is not null. Their ranges are
// byte offsets into `text`, under FileId 0 (the first file of a
// SourceManager that holds only `text`).
auto FormatText(std::string_view text, const Options& options,
                std::vector<diag::Diagnostic>* diagnostics = nullptr) -> std::optional<std::string>;

// The smallest edits that turn `text` into its formatted form, keeping only
// those that touch [begin, end) (pass 0 and text.size() for the whole file).
// Sorted by offset and non-overlapping; nullopt when `text` has syntax errors.
auto FormatEdits(std::string_view text, const Options& options, uint32_t begin, uint32_t end)
    -> std::optional<std::vector<Edit>>;

}  // namespace cobro::format
