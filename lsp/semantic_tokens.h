#pragma once

// The semantic token legend: the types and modifiers the server reports,
// in the order their indexes refer to.

#include <cstdint>

namespace cobro::lsp {

enum class TokenType : uint32_t {
  Namespace,      // module names
  Type,           // built-in types: `money`, `set`
  Struct,         // profiles
  Event,          // events
  Function,       // fns, builtins, scorecards
  Parameter,      // parameters
  Variable,       // other locals: the flow's subject, bindings, lets
  Property,       // profile and event fields, event keys
  EnumMember,     // channels and channel groups
  Class,          // flows, experiments
  Interface,      // policies
  Keyword,
  String,
  Number,         // numbers, durations, times, dates, percentages
  Comment,
  Operator,
  TypeParameter,  // `T` in builtin signatures
  Decorator,      // policy rule labels
  Method,         // states
  Count,
};

enum class TokenModifier : uint32_t {
  Declaration,
  Definition,
  Readonly,
  DefaultLibrary,  // from the stdlib, or built into the language
  Documentation,   // doc comments
  Count,
};

// The protocol's names, indexed by the enums above.
inline constexpr const char* kTokenTypeNames[] = {
    "namespace", "type", "struct", "event", "function", "parameter", "variable", "property", "enumMember",
    "class", "interface", "keyword", "string", "number", "comment", "operator", "typeParameter",
    "decorator", "method"};
inline constexpr const char* kTokenModifierNames[] = {"declaration", "definition", "readonly", "defaultLibrary",
                                                      "documentation"};

static_assert(sizeof(kTokenTypeNames) / sizeof(kTokenTypeNames[0]) == static_cast<size_t>(TokenType::Count));
static_assert(sizeof(kTokenModifierNames) / sizeof(kTokenModifierNames[0]) ==
              static_cast<size_t>(TokenModifier::Count));

}  // namespace cobro::lsp
