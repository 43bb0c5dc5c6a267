// The call hierarchy as the transition hierarchy between a flow's states:
// `textDocument/prepareCallHierarchy` on a state (or `done`, `hold`, a
// flow), `callHierarchy/incomingCalls` lists the states whose handlers lead
// to it (the start rule and `always` handlers as items of their own), and
// `callHierarchy/outgoingCalls` the states its handlers lead to.

#include <map>

#include "lsp/handlers.h"
#include "lsp/syntax_queries.h"
#include "lsp/uri.h"

namespace cobro::lsp {

namespace {

// The pseudo-states that are not declared states.
constexpr const char* kStart = "start";
constexpr const char* kAlways = "always";

// A node of the hierarchy, by names: items survive new snapshots.
struct Node {
  std::string uri;
  std::string flow;
  // A state, `done`, `hold`, or kStart / kAlways; kStart also stands for
  // the flow itself.
  std::string state;
};

// Where a flow named by a node is.
struct FlowRef {
  FileId file;
  int32_t module = -1;
  const ast::FlowDecl* flow = nullptr;
};

auto FindFlow(RequestContext& context, const Node& node) -> std::optional<FlowRef> {
  const Snapshot& snapshot = context.Program();
  std::optional<FileId> file = snapshot.FileOf(UriToPath(node.uri));
  if (!file) return std::nullopt;
  int32_t module = snapshot.ModuleOf(*file);
  if (module < 0) return std::nullopt;
  for (const ast::FlowDecl& flow : snapshot.result.program.modules[module].ast.flows) {
    if (flow.name.text == node.flow) return FlowRef{*file, module, &flow};
  }
  return std::nullopt;
}

auto Item(RequestContext& context, const FlowRef& flow, const Node& node) -> Json {
  SourceRange range = flow.flow->name.range;
  SourceRange selection = flow.flow->name.range;
  SymbolKind kind = SymbolKind::EnumMember;
  std::string detail = "flow " + node.flow;
  if (node.state == kStart) {
    kind = SymbolKind::Class;
    if (!flow.flow->starts.empty()) range = flow.flow->starts.front().range;
    detail = "start of flow " + node.flow;
  } else if (node.state == kAlways) {
    kind = SymbolKind::Event;
    if (!flow.flow->always.empty()) {
      range = selection = flow.flow->always.front().range;
      for (const ast::Handler& handler : flow.flow->always) range = SourceRange::Join(range, handler.range);
    }
    detail = "always handlers of flow " + node.flow;
  } else if (node.state == "done" || node.state == "hold") {
    detail = "terminal state of flow " + node.flow;
  } else {
    for (const ast::StateDecl& state : flow.flow->states) {
      if (state.name.text == node.state) {
        range = state.range;
        selection = state.name.range;
        if (state.terminal) detail = "terminal state of flow " + node.flow;
      }
    }
  }
  if (!Contains(range, selection.begin)) range = SourceRange::Join(range, selection);
  return Json{{"name", node.state == kStart ? node.flow : node.state},
              {"kind", static_cast<int32_t>(kind)},
              {"detail", detail},
              {"uri", node.uri},
              {"range", context.ToRange(range)},
              {"selectionRange", context.ToRange(selection)},
              {"data", {{"uri", node.uri}, {"flow", node.flow}, {"state", node.state}}}};
}

// Every state a target can lead to, with the range naming it.
void TargetLeaves(const ast::File& file, ast::TargetId id, std::vector<std::pair<std::string, SourceRange>>& leaves) {
  if (!id.has_value() || static_cast<size_t>(id.index) >= file.targets.size()) return;
  const ast::Target& target = file.targets.Get(id);
  if (target.kind == ast::TargetKind::If) {
    TargetLeaves(file, target.then_target, leaves);
    TargetLeaves(file, target.else_target, leaves);
    return;
  }
  if (!target.state.text.empty()) leaves.emplace_back(target.state.text, target.state.range);
}

// Every transition of a flow: source node state, target state, range.
struct Transition {
  std::string from;
  std::string to;
  SourceRange range;
};

auto Transitions(const ast::File& file, const ast::FlowDecl& flow) -> std::vector<Transition> {
  std::vector<Transition> transitions;
  auto add = [&](const std::string& from, ast::TargetId target) {
    std::vector<std::pair<std::string, SourceRange>> leaves;
    TargetLeaves(file, target, leaves);
    for (auto& [to, range] : leaves) transitions.push_back({from, to, range});
  };
  for (const ast::StartRule& start : flow.starts) add(kStart, start.target);
  for (const ast::StateDecl& state : flow.states) {
    for (const ast::Handler& handler : state.handlers) add(state.name.text, handler.target);
  }
  for (const ast::Handler& handler : flow.always) add(kAlways, handler.target);
  return transitions;
}

auto ReadNode(const Json& params) -> Node {
  if (!params.contains("item") || !params["item"].contains("data")) {
    throw ResponseError{ErrorCode::InvalidParams, "missing `item.data`"};
  }
  const Json& data = params["item"]["data"];
  return Node{data.value("uri", ""), data.value("flow", ""), data.value("state", "")};
}

auto Calls(RequestContext& context, bool incoming) -> Json {
  Node node = ReadNode(context.params);
  std::optional<FlowRef> flow = FindFlow(context, node);
  Json calls = Json::array();
  if (!flow) return calls;
  const ast::File& file = context.Program().result.program.modules[flow->module].ast;
  // Grouped by the other end, in order of first appearance.
  std::vector<std::string> order;
  std::map<std::string, std::vector<SourceRange>> ranges;
  for (const Transition& transition : Transitions(file, *flow->flow)) {
    const std::string& self = incoming ? transition.to : transition.from;
    const std::string& other = incoming ? transition.from : transition.to;
    if (self != node.state) continue;
    if (!ranges.contains(other)) order.push_back(other);
    ranges[other].push_back(transition.range);
  }
  for (const std::string& other : order) {
    Json from_ranges = Json::array();
    for (SourceRange range : ranges[other]) from_ranges.push_back(context.ToRange(range));
    calls.push_back({{incoming ? "from" : "to", Item(context, *flow, Node{node.uri, node.flow, other})},
                     {"fromRanges", from_ranges}});
  }
  return calls;
}

}  // namespace

auto HandlePrepareCallHierarchy(RequestContext& context) -> Json {
  const Occurrence* occurrence = context.OccurrenceAtCursor();
  if (occurrence == nullptr) return nullptr;
  const Snapshot& snapshot = context.Program();
  const Entity& entity = occurrence->entity;
  std::string uri = DocumentUri(context.params);
  Node node{uri, "", ""};
  if (entity.kind == EntityKind::State || entity.kind == EntityKind::Flow) {
    const ast::FlowDecl& flow = snapshot.result.program.modules[entity.module].ast.flows[entity.decl];
    node = Node{context.Uri(entity.definition.file), flow.name.text,
                entity.kind == EntityKind::Flow ? kStart : flow.states[entity.member].name.text};
  } else if (entity.kind == EntityKind::Terminal) {
    std::optional<FileId> file = context.DocumentFile();
    int32_t module = file ? snapshot.ModuleOf(*file) : -1;
    if (module < 0) return nullptr;
    Enclosing enclosing = EnclosingAt(snapshot.result.program.modules[module].ast, occurrence->range.begin);
    if (!enclosing.decl || enclosing.decl->kind != ast::DeclKind::Flow) return nullptr;
    const ast::FlowDecl& flow = snapshot.result.program.modules[module].ast.flows[enclosing.decl->index];
    node = Node{uri, flow.name.text, entity.member == 0 ? "done" : "hold"};
  } else {
    return nullptr;
  }
  std::optional<FlowRef> flow = FindFlow(context, node);
  if (!flow) return nullptr;
  return Json::array({Item(context, *flow, node)});
}

auto HandleIncomingCalls(RequestContext& context) -> Json { return Calls(context, true); }

auto HandleOutgoingCalls(RequestContext& context) -> Json { return Calls(context, false); }

}  // namespace cobro::lsp
