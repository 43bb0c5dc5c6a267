// The only file that sees toml++.
#include "compiler/driver/project_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/driver/command_line.h"

namespace cobro::driver {

namespace {

// A configuration mistake, located at the node it is about.
struct ConfigMistake {
  toml::source_region where;
  std::string message;
};

auto Locate(const std::string& path, const toml::source_region& where, const std::string& message)
    -> ConfigError {
  return ConfigError{path, static_cast<int32_t>(where.begin.line), static_cast<int32_t>(where.begin.column),
                     message};
}

auto DirectoryOf(const std::string& path) -> std::string {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// `entry` from a file in `directory` (`""`, `../`, `/abs/`), spelled from the
// current directory.
auto Resolve(const std::string& directory, const std::string& entry) -> std::string {
  if (directory.empty() || entry.starts_with("/")) return entry;
  if (entry == "." || entry == "./") return directory.size() > 1 ? directory.substr(0, directory.size() - 1) : directory;
  return directory + (entry.starts_with("./") ? entry.substr(2) : entry);
}

class Reader {
 public:
  Reader(const std::string& path, ProjectConfig& config)
      : directory_(DirectoryOf(path)), config_(config) {}

  auto Read(const toml::table& root) -> std::optional<ConfigMistake> {
    for (auto&& [key, node] : root) {
      std::string name(key.str());
      if (name == "check") {
        const toml::table* table = node.as_table();
        if (table == nullptr) return ConfigMistake{node.source(), "`check` must be a table: `[check]`"};
        if (auto mistake = ReadCheck(*table)) return mistake;
      } else if (name == "severity") {
        const toml::table* table = node.as_table();
        if (table == nullptr) return ConfigMistake{node.source(), "`severity` must be a table: `[severity]`"};
        if (auto mistake = ReadSeverity(*table)) return mistake;
      } else if (name == "simulate") {
        const toml::table* table = node.as_table();
        if (table == nullptr) return ConfigMistake{node.source(), "`simulate` must be a table: `[simulate]`"};
        if (auto mistake = ReadSimulate(*table)) return mistake;
      } else {
        return Unknown(key, name, {"check", "severity", "simulate"}, "a section");
      }
    }
    return std::nullopt;
  }

 private:
  auto ReadCheck(const toml::table& table) -> std::optional<ConfigMistake> {
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      std::optional<ConfigMistake> mistake;
      if (name == "paths") {
        mistake = Strings(node, name, true, config_.paths);
      } else if (name == "policies") {
        mistake = Strings(node, name, false, config_.policies);
      } else if (name == "jurisdictions") {
        mistake = Strings(node, name, false, config_.jurisdictions);
      } else if (name == "roots") {
        mistake = Strings(node, name, true, config_.roots);
      } else if (name == "stdlib") {
        std::optional<std::string> text = node.value<std::string>();
        if (!node.is_string() || !text) return ConfigMistake{node.source(), "`stdlib` must be a string"};
        config_.stdlib = Resolve(directory_, *text);
      } else if (name == "fail-level") {
        std::optional<std::string> text = node.value<std::string>();
        if (!node.is_string() || !text || (*text != "error" && *text != "warning" && *text != "never")) {
          return ConfigMistake{node.source(), "`fail-level` must be \"error\", \"warning\" or \"never\""};
        }
        config_.fail_level = *text;
      } else if (name == "compliance") {
        if (!node.is_boolean()) return ConfigMistake{node.source(), "`compliance` must be `true` or `false`"};
        config_.compliance = node.value<bool>();
      } else {
        return Unknown(key, name,
                       {"compliance", "fail-level", "jurisdictions", "paths", "policies", "roots", "stdlib"},
                       "a key of `[check]`");
      }
      if (mistake) return mistake;
    }
    return std::nullopt;
  }

  // [simulate] prices = { sms = "0.02", voice = "0.35" }: amounts as
  // strings (or numbers) that the simulation parses exactly.
  auto ReadSimulate(const toml::table& table) -> std::optional<ConfigMistake> {
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      if (name != "prices") return Unknown(key, name, {"prices"}, "a key of `[simulate]`");
      const toml::table* prices = node.as_table();
      if (prices == nullptr) {
        return ConfigMistake{node.source(), "`prices` must be a table, like `prices = { sms = \"0.02\" }`"};
      }
      for (auto&& [channel, amount] : *prices) {
        std::string text;
        if (amount.is_string()) {
          text = *amount.value<std::string>();
        } else if (amount.is_integer()) {
          text = std::to_string(*amount.value<int64_t>());
        } else {
          return ConfigMistake{amount.source(), fmt::format("the price of `{}` must be an amount like \"0.02\"",
                                                            channel.str())};
        }
        config_.prices.emplace_back(std::string(channel.str()), text);
      }
    }
    return std::nullopt;
  }

  auto ReadSeverity(const toml::table& table) -> std::optional<ConfigMistake> {
    std::vector<std::string> kinds;
    for (diag::Kind kind : diag::AllKinds()) kinds.emplace_back(diag::KindName(kind));
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      if (std::find(kinds.begin(), kinds.end(), name) == kinds.end()) {
        return Unknown(key, name, kinds, "a diagnostic code");
      }
      std::optional<std::string> level = node.value<std::string>();
      if (!node.is_string() || !level ||
          (*level != "error" && *level != "warning" && *level != "note" && *level != "off")) {
        return ConfigMistake{node.source(), fmt::format("the severity of `{}` must be \"error\", \"warning\", "
                                                        "\"note\" or \"off\"", name)};
      }
      config_.severity.emplace_back(name, *level);
    }
    return std::nullopt;
  }

  auto Strings(const toml::node& node, const std::string& name, bool paths,
               std::optional<std::vector<std::string>>& target) -> std::optional<ConfigMistake> {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      return ConfigMistake{node.source(), fmt::format("`{}` must be an array of strings, like `[\"a\"]`", name)};
    }
    std::vector<std::string> values;
    for (const toml::node& element : *array) {
      std::optional<std::string> text = element.value<std::string>();
      if (!element.is_string() || !text) {
        return ConfigMistake{element.source(), fmt::format("`{}` must be an array of strings", name)};
      }
      values.push_back(paths ? Resolve(directory_, *text) : *text);
    }
    target = std::move(values);
    return std::nullopt;
  }

  auto Unknown(const toml::key& key, const std::string& name, const std::vector<std::string>& known,
               const char* what) -> std::optional<ConfigMistake> {
    std::string message = fmt::format("`{}` is not {}", name, what);
    if (auto suggestion = Closest(name, known)) message += fmt::format("; did you mean `{}`?", *suggestion);
    return ConfigMistake{key.source(), message};
  }

  std::string directory_;
  ProjectConfig& config_;
};

}  // namespace

auto FindProjectConfig(FileSystem& files, const std::string& current_directory)
    -> std::optional<std::string> {
  size_t depth = 0;
  for (char c : current_directory) depth += c == '/';
  if (current_directory.size() > 1 && current_directory.ends_with("/")) --depth;
  std::string prefix;
  for (size_t level = 0; level <= depth; ++level, prefix += "../") {
    std::string candidate = prefix + kProjectConfigName;
    std::string error;
    if (files.IsDirectory(candidate)) continue;
    if (files.ReadFile(candidate, error)) return candidate;
  }
  return std::nullopt;
}

auto LoadProjectConfig(FileSystem& files, const std::string& path, ConfigError& error)
    -> std::optional<ProjectConfig> {
  std::string read_error;
  std::optional<std::string> text = files.ReadFile(path, read_error);
  if (!text) {
    error = ConfigError{path, 0, 0, read_error};
    return std::nullopt;
  }
  return ParseProjectConfig(*text, path, error);
}

auto ParseProjectConfig(const std::string& text, const std::string& path, ConfigError& error)
    -> std::optional<ProjectConfig> {
  ProjectConfig config;
  config.path = path;
  toml::table root;
  // toml++ reports syntax errors by exception; it stays inside this function.
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& parse_error) {
    // toml++ words start with a capital; ours do not.
    std::string message(parse_error.description());
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    error = Locate(path, parse_error.source(), message);
    return std::nullopt;
  }
  if (auto mistake = Reader(path, config).Read(root)) {
    error = Locate(path, mistake->where, mistake->message);
    return std::nullopt;
  }
  return config;
}

}  // namespace cobro::driver
