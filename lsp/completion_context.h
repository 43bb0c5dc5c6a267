#pragma once

// What kind of thing can be written at a cursor, read from the tokens
// before it. Completion and signature help work on text the user is typing,
// which rarely parses: the clause keywords that start every construct are
// enough to tell a target from a type from an expression, and the headers
// of the enclosing blocks name the locals in scope.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cobro::lsp {

// The block the cursor is in.
enum class BlockKind : uint8_t {
  TopLevel,
  Profile,
  Event,        // A top-level event declaration.
  Fn,           // A block-bodied fn.
  Scorecard,
  Policy,
  Flow,
  State,
  Always,
  Experiment,
  Test,
  GivenRecord,  // `given Profile { ... }`
  EventRecord,  // `event name { ... }` in a test step.
  WithRecord,   // `with { ... }`
  Set,          // `{email, sms}`
};

// What the cursor can complete.
enum class Slot : uint8_t {
  Declaration,      // A top-level keyword.
  ImportModule,     // After `import`.
  BlockItem,        // A clause of the block (flow: `state`; state: `send`, `on`...).
  Expression,       // A value.
  Member,           // After `object.`.
  Type,             // After `:` in a parameter or field, `set<`.
  Profile,          // `given`, `flow F for d:`, `experiment E for`.
  Flow,             // `test "..." for`, an experiment arm.
  Policy,           // `complies`, `blocked by`.
  Event,            // After `on`, `until`, `after` in a policy, `event` in a test.
  Channel,          // After `send`, `call`, in a policy's channel selector.
  Target,           // After `->`, or `then`/`else` of a target.
  Expectation,      // After `expect` or `,` in an expectation list.
  ExpectedState,    // After `expect state`.
  RecordField,      // A field name in a record.
  None,             // A new name, a string: nothing to offer.
};

// A name in scope, from the headers and patterns before the cursor.
struct ScopeLocal {
  std::string name;
  std::string type;  // As written; empty when unknown.
};

struct CompletionContext {
  Slot slot = Slot::None;
  BlockKind block = BlockKind::TopLevel;
  // The word being typed and where it starts (byte offset in the text).
  std::string prefix;
  uint32_t prefix_begin = 0;
  // Slot::Member: the text before the dot (`d`, `contact`, `co`, `RegF`).
  std::string object;
  // Slot::ImportModule: the dotted text typed so far and where it starts.
  std::string dotted;
  uint32_t dotted_begin = 0;
  // Names of the enclosing declarations: the flow (of a test, the flow it
  // runs), the state, a record's profile or event.
  std::string flow;
  std::string state;
  std::string record_type;
  std::vector<ScopeLocal> locals;
};

// Reads the context at byte `offset` of `text`.
auto ReadCompletionContext(std::string_view text, uint32_t offset) -> CompletionContext;

// For signature help: the function called around `offset` and the index of
// the argument the cursor is in; `callee` empty when not in a call.
struct CallContext {
  std::string callee;
  int32_t argument = 0;
};
auto ReadCallContext(std::string_view text, uint32_t offset) -> CallContext;

}  // namespace cobro::lsp
