// Profiles and events: field names and defaults.

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(DuplicateField, Error, "field `{0}` is declared twice", std::string);
COBRO_NOTE(FirstField, "the first `{0}` is here", std::string);

void CheckFieldNames(Context& context, const std::vector<const ast::Ident*>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t k = 0; k < i; ++k) {
      if (names[i]->text == names[k]->text) {
        context.emitter.Build(names[i]->range, DuplicateField, names[i]->text)
            .Note(names[k]->range, FirstField, names[k]->text)
            .Emit();
        break;
      }
    }
  }
}

}  // namespace

void HandleProfile(Context& context, int32_t index) {
  const ast::ProfileDecl& profile = context.file().profiles[index];
  std::vector<const ast::Ident*> names;
  for (const ast::FieldDecl& field : profile.fields) names.push_back(&field.name);
  CheckFieldNames(context, names);
  const std::vector<TypeId>& types = context.module().profile_field_types[index];
  Scope scope;
  for (size_t i = 0; i < profile.fields.size(); ++i) {
    if (profile.fields[i].default_value.has_value()) {
      CheckExprAs(context, scope, profile.fields[i].default_value, types[i]);
    }
  }
}

void HandleEvent(Context& context, int32_t index) {
  const ast::EventDecl& event = context.file().events[index];
  std::vector<const ast::Ident*> names;
  for (const ast::Param& key : event.keys) names.push_back(&key.name);
  for (const ast::FieldDecl& field : event.fields) names.push_back(&field.name);
  CheckFieldNames(context, names);
  const std::vector<TypeId>& types = context.module().event_field_types[index];
  Scope scope;
  for (size_t i = 0; i < event.fields.size(); ++i) {
    if (event.fields[i].default_value.has_value()) {
      CheckExprAs(context, scope, event.fields[i].default_value, types[i]);
    }
  }
}

}  // namespace cobro::sema
