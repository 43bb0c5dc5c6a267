#pragma once

// The checker's working state and the helpers its handle_*.cpp files share.
// Private to compiler/sema.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/emitter.h"
#include "compiler/sema/program.h"

namespace cobro::sema {

// A name bound in a nested scope: parameter, let, pattern binding, subject.
struct Local {
  std::string name;
  TypeId type;
  SourceRange range;
};

// A chain of local scopes; lookups walk outwards.
class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}

  void Add(Local local) { locals_.push_back(std::move(local)); }

  // The innermost local named `name`, or nullptr.
  auto Lookup(std::string_view name) const -> const Local*;

  // Every visible local name, for suggestions.
  void CollectNames(std::vector<std::string>& names) const;

 private:
  const Scope* parent_;
  std::vector<Local> locals_;
};

// A call from one fn or scorecard to another, for the recursion check.
struct CallEdge {
  SymbolKind callee_kind;
  GlobalDecl callee;
  SourceRange range;
};

struct Context {
  Context(Program& program, diag::Emitter& emitter) : program(program), emitter(emitter) {}

  auto module() -> Module& { return program.modules[module_index]; }
  auto file() -> ast::File& { return module().ast; }
  auto types() -> TypeStore& { return program.types; }
  auto expr(ast::ExprId id) -> const ast::Expr& { return file().exprs.Get(id); }

  Program& program;
  diag::Emitter& emitter;
  int32_t module_index = 0;
  // The fn or scorecard whose body is being checked, for call edges.
  std::optional<std::pair<SymbolKind, GlobalDecl>> current_callable;
  std::map<std::pair<SymbolKind, GlobalDecl>, std::vector<CallEdge>> calls;
};

// --- Symbols (symbols.cpp) ---

// Builds every module's own symbol table and alias map; reports duplicates.
void BuildSymbolTables(Context& context);

// The declaration `name` visible from the current module, or nullopt.
// Reports an ambiguity between imports at `use`.
auto LookupSymbol(Context& context, std::string_view name, SourceRange use)
    -> std::optional<Symbol>;

// Looks `name` up in one module's own declarations.
auto LookupInModule(Context& context, int32_t module, std::string_view name)
    -> std::optional<Symbol>;

// Whether `prefix.` starts some visible event name.
auto IsEventNamespace(Context& context, std::string_view prefix) -> bool;

// Every declaration name visible from the current module, optionally only
// those of one kind.
void CollectVisibleNames(Context& context, std::vector<std::string>& names,
                         std::optional<SymbolKind> kind = std::nullopt);

// The closest of `candidates` to `name` by edit distance, if close enough to
// be a likely typo.
auto Suggest(std::string_view name, const std::vector<std::string>& candidates)
    -> std::optional<std::string>;

// AST of a declaration anywhere in the program.
auto ProfileOf(Context& context, GlobalDecl decl) -> const ast::ProfileDecl&;
auto EventOf(Context& context, GlobalDecl decl) -> const ast::EventDecl&;
auto FlowOf(Context& context, GlobalDecl decl) -> const ast::FlowDecl&;
auto PolicyOf(Context& context, GlobalDecl decl) -> const ast::PolicyDecl&;

// --- Types (type_names.cpp, convert.cpp) ---

// How a type reads in a message: `money`, `set<channel>`, `Debtor`.
auto TypeName(Context& context, TypeId type) -> std::string;

// Resolves a written type in the current module; reports unknown types.
auto ResolveType(Context& context, ast::TypeRefId type) -> TypeId;

// Whether a value of type `from` can be used where `to` is expected.
auto IsAssignable(Context& context, TypeId from, TypeId to) -> bool;

// The common type of two operands or branches, or nullopt.
auto Join(Context& context, TypeId a, TypeId b) -> std::optional<TypeId>;

// The type a literal-typed value settles on when nothing else decides.
auto Settle(Context& context, TypeId type) -> TypeId;

// Checks that `expr` (of type `from`) can be used as `to`; reports a
// mismatch (and an unknown time zone) at the expression.
auto CheckConvertible(Context& context, ast::ExprId expr, TypeId from, TypeId to) -> bool;

// Reports a decimal literal used as money with more than 4 decimals.
auto CheckMoneyLiteral(Context& context, ast::ExprId expr) -> bool;

// --- Expressions (check_expr.cpp, check_call.cpp) ---

// Type-checks an expression, records its type and reference, and returns it.
auto CheckExpr(Context& context, const Scope& scope, ast::ExprId expr) -> TypeId;

// Checks `expr` and that it converts to `expected`.
auto CheckExprAs(Context& context, const Scope& scope, ast::ExprId expr, TypeId expected)
    -> TypeId;

// Checks a call expression.
auto CheckCall(Context& context, const Scope& scope, ast::ExprId expr) -> TypeId;

// Resolves `a`, `alias.a`, `contact.opened` to a declaration without
// reporting anything; nullopt when the expression is not such a name.
auto ResolveQualified(Context& context, const Scope& scope, ast::ExprId expr)
    -> std::optional<Symbol>;

// Records what an expression refers to.
void SetRef(Context& context, ast::ExprId expr, Ref ref);

// Checks an event pattern: resolves the event, matches or binds its keys
// and adds `binding` and key bindings to `scope`. Returns the event.
auto CheckEventPattern(Context& context, Scope& scope, const ast::EventPattern& pattern)
    -> std::optional<GlobalDecl>;

// Checks a record against the fields of a profile or event: unknown,
// duplicate and (when `require_all`) missing fields.
void CheckRecord(Context& context, const Scope& scope, const std::vector<ast::FieldInit>& fields,
                 const std::vector<ast::FieldDecl>& declared,
                 const std::vector<TypeId>& declared_types, std::string_view owner,
                 SourceRange record_range, bool require_all);

// --- Declarations (handle_*.cpp) ---

void ResolveSignatures(Context& context);
void HandleProfile(Context& context, int32_t index);
void HandleEvent(Context& context, int32_t index);
void HandleFn(Context& context, int32_t index);
void HandleBuiltin(Context& context, int32_t index);
void HandleScorecard(Context& context, int32_t index);
void HandlePolicy(Context& context, int32_t index);
void HandleFlow(Context& context, int32_t index);
void HandleExperiment(Context& context, int32_t index);
void HandleTest(Context& context, int32_t index);
void CheckRecursion(Context& context);
void CheckImportCycles(Context& context);

// Whether `name` is an IANA time zone known to the system database.
auto IsKnownTimezone(std::string_view name) -> bool;

// The closest known time zone name, for suggestions.
auto SuggestTimezone(std::string_view name) -> std::optional<std::string>;

}  // namespace cobro::sema
