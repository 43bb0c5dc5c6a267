#include "compiler/sema/types.h"

namespace cobro::sema {

TypeStore::TypeStore() {
  // Primitive kinds occupy the Ids equal to their enumerator values.
  for (int kind = 0; kind <= static_cast<int>(TypeKind::Percent); ++kind) {
    types_.push_back(TypeInfo{static_cast<TypeKind>(kind), {}, {}});
  }
}

auto TypeStore::Intern(TypeInfo info) -> TypeId {
  auto key = std::tuple(info.kind, info.element.index, info.decl.module, info.decl.index);
  auto it = interned_.find(key);
  if (it != interned_.end()) return it->second;
  TypeId id{static_cast<int32_t>(types_.size())};
  types_.push_back(info);
  interned_.emplace(key, id);
  return id;
}

}  // namespace cobro::sema
