// Expressions: literals, names, members, conditionals and sets. Operators
// are in check_operators.cpp, calls in check_call.cpp.

#include "compiler/base/channel.h"
#include "compiler/sema/context.h"

namespace cobro::sema {

auto CheckOperator(Context& context, const Scope& scope, ast::ExprId expr) -> TypeId;

namespace {

COBRO_DIAGNOSTIC(UnknownName, Error, "unknown name `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(NotAValue, Error, "`{0}` is a {1}, not a value{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(UnknownField, Error, "`{0}` has no field `{1}`{2}", std::string, std::string,
                 std::string);
COBRO_DIAGNOSTIC(InvalidOperand, Error, "{0}", std::string);
COBRO_DIAGNOSTIC(MisplacedPercent, Error,
                 "a percentage is only meaningful as an experiment share; write `0.8` for a "
                 "fraction");

void RecordType(Context& context, ast::ExprId expr, TypeId type) {
  auto& types = context.module().expr_types;
  if (types.size() <= static_cast<size_t>(expr.index)) {
    types.resize(context.file().exprs.size(), context.types().error());
  }
  types[expr.index] = type;
}

auto SuggestionSuffix(const std::optional<std::string>& suggestion) -> std::string {
  return suggestion ? "; did you mean `" + *suggestion + "`?" : "";
}

// A symbol used where a value is expected.
auto SymbolAsValue(Context& context, ast::ExprId expr_id, const Symbol& symbol,
                   const std::string& written) -> TypeId {
  const ast::Expr& expr = context.expr(expr_id);
  SetRef(context, expr_id, Ref{RefKind::Symbol, -1, symbol, symbol.range, ""});
  if (symbol.kind == SymbolKind::Event) return context.types().EventType(symbol.decl);
  std::string hint;
  if (symbol.kind == SymbolKind::Fn || symbol.kind == SymbolKind::Builtin ||
      symbol.kind == SymbolKind::Scorecard) {
    hint = "; call it, as in `" + written + "(...)`";
  }
  context.emitter.Emit(expr.range, NotAValue, written, SymbolKindName(symbol.kind), hint);
  return context.types().error();
}

auto CheckName(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  const ast::Expr& expr = context.expr(expr_id);
  const std::string& name = expr.name.text;
  if (name.empty()) return context.types().error();
  if (const Local* local = scope.Lookup(name)) {
    SetRef(context, expr_id, Ref{RefKind::Local, -1, {}, local->range, ""});
    return local->type;
  }
  if (auto channel = ChannelByName(name)) {
    SetRef(context, expr_id, Ref{RefKind::Channel, static_cast<int32_t>(*channel), {}, {}, ""});
    return context.types().Primitive(TypeKind::Channel);
  }
  if (auto symbol = LookupSymbol(context, name, expr.range)) {
    return SymbolAsValue(context, expr_id, *symbol, name);
  }
  if (IsEventNamespace(context, name)) {
    context.emitter.Emit(expr.range, NotAValue, name, "group of events",
                         "; name one of them, such as `" + name + ".opened`");
    return context.types().error();
  }
  if (context.module().aliases.contains(name)) {
    context.emitter.Emit(expr.range, NotAValue, name, "module", "; name one of its declarations");
    return context.types().error();
  }
  std::vector<std::string> candidates;
  scope.CollectNames(candidates);
  CollectVisibleNames(context, candidates);
  for (std::string_view channel : ChannelAndGroupNames()) candidates.emplace_back(channel);
  auto suggestion = Suggest(name, candidates);
  auto builder = context.emitter.Build(expr.range, UnknownName, name, SuggestionSuffix(suggestion));
  if (suggestion) builder.Fix(expr.range, *suggestion);
  builder.Emit();
  return context.types().error();
}

// Looks up a member of a profile or event; returns its type and records the
// reference, or reports an unknown field.
auto CheckFieldOf(Context& context, ast::ExprId expr_id, const std::string& owner,
                  const std::vector<ast::FieldDecl>& fields, const std::vector<TypeId>& types,
                  const std::vector<ast::Param>* keys, const std::vector<TypeId>* key_types,
                  bool is_event) -> std::optional<TypeId> {
  const ast::Expr& expr = context.expr(expr_id);
  const std::string& name = expr.name.text;
  std::vector<std::string> candidates;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name.text == name) {
      SetRef(context, expr_id,
             Ref{is_event ? RefKind::EventField : RefKind::ProfileField, static_cast<int32_t>(i),
                 {}, fields[i].name.range, ""});
      return i < types.size() ? types[i] : context.types().error();
    }
    candidates.push_back(fields[i].name.text);
  }
  if (keys != nullptr) {
    for (size_t i = 0; i < keys->size(); ++i) {
      if ((*keys)[i].name.text == name) {
        SetRef(context, expr_id,
               Ref{RefKind::EventKey, static_cast<int32_t>(i), {}, (*keys)[i].name.range, ""});
        return i < key_types->size() ? (*key_types)[i] : context.types().error();
      }
      candidates.push_back((*keys)[i].name.text);
    }
  }
  if (is_event) {
    if (name == "at") {
      SetRef(context, expr_id, Ref{RefKind::EventTime, -1, {}, {}, ""});
      return context.types().Primitive(TypeKind::DateTime);
    }
    candidates.push_back("at");
  }
  if (name.empty()) return context.types().error();
  auto suggestion = Suggest(name, candidates);
  auto builder = context.emitter.Build(expr.name.range, UnknownField, owner, name,
                                       SuggestionSuffix(suggestion));
  if (suggestion) builder.Fix(expr.name.range, *suggestion);
  builder.Emit();
  return std::nullopt;
}

auto CheckMember(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  TypeStore& types = context.types();
  if (auto symbol = ResolveQualified(context, scope, expr_id)) {
    const ast::Expr& expr = context.expr(expr_id);
    return SymbolAsValue(context, expr_id, *symbol,
                         std::string(context.module().ast.exprs.Get(expr.lhs).name.text) + "." +
                             expr.name.text);
  }
  const ast::Expr& expr = context.expr(expr_id);
  TypeId object = CheckExpr(context, scope, expr.lhs);
  const TypeInfo& info = types.Get(object);
  const Module& owner_module = context.program.modules[info.decl.module < 0 ? 0 : info.decl.module];
  switch (info.kind) {
    case TypeKind::Error: return object;
    case TypeKind::Profile: {
      const ast::ProfileDecl& profile = ProfileOf(context, info.decl);
      auto type = CheckFieldOf(context, expr_id, profile.name.text, profile.fields,
                               owner_module.profile_field_types[info.decl.index], nullptr,
                               nullptr, false);
      return type.value_or(types.error());
    }
    case TypeKind::Event:
    case TypeKind::EventType: {
      const ast::EventDecl& event = EventOf(context, info.decl);
      auto type = CheckFieldOf(context, expr_id, event.name.Joined(), event.fields,
                               owner_module.event_field_types[info.decl.index], &event.keys,
                               &owner_module.event_key_types[info.decl.index], true);
      if (!type) return types.error();
      // `payment.amount` on the event type names the field across history.
      return info.kind == TypeKind::EventType ? types.Field(*type) : *type;
    }
    default:
      context.emitter.Emit(expr.name.range, InvalidOperand,
                           "`" + TypeName(context, object) + "` has no fields");
      return types.error();
  }
}

auto CheckIf(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  const ast::Expr& expr = context.expr(expr_id);
  CheckExprAs(context, scope, expr.condition, context.types().Primitive(TypeKind::Bool));
  TypeId then_type = CheckExpr(context, scope, expr.lhs);
  TypeId else_type = CheckExpr(context, scope, expr.rhs);
  if (auto joined = Join(context, then_type, else_type)) return *joined;
  context.emitter.Emit(expr.range, InvalidOperand,
                       "the branches of `if` have different types, `" +
                           TypeName(context, then_type) + "` and `" +
                           TypeName(context, else_type) + "`");
  return context.types().error();
}

auto CheckSet(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  const ast::Expr& expr = context.expr(expr_id);
  std::optional<TypeId> element;
  for (ast::ExprId element_id : expr.elements) {
    TypeId type = CheckExpr(context, scope, element_id);
    if (!element) {
      element = type;
      continue;
    }
    auto joined = Join(context, *element, type);
    if (!joined) {
      context.emitter.Emit(context.expr(element_id).range, InvalidOperand,
                           "set elements have different types, `" +
                               TypeName(context, *element) + "` and `" +
                               TypeName(context, type) + "`");
      return context.types().error();
    }
    element = *joined;
  }
  // An empty set takes its element type from where it is used.
  return context.types().Set(element.value_or(context.types().error()));
}

}  // namespace

void SetRef(Context& context, ast::ExprId expr, Ref ref) {
  auto& refs = context.module().expr_refs;
  if (refs.size() <= static_cast<size_t>(expr.index)) refs.resize(context.file().exprs.size());
  refs[expr.index] = std::move(ref);
}

auto ResolveQualified(Context& context, const Scope& scope, ast::ExprId expr_id)
    -> std::optional<Symbol> {
  const ast::Expr& expr = context.expr(expr_id);
  if (expr.kind == ast::ExprKind::Name) {
    if (scope.Lookup(expr.name.text) != nullptr) return std::nullopt;
    return LookupSymbol(context, expr.name.text, expr.range);
  }
  if (expr.kind != ast::ExprKind::Member) return std::nullopt;
  // Collect `a.b.c` when every part is a plain name.
  std::vector<std::string> parts{expr.name.text};
  const ast::Expr* current = &context.expr(expr.lhs);
  while (current->kind == ast::ExprKind::Member) {
    parts.insert(parts.begin(), current->name.text);
    current = &context.expr(current->lhs);
  }
  if (current->kind != ast::ExprKind::Name || scope.Lookup(current->name.text) != nullptr) {
    return std::nullopt;
  }
  const std::string& head = current->name.text;
  std::string rest;
  for (const std::string& part : parts) rest += (rest.empty() ? "" : ".") + part;
  auto alias = context.module().aliases.find(head);
  if (alias != context.module().aliases.end()) {
    if (auto symbol = LookupInModule(context, alias->second, rest)) return symbol;
    // `events.contact.opened` through an alias.
    return std::nullopt;
  }
  // A declaration named like the head (`refund` in `refund.amount`) makes
  // this a member access; the caller checks the head and reports any
  // ambiguity then, so look without reporting here.
  bool head_is_symbol = LookupInModule(context, context.module_index, head).has_value();
  const Module& module = context.module();
  for (size_t i = 0; i < module.imports.size() && !head_is_symbol; ++i) {
    if (module.imports[i] < 0 || module.ast.imports[i].alias) continue;
    head_is_symbol = LookupInModule(context, module.imports[i], head).has_value();
  }
  if (head_is_symbol) return std::nullopt;
  if (!IsEventNamespace(context, head)) return std::nullopt;
  return LookupSymbol(context, head + "." + rest, expr.range);
}

auto CheckExpr(Context& context, const Scope& scope, ast::ExprId expr_id) -> TypeId {
  TypeStore& types = context.types();
  if (!expr_id.has_value()) return types.error();
  const ast::Expr& expr = context.expr(expr_id);
  TypeId result = types.error();
  switch (expr.kind) {
    case ast::ExprKind::Error: break;
    case ast::ExprKind::Int: result = types.Primitive(TypeKind::IntLiteral); break;
    case ast::ExprKind::Decimal: result = types.Primitive(TypeKind::DecimalLiteral); break;
    case ast::ExprKind::String: result = types.Primitive(TypeKind::String); break;
    case ast::ExprKind::Bool: result = types.Primitive(TypeKind::Bool); break;
    case ast::ExprKind::Duration: result = types.Primitive(TypeKind::Duration); break;
    case ast::ExprKind::Time: result = types.Primitive(TypeKind::Time); break;
    case ast::ExprKind::Date: result = types.Primitive(TypeKind::Date); break;
    case ast::ExprKind::DateTime: result = types.Primitive(TypeKind::DateTime); break;
    case ast::ExprKind::Percent:
      context.emitter.Emit(expr.range, MisplacedPercent);
      break;
    case ast::ExprKind::Name: result = CheckName(context, scope, expr_id); break;
    case ast::ExprKind::Member: result = CheckMember(context, scope, expr_id); break;
    case ast::ExprKind::Call: result = CheckCall(context, scope, expr_id); break;
    case ast::ExprKind::Unary:
    case ast::ExprKind::Binary: result = CheckOperator(context, scope, expr_id); break;
    case ast::ExprKind::If: result = CheckIf(context, scope, expr_id); break;
    case ast::ExprKind::Set: result = CheckSet(context, scope, expr_id); break;
  }
  RecordType(context, expr_id, result);
  return result;
}

auto CheckExprAs(Context& context, const Scope& scope, ast::ExprId expr, TypeId expected)
    -> TypeId {
  TypeId type = CheckExpr(context, scope, expr);
  if (expr.has_value()) CheckConvertible(context, expr, type, expected);
  return type;
}

}  // namespace cobro::sema
