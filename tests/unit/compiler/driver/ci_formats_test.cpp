// The CI outputs of `cobro check` and the parts of the driver golden files
// cannot reach: the structure GitHub code scanning needs in SARIF (there is
// no schema validator offline), fingerprints that survive moving code, the
// job summary file, `cobro.toml` found upwards, and `dot` run through the
// injected program runner.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

#include "compiler/driver/driver.h"
#include "compiler/driver/file_system.h"
#include "compiler/driver/project_config.h"

namespace cobro::driver {
namespace {

using Json = nlohmann::json;

constexpr const char* kViolating = R"(module t.unit

import std.events

policy Calls {
  /// Three calls a week.
  three: limit call <= 3 per 7d cite "test 1" effective 2021-11-30 confidence A
  hours: allow 08:00..21:00 local cite "test 2"
}

profile D { dpd: int }

flow Daily for d: D complies Calls {
  start -> calling
  state calling {
    call voice "hello" every 1d up to 4
    after 4d -> done
  }
  state orphan {
    send email "never"
    after 1d -> done
  }
}
)";

struct RunResult {
  int code = 0;
  std::string out;
  std::string err;
};

auto RunCobro(MemoryFileSystem& files, const std::vector<std::string>& args,
              const Environment& environment = Environment{"stdlib", false}) -> RunResult {
  files.MapToDisk("stdlib/", std::string(COBRO_SOURCE_DIR) + "/stdlib/");
  std::ostringstream out;
  std::ostringstream err;
  int code = Run(args, files, environment, out, err);
  return {code, out.str(), err.str()};
}

auto Sarif(const std::string& text, std::vector<std::string> extra = {}) -> Json {
  MemoryFileSystem files;
  files.Add("flow.cobro", text);
  std::vector<std::string> args = {"check", "--format", "sarif"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("flow.cobro");
  RunResult result = RunCobro(files, args);
  return Json::parse(result.out);
}

void CheckLocation(const Json& location) {
  REQUIRE(location.contains("physicalLocation"));
  const Json& physical = location["physicalLocation"];
  CHECK(!physical["artifactLocation"]["uri"].get<std::string>().empty());
  const Json& region = physical["region"];
  CHECK(region["startLine"].get<int>() >= 1);
  CHECK(region["startColumn"].get<int>() >= 1);
  CHECK(region["endLine"].get<int>() >= region["startLine"].get<int>());
  CHECK(region.contains("endColumn"));
}

TEST_CASE("sarif has every field GitHub code scanning reads", "[driver][sarif]") {
  Json sarif = Sarif(kViolating);
  CHECK(sarif["$schema"].get<std::string>().find("sarif-schema-2.1.0") != std::string::npos);
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const Json& run = sarif["runs"][0];
  const Json& tool = run["tool"]["driver"];
  CHECK(tool["name"] == "cobro");
  CHECK(!tool["version"].get<std::string>().empty());
  CHECK(tool["informationUri"].get<std::string>().starts_with("https://"));
  const Json& rules = tool["rules"];
  REQUIRE(!rules.empty());
  for (const Json& rule : rules) {
    CHECK(!rule["id"].get<std::string>().empty());
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(rule["helpUri"].get<std::string>().starts_with("https://"));
    CHECK(rule["properties"].is_object());
  }
  const Json& results = run["results"];
  REQUIRE(results.size() == 2);  // The violated limit and the unreachable state.
  bool saw_compliance = false;
  for (const Json& result : results) {
    std::string id = result["ruleId"];
    size_t index = result["ruleIndex"];
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == id);
    std::string level = result["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK(!result["message"]["text"].get<std::string>().empty());
    REQUIRE(!result["locations"].empty());
    CheckLocation(result["locations"][0]);
    CHECK(!result["partialFingerprints"]["cobro/v1"].get<std::string>().empty());
    if (id != "t.unit.three") continue;
    saw_compliance = true;
    CHECK(level == "error");
    CHECK(rules[index]["properties"]["citation"] == "test 1");
    REQUIRE(result.contains("relatedLocations"));
    for (const Json& related : result["relatedLocations"]) {
      CHECK(related.contains("id"));
      CHECK(!related["message"]["text"].get<std::string>().empty());
      CheckLocation(related);
    }
    const Json& steps = result["codeFlows"][0]["threadFlows"][0]["locations"];
    REQUIRE(steps.size() >= 2);
    for (const Json& step : steps) {
      CHECK(!step["location"]["message"]["text"].get<std::string>().empty());
      CheckLocation(step["location"]);
    }
  }
  CHECK(saw_compliance);
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK(run["properties"]["compliance"]["analysed"] == true);
}

TEST_CASE("sarif never reports rules as passed when the analysis did not run", "[driver][sarif]") {
  std::string broken = kViolating;
  broken += "fn bad(d: D) -> int = \"one\"\n";
  Json run = Sarif(broken)["runs"][0];
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] ==
        "cobro.compliance-not-analysed");
  CHECK(run["properties"]["compliance"]["analysed"] == false);
  CHECK(!run["properties"]["compliance"].contains("verdicts"));
}

TEST_CASE("sarif fingerprints do not change when code moves", "[driver][sarif]") {
  std::string moved = std::string("// A comment that moves everything down.\n\n\n") + kViolating;
  Json before = Sarif(kViolating)["runs"][0]["results"];
  Json after = Sarif(moved)["runs"][0]["results"];
  REQUIRE(before.size() == after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    CHECK(before[i]["partialFingerprints"] == after[i]["partialFingerprints"]);
    CHECK(before[i]["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() + 3 ==
          after[i]["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
  }
}

TEST_CASE("the github job summary goes to GITHUB_STEP_SUMMARY when set", "[driver][github]") {
  MemoryFileSystem files;
  files.Add("flow.cobro", kViolating);
  files.Add("summary.md", "earlier steps\n");
  Environment environment{"stdlib", false};
  environment.github_step_summary = "summary.md";
  RunResult result = RunCobro(files, {"check", "--format", "github", "flow.cobro"}, environment);
  CHECK(result.code == 1);
  CHECK(result.out.starts_with("::error file=flow.cobro,line=13,"));
  CHECK(result.out.find("job summary") == std::string::npos);
  std::string error;
  std::optional<std::string> summary = files.ReadFile("summary.md", error);
  REQUIRE(summary);
  // Appended, as GitHub expects of every step.
  CHECK(summary->starts_with("earlier steps\n## Cobro check\n"));
  CHECK(summary->find("| `t.unit.Daily` | `t.unit.three` | violated |") != std::string::npos);
}

TEST_CASE("cobro.toml is found in the current directory or above", "[driver][config]") {
  MemoryFileSystem files;
  CHECK(FindProjectConfig(files, "/home/a/project") == std::nullopt);
  files.Add("../../cobro.toml", "[check]\nroots = [\"src\", \".\"]\nstdlib = \"/opt/stdlib\"\n");
  CHECK(FindProjectConfig(files, "/home/a/project") == "../../cobro.toml");
  // Without a known current directory only `./cobro.toml` is looked at.
  CHECK(FindProjectConfig(files, "") == std::nullopt);
  files.Add("cobro.toml", "");
  CHECK(FindProjectConfig(files, "/home/a/project") == "cobro.toml");

  ConfigError error;
  std::optional<ProjectConfig> config = LoadProjectConfig(files, "../../cobro.toml", error);
  REQUIRE(config);
  // Relative paths are spelled from the current directory.
  CHECK(*config->roots == std::vector<std::string>{"../../src", "../.."});
  CHECK(config->stdlib == "/opt/stdlib");
}

TEST_CASE("cobro.toml mistakes have a place", "[driver][config]") {
  ConfigError error;
  CHECK(!ParseProjectConfig("[check]\nroots = [\"a\", 3]\n", "cobro.toml", error));
  CHECK(error.line == 2);
  CHECK(error.column == 15);
  CHECK(error.message == "`roots` must be an array of strings");
  CHECK(!ParseProjectConfig("[severity]\nUnreachableState = \"loud\"\n", "cobro.toml", error));
  CHECK(error.line == 2);
  CHECK(!ParseProjectConfig("x = \n", "cobro.toml", error));
  CHECK(error.line == 1);
}

TEST_CASE("svg is drawn by the injected program runner", "[driver][graph]") {
  MemoryFileSystem files;
  files.Add("flow.cobro", kViolating);
  Environment environment{"stdlib", false};
  std::vector<std::string> seen_argv;
  std::string seen_input;
  environment.run_program = [&](const std::vector<std::string>& argv, const std::string& input) {
    seen_argv = argv;
    seen_input = input;
    return ProgramResult{true, 0, "<svg/>\n", ""};
  };
  RunResult drawn = RunCobro(files, {"graph", "--format", "svg", "--highlight", "Calls.three", "flow.cobro"},
                             environment);
  CHECK(drawn.code == 0);
  CHECK(drawn.out == "<svg/>\n");
  CHECK(seen_argv == std::vector<std::string>{"dot", "-Tsvg"});
  CHECK(seen_input.starts_with("digraph \"Daily\" {"));
  CHECK(seen_input.find("#cc0000") != std::string::npos);

  environment.run_program = [](const std::vector<std::string>&, const std::string&) { return ProgramResult{}; };
  RunResult missing = RunCobro(files, {"graph", "--format", "svg", "flow.cobro"}, environment);
  CHECK(missing.code == 2);
  CHECK(missing.err.find("Graphviz") != std::string::npos);

  environment.run_program = [](const std::vector<std::string>&, const std::string&) {
    return ProgramResult{true, 1, "", "syntax error"};
  };
  RunResult failed = RunCobro(files, {"graph", "--format", "svg", "flow.cobro"}, environment);
  CHECK(failed.code == 2);
  CHECK(failed.err.find("syntax error") != std::string::npos);
}

TEST_CASE("junit counts match its testcases", "[driver][junit]") {
  MemoryFileSystem files;
  files.Add("flow.cobro", kViolating);
  RunResult result = RunCobro(files, {"check", "--format", "junit", "flow.cobro"});
  CHECK(result.code == 1);
  auto count = [&](const std::string& needle) {
    size_t found = 0;
    for (size_t at = result.out.find(needle); at != std::string::npos; at = result.out.find(needle, at + 1)) ++found;
    return found;
  };
  // Two rules of the flow, and the warning in the diagnostics suite.
  CHECK(count("<testcase ") == 3);
  CHECK(result.out.find("<testsuites name=\"cobro check\" tests=\"3\" failures=\"1\"") != std::string::npos);
  CHECK(count("<failure ") == 1);
  CHECK(count("<testsuite ") == count("</testsuite>"));
}

}  // namespace
}  // namespace cobro::driver
