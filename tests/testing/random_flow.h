#pragma once

// A generator of random well-typed Cobro modules, for differential tests of
// the JIT against the interpreter. The same seed gives the same source on
// every platform (it uses only std::mt19937_64 and its raw output).

#include <cstdint>
#include <string>
#include <vector>

namespace cobro::testing {

struct RandomFlowOptions {
  // Flows per module, and declared states per flow (both inclusive).
  int min_flows = 1;
  int max_flows = 3;
  int min_states = 2;
  int max_states = 8;
  // How deep expressions nest; leaves are at depth 0.
  int max_depth = 3;
  int max_fns = 5;
  int max_scorecards = 2;
};

// A parameter or result type as written in Cobro: `int`, `money`,
// `set<channel>`, the profile's name, or an event's name (`promise`).
struct RandomType {
  std::string text;
  bool is_event = false;
  bool is_profile = false;
};

// A fn or scorecard of a generated module, so that a test can call it.
struct RandomCallable {
  std::string name;  // As declared, without the module: `f0`, `Score1`.
  bool scorecard = false;
  std::vector<RandomType> params;
  RandomType result;
};

struct RandomModule {
  std::string name;    // `random.m<seed>`
  std::string source;  // The whole `.cobro` file.
  std::string profile; // The profile every flow and callable reads.
  std::vector<RandomCallable> callables;
};

// A random module that imports std.events and std.scoring and declares a
// profile, events of its own, fns, scorecards and flows. Every expression is
// well typed by construction (docs/language.md section 3), so the module
// checks without errors (warnings, such as unreachable states, may remain).
auto GenerateRandomModule(uint64_t seed, const RandomFlowOptions& options = {}) -> RandomModule;

}  // namespace cobro::testing
