#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/sema/types.h"

namespace cobro::sema {

// A parsed module before checking.
struct ParsedModule {
  std::string path;
  ast::File ast;
  // Found under the stdlib root: may declare builtins.
  bool is_stdlib = false;
};

// The input of Check: every module reachable from the inputs, in load order.
struct ModuleSet {
  std::vector<ParsedModule> modules;
  // Module name -> index, for modules that declare one.
  std::map<std::string, int32_t> by_name;
  // Imports resolved by LoadImports: for each module, for each of its
  // imports, the imported module's index or -1 when not found.
  std::vector<std::vector<int32_t>> imports;
  // How many of `modules` were named on the command line (the rest were
  // found through imports).
  size_t input_count = 0;
};

enum class SymbolKind : uint8_t { Profile, Event, Fn, Builtin, Scorecard, Policy, Flow, Experiment };

// "profile", "event", ... for messages.
auto SymbolKindName(SymbolKind kind) -> const char*;

// A top-level declaration: its kind, where it lives and where it is named.
struct Symbol {
  SymbolKind kind = SymbolKind::Profile;
  GlobalDecl decl;
  SourceRange range;
};

// What a name, member or call in an expression refers to.
enum class RefKind : uint8_t {
  None,
  Local,         // A parameter, let, binding or flow subject; `range` is its definition.
  Channel,       // `index` is the Channel.
  Symbol,        // A declaration: see `symbol`.
  ProfileField,  // `index` into the profile's fields.
  EventField,    // `index` into the event's fields.
  EventKey,      // `index` into the event's keys.
  EventTime,     // The implicit `at` of every event.
  Namespace,     // A prefix of dotted event names, such as `contact`.
  ModuleAlias,   // `index` is the module.
};

struct Ref {
  RefKind kind = RefKind::None;
  int32_t index = -1;
  Symbol symbol;
  SourceRange range;
  // For Namespace: the dotted prefix.
  std::string text;
};

// A resolved parameter list and result, for fns and scorecards.
struct Signature {
  std::vector<TypeId> params;
  TypeId result;
};

// A builtin's parameter or result type: concrete, a type parameter, an event
// type, or an event field of a type parameter.
struct BuiltinType {
  enum class Kind : uint8_t { Concrete, Param, AnyEvent, FieldOfParam } kind = Kind::Concrete;
  TypeId type;
  int32_t param = -1;
};

// A builtin's signature; `bounds` are the type parameters' bounds.
struct BuiltinSignature {
  enum class Bound : uint8_t { Any, Number, Ordered };
  std::vector<Bound> bounds;
  std::vector<BuiltinType> params;
  BuiltinType result;
  bool valid = false;
};

// What Check learned about one module, in side tables keyed by AST Ids.
struct Module {
  std::string name;
  std::string path;
  ast::File ast;
  bool is_stdlib = false;
  bool is_input = false;
  std::vector<int32_t> imports;
  // Aliases from `import x as y`: alias -> module index.
  std::map<std::string, int32_t> aliases;
  // Own top-level declarations by name (dotted for events).
  std::map<std::string, Symbol> symbols;
  // Indexed by ast::ExprId.
  std::vector<TypeId> expr_types;
  std::vector<Ref> expr_refs;
  // Resolved declaration types, indexed like the AST's declaration lists.
  std::vector<std::vector<TypeId>> profile_field_types;
  std::vector<std::vector<TypeId>> event_key_types;
  std::vector<std::vector<TypeId>> event_field_types;
  std::vector<Signature> fn_signatures;
  std::vector<Signature> scorecard_signatures;
  std::vector<BuiltinSignature> builtin_signatures;
  // The event each resolved event pattern names, by the byte offset of the
  // pattern's event name (patterns have no Id of their own).
  std::map<uint32_t, GlobalDecl> pattern_events;
  // Per flow: the subject's profile type.
  std::vector<TypeId> flow_subject_types;
  // Per flow, per state of the AST's list: the types of its parameters.
  std::vector<std::vector<std::vector<TypeId>>> state_param_types;
  // Per flow: the policies of its `complies` clause that resolved.
  std::vector<std::vector<GlobalDecl>> flow_policies;
  // Per experiment, per arm of the AST's list: the flow it names, if it resolved.
  std::vector<std::vector<std::optional<GlobalDecl>>> experiment_arms;
  // Per test: the flow it runs, if it resolved.
  std::vector<std::optional<GlobalDecl>> test_flows;
  // The policy each resolved `blocked by` / `deferred by` names, by the byte
  // offset of the rule name in the expectation.
  std::map<uint32_t, GlobalDecl> expectation_policies;
  // The event of each test step that sends one, by the byte offset of the
  // step's event name.
  std::map<uint32_t, GlobalDecl> step_events;
};

// The checked program.
struct Program {
  std::vector<Module> modules;
  TypeStore types;
  std::map<std::string, int32_t> by_name;
};

}  // namespace cobro::sema
