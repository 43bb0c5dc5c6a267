// Structural facts about a flow graph, with Boost.Graph's searches.

#include "compiler/analysis/reachability.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

namespace cobro::analysis {

namespace {

// A vertex index equals the state's index in FlowGraph::states.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// Handlers that never run lead nowhere.
auto ToBoost(const FlowGraph& flow) -> Graph {
  Graph graph(flow.states.size());
  for (const Edge& edge : flow.edges) {
    if (!edge.never_fires) boost::add_edge(edge.from, edge.to, graph);
  }
  return graph;
}

// Marks every vertex reachable from `sources` in `graph`.
template <class G>
auto Reach(const G& graph, const std::vector<int32_t>& sources, size_t count) -> std::vector<bool> {
  std::vector<bool> seen(count, false);
  std::vector<boost::default_color_type> colors(count, boost::white_color);
  auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph));
  for (int32_t source : sources) {
    if (colors[source] != boost::white_color) continue;
    boost::breadth_first_visit(graph, source, boost::color_map(color_map));
  }
  for (size_t i = 0; i < count; ++i) seen[i] = colors[i] != boost::white_color;
  return seen;
}

}  // namespace

auto ReachableStates(const FlowGraph& flow) -> std::vector<bool> {
  return Reach(ToBoost(flow), flow.start_states, flow.states.size());
}

auto StatesThatCannotFinish(const FlowGraph& flow) -> std::vector<int32_t> {
  Graph graph = ToBoost(flow);
  std::vector<int32_t> terminals;
  for (size_t s = 0; s < flow.states.size(); ++s) {
    if (flow.states[s].terminal) terminals.push_back(static_cast<int32_t>(s));
  }
  std::vector<bool> reachable = Reach(graph, flow.start_states, flow.states.size());
  std::vector<bool> can_finish = Reach(boost::make_reverse_graph(graph), terminals, flow.states.size());
  std::vector<int32_t> stuck;
  for (size_t s = 0; s < flow.states.size(); ++s) {
    if (reachable[s] && !can_finish[s]) stuck.push_back(static_cast<int32_t>(s));
  }
  return stuck;
}

auto HandlesEvent(const FlowGraph& graph, sema::GlobalDecl event) -> bool {
  for (const Edge& edge : graph.edges) {
    if (edge.kind == EdgeKind::Event && edge.event == event && !edge.never_fires) return true;
  }
  return false;
}

}  // namespace cobro::analysis
