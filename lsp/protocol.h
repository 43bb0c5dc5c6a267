#pragma once

// The Language Server Protocol 3.17 structures the server uses, with their
// JSON forms. Field names keep the protocol's camelCase, here only
// (STYLE.md §4); everything else in lsp/ uses the project's names.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsp/json.h"

namespace cobro::lsp {

// JSON-RPC and LSP error codes.
enum class ErrorCode : int32_t {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

// An error that fails one request; handlers throw it, the server answers it.
struct ResponseError {
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
};

// A 0-based line and a character offset in the negotiated encoding.
struct Position {
  int32_t line = 0;
  int32_t character = 0;
  friend auto operator==(const Position&, const Position&) -> bool = default;
};

struct Range {
  Position start;
  Position end;
  friend auto operator==(const Range&, const Range&) -> bool = default;
};

struct Location {
  std::string uri;
  Range range;
};

struct TextEdit {
  Range range;
  std::string newText;
};

// DiagnosticSeverity.
enum class DiagnosticSeverity : int32_t { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};

struct Diagnostic {
  Range range;
  DiagnosticSeverity severity = DiagnosticSeverity::Error;
  std::string code;
  // codeDescription.href: where the code (or the broken law) is explained.
  std::string codeDescriptionHref;
  std::string source = "cobro";
  std::string message;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
};

// SymbolKind.
enum class SymbolKind : int32_t {
  File = 1, Module = 2, Namespace = 3, Package = 4, Class = 5, Method = 6, Property = 7, Field = 8,
  Constructor = 9, Enum = 10, Interface = 11, Function = 12, Variable = 13, Constant = 14, String = 15,
  Number = 16, Boolean = 17, Array = 18, Object = 19, Key = 20, Null = 21, EnumMember = 22, Struct = 23,
  Event = 24, Operator = 25, TypeParameter = 26,
};

// CompletionItemKind.
enum class CompletionItemKind : int32_t {
  Text = 1, Method = 2, Function = 3, Constructor = 4, Field = 5, Variable = 6, Class = 7, Interface = 8,
  Module = 9, Property = 10, Unit = 11, Value = 12, Enum = 13, Keyword = 14, Snippet = 15, Color = 16,
  File = 17, Reference = 18, Folder = 19, EnumMember = 20, Constant = 21, Struct = 22, Event = 23,
  Operator = 24, TypeParameter = 25,
};

// InsertTextFormat.
enum class InsertTextFormat : int32_t { PlainText = 1, Snippet = 2 };

void to_json(Json& json, const Position& position);
void from_json(const Json& json, Position& position);
void to_json(Json& json, const Range& range);
void from_json(const Json& json, Range& range);
void to_json(Json& json, const Location& location);
void to_json(Json& json, const TextEdit& edit);
void to_json(Json& json, const DiagnosticRelatedInformation& information);
void to_json(Json& json, const Diagnostic& diagnostic);

// A request's `params.textDocument.uri`; throws InvalidParams without one.
auto DocumentUri(const Json& params) -> std::string;

// A request's `params.position`; throws InvalidParams without one.
auto PositionParam(const Json& params) -> Position;

// `params[key]` as a Range; throws InvalidParams when it is missing.
auto RangeParam(const Json& params, const char* key) -> Range;

// A Markdown MarkupContent.
auto Markdown(std::string value) -> Json;

}  // namespace cobro::lsp
