// Calls of fns, scorecards and builtins (with their type parameters), event
// patterns and records.

#include <algorithm>

#include "compiler/base/channel.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(UnknownFunction, Error, "unknown function `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(NotCallable, Error, "`{0}` is a {1}, not a function", std::string, std::string);
COBRO_DIAGNOSTIC(ArgumentCount, Error, "`{0}` takes {1} argument{2}, but {3} {4} given",
                 std::string, int, std::string, int, std::string);
// `{0}` is prose with its own backticks: "a number (`int`, `float` or `money`)".
COBRO_DIAGNOSTIC(TypeMismatch, Error, "expected {0}, found `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(UnknownEvent, Error, "unknown event `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(PatternArgumentCount, Error, "event `{0}` has {1} key{2}, but the pattern "
                 "matches {3}", std::string, int, std::string, int);
COBRO_DIAGNOSTIC(UnknownField, Error, "`{0}` has no field `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(DuplicateField, Error, "field `{0}` is given twice", std::string);
COBRO_DIAGNOSTIC(MissingField, Error, "`{0}` needs field{1} {2}", std::string, std::string,
                 std::string);

auto CalleeText(Context& context, ast::ExprId callee) -> std::string {
  const ast::Expr& expr = context.expr(callee);
  if (expr.kind == ast::ExprKind::Name) return expr.name.text;
  if (expr.kind == ast::ExprKind::Member) return CalleeText(context, expr.lhs) + "." + expr.name.text;
  return "<expression>";
}

auto BoundAccepts(BuiltinSignature::Bound bound, TypeKind kind) -> bool {
  bool number = kind == TypeKind::Int || kind == TypeKind::Float || kind == TypeKind::Money ||
                kind == TypeKind::IntLiteral || kind == TypeKind::DecimalLiteral;
  switch (bound) {
    case BuiltinSignature::Bound::Any: return true;
    case BuiltinSignature::Bound::Number: return number;
    case BuiltinSignature::Bound::Ordered:
      return number || kind == TypeKind::Duration || kind == TypeKind::Time ||
             kind == TypeKind::Date || kind == TypeKind::DateTime;
  }
  return false;
}

auto BoundName(BuiltinSignature::Bound bound) -> std::string {
  switch (bound) {
    case BuiltinSignature::Bound::Any: return "any type";
    case BuiltinSignature::Bound::Number: return "a number (`int`, `float` or `money`)";
    case BuiltinSignature::Bound::Ordered:
      return "an ordered type (a number, `duration`, `time`, `date` or `datetime`)";
  }
  return "";
}

auto CheckArgumentCount(Context& context, const ast::Expr& call, const std::string& name,
                        size_t expected) -> bool {
  if (call.elements.size() == expected) return true;
  auto given = static_cast<int>(call.elements.size());
  context.emitter.Emit(call.range, ArgumentCount, name, static_cast<int>(expected),
                       expected == 1 ? "" : "s", given, given == 1 ? "was" : "were");
  return false;
}

auto CheckBuiltinCall(Context& context, const Scope& scope, const ast::Expr& call,
                      const std::string& name, const BuiltinSignature& signature) -> TypeId {
  TypeStore& types = context.types();
  if (!signature.valid) {
    for (ast::ExprId arg : call.elements) CheckExpr(context, scope, arg);
    return types.error();
  }
  bool count_ok = CheckArgumentCount(context, call, name, signature.params.size());
  std::vector<TypeId> arg_types;
  for (ast::ExprId arg : call.elements) arg_types.push_back(CheckExpr(context, scope, arg));
  if (!count_ok) return types.error();

  // Infer each type parameter from the arguments that mention it.
  std::vector<std::optional<TypeId>> bindings(signature.bounds.size());
  bool failed = false;
  for (size_t i = 0; i < signature.params.size(); ++i) {
    const BuiltinType& param = signature.params[i];
    TypeId arg = arg_types[i];
    if (types.is_error(arg)) {
      failed = true;
      continue;
    }
    const ast::Expr& arg_expr = context.expr(call.elements[i]);
    switch (param.kind) {
      case BuiltinType::Kind::Concrete:
        if (!CheckConvertible(context, call.elements[i], arg, param.type)) failed = true;
        break;
      case BuiltinType::Kind::AnyEvent:
        if (types.kind(arg) != TypeKind::EventType) {
          context.emitter.Emit(arg_expr.range, TypeMismatch, "an event", TypeName(context, arg),
                               "; name an event, such as `payment`");
          failed = true;
        }
        break;
      case BuiltinType::Kind::FieldOfParam: {
        if (types.kind(arg) != TypeKind::Field) {
          context.emitter.Emit(arg_expr.range, TypeMismatch, "an event field", TypeName(context, arg),
                               "; name an event's field, such as `payment.amount`");
          failed = true;
          break;
        }
        TypeId element = types.Get(arg).element;
        auto& binding = bindings[param.param];
        if (!BoundAccepts(signature.bounds[param.param], types.kind(element))) {
          context.emitter.Emit(arg_expr.range, TypeMismatch, BoundName(signature.bounds[param.param]),
                               TypeName(context, element), "");
          failed = true;
        } else {
          binding = binding ? Join(context, *binding, element).value_or(*binding) : element;
        }
        break;
      }
      case BuiltinType::Kind::Param: {
        auto& binding = bindings[param.param];
        if (!BoundAccepts(signature.bounds[param.param], types.kind(arg))) {
          context.emitter.Emit(arg_expr.range, TypeMismatch, BoundName(signature.bounds[param.param]),
                               TypeName(context, arg), "");
          failed = true;
          break;
        }
        if (!binding) {
          binding = arg;
        } else if (auto joined = Join(context, *binding, arg)) {
          binding = joined;
        } else {
          context.emitter.Emit(arg_expr.range, TypeMismatch,
                               "`" + TypeName(context, *binding) + "`",
                               TypeName(context, arg), "; the arguments of `" + name +
                               "` must have one type");
          failed = true;
        }
        break;
      }
    }
  }
  if (failed) return types.error();
  const BuiltinType& result = signature.result;
  switch (result.kind) {
    case BuiltinType::Kind::Concrete: return result.type;
    case BuiltinType::Kind::Param:
      return bindings[result.param] ? *bindings[result.param] : types.error();
    default: return types.error();
  }
}

}  // namespace

auto CheckCall(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  TypeStore& types = context.types();
  const ast::Expr& call = context.expr(expr_id);
  const ast::Expr& callee = context.expr(call.lhs);
  std::string name = CalleeText(context, call.lhs);
  std::optional<Symbol> symbol = ResolveQualified(context, scope, call.lhs);
  auto check_args_only = [&] {
    for (ast::ExprId arg : call.elements) CheckExpr(context, scope, arg);
    return types.error();
  };
  if (!symbol) {
    if (callee.kind == ast::ExprKind::Name && scope.Lookup(callee.name.text) != nullptr) {
      context.emitter.Emit(callee.range, NotCallable, name, "local value");
      return check_args_only();
    }
    if (callee.kind == ast::ExprKind::Member) {
      // `d.dpd(...)`: a field of a local value, never a function.
      const ast::Expr* head = &callee;
      while (head->kind == ast::ExprKind::Member) head = &context.expr(head->lhs);
      if (head->kind != ast::ExprKind::Name || scope.Lookup(head->name.text) != nullptr) {
        context.emitter.Emit(callee.range, NotCallable, name, "field");
        return check_args_only();
      }
    }
    if (callee.kind != ast::ExprKind::Name && callee.kind != ast::ExprKind::Member) {
      context.emitter.Emit(callee.range, NotCallable, name, "value");
      return check_args_only();
    }
    std::vector<std::string> candidates;
    CollectVisibleNames(context, candidates);
    auto suggestion = Suggest(name, candidates);
    auto builder = context.emitter.Build(
        callee.range, UnknownFunction, name,
        suggestion ? "; did you mean `" + *suggestion + "`?" : "; functions come from `fn`, "
                     "`scorecard` or an imported module such as `std.scoring`");
    if (suggestion) builder.Fix(callee.range, *suggestion);
    builder.Emit();
    return check_args_only();
  }
  SetRef(context, call.lhs, Ref{RefKind::Symbol, -1, *symbol, symbol->range, ""});
  const Module& owner = context.program.modules[symbol->decl.module];
  switch (symbol->kind) {
    case SymbolKind::Fn:
    case SymbolKind::Scorecard: {
      const Signature& signature = symbol->kind == SymbolKind::Fn
                                       ? owner.fn_signatures[symbol->decl.index]
                                       : owner.scorecard_signatures[symbol->decl.index];
      if (context.current_callable) {
        context.calls[*context.current_callable].push_back(
            CallEdge{symbol->kind, symbol->decl, callee.range});
      }
      bool count_ok = CheckArgumentCount(context, call, name, signature.params.size());
      for (size_t i = 0; i < call.elements.size(); ++i) {
        if (count_ok) {
          CheckExprAs(context, scope, call.elements[i], signature.params[i]);
        } else {
          CheckExpr(context, scope, call.elements[i]);
        }
      }
      return signature.result;
    }
    case SymbolKind::Builtin:
      return CheckBuiltinCall(context, scope, call, name,
                              owner.builtin_signatures[symbol->decl.index]);
    default:
      context.emitter.Emit(callee.range, NotCallable, name, SymbolKindName(symbol->kind));
      return check_args_only();
  }
}

auto CheckEventPattern(Context& context, Scope& scope, const ast::EventPattern& pattern)
    -> std::optional<GlobalDecl> {
  TypeStore& types = context.types();
  std::string name = pattern.event.Joined();
  if (name.empty()) return std::nullopt;
  std::optional<Symbol> symbol;
  if (pattern.event.parts.size() > 1) {
    auto alias = context.module().aliases.find(pattern.event.parts[0].text);
    if (alias != context.module().aliases.end()) {
      symbol = LookupInModule(context, alias->second,
                              name.substr(pattern.event.parts[0].text.size() + 1));
    }
  }
  if (!symbol) symbol = LookupSymbol(context, name, pattern.event.range);
  if (!symbol || symbol->kind != SymbolKind::Event) {
    std::vector<std::string> candidates;
    CollectVisibleNames(context, candidates, SymbolKind::Event);
    auto suggestion = Suggest(name, candidates);
    std::string hint = suggestion ? "; did you mean `" + *suggestion + "`?"
                       : symbol   ? std::string("; `") + name + "` is a " +
                                      SymbolKindName(symbol->kind)
                                  : "; events come from `std.events` or an `event` declaration";
    auto builder = context.emitter.Build(pattern.event.range, UnknownEvent, name, hint);
    if (suggestion) builder.Fix(pattern.event.range, *suggestion);
    builder.Emit();
    return std::nullopt;
  }
  const ast::EventDecl& event = EventOf(context, symbol->decl);
  const Module& owner = context.program.modules[symbol->decl.module];
  const std::vector<TypeId>& key_types = owner.event_key_types[symbol->decl.index];
  if (pattern.args.size() > event.keys.size()) {
    auto keys = static_cast<int>(event.keys.size());
    context.emitter.Emit(pattern.range, PatternArgumentCount, name, keys, keys == 1 ? "" : "s",
                         static_cast<int>(pattern.args.size()));
  }
  for (size_t i = 0; i < pattern.args.size() && i < event.keys.size(); ++i) {
    const ast::EventPattern::Arg& arg = pattern.args[i];
    TypeId key_type = key_types[i];
    if (arg.name) {
      // A channel name matches that channel; any other name binds the key.
      bool is_channel_key = types.kind(key_type) == TypeKind::Channel;
      if (is_channel_key && ChannelMaskByName(arg.name->text)) continue;
      if (const Local* local = scope.Lookup(arg.name->text);
          local != nullptr && IsAssignable(context, local->type, key_type)) {
        continue;
      }
      scope.Add(Local{arg.name->text, key_type, arg.name->range});
    } else {
      TypeId literal = CheckExpr(context, scope, arg.literal);
      CheckConvertible(context, arg.literal, literal, key_type);
    }
  }
  if (pattern.binding) {
    scope.Add(Local{pattern.binding->text, types.Event(symbol->decl), pattern.binding->range});
  }
  context.module().pattern_events[pattern.event.range.begin] = symbol->decl;
  return symbol->decl;
}

void CheckRecord(Context& context, const Scope& scope, const std::vector<ast::FieldInit>& fields,
                 const std::vector<ast::FieldDecl>& declared,
                 const std::vector<TypeId>& declared_types, std::string_view owner,
                 SourceRange record_range, bool require_all) {
  std::vector<bool> given(declared.size(), false);
  std::vector<std::string> names;
  for (const ast::FieldDecl& field : declared) names.push_back(field.name.text);
  for (size_t i = 0; i < fields.size(); ++i) {
    const ast::FieldInit& field = fields[i];
    TypeId type = CheckExpr(context, scope, field.value);
    auto it = std::find(names.begin(), names.end(), field.name.text);
    if (it == names.end()) {
      auto suggestion = Suggest(field.name.text, names);
      auto builder = context.emitter.Build(field.name.range, UnknownField, std::string(owner),
                                           field.name.text,
                                           suggestion ? "; did you mean `" + *suggestion + "`?" : "");
      if (suggestion) builder.Fix(field.name.range, *suggestion);
      builder.Emit();
      continue;
    }
    auto index = static_cast<size_t>(it - names.begin());
    if (given[index]) {
      context.emitter.Emit(field.name.range, DuplicateField, field.name.text);
      continue;
    }
    given[index] = true;
    if (index < declared_types.size()) {
      CheckConvertible(context, field.value, type, declared_types[index]);
    }
  }
  if (!require_all) return;
  std::string missing;
  int missing_count = 0;
  for (size_t i = 0; i < declared.size(); ++i) {
    if (given[i] || declared[i].default_value.has_value()) continue;
    missing += (missing.empty() ? "`" : ", `") + declared[i].name.text + "`";
    ++missing_count;
  }
  if (missing_count > 0) {
    context.emitter.Emit(record_range, MissingField, std::string(owner),
                         missing_count == 1 ? "" : "s", missing);
  }
}

}  // namespace cobro::sema
