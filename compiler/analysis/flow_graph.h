#pragma once

// A flow as the compliance analysis sees it: states with the contacts they
// make, and transitions with the time they take. Plain data, built from the
// checked program by BuildFlowGraph; Boost.Graph is used only inside the
// .cpp files that need graph algorithms.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/nodes.h"
#include "compiler/base/channel.h"
#include "compiler/base/source_buffer.h"
#include "compiler/sema/types.h"

namespace cobro::analysis {

// One contact action of a state: made on entry, then `retry_count - 1` more
// times every `retry_interval_ms` while the case stays in the state.
struct ContactAction {
  Channel channel = Channel::Email;
  std::string what;  // "send email \"reminder_1\"", for traces.
  int64_t retry_count = 1;
  // The interval. When computed at run time (`every d.wait`) the engine
  // evaluates it again at every attempt, so each retry may come any time
  // after the one before: `retry_interval_exact` is false and the analyses
  // place those retries wherever is worst.
  int64_t retry_interval_ms = 0;
  bool retry_interval_exact = true;
  // Whether a `when` guard may skip it; the analysis assumes it may happen.
  bool guarded = false;
  // The guard as a conjunction of literals: a key for each atom and whether
  // it must hold. Two actions whose guards hold an atom with opposite signs
  // (`when whatsapp in d.optin` and `when whatsapp not in d.optin`) are never
  // made at the same instant.
  std::vector<std::pair<std::string, bool>> guard_literals;
  // Channels whose opt-out the action's guard tests (`when not
  // opted_out(email)`): after such an opt-out the action is skipped.
  ChannelMask skipped_after_opt_out = 0;
  SourceRange range;
};

enum class EdgeKind : uint8_t {
  Event,  // An event the debtor or a system sends: any time, chosen by the adversary.
  Timer,  // `after D` with a constant D: exactly D after entering the state.
  DynamicTimer,  // `after <computed>`: any time at or after `min_delay_ms`.
};

struct Edge {
  int32_t from = -1;
  int32_t to = -1;
  EdgeKind kind = EdgeKind::Event;
  int64_t delay_ms = 0;  // Timer: the delay; DynamicTimer: its lower bound.
  // Event edges: the event (module, index) and the channels its key may
  // match (kAllChannels when the pattern does not filter on a channel).
  sema::GlobalDecl event;
  std::string event_name;
  ChannelMask channels = kAllChannels;
  bool guarded = false;
  // What must hold to take this edge: the handler's `when` guard (true) and
  // the branches of a choice target (true for `then`, false for `else`).
  struct Condition {
    ast::ExprId expr;
    bool value = true;
  };
  std::vector<Condition> conditions;
  // The name the handler binds the event to (`on dispute x`), if any.
  std::string binding;
  bool from_always = false;
  // Position among the handlers that see the event first: `always` handlers
  // in order, then the state's own. The edges of one handler (the branches
  // of a choice) share it.
  int32_t priority = 0;
  // The pattern also matches a literal argument (`on contact.result("busy")`),
  // so it does not take every event on its channels.
  bool literal_filter = false;
  // A handler that never runs: an earlier unguarded handler takes every event
  // it would (`DuplicateHandler`, `ShadowedAlwaysHandler`), or a shorter
  // constant timer always leaves first. Kept so the graph mirrors the source;
  // every analysis skips it.
  bool never_fires = false;
  std::string label;  // "on payment", "after 3d".
  SourceRange range;
};

// Whether two actions' guards contradict each other.
auto Exclusive(const ContactAction& a, const ContactAction& b) -> bool;

struct StateNode {
  std::string name;
  bool terminal = false;
  std::vector<ContactAction> contacts;
  SourceRange range;
};

// The graph of one flow. States 0..n-1 are the declared ones, followed by
// the built-in terminal states `done` and `hold`.
struct FlowGraph {
  // The module the flow is declared in, whose AST the conditions refer to.
  int32_t module = -1;
  std::string flow_name;
  SourceRange flow_range;
  std::vector<StateNode> states;
  std::vector<Edge> edges;
  // States the start rule may enter.
  std::vector<int32_t> start_states;
  SourceRange start_range;
  // The start rule has a `when`: the case may start after the debtor was
  // enrolled, once its condition holds, after events no handler saw.
  bool start_guarded = false;
  // Channels whose opt-out the start rule's `when` tests as a conjunct (`start
  // when not opted_out(email) -> ...`): after such an opt-out it waits.
  ChannelMask start_skipped_after_opt_out = 0;

  // Edges leaving `state`, in priority order.
  auto EdgesFrom(int32_t state) const -> std::vector<const Edge*>;
  // The same without the handlers that never run: what the analyses follow.
  auto LiveEdgesFrom(int32_t state) const -> std::vector<const Edge*>;
};

}  // namespace cobro::analysis

namespace cobro::sema {
struct Program;
}  // namespace cobro::sema

namespace cobro::analysis {

// The graph of flow `flow` of module `module`: every declared state plus
// `done` and `hold`, every `always` and state handler as edges (a choice
// `if c then a else b` becomes an edge to each), contacts with their retries
// (a `terminal` state makes its entry contacts only: the case ends after
// them), and the handlers that never run marked.
auto BuildFlowGraph(const sema::Program& program, int32_t module, int32_t flow) -> FlowGraph;

// Marks `never_fires` on the edges of handlers that never run: an event
// handler whose every event an earlier unguarded handler of the same state
// (`always` ones first) takes, and every constant timer but the first written
// of the shortest. Mirrors the engine: the first matching handler whose guard
// holds takes an event; the earliest timer, the first of equals, fires.
void MarkHandlersThatNeverRun(FlowGraph& graph);

}  // namespace cobro::analysis
