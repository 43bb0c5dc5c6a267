// Runs one language-server transcript: starts `cobro lsp` as a child process,
// writes the transcript's files into a fresh workspace, sends its messages
// with the protocol's Content-Length framing and compares every response
// and every published diagnostic with the expectation in the file.
//
//   lsp_transcript_test <cobro binary> <source dir> <transcript>
//
// With COBRO_AUTOUPDATE=1 the expectations are rewritten with the current
// output; review the change with `git diff`. tests/lsp/README.md describes
// the format.

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/lsp/server_process.h"

namespace {

using cobro::lsp_test::Fail;
using cobro::lsp_test::Json;
using cobro::lsp_test::ServerProcess;

struct Section {
  // The header line's words after `---`: `file a.cobro`, `request textDocument/hover`.
  std::vector<std::string> words;
  std::string header;
  std::string body;
  // Whether the body is an expectation the update mode rewrites.
  bool expectation = false;
};

struct Point {
  int line = 0;
  int character = 0;
};

// A source file with its markers taken out.
struct SourceFile {
  std::string text;
  std::map<std::string, Point> points;
};


auto ReadAll(const std::string& path) -> std::string {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

auto SplitWords(const std::string& text) -> std::vector<std::string> {
  std::istringstream stream(text);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

auto IsExpectation(const std::string& kind) -> bool {
  return kind == "response" || kind == "request" || kind == "await" || kind == "diagnostics" ||
         kind == "notification";
}

// Splits the transcript at lines that start with `--- `. Lines before the
// first header are a comment. For `request` and `await` the expectation is
// the text after a line `==>` in the body.
auto SplitSections(const std::string& text, std::string& preamble) -> std::vector<Section> {
  std::vector<Section> sections;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.starts_with("--- ")) {
      Section section;
      section.header = line;
      section.words = SplitWords(line.substr(4));
      if (section.words.empty()) Fail("an empty section header: `" + line + "`");
      section.expectation = IsExpectation(section.words[0]);
      sections.push_back(std::move(section));
    } else if (sections.empty()) {
      preamble += line + "\n";
    } else {
      sections.back().body += line + "\n";
    }
  }
  return sections;
}

// UTF-16 code units of a UTF-8 string.
auto Utf16Length(std::string_view text) -> int {
  int units = 0;
  for (size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

// Takes the markers out of a source: `«name»` marks a position, and a range
// named `name` runs from `«name»` to `«/name»`. Positions are UTF-16.
auto ParseSource(const std::string& marked) -> SourceFile {
  SourceFile file;
  const std::string open = "\xC2\xAB";   // «
  const std::string close = "\xC2\xBB";  // »
  size_t at = 0;
  int line = 0;
  size_t line_start = 0;
  while (at < marked.size()) {
    if (marked.compare(at, open.size(), open) == 0) {
      size_t end = marked.find(close, at);
      if (end == std::string::npos) Fail("a marker without `»`");
      std::string name = marked.substr(at + open.size(), end - at - open.size());
      Point point{line, Utf16Length(std::string_view(file.text).substr(line_start))};
      if (file.points.contains(name)) Fail("the marker `" + name + "` appears twice");
      file.points[name] = point;
      at = end + close.size();
      continue;
    }
    char c = marked[at++];
    file.text += c;
    if (c == '\n') {
      ++line;
      line_start = file.text.size();
    }
  }
  return file;
}

void Print(const Json& json, int indent, std::string& out);

auto PointJson(const Point& point) -> Json { return Json{{"line", point.line}, {"character", point.character}}; }


// The client capabilities a transcript runs with unless it sends its own
// `initialize`: what VS Code offers, in short.
auto DefaultInitialize(const std::string& root_uri) -> Json {
  Json capabilities = {
      {"general", {{"positionEncodings", {"utf-16"}}}},
      {"textDocument",
       {{"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
        {"completion", {{"completionItem", {{"snippetSupport", true}}}}},
        {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}},
        {"publishDiagnostics", {{"relatedInformation", true}}}}},
      {"workspace", {{"workspaceFolders", true}}},
  };
  return Json{{"processId", nullptr},
              {"rootUri", root_uri},
              {"workspaceFolders", {{{"uri", root_uri}, {"name", "workspace"}}}},
              {"capabilities", capabilities},
              {"initializationOptions", {{"debounceMs", 0}}}};
}

class Transcript {
 public:
  Transcript(std::string binary, std::string source_dir, std::filesystem::path workspace)
      : binary_(std::move(binary)), source_dir_(std::move(source_dir)), workspace_(std::move(workspace)) {
    root_uri_ = "file://" + workspace_.string();
  }

  // Runs every section; fills `actual` for each expectation.
  void Run(std::vector<Section>& sections, std::vector<std::string>& actual) {
    actual.assign(sections.size(), "");
    // Files first: every file exists on disk before the server starts.
    for (const Section& section : sections) {
      if (section.words[0] != "file") continue;
      if (section.words.size() != 2) Fail("`--- file` takes one path");
      SourceFile file = ParseSource(section.body);
      std::filesystem::path path = workspace_ / section.words[1];
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << file.text;
      files_[section.words[1]] = std::move(file);
    }
    // The server's environment: this process's, which it inherits.
    for (const Section& section : sections) {
      if (section.words[0] != "env") continue;
      size_t equals = section.words.size() == 2 ? section.words[1].find('=') : std::string::npos;
      if (equals == std::string::npos || equals == 0) Fail("`--- env` takes one NAME=VALUE");
      setenv(section.words[1].substr(0, equals).c_str(), section.words[1].substr(equals + 1).c_str(), 1);
    }
    server_.emplace(binary_, workspace_.string());
    bool explicit_initialize = false;
    for (const Section& section : sections) {
      if (section.words.size() >= 2 && section.words[1] == "initialize") explicit_initialize = true;
    }
    if (!explicit_initialize) {
      Request("initialize", DefaultInitialize(root_uri_));
      server_->Send(Json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", Json::object()}});
    }
    bool finished = false;
    for (size_t i = 0; i < sections.size(); ++i) {
      const Section& section = sections[i];
      const std::string& kind = section.words[0];
      std::string argument = section.words.size() > 1 ? section.words[1] : "";
      if (kind == "file" || kind == "env") continue;
      if (kind == "open") {
        OpenFile(argument);
      } else if (kind == "notify") {
        server_->Send(Json{{"jsonrpc", "2.0"}, {"method", argument}, {"params", Expand(Request(section))}});
        NoteVersion(argument, Expand(Request(section)));
      } else if (kind == "raw") {
        // Bytes as they are, with `\r\n` for a CRLF in the body.
        std::string bytes = section.body;
        if (!bytes.empty()) bytes.pop_back();
        size_t at = 0;
        while ((at = bytes.find("\\r\\n", at)) != std::string::npos) bytes.replace(at, 4, "\r\n");
        server_->SendRaw(bytes);
      } else if (kind == "request" || kind == "send") {
        Json params = Expand(Request(section));
        int64_t id = next_id_++;
        Json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", argument}};
        if (!params.is_null()) message["params"] = params;
        server_->Send(message);
        pending_.push_back(id);
        if (kind == "request") actual[i] = Normalise(Await());
      } else if (kind == "cancel") {
        if (pending_.empty()) Fail("`--- cancel` with no request sent");
        server_->Send(Json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", pending_.back()}}}});
      } else if (kind == "await") {
        actual[i] = Normalise(Await());
      } else if (kind == "response") {
        // The next response to no request of ours: an error to a broken message.
        Json response = server_->Take([](const Json& message) { return !message.contains("method"); }, "a response");
        response.erase("jsonrpc");
        actual[i] = Normalise(response);
      } else if (kind == "diagnostics") {
        actual[i] = Normalise(Diagnostics(argument));
      } else if (kind == "notification") {
        // The next notification of that method: a log message, say.
        auto matches = [&](const Json& candidate) {
          return !candidate.contains("id") && candidate.value("method", "") == argument;
        };
        Json message = server_->Take(matches, "a `" + argument + "` notification");
        actual[i] = Normalise(message.value("params", Json()));
      } else if (kind == "mutate") {
        if (section.words.size() != 3) Fail("`--- mutate` takes a repository path and a count");
        Mutate(section.words[1], std::stoi(section.words[2]));
      } else if (kind == "exit-code") {
        int status = server_->Finish();
        finished = true;
        if (status != std::stoi(argument)) {
          Fail("the server exited with " + std::to_string(status) + ", expected " + argument);
        }
      } else {
        Fail("unknown section `" + section.header + "`");
      }
    }
    if (!finished) {
      Request("shutdown", nullptr);
      server_->Send(Json{{"jsonrpc", "2.0"}, {"method", "exit"}});
      int status = server_->Finish();
      if (status != 0) Fail("the server exited with " + std::to_string(status) + " after shutdown and exit");
    }
  }

 private:
  // The body of a request section: the text before `==>`.
  static auto Request(const Section& section) -> std::string {
    size_t arrow = section.body.find("\n==>");
    if (section.body.starts_with("==>")) return "";
    return arrow == std::string::npos ? section.body : section.body.substr(0, arrow + 1);
  }

  auto Request(const std::string& method, const Json& params) -> Json {
    int64_t id = next_id_++;
    Json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) message["params"] = params;
    server_->Send(message);
    pending_.push_back(id);
    Json response = Await();
    if (response.contains("error")) Fail(method + " failed: " + response.dump());
    return response;
  }

  auto Await() -> Json {
    if (pending_.empty()) Fail("`--- await` with no request sent");
    int64_t id = pending_.front();
    pending_.pop_front();
    Json response = server_->Take(
        [&](const Json& message) { return !message.contains("method") && message.value("id", Json()) == id; },
        "response to request " + std::to_string(id));
    // The id and the version say nothing about the feature.
    last_result_ = response.value("result", Json());
    response.erase("jsonrpc");
    response.erase("id");
    return response;
  }

  void OpenFile(const std::string& name) {
    auto it = files_.find(name);
    if (it == files_.end()) Fail("`--- open " + name + "` names no `--- file`");
    versions_[name] = 1;
    server_->Send(Json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/didOpen"},
                       {"params",
                        {{"textDocument",
                          {{"uri", Uri(name)}, {"languageId", "cobro"}, {"version", 1}, {"text", it->second.text}}}}}});
  }

  // Remembers the version a didChange sends, which its diagnostics carry.
  // After a didClose, diagnostics of the file carry no version.
  void NoteVersion(const std::string& method, const Json& params) {
    if (method != "textDocument/didChange" && method != "textDocument/didOpen" && method != "textDocument/didClose") {
      return;
    }
    std::string uri = params["textDocument"].value("uri", "");
    for (const auto& [name, file] : files_) {
      if (Uri(name) != uri) continue;
      if (method == "textDocument/didClose") {
        versions_.erase(name);
      } else {
        versions_[name] = params["textDocument"].value("version", int64_t{0});
      }
    }
  }

  // Sends `iterations` broken versions of a repository file (cut, a span
  // deleted, a stray token inserted; a fixed seed) and, after each, every
  // feature's request at random positions. Fails on an internal error, a
  // stall or a dead server; the answers themselves are not compared.
  void Mutate(const std::string& repository_path, int iterations) {
    std::string original = ReadAll(source_dir_ + "/" + repository_path);
    if (original.empty()) Fail("cannot read " + repository_path);
    std::string uri = Uri("mutated.cobro");
    Json document = {{"uri", uri}, {"languageId", "cobro"}, {"version", 1}, {"text", ""}};
    server_->Send(
        Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"}, {"params", {{"textDocument", document}}}});
    std::mt19937 random(20261123);
    auto below = [&](size_t bound) { return bound == 0 ? size_t{0} : static_cast<size_t>(random() % bound); };
    const std::vector<std::string> strays = {"{", "}", "(", ")", "->", "\"", "é🎉", std::string(1, '\0'), " state ",
                                             " on ", ".", "[", ",", "///", "\r", "\xff"};
    const std::vector<std::string> methods = {
        "textDocument/hover", "textDocument/completion", "textDocument/signatureHelp", "textDocument/definition",
        "textDocument/references", "textDocument/documentHighlight", "textDocument/prepareRename",
        "textDocument/rename", "textDocument/documentSymbol", "textDocument/semanticTokens/full",
        "textDocument/foldingRange", "textDocument/selectionRange", "textDocument/codeAction",
        "textDocument/inlayHint", "textDocument/codeLens", "textDocument/prepareCallHierarchy",
        "textDocument/formatting", "textDocument/rangeFormatting"};
    for (int iteration = 0; iteration < iterations; ++iteration) {
      std::string text = original;
      size_t at = below(text.size());
      switch (iteration % 3) {
        case 0: text.resize(at); break;
        case 1: text.erase(at, below(200)); break;
        default: text.insert(at, strays[below(strays.size())]); break;
      }
      server_->Send(Json{{"jsonrpc", "2.0"},
                         {"method", "textDocument/didChange"},
                         {"params",
                          {{"textDocument", {{"uri", uri}, {"version", iteration + 2}}},
                           {"contentChanges", {{{"text", text}}}}}}});
      auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
      for (const std::string& method : methods) {
        Json position = {{"line", static_cast<int>(below(static_cast<size_t>(lines) + 1))},
                         {"character", static_cast<int>(below(90))}};
        Json range = {{"start", {{"line", position["line"]}, {"character", 0}}},
                      {"end", {{"line", position["line"].get<int>() + 20}, {"character", 0}}}};
        Json params = {{"textDocument", {{"uri", uri}}}, {"position", position}, {"range", range},
                       {"positions", {position}}, {"newName", "renamed"},
                       {"context", {{"includeDeclaration", true}, {"diagnostics", Json::array()}}},
                       {"options", {{"tabSize", 2}, {"insertSpaces", true}}}};
        int64_t id = next_id_++;
        server_->Send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
        Json response = server_->Take(
            [&](const Json& message) { return !message.contains("method") && message.value("id", Json()) == id; },
            method + " on a broken text (iteration " + std::to_string(iteration) + ")");
        if (response.contains("error") && response["error"].value("code", 0) == -32603) {
          Fail(method + " failed inside the server on iteration " + std::to_string(iteration) + ": " +
               response["error"].value("message", "") + "\n--- text\n" + text);
        }
      }
    }
  }

  // Waits for the diagnostics of `name` at the version last sent.
  auto Diagnostics(const std::string& name) -> Json {
    std::string uri = Uri(name);
    std::optional<int64_t> version;
    if (versions_.contains(name)) version = versions_[name];
    Json message = server_->Take(
        [&](const Json& candidate) {
          if (candidate.value("method", "") != "textDocument/publishDiagnostics") return false;
          const Json& params = candidate["params"];
          if (params.value("uri", "") != uri) return false;
          return !version || params.value("version", int64_t{-1}) == *version;
        },
        "diagnostics of " + name);
    last_result_ = message["params"]["diagnostics"];
    return last_result_;
  }

  auto Uri(const std::string& name) const -> std::string { return root_uri_ + "/" + name; }

  // Replaces the transcript's variables in a JSON text and parses it:
  // `$URI(a.cobro)`, `$POS(name)` (a `{line, character}`), `$RANGE(name)`,
  // `$TEXT(a.cobro)` (the file's text without markers), `$ROOT`, `$RESULT()`
  // (the last response's result) and `$RESULT(0)` (its first element).
  auto Expand(const std::string& text) -> Json {
    std::string out;
    size_t at = 0;
    while (at < text.size()) {
      if (text[at] != '$') {
        out += text[at++];
        continue;
      }
      size_t paren = text.find('(', at);
      std::string name;
      std::string argument;
      if (text.compare(at, 5, "$ROOT") == 0) {
        out += root_uri_;
        at += 5;
        continue;
      }
      if (paren == std::string::npos) Fail("a `$` that starts no variable in `" + text + "`");
      size_t end = text.find(')', paren);
      name = text.substr(at + 1, paren - at - 1);
      argument = text.substr(paren + 1, end - paren - 1);
      at = end + 1;
      if (name == "RESULT") {
        // The result of the last response, or its element `n`.
        // `$RESULT(resultId)` reads a key.
        bool index = !argument.empty() && std::isdigit(static_cast<unsigned char>(argument[0])) != 0;
        out += (argument.empty() ? last_result_ : index ? last_result_.at(std::stoul(argument)) : last_result_.at(argument))
                   .dump();
      } else if (name == "URI") {
        out += Uri(argument);
      } else if (name == "TEXT") {
        if (!files_.contains(argument)) Fail("`$TEXT(" + argument + ")` names no file");
        out += Json(files_[argument].text).dump();
      } else if (name == "POS" || name == "RANGE") {
        out += (name == "POS" ? PointJson(Find(argument)) : Json{{"start", PointJson(Find(argument))},
                                                                 {"end", PointJson(Find("/" + argument))}})
                   .dump();
      } else {
        Fail("unknown variable `$" + name + "`");
      }
    }
    if (SplitWords(out).empty()) return nullptr;
    Json parsed = Json::parse(out, nullptr, false);
    if (parsed.is_discarded()) Fail("a section body is not JSON:\n" + out);
    return parsed;
  }

  auto Find(const std::string& marker) -> Point {
    for (const auto& [name, file] : files_) {
      auto it = file.points.find(marker);
      if (it != file.points.end()) return it->second;
    }
    Fail("no marker `«" + marker + "»`");
  }

  // Pretty JSON with keys sorted and the workspace's and the repository's
  // paths replaced, so the expectation holds on any machine; a line in a
  // repository source file (a failed check's) reads `:LINE`, so that
  // editing that file does not break the transcript.
  auto Normalise(const Json& json) -> std::string {
    std::string text;
    Print(json, 0, text);
    auto replace_all = [&](const std::string& from, const std::string& to) {
      size_t at = 0;
      while ((at = text.find(from, at)) != std::string::npos) {
        text.replace(at, from.size(), to);
        at += to.size();
      }
    };
    replace_all(root_uri_, "$ROOT");
    replace_all(workspace_.string(), "$ROOTPATH");
    replace_all("file://" + source_dir_, "$REPO");
    replace_all(source_dir_, "$REPOPATH");
    static const std::regex kSourceLine(R"((\$REPOPATH/[^":\s]+):\d+)");
    text = std::regex_replace(text, kSourceLine, "$1:LINE");
    return text + "\n";
  }

  std::string binary_;
  std::string source_dir_;
  std::filesystem::path workspace_;
  std::string root_uri_;
  std::map<std::string, SourceFile> files_;
  std::map<std::string, int64_t> versions_;
  std::optional<ServerProcess> server_;
  int64_t next_id_ = 1;
  std::deque<int64_t> pending_;
  Json last_result_;
};

// JSON text that puts every value that fits in 100 columns on one line, so
// ranges and positions stay readable; keys are sorted.
void Print(const Json& json, int indent, std::string& out) {
  std::string flat = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (flat.size() + static_cast<size_t>(indent) <= 100 || !json.is_structured() || json.empty()) {
    out += flat;
    return;
  }
  std::string pad(static_cast<size_t>(indent) + 2, ' ');
  bool numbers = json.is_array() && std::all_of(json.begin(), json.end(), [](const Json& item) {
                   return item.is_number();
                 });
  if (numbers) {
    // Semantic tokens: five numbers a token, one token a line.
    out += "[";
    for (size_t i = 0; i < json.size(); ++i) {
      out += i == 0 ? "\n" + pad : i % 5 == 0 ? ",\n" + pad : ", ";
      out += json[i].dump();
    }
    out += "\n" + std::string(static_cast<size_t>(indent), ' ') + "]";
    return;
  }
  bool first = true;
  out += json.is_object() ? "{\n" : "[\n";
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out += pad;
    if (json.is_object()) out += Json(it.key()).dump() + ": ";
    Print(it.value(), indent + 2, out);
  }
  out += "\n" + std::string(static_cast<size_t>(indent), ' ') + (json.is_object() ? "}" : "]");
}

// The expectation part of a section as written in the file.
auto ExpectedOf(const Section& section) -> std::string {
  if (section.words[0] == "request") {
    size_t arrow = section.body.find("==>\n");
    if (arrow == std::string::npos) return "";
    return section.body.substr(arrow + 4);
  }
  return section.body;
}

auto Rewrite(const std::string& preamble, const std::vector<Section>& sections, const std::vector<std::string>& actual)
    -> std::string {
  std::string text = preamble;
  for (size_t i = 0; i < sections.size(); ++i) {
    const Section& section = sections[i];
    text += section.header + "\n";
    if (!section.expectation) {
      text += section.body;
    } else if (section.words[0] == "request") {
      size_t arrow = section.body.find("==>");
      std::string request = arrow == std::string::npos ? section.body : section.body.substr(0, arrow);
      text += request + "==>\n" + actual[i];
    } else {
      text += actual[i];
    }
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: lsp_transcript_test <cobro binary> <source dir> <transcript>\n";
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  // Absolute: the server starts in the workspace directory.
  std::string binary = std::filesystem::absolute(argv[1]).string();
  std::string source_dir = argv[2];
  std::string path = argv[3];
  std::string original = ReadAll(path);
  std::string preamble;
  std::vector<Section> sections = SplitSections(original, preamble);

  char pattern[] = "/tmp/cobro-lsp-XXXXXX";
  if (mkdtemp(pattern) == nullptr) Fail("mkdtemp failed");
  std::filesystem::path workspace = std::filesystem::canonical(pattern);
  // Removed on every exit, a failure's included.
  static std::filesystem::path workspace_to_remove;
  workspace_to_remove = workspace;
  std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(workspace_to_remove, ignored);
  });
  std::vector<std::string> actual;
  {
    Transcript transcript(binary, source_dir, workspace);
    transcript.Run(sections, actual);
  }

  const char* autoupdate = std::getenv("COBRO_AUTOUPDATE");
  if (autoupdate != nullptr && std::string(autoupdate) == "1") {
    std::string updated = Rewrite(preamble, sections, actual);
    if (updated != original) std::ofstream(path, std::ios::binary) << updated;
    return 0;
  }
  int failures = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (!sections[i].expectation) continue;
    std::string expected = ExpectedOf(sections[i]);
    if (expected == actual[i]) continue;
    ++failures;
    std::cerr << "FAIL: `" << sections[i].header << "` differs\n--- expected\n"
              << expected << "--- actual\n"
              << actual[i];
  }
  if (failures > 0) {
    std::cerr << "to accept the new output: COBRO_AUTOUPDATE=1 ctest --test-dir build -R 'lsp/' and review "
                 "`git diff tests/lsp`\n";
    return 1;
  }
  return 0;
}
