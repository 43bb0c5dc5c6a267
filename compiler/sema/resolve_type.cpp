// Written types: resolution and how types read in messages.

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(UnknownType, Error, "unknown type `{0}`{1}", std::string, std::string);
COBRO_DIAGNOSTIC(InvalidTypeArgument, Error, "{0}", std::string);

struct PrimitiveName {
  const char* name;
  TypeKind kind;
};

constexpr PrimitiveName kPrimitives[] = {
    {"int", TypeKind::Int},           {"float", TypeKind::Float},
    {"bool", TypeKind::Bool},         {"string", TypeKind::String},
    {"money", TypeKind::Money},       {"duration", TypeKind::Duration},
    {"time", TypeKind::Time},         {"date", TypeKind::Date},
    {"datetime", TypeKind::DateTime}, {"timezone", TypeKind::Timezone},
    {"channel", TypeKind::Channel},
};

}  // namespace

auto TypeName(Context& context, TypeId type) -> std::string {
  const TypeInfo& info = context.types().Get(type);
  switch (info.kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Int:
    case TypeKind::IntLiteral: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::DecimalLiteral: return "decimal";
    case TypeKind::Bool: return "bool";
    case TypeKind::String: return "string";
    case TypeKind::Money: return "money";
    case TypeKind::Duration: return "duration";
    case TypeKind::Time: return "time";
    case TypeKind::Date: return "date";
    case TypeKind::DateTime: return "datetime";
    case TypeKind::Timezone: return "timezone";
    case TypeKind::Channel: return "channel";
    case TypeKind::Percent: return "percentage";
    case TypeKind::Set: return "set<" + TypeName(context, info.element) + ">";
    case TypeKind::Field: return "field<" + TypeName(context, info.element) + ">";
    case TypeKind::Profile: return ProfileOf(context, info.decl).name.text;
    case TypeKind::Event: return EventOf(context, info.decl).name.Joined();
    // An event name used as a value (`payment` in `count(payment, 90d)`):
    // `event`, as builtin signatures write it, and which event, so that two
    // of them in one message read apart.
    case TypeKind::EventType:
      return info.decl.module < 0 ? "event" : "event " + EventOf(context, info.decl).name.Joined();
  }
  return "<error>";
}

auto ResolveType(Context& context, ast::TypeRefId id) -> TypeId {
  TypeStore& types = context.types();
  if (!id.has_value()) return types.error();
  const ast::TypeRef& type = context.file().types.Get(id);
  std::string name = type.name.Joined();
  if (name.empty()) return types.error();
  if (name == "set") {
    if (type.args.size() != 1) {
      context.emitter.Emit(type.range, InvalidTypeArgument,
                           "`set` takes one element type, as in `set<channel>`");
      return types.error();
    }
    TypeId element = ResolveType(context, type.args[0]);
    return types.is_error(element) ? element : types.Set(element);
  }
  for (const PrimitiveName& primitive : kPrimitives) {
    if (name == primitive.name) {
      if (!type.args.empty()) {
        context.emitter.Emit(type.range, InvalidTypeArgument,
                             "`" + name + "` takes no type arguments");
      }
      return types.Primitive(primitive.kind);
    }
  }
  std::optional<Symbol> symbol;
  if (type.name.parts.size() > 1) {
    auto alias = context.module().aliases.find(type.name.parts[0].text);
    if (alias != context.module().aliases.end()) {
      std::string rest = name.substr(type.name.parts[0].text.size() + 1);
      symbol = LookupInModule(context, alias->second, rest);
    }
  }
  if (!symbol) symbol = LookupSymbol(context, name, type.name.range);
  if (symbol && symbol->kind == SymbolKind::Profile) return types.Profile(symbol->decl);
  if (symbol && symbol->kind == SymbolKind::Event) return types.Event(symbol->decl);
  if (symbol) {
    context.emitter.Emit(type.name.range, UnknownType, name,
                         std::string("; `") + name + "` is a " + SymbolKindName(symbol->kind) +
                             ", not a type");
    return types.error();
  }
  std::vector<std::string> candidates;
  for (const PrimitiveName& primitive : kPrimitives) candidates.emplace_back(primitive.name);
  CollectVisibleNames(context, candidates);
  auto suggestion = Suggest(name, candidates);
  auto builder = context.emitter.Build(type.name.range, UnknownType, name,
                                       suggestion ? "; did you mean `" + *suggestion + "`?" : "");
  if (suggestion) builder.Fix(type.name.range, *suggestion);
  builder.Emit();
  return types.error();
}

}  // namespace cobro::sema
