#pragma once

// Which event types anything reads back from a debtor's history. The
// engine keeps only those in the history it hands to builtins and the
// guard: an event nobody reads again is not worth a pointer and the cache
// miss of scanning past it on every later `days_since` or limit check.

#include <cstdint>

#include "compiler/flowir/module.h"

namespace cobro::runtime {

// The bit of an event type in a 64-bit set of types; types from 63 on
// share bit 63, so a set that holds one of them holds them all.
inline auto HistoryTypeBit(int32_t type) -> uint64_t { return uint64_t{1} << (type < 63 ? type : 63); }

struct HistoryDemand {
  uint64_t types = 0;  // HistoryTypeBit of each type read.

  auto Wants(int32_t type) const -> bool { return (types & HistoryTypeBit(type)) != 0; }
  void Add(int32_t type) {
    if (type >= 0) types |= HistoryTypeBit(type);
  }
};

// The types the module's history builtins read (`count`, `sum`, `avg`,
// `days_since`, `ewma`, `trend` on the event or field they name;
// `paid_since` payments; `opted_out` opt-outs and consents), in flows,
// functions and policy conditions alike. A history builtin whose event is
// not a constant makes every type wanted.
auto BuiltinHistoryDemand(const flowir::Module& module) -> HistoryDemand;

// The types whose records a case may keep past the event: a handler binds
// the event (`on promise as p`) and some state takes an event parameter, so
// `-> promised(p)` can carry it on.
auto HeldByStates(const flowir::Module& module) -> HistoryDemand;

}  // namespace cobro::runtime
