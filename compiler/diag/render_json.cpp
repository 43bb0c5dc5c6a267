// JSON rendering is one of the I/O edges allowed to use a JSON library.
#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"

namespace cobro::diag {

namespace {

auto RangeJson(const SourceManager& sources, SourceRange range) -> nlohmann::json {
  if (!range.has_value()) return nullptr;
  const SourceBuffer& buffer = sources.Get(range.file);
  LineColumn begin = DisplayPosition(buffer, range.begin);
  LineColumn end = DisplayPosition(buffer, range.end);
  return {{"file", buffer.path()},
          {"start", {{"line", begin.line}, {"column", begin.column}, {"offset", range.begin}}},
          {"end", {{"line", end.line}, {"column", end.column}, {"offset", range.end}}}};
}

}  // namespace

auto RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources)
    -> std::string {
  nlohmann::json list = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  for (const Diagnostic& diagnostic : diagnostics) {
    errors += diagnostic.severity == Severity::Error;
    warnings += diagnostic.severity == Severity::Warning;
    nlohmann::json notes = nlohmann::json::array();
    for (const Note& note : diagnostic.notes) {
      notes.push_back({{"message", note.message}, {"range", RangeJson(sources, note.range)}});
    }
    nlohmann::json fixes = nlohmann::json::array();
    for (const FixIt& fix : diagnostic.fixes) {
      fixes.push_back(
          {{"replacement", fix.replacement}, {"range", RangeJson(sources, fix.range)}});
    }
    nlohmann::json trace = nlohmann::json::array();
    for (const TraceStep& step : diagnostic.trace) {
      trace.push_back({{"message", step.message}, {"range", RangeJson(sources, step.range)}});
    }
    list.push_back({{"code", std::string(KindName(diagnostic.kind))},
                    {"severity", std::string(SeverityName(diagnostic.severity))},
                    {"message", diagnostic.message},
                    {"range", RangeJson(sources, diagnostic.range)},
                    {"notes", std::move(notes)},
                    {"fixes", std::move(fixes)},
                    {"trace", std::move(trace)}});
  }
  nlohmann::json document = {{"version", 1},
                             {"diagnostics", std::move(list)},
                             {"errors", errors},
                             {"warnings", warnings}};
  // Messages quote source text; a file that is not UTF-8 is reported, and
  // its bad bytes must not make the report itself fail.
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace cobro::diag
