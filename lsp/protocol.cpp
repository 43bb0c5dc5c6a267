#include "lsp/protocol.h"

namespace cobro::lsp {

void to_json(Json& json, const Position& position) {
  json = Json{{"line", position.line}, {"character", position.character}};
}

void from_json(const Json& json, Position& position) {
  position.line = json.at("line").get<int32_t>();
  position.character = json.at("character").get<int32_t>();
}

void to_json(Json& json, const Range& range) { json = Json{{"start", range.start}, {"end", range.end}}; }

void from_json(const Json& json, Range& range) {
  range.start = json.at("start").get<Position>();
  range.end = json.at("end").get<Position>();
}

void to_json(Json& json, const Location& location) {
  json = Json{{"uri", location.uri}, {"range", location.range}};
}

void to_json(Json& json, const TextEdit& edit) { json = Json{{"range", edit.range}, {"newText", edit.newText}}; }

void to_json(Json& json, const DiagnosticRelatedInformation& information) {
  json = Json{{"location", information.location}, {"message", information.message}};
}

void to_json(Json& json, const Diagnostic& diagnostic) {
  json = Json{{"range", diagnostic.range},
              {"severity", static_cast<int32_t>(diagnostic.severity)},
              {"source", diagnostic.source},
              {"message", diagnostic.message}};
  if (!diagnostic.code.empty()) json["code"] = diagnostic.code;
  if (!diagnostic.codeDescriptionHref.empty()) {
    json["codeDescription"] = Json{{"href", diagnostic.codeDescriptionHref}};
  }
  if (!diagnostic.relatedInformation.empty()) json["relatedInformation"] = diagnostic.relatedInformation;
}

auto DocumentUri(const Json& params) -> std::string {
  if (!params.is_object() || !params.contains("textDocument") || !params["textDocument"].is_object() ||
      !params["textDocument"].contains("uri") || !params["textDocument"]["uri"].is_string()) {
    throw ResponseError{ErrorCode::InvalidParams, "missing `textDocument.uri`"};
  }
  return params["textDocument"]["uri"].get<std::string>();
}

auto PositionParam(const Json& params) -> Position {
  if (!params.is_object() || !params.contains("position")) {
    throw ResponseError{ErrorCode::InvalidParams, "missing `position`"};
  }
  try {
    return params["position"].get<Position>();
  } catch (const Json::exception&) {
    throw ResponseError{ErrorCode::InvalidParams, "`position` is not a Position"};
  }
}

auto RangeParam(const Json& params, const char* key) -> Range {
  if (!params.is_object() || !params.contains(key)) {
    throw ResponseError{ErrorCode::InvalidParams, std::string("missing `") + key + "`"};
  }
  try {
    return params[key].get<Range>();
  } catch (const Json::exception&) {
    throw ResponseError{ErrorCode::InvalidParams, std::string("`") + key + "` is not a Range"};
  }
}

auto Markdown(std::string value) -> Json { return Json{{"kind", "markdown"}, {"value", std::move(value)}}; }

}  // namespace cobro::lsp
