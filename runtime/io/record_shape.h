#pragma once

// Private to runtime/io. What a reader needs to know about a profile or an
// event type: field names for lookup and suggestions, and the values fields
// start with before input overrides them.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/abi/context.h"
#include "runtime/io/value_arena.h"

namespace cobro::runtime::io {

struct RecordShape {
  std::string_view name;  // `payment`, `Debtor`.
  const std::vector<flowir::Field>* fields = nullptr;
  int32_t key_count = 0;  // Events only: keys are required.
  std::vector<std::string_view> field_names;
  // Each field's default, else its ZeroValue.
  std::vector<Value> initial;
  // Profiles: whether the field has a default (else it must be given).
  std::vector<bool> has_default;

  RecordShape(std::string_view name, const std::vector<flowir::Field>& fields, int32_t key_count,
              StringPool& strings, ValueArena& arena);

  // The index of the field called `name`, or -1. Records have a handful of
  // fields, so a scan beats hashing.
  auto FieldIndex(std::string_view name) const -> int32_t {
    for (size_t i = 0; i < field_names.size(); ++i) {
      if (field_names[i] == name) return static_cast<int32_t>(i);
    }
    return -1;
  }
  auto type(int32_t field) const -> flowir::Type { return (*fields)[static_cast<size_t>(field)].type; }

  // `unknown field "amout" of payment; did you mean "amount"?`
  auto UnknownField(std::string_view field) const -> std::string;
  // `field "amount" of payment: <reason>`
  auto FieldError(int32_t field, std::string_view reason) const -> std::string;
};

// The module's events by name. Names are as declared, qualified by their
// dots (`contact.attempt`); when two modules declare the same name the
// first one wins.
class EventCatalog {
 public:
  EventCatalog(const flowir::Module& module, StringPool& strings, ValueArena& arena);

  // The event called `name`, or -1.
  auto Find(std::string_view name) const -> int32_t;
  // `unknown event "paymnt"; did you mean "payment"?`
  auto UnknownEvent(std::string_view name) const -> std::string;

  auto shape(int32_t event) const -> const RecordShape& { return shapes_[static_cast<size_t>(event)]; }
  auto size() const -> size_t { return shapes_.size(); }

 private:
  struct TextHash {
    using is_transparent = void;
    auto operator()(std::string_view text) const -> size_t { return std::hash<std::string_view>{}(text); }
  };
  std::vector<RecordShape> shapes_;
  std::vector<std::string_view> names_;
  std::unordered_map<std::string, int32_t, TextHash, std::equal_to<>> by_name_;
};

}  // namespace cobro::runtime::io
