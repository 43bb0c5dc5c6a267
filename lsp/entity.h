#pragma once

// What a name in a program stands for, as the editor features see it: one
// declaration, field, state, rule, local or channel, identified by where it
// is defined.

#include <cstdint>

#include "compiler/base/source_buffer.h"

namespace cobro::lsp {

enum class EntityKind : uint8_t {
  None,
  Module,        // module: the module.
  Profile,       // module, decl: profiles[decl].
  ProfileField,  // module, decl: profiles[decl], member: fields[member].
  Event,         // module, decl: events[decl].
  EventKey,      // module, decl: events[decl], member: keys[member].
  EventField,    // module, decl: events[decl], member: fields[member].
  Fn,            // module, decl: fns[decl].
  Builtin,       // module, decl: builtins[decl].
  Scorecard,     // module, decl: scorecards[decl].
  Policy,        // module, decl: policies[decl].
  PolicyRule,    // module, decl: policies[decl], member: rules[member].
  Flow,          // module, decl: flows[decl].
  State,         // module, decl: flows[decl], member: states[member].
  Experiment,    // module, decl: experiments[decl].
  Test,          // module, decl: tests[decl].
  Local,         // module: a parameter, `let`, binding or flow subject.
  Channel,       // member: index into ChannelAndGroupNames().
  Terminal,      // member: 0 `done`, 1 `hold`.
};

struct Entity {
  EntityKind kind = EntityKind::None;
  int32_t module = -1;
  int32_t decl = -1;
  int32_t member = -1;
  // The name at the definition; none for channels and terminal states,
  // which are built in.
  SourceRange definition;

  // Two entities are the same when they are defined at the same place
  // (built-in ones: when they are the same built-in).
  friend auto operator==(const Entity& a, const Entity& b) -> bool {
    if (a.kind != b.kind) return false;
    if (a.definition.has_value() || b.definition.has_value()) {
      return a.definition.file == b.definition.file && a.definition.begin == b.definition.begin;
    }
    return a.member == b.member;
  }
};

}  // namespace cobro::lsp
