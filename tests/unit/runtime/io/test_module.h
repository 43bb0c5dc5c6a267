#pragma once

// A small module for the input reader tests: the Debtor profile and some
// std.events shapes, built by hand so the tests do not need the compiler.

#include <string>

#include "compiler/flowir/module.h"

namespace cobro::runtime::io::testing {

inline auto TestModule() -> flowir::Module {
  using flowir::Type;
  flowir::Module module;
  module.strings = {"America/Bogota", "CO"};
  flowir::Profile debtor{"Debtor", {}};
  debtor.fields = {
      {"balance", Type::Money},
      {"dpd", Type::Int},
      {"tz", Type::Timezone, true, 0},           // "America/Bogota"
      {"optin", Type::ChannelSet, true, 0},
      {"jurisdiction", Type::String, true, 1},  // "CO"
      {"active", Type::Bool, true, 1},
  };
  module.profiles.push_back(debtor);
  module.events.push_back({"payment", 0, {{"amount", Type::Money}, {"method", Type::String}, {"days_late", Type::Int}}});
  module.events.push_back({"promise", 0, {{"amount", Type::Money}, {"due", Type::Date}}});
  module.events.push_back({"contact.attempt", 1, {{"channel", Type::Channel}, {"template", Type::String}}});
  module.events.push_back({"opt_out", 1, {{"channel", Type::Channel}}});
  module.events.push_back({"plan.completed", 0, {}});
  // Every other type once, and a field with a default.
  module.events.push_back({"probe",
                           0,
                           {{"rate", Type::Float},
                            {"window", Type::Time},
                            {"grace", Type::Duration},
                            {"when", Type::DateTime},
                            {"zone", Type::Timezone},
                            {"tags", Type::StringSet},
                            {"codes", Type::IntSet},
                            {"channels", Type::ChannelSet},
                            {"flag", Type::Bool},
                            {"tries", Type::Int, true, 3}}});
  return module;
}

// Event indexes in TestModule().
inline constexpr int32_t kPayment = 0;
inline constexpr int32_t kPromise = 1;
inline constexpr int32_t kAttempt = 2;
inline constexpr int32_t kOptOut = 3;
inline constexpr int32_t kPlanCompleted = 4;
inline constexpr int32_t kProbe = 5;

}  // namespace cobro::runtime::io::testing
