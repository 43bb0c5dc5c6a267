#include "compiler/driver/flow_drawing.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/civil_time.h"

namespace cobro::driver {

namespace {

auto ContactLine(const analysis::ContactAction& contact) -> std::string {
  std::string line = contact.what;
  if (contact.retry_count > 1) {
    std::string every = contact.retry_interval_exact ? Duration{contact.retry_interval_ms}.ToString() : "a computed time";
    line += fmt::format(" every {} up to {}", every, contact.retry_count);
  }
  if (contact.guarded) line += " (when ...)";
  return line;
}

// The names in backticks in a trace message, in order: "`a` -> `b` (on x)".
auto QuotedNames(const std::string& message) -> std::vector<std::string> {
  std::vector<std::string> names;
  for (size_t open = message.find('`'); open != std::string::npos;) {
    size_t close = message.find('`', open + 1);
    if (close == std::string::npos) break;
    names.push_back(message.substr(open + 1, close - open - 1));
    open = message.find('`', close + 1);
  }
  return names;
}

// A DOT double-quoted string's contents.
auto DotEscape(std::string_view text) -> std::string {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

// A Mermaid quoted label's contents: quotes and markup as entity codes.
auto MermaidEscape(std::string_view text) -> std::string {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '#': escaped += "#35;"; break;
      case '"': escaped += "#quot;"; break;
      case '<': escaped += "#lt;"; break;
      case '>': escaped += "#gt;"; break;
      case '|': escaped += "#124;"; break;
      case '\n': escaped += "<br/>"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

auto FindState(FlowDrawing& drawing, int32_t index) -> FlowDrawing::State* {
  for (FlowDrawing::State& state : drawing.states) {
    if (state.index == index) return &state;
  }
  return nullptr;
}

auto FindStateByName(const analysis::FlowGraph& graph, const std::string& name) -> int32_t {
  for (size_t s = 0; s < graph.states.size(); ++s) {
    if (graph.states[s].name == name) return static_cast<int32_t>(s);
  }
  return -1;
}

void Mark(FlowDrawing& drawing, int32_t from, int32_t to, const std::string& label) {
  for (FlowDrawing::Transition& transition : drawing.transitions) {
    if (transition.from == from && transition.to == to && (label.empty() || transition.label == label)) {
      transition.highlighted = true;
    }
  }
  if (FlowDrawing::State* state = FindState(drawing, from)) state->highlighted = true;
  if (FlowDrawing::State* state = FindState(drawing, to)) state->highlighted = true;
}

}  // namespace

auto DrawFlow(const analysis::FlowGraph& graph) -> FlowDrawing {
  FlowDrawing drawing;
  drawing.flow_name = graph.flow_name;
  std::vector<bool> used(graph.states.size(), false);
  for (const analysis::Edge& edge : graph.edges) used[edge.to] = used[edge.from] = true;
  for (int32_t start : graph.start_states) used[start] = true;
  for (size_t s = 0; s < graph.states.size(); ++s) {
    const analysis::StateNode& node = graph.states[s];
    bool builtin = node.name == "done" || node.name == "hold";
    // The built-in terminal states come after the declared ones.
    if (builtin && s + 2 >= graph.states.size() && !used[s]) continue;
    FlowDrawing::State state;
    state.index = static_cast<int32_t>(s);
    state.name = node.name;
    state.terminal = node.terminal;
    for (const analysis::ContactAction& contact : node.contacts) state.contacts.push_back(ContactLine(contact));
    drawing.states.push_back(std::move(state));
  }
  for (int32_t start : graph.start_states) drawing.transitions.push_back({-1, start, "", false});
  for (const analysis::Edge& edge : graph.edges) {
    bool duplicate = std::any_of(drawing.transitions.begin(), drawing.transitions.end(), [&](const auto& other) {
      return other.from == edge.from && other.to == edge.to && other.label == edge.label;
    });
    if (!duplicate) drawing.transitions.push_back({edge.from, edge.to, edge.label, false});
  }
  return drawing;
}

void HighlightTrace(FlowDrawing& drawing, const analysis::FlowGraph& graph,
                    const std::vector<diag::TraceStep>& trace) {
  for (const diag::TraceStep& step : trace) {
    if (!step.range.has_value()) continue;
    std::vector<std::string> names = QuotedNames(step.message);
    if (step.range == graph.start_range) {
      for (const std::string& name : names) {
        int32_t state = FindStateByName(graph, name);
        if (state >= 0) Mark(drawing, -1, state, "");
      }
      continue;
    }
    // A transition: `a` -> `b`; a choice's branches share the handler's
    // range, so the target's name picks the branch.
    bool matched = false;
    for (const analysis::Edge& edge : graph.edges) {
      if (edge.range != step.range) continue;
      if (names.size() >= 2 && graph.states[edge.to].name != names[1]) continue;
      Mark(drawing, edge.from, edge.to, edge.label);
      matched = true;
    }
    if (matched) continue;
    // A contact, or a state the case stays in.
    for (size_t s = 0; s < graph.states.size(); ++s) {
      const analysis::StateNode& node = graph.states[s];
      bool here = node.range == step.range ||
                  std::any_of(node.contacts.begin(), node.contacts.end(),
                              [&](const analysis::ContactAction& contact) { return contact.range == step.range; });
      if (!here) continue;
      if (FlowDrawing::State* state = FindState(drawing, static_cast<int32_t>(s))) state->highlighted = true;
    }
  }
}

auto RenderDot(const FlowDrawing& drawing) -> std::string {
  constexpr const char* kRed = "color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2.5";
  std::string dot = fmt::format("digraph \"{}\" {{\n", DotEscape(drawing.flow_name));
  dot += "  rankdir=LR;\n";
  dot += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
  dot += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  dot += "  start [shape=point, width=0.15, label=\"\"];\n";
  for (const FlowDrawing::State& state : drawing.states) {
    std::string label = DotEscape(state.name) + (state.contacts.empty() ? "" : "\\n");
    for (const std::string& contact : state.contacts) label += DotEscape(contact) + "\\l";
    std::string attributes = fmt::format("label=\"{}\"", label);
    if (state.terminal) attributes += ", style=\"rounded,filled\", fillcolor=\"#eeeeee\", peripheries=2";
    if (state.highlighted) attributes += std::string(", ") + kRed;
    dot += fmt::format("  s{} [{}];\n", state.index, attributes);
  }
  for (const FlowDrawing::Transition& transition : drawing.transitions) {
    std::string from = transition.from < 0 ? "start" : fmt::format("s{}", transition.from);
    std::vector<std::string> attributes;
    if (!transition.label.empty()) attributes.push_back(fmt::format("label=\"{}\"", DotEscape(transition.label)));
    if (transition.highlighted) attributes.push_back(kRed);
    std::string joined;
    for (const std::string& attribute : attributes) joined += (joined.empty() ? "" : ", ") + attribute;
    dot += fmt::format("  {} -> s{}{};\n", from, transition.to, joined.empty() ? "" : " [" + joined + "]");
  }
  dot += "}\n";
  return dot;
}

auto RenderMermaid(const FlowDrawing& drawing) -> std::string {
  std::string text = "flowchart LR\n";
  text += "  start((start))\n";
  std::vector<std::string> terminal;
  std::vector<std::string> highlighted;
  for (const FlowDrawing::State& state : drawing.states) {
    std::string label = "<b>" + MermaidEscape(state.name) + "</b>";
    for (const std::string& contact : state.contacts) label += "<br/>" + MermaidEscape(contact);
    // Terminal states are stadiums; the others rounded boxes.
    std::string id = fmt::format("s{}", state.index);
    text += state.terminal ? fmt::format("  {}([\"{}\"])\n", id, label) : fmt::format("  {}(\"{}\")\n", id, label);
    if (state.terminal) terminal.push_back(id);
    if (state.highlighted) highlighted.push_back(id);
  }
  std::vector<size_t> red_links;
  for (size_t i = 0; i < drawing.transitions.size(); ++i) {
    const FlowDrawing::Transition& transition = drawing.transitions[i];
    std::string from = transition.from < 0 ? "start" : fmt::format("s{}", transition.from);
    std::string label = transition.label.empty() ? "" : fmt::format("|\"{}\"|", MermaidEscape(transition.label));
    text += fmt::format("  {} -->{} s{}\n", from, label, transition.to);
    if (transition.highlighted) red_links.push_back(i);
  }
  text += "  classDef terminal fill:#eeeeee,stroke:#555555,stroke-width:2px\n";
  text += "  classDef trace stroke:#cc0000,stroke-width:3px,color:#cc0000\n";
  auto join = [](const auto& items) {
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : ",") + fmt::format("{}", item);
    return joined;
  };
  if (!terminal.empty()) text += "  class " + join(terminal) + " terminal\n";
  if (!highlighted.empty()) text += "  class " + join(highlighted) + " trace\n";
  if (!red_links.empty()) text += "  linkStyle " + join(red_links) + " stroke:#cc0000,stroke-width:3px,color:#cc0000\n";
  return text;
}

}  // namespace cobro::driver
