#include "runtime/io/record_shape.h"

#include "runtime/io/suggest.h"
#include "runtime/io/value_text.h"

namespace cobro::runtime::io {

RecordShape::RecordShape(std::string_view name, const std::vector<flowir::Field>& fields, int32_t key_count,
                         StringPool& strings, ValueArena& arena)
    : name(name), fields(&fields), key_count(key_count) {
  for (const flowir::Field& field : fields) {
    field_names.push_back(field.name);
    has_default.push_back(field.has_default);
    initial.push_back(field.has_default ? field.default_bits : ZeroValue(field.type, strings, arena));
  }
}

auto RecordShape::UnknownField(std::string_view field) const -> std::string {
  return "unknown field " + Quoted(field) + " of " + std::string(name) + DidYouMean(field, field_names);
}

auto RecordShape::FieldError(int32_t field, std::string_view reason) const -> std::string {
  return "field " + Quoted(field_names[static_cast<size_t>(field)]) + " of " + std::string(name) + ": " +
         std::string(reason);
}

EventCatalog::EventCatalog(const flowir::Module& module, StringPool& strings, ValueArena& arena) {
  shapes_.reserve(module.events.size());
  for (size_t i = 0; i < module.events.size(); ++i) {
    const flowir::Event& event = module.events[i];
    shapes_.emplace_back(event.name, event.fields, event.key_count, strings, arena);
    names_.push_back(event.name);
    by_name_.emplace(event.name, static_cast<int32_t>(i));
  }
}

auto EventCatalog::Find(std::string_view name) const -> int32_t {
  auto found = by_name_.find(name);
  return found != by_name_.end() ? found->second : -1;
}

auto EventCatalog::UnknownEvent(std::string_view name) const -> std::string {
  return "unknown event " + Quoted(name) + DidYouMean(name, names_);
}

}  // namespace cobro::runtime::io
