// Functions, builtin declarations and the no-recursion rule.

#include <functional>
#include <set>

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(UnknownBuiltin, Error,
                 "no builtin named `{0}` exists in this build of Cobro", std::string);
COBRO_DIAGNOSTIC(BuiltinOutsideStdlib, Error,
                 "only the standard library declares builtins; write a `fn` instead");
COBRO_DIAGNOSTIC(BuiltinSignatureMismatch, Error,
                 "builtin `{0}` is declared as `{1}`, but Cobro implements `{2}`", std::string,
                 std::string, std::string);
COBRO_DIAGNOSTIC(Recursion, Error,
                 "`{0}` calls itself{1}; functions cannot recurse, so that every evaluation ends",
                 std::string, std::string);

struct RegistryEntry {
  const char* name;
  const char* signature;
};

constexpr RegistryEntry kRegistry[] = {
#define COBRO_BUILTIN(Id, Name, Signature, Purity, Cost) {Name, Signature},
#include "stdlib/builtins/builtins.def"
#undef COBRO_BUILTIN
};

auto TypeRefText(const ast::File& file, ast::TypeRefId id) -> std::string {
  if (!id.has_value()) return "<error>";
  const ast::TypeRef& type = file.types.Get(id);
  std::string text = type.name.Joined();
  if (!type.args.empty()) {
    text += "<";
    for (size_t i = 0; i < type.args.size(); ++i) {
      if (i > 0) text += ", ";
      text += TypeRefText(file, type.args[i]);
    }
    text += ">";
  }
  return text;
}

// The declaration as `cobro fmt` prints it, without `builtin fn`.
auto SignatureText(const ast::File& file, const ast::BuiltinDecl& builtin) -> std::string {
  std::string text = builtin.name.text;
  if (!builtin.type_params.empty()) {
    text += "<";
    for (size_t i = 0; i < builtin.type_params.size(); ++i) {
      if (i > 0) text += ", ";
      text += builtin.type_params[i].name.text;
      if (builtin.type_params[i].bound) text += ": " + builtin.type_params[i].bound->text;
    }
    text += ">";
  }
  text += "(";
  for (size_t i = 0; i < builtin.params.size(); ++i) {
    if (i > 0) text += ", ";
    text += builtin.params[i].name.text + ": " + TypeRefText(file, builtin.params[i].type);
  }
  return text + ") -> " + TypeRefText(file, builtin.result);
}

auto CallableName(Context& context, SymbolKind kind, GlobalDecl decl) -> std::string {
  const ast::File& file = context.program.modules[decl.module].ast;
  return kind == SymbolKind::Fn ? file.fns[decl.index].name.text
                                : file.scorecards[decl.index].name.text;
}

}  // namespace

void HandleFn(Context& context, int32_t index) {
  const ast::FnDecl& fn = context.file().fns[index];
  const Signature& signature = context.module().fn_signatures[index];
  Scope scope;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    scope.Add(Local{fn.params[i].name.text, signature.params[i], fn.params[i].name.range});
  }
  context.current_callable = {SymbolKind::Fn, GlobalDecl{context.module_index, index}};
  for (const ast::LetStmt& let : fn.lets) {
    TypeId type;
    if (let.type.has_value()) {
      type = ResolveType(context, let.type);
      CheckExprAs(context, scope, let.value, type);
    } else {
      type = Settle(context, CheckExpr(context, scope, let.value));
    }
    scope.Add(Local{let.name.text, type, let.name.range});
  }
  CheckExprAs(context, scope, fn.body, signature.result);
  context.current_callable.reset();
}

void HandleBuiltin(Context& context, int32_t index) {
  const ast::BuiltinDecl& builtin = context.file().builtins[index];
  if (!context.module().is_stdlib) {
    context.emitter.Emit(builtin.name.range, BuiltinOutsideStdlib);
    return;
  }
  for (const RegistryEntry& entry : kRegistry) {
    if (builtin.name.text != entry.name) continue;
    std::string declared = SignatureText(context.file(), builtin);
    if (declared != entry.signature) {
      context.emitter.Emit(builtin.range, BuiltinSignatureMismatch, builtin.name.text, declared,
                           entry.signature);
    }
    return;
  }
  context.emitter.Emit(builtin.name.range, UnknownBuiltin, builtin.name.text);
}

void CheckRecursion(Context& context) {
  using Node = std::pair<SymbolKind, GlobalDecl>;
  std::set<Node> done;
  std::set<Node> on_stack;
  std::vector<Node> stack;
  std::set<Node> reported;
  std::function<void(const Node&)> visit = [&](const Node& node) {
    on_stack.insert(node);
    stack.push_back(node);
    auto it = context.calls.find(node);
    if (it != context.calls.end()) {
      for (const CallEdge& edge : it->second) {
        Node callee{edge.callee_kind, edge.callee};
        if (on_stack.contains(callee)) {
          if (reported.insert(callee).second) {
            // Direct recursion needs no path; a longer cycle lists it.
            std::string path;
            auto begin = std::find(stack.begin(), stack.end(), callee);
            for (auto step = begin + 1; step != stack.end(); ++step) {
              path += "`" + CallableName(context, step->first, step->second) + "` -> ";
            }
            if (!path.empty()) {
              path = " through " + path + "`" +
                     CallableName(context, callee.first, callee.second) + "`";
            }
            context.emitter.Emit(edge.range, Recursion,
                                 CallableName(context, callee.first, callee.second), path);
          }
        } else if (!done.contains(callee)) {
          visit(callee);
        }
      }
    }
    stack.pop_back();
    on_stack.erase(node);
    done.insert(node);
  };
  for (const auto& [node, edges] : context.calls) {
    if (!done.contains(node)) visit(node);
  }
}

}  // namespace cobro::sema
