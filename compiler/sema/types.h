#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/base/id.h"

namespace cobro::sema {

struct TypeTag;
// An interned type in a TypeStore.
using TypeId = Id<TypeTag>;

enum class TypeKind : uint8_t {
  Error,       // Poison: anything goes, nothing is reported twice.
  Int,
  Float,
  Bool,
  String,
  Money,       // Exact decimal.
  Duration,
  Time,        // Time of day.
  Date,
  DateTime,
  Timezone,
  Channel,
  Set,         // element
  Profile,     // decl
  Event,       // decl: a value of that event (`p` in `on promise p`)
  EventType,   // decl: the event used as a value (`payment` in `count(payment, 90d)`)
  Field,       // element: an event field used as a value (`payment.amount`)
  IntLiteral,  // An integer literal: becomes int, float or money as needed.
  DecimalLiteral,  // A decimal literal: becomes float or money as needed.
  Percent,
};

// A declaration anywhere in the program: (module, kind-specific index).
struct GlobalDecl {
  int32_t module = -1;
  int32_t index = -1;
  friend auto operator<=>(const GlobalDecl&, const GlobalDecl&) = default;
};

struct TypeInfo {
  TypeKind kind = TypeKind::Error;
  TypeId element;  // Set, Field.
  GlobalDecl decl; // Profile, Event, EventType.
};

// Interns types, so equal types have equal Ids.
class TypeStore {
 public:
  TypeStore();

  // The Id of a type without parameters.
  auto Primitive(TypeKind kind) const -> TypeId { return TypeId{static_cast<int32_t>(kind)}; }
  auto Set(TypeId element) -> TypeId { return Intern({TypeKind::Set, element, {}}); }
  auto Field(TypeId element) -> TypeId { return Intern({TypeKind::Field, element, {}}); }
  auto Profile(GlobalDecl decl) -> TypeId { return Intern({TypeKind::Profile, {}, decl}); }
  auto Event(GlobalDecl decl) -> TypeId { return Intern({TypeKind::Event, {}, decl}); }
  auto EventType(GlobalDecl decl) -> TypeId { return Intern({TypeKind::EventType, {}, decl}); }

  auto Get(TypeId id) const -> const TypeInfo& { return types_[id.index]; }
  auto kind(TypeId id) const -> TypeKind { return types_[id.index].kind; }

  auto error() const -> TypeId { return Primitive(TypeKind::Error); }
  auto is_error(TypeId id) const -> bool { return kind(id) == TypeKind::Error; }

 private:
  auto Intern(TypeInfo info) -> TypeId;

  std::vector<TypeInfo> types_;
  std::map<std::tuple<TypeKind, int32_t, int32_t, int32_t>, TypeId> interned_;
};

}  // namespace cobro::sema
