#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/diag/diagnostic.h"

namespace cobro::diag {

// A diagnostic declared next to its use: kind, severity and a fmt format
// string whose arguments have the listed types.
template <class... Args>
struct Definition {
  Kind kind;
  Severity severity;
  const char* format;
};

// A note's message, declared like a diagnostic.
template <class... Args>
struct NoteDefinition {
  const char* format;
};

// Declares diagnostic `Name` (which must be listed in kinds.def).
#define COBRO_DIAGNOSTIC(Name, SeverityName, Format, ...)                         \
  static constexpr ::cobro::diag::Definition<__VA_ARGS__> Name {                  \
    ::cobro::diag::Kind::Name, ::cobro::diag::Severity::SeverityName, Format      \
  }

// Declares a second message `Name` for an existing kind `KindName`, for a
// kind whose situations need different wording.
#define COBRO_DIAGNOSTIC_OF(Name, KindName, SeverityName, Format, ...)            \
  static constexpr ::cobro::diag::Definition<__VA_ARGS__> Name {                  \
    ::cobro::diag::Kind::KindName, ::cobro::diag::Severity::SeverityName, Format  \
  }

// Declares a note message `Name`.
#define COBRO_NOTE(Name, Format, ...) \
  static constexpr ::cobro::diag::NoteDefinition<__VA_ARGS__> Name { Format }

class Emitter;

// Builds one diagnostic; nothing is reported until Emit.
class Builder {
 public:
  Builder(Emitter& emitter, Diagnostic diagnostic)
      : emitter_(&emitter), diagnostic_(std::move(diagnostic)) {}

  // Adds a note at `range`.
  template <class... Args>
  auto Note(SourceRange range, const NoteDefinition<Args...>& note,
            std::type_identity_t<Args>... args) -> Builder& {
    diagnostic_.notes.push_back({range, fmt::format(fmt::runtime(note.format), args...)});
    return *this;
  }

  // Suggests replacing `range` with `replacement`.
  auto Fix(SourceRange range, std::string replacement) -> Builder& {
    diagnostic_.fixes.push_back({range, std::move(replacement)});
    return *this;
  }

  // Attaches a counterexample trace.
  auto Trace(std::vector<TraceStep> steps) -> Builder& {
    diagnostic_.trace = std::move(steps);
    return *this;
  }

  // Reports the diagnostic.
  void Emit();

 private:
  Emitter* emitter_;
  Diagnostic diagnostic_;
};

// Collects a phase's diagnostics. Phases never fail: they return their value
// and report what was wrong here.
class Emitter {
 public:
  explicit Emitter(std::vector<Diagnostic>& sink) : sink_(&sink) {}

  // Starts a diagnostic at `range`.
  template <class... Args>
  auto Build(SourceRange range, const Definition<Args...>& definition,
             std::type_identity_t<Args>... args) -> Builder {
    Diagnostic diagnostic;
    diagnostic.kind = definition.kind;
    diagnostic.severity = definition.severity;
    diagnostic.range = range;
    diagnostic.message = fmt::format(fmt::runtime(definition.format), args...);
    return Builder(*this, std::move(diagnostic));
  }

  // Reports a diagnostic without notes.
  template <class... Args>
  void Emit(SourceRange range, const Definition<Args...>& definition,
            std::type_identity_t<Args>... args) {
    Build(range, definition, args...).Emit();
  }

  // Adds a finished diagnostic.
  void Add(Diagnostic diagnostic) {
    if (diagnostic.severity == Severity::Error) ++error_count_;
    sink_->push_back(std::move(diagnostic));
  }

  // The number of errors reported through this emitter.
  auto error_count() const -> int { return error_count_; }

 private:
  std::vector<Diagnostic>* sink_;
  int error_count_ = 0;
};

inline void Builder::Emit() { emitter_->Add(std::move(diagnostic_)); }

}  // namespace cobro::diag
