#include "lsp/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "compiler/driver/file_system.h"
#include "lsp/contain.h"
#include "lsp/fault_injection.h"
#include "lsp/handlers.h"
#include "lsp/overlay_file_system.h"
#include "lsp/publish_diagnostics.h"
#include "lsp/scheduler.h"
#include "lsp/transport.h"
#include "lsp/uri.h"

namespace cobro::lsp {

namespace {

using Handler = auto (*)(RequestContext&) -> Json;

// Which snapshot a request reads.
enum class Needs : uint8_t {
  // One that covers every change made before the request: positions in the
  // request refer to that text.
  Fresh,
  // The latest one, possibly older: completion and signature help read the
  // text around the cursor from the document itself and only names from
  // the snapshot, so they need not wait for a check after each keystroke.
  Latest,
};

struct Method {
  const char* name;
  Handler handler;
  Needs needs;
};

constexpr Method kMethods[] = {
    {"textDocument/hover", HandleHover, Needs::Fresh},
    {"textDocument/completion", HandleCompletion, Needs::Latest},
    {"textDocument/signatureHelp", HandleSignatureHelp, Needs::Latest},
    {"textDocument/definition", HandleDefinition, Needs::Fresh},
    {"textDocument/references", HandleReferences, Needs::Fresh},
    {"textDocument/documentHighlight", HandleDocumentHighlight, Needs::Fresh},
    {"textDocument/prepareRename", HandlePrepareRename, Needs::Fresh},
    {"textDocument/rename", HandleRename, Needs::Fresh},
    {"textDocument/documentSymbol", HandleDocumentSymbol, Needs::Fresh},
    {"workspace/symbol", HandleWorkspaceSymbol, Needs::Fresh},
#ifdef COBRO_LSP_FORMATTING
    {"textDocument/formatting", HandleFormatting, Needs::Latest},
    {"textDocument/rangeFormatting", HandleRangeFormatting, Needs::Latest},
#endif
    {"textDocument/semanticTokens/full", HandleSemanticTokensFull, Needs::Fresh},
    {"textDocument/semanticTokens/full/delta", HandleSemanticTokensDelta, Needs::Fresh},
    {"textDocument/semanticTokens/range", HandleSemanticTokensRange, Needs::Fresh},
    {"textDocument/foldingRange", HandleFoldingRange, Needs::Fresh},
    {"textDocument/selectionRange", HandleSelectionRange, Needs::Fresh},
    {"textDocument/codeAction", HandleCodeAction, Needs::Fresh},
    {"textDocument/inlayHint", HandleInlayHint, Needs::Fresh},
    {"textDocument/codeLens", HandleCodeLens, Needs::Fresh},
    {"textDocument/prepareCallHierarchy", HandlePrepareCallHierarchy, Needs::Fresh},
    {"callHierarchy/incomingCalls", HandleIncomingCalls, Needs::Fresh},
    {"callHierarchy/outgoingCalls", HandleOutgoingCalls, Needs::Fresh},
};

auto FindMethod(const std::string& name) -> const Method* {
  for (const Method& method : kMethods) {
    if (name == method.name) return &method;
  }
  return nullptr;
}

auto Dump(const Json& json) -> std::string { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A request waiting for the request thread.
struct PendingRequest {
  Json id;
  std::string method;
  Json params;
  // The scheduler's generation when it arrived: its snapshot must cover it.
  uint64_t generation = 0;
};

class Server {
 public:
  Server(Transport& transport, const ServerOptions& options) : transport_(transport), options_(options) {}

  auto Run() -> int {
    ContainChecks();
    while (!exit_requested_) {
      std::optional<std::string> body = transport_.Read();
      if (!body) break;
      Receive(*body);
    }
    StopWorkers();
    return exit_requested_ && shutdown_requested_ ? 0 : 1;
  }

 private:
  enum class State : uint8_t { Uninitialized, Running };

  void Receive(const std::string& body) {
    Json message;
    try {
      message = Json::parse(body);
    } catch (const Json::exception& error) {
      SendError(nullptr, ErrorCode::ParseError, std::string("the message is not JSON: ") + error.what());
      return;
    }
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
      // A response to a request of ours (a refresh, a registration): nothing
      // waits for it.
      if (message.is_object() && (message.contains("result") || message.contains("error"))) return;
      SendError(message.is_object() && message.contains("id") ? message["id"] : Json(nullptr),
                ErrorCode::InvalidRequest, "a request needs a `method`");
      return;
    }
    std::string method = message["method"].get<std::string>();
    Json params = message.contains("params") ? message["params"] : Json::object();
    if (message.contains("id")) {
      ReceiveRequest(message["id"], method, std::move(params));
    } else {
      ReceiveNotification(method, params);
    }
  }

  void ReceiveRequest(const Json& id, const std::string& method, Json params) {
    if (state_ == State::Uninitialized) {
      if (method == "initialize") {
        Initialize(id, params);
      } else {
        SendError(id, ErrorCode::ServerNotInitialized, "the server has not been initialized");
      }
      return;
    }
    if (method == "initialize") {
      SendError(id, ErrorCode::InvalidRequest, "the server is already initialized");
      return;
    }
    if (shutdown_requested_) {
      SendError(id, ErrorCode::InvalidRequest, "the server is shutting down");
      return;
    }
    if (method == "shutdown") shutdown_requested_ = true;
    PendingRequest request{id, method, std::move(params), scheduler_->generation()};
    {
      std::lock_guard lock(queue_mutex_);
      queue_.push_back(std::move(request));
    }
    queue_changed_.notify_all();
  }

  void ReceiveNotification(const std::string& method, const Json& params) {
    if (method == "exit") {
      exit_requested_ = true;
      return;
    }
    if (state_ == State::Uninitialized) return;
    try {
      if (method == "textDocument/didOpen") {
        const Json& document = params.at("textDocument");
        documents_.Open(document.at("uri").get<std::string>(), document.at("text").get<std::string>(),
                        document.value("version", int64_t{0}));
        scheduler_->Invalidate();
      } else if (method == "textDocument/didChange") {
        std::vector<ContentChange> changes;
        for (const Json& change : params.at("contentChanges")) {
          ContentChange content{std::nullopt, change.at("text").get<std::string>()};
          if (change.contains("range")) content.range = change["range"].get<Range>();
          changes.push_back(std::move(content));
        }
        const Json& document = params.at("textDocument");
        if (documents_.Change(document.at("uri").get<std::string>(), document.value("version", int64_t{0}), changes,
                              client_.encoding)) {
          scheduler_->Invalidate();
        }
      } else if (method == "textDocument/didClose") {
        std::string uri = params.at("textDocument").at("uri").get<std::string>();
        documents_.Close(uri);
        scheduler_->Invalidate();
      } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles" ||
                 method == "workspace/didChangeConfiguration") {
        // A saved file, a changed `cobro.toml` or an import edited outside
        // the editor: check again, reading the files anew.
        scheduler_->Invalidate();
      } else if (method == "workspace/didChangeWorkspaceFolders") {
        ChangeWorkspaceFolders(params.at("event"));
      } else if (method == "$/cancelRequest") {
        {
          std::lock_guard lock(queue_mutex_);
          cancelled_.insert(Dump(params.at("id")));
        }
        queue_changed_.notify_all();
        scheduler_->Wake();
      }
      // Other notifications ($/setTrace, ...) need nothing.
    } catch (const std::exception& error) {
      // A malformed notification has no response to carry an error: log it.
      Log(1, "cobro: ignored a malformed `" + method + "`: " + error.what());
    }
  }

  void Initialize(const Json& id, const Json& params) {
    client_ = ReadClientSupport(params);
    ProjectSettings settings;
    settings.default_stdlib = options_.default_stdlib;
    if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
      for (const Json& folder : params["workspaceFolders"]) {
        if (folder.contains("uri") && folder["uri"].is_string()) {
          settings.workspace_roots.push_back(UriToPath(folder["uri"].get<std::string>()));
        }
      }
    }
    if (settings.workspace_roots.empty() && params.contains("rootUri") && params["rootUri"].is_string()) {
      settings.workspace_roots.push_back(UriToPath(params["rootUri"].get<std::string>()));
    }
    if (settings.workspace_roots.empty() && params.contains("rootPath") && params["rootPath"].is_string()) {
      settings.workspace_roots.push_back(params["rootPath"].get<std::string>());
    }
    workspace_roots_ = settings.workspace_roots;
    SchedulerOptions scheduler;
    scheduler.project = settings;
    const Json& init = params.contains("initializationOptions") ? params["initializationOptions"] : Json(nullptr);
    if (init.is_object()) {
      if (init.contains("debounceMs") && init["debounceMs"].is_number_integer()) {
        scheduler.debounce = std::chrono::milliseconds(init["debounceMs"].get<int64_t>());
      }
      // For protocol tests of cancellation: hold each request this long.
      if (init.contains("requestDelayMs") && init["requestDelayMs"].is_number_integer()) {
        request_delay_ = std::chrono::milliseconds(init["requestDelayMs"].get<int64_t>());
      }
    }
    scheduler_ = std::make_unique<Scheduler>(
        documents_, *options_.files, std::move(scheduler),
        [this](const std::shared_ptr<const Snapshot>& snapshot) { OnSnapshot(snapshot); },
        [this](const std::shared_ptr<const Snapshot>& snapshot) { OnCompliance(snapshot); },
        [this](const std::string& message) { Log(1, "cobro: " + message); });
    request_thread_ = std::thread([this] { RequestLoop(); });
    state_ = State::Running;
    Json result = {{"capabilities", ServerCapabilities(client_)},
                   {"serverInfo", {{"name", "cobro"}, {"version", COBRO_LSP_VERSION}}}};
    SendResult(id, result);
    if (client_.watched_files_registration) RegisterWatchers();
  }

  void RegisterWatchers() {
    Json watchers = Json::array({{{"globPattern", "**/*.cobro"}}, {{"globPattern", "**/cobro.toml"}}});
    Json registration = {{"id", "cobro-watch"},
                         {"method", "workspace/didChangeWatchedFiles"},
                         {"registerOptions", {{"watchers", watchers}}}};
    SendRequest("client/registerCapability", {{"registrations", Json::array({registration})}});
  }

  void ChangeWorkspaceFolders(const Json& event) {
    for (const Json& removed : event.value("removed", Json::array())) {
      std::string path = UriToPath(removed.at("uri").get<std::string>());
      std::erase(workspace_roots_, path);
    }
    for (const Json& added : event.value("added", Json::array())) {
      workspace_roots_.push_back(UriToPath(added.at("uri").get<std::string>()));
    }
    ProjectSettings settings;
    settings.default_stdlib = options_.default_stdlib;
    settings.workspace_roots = workspace_roots_;
    scheduler_->SetProjectSettings(std::move(settings));
  }

  // --- The request thread -------------------------------------------------

  auto IsCancelled(const Json& id) -> bool {
    std::lock_guard lock(queue_mutex_);
    return cancelled_.contains(Dump(id));
  }

  void RequestLoop() {
    ContainChecks();
    while (true) {
      PendingRequest request;
      {
        std::unique_lock lock(queue_mutex_);
        queue_changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        request = std::move(queue_.front());
        queue_.pop_front();
      }
      try {
        Answer(request);
      } catch (const std::exception& error) {
        // Answer contains its handler's bugs; this catches one in the
        // waiting around it, so the request thread outlives it too.
        SendInternalError(request, error.what());
      } catch (...) {
        SendInternalError(request, nullptr);
      }
      std::lock_guard lock(queue_mutex_);
      cancelled_.erase(Dump(request.id));
    }
  }

  void Answer(const PendingRequest& request) {
    if (request.method == "shutdown") {
      SendResult(request.id, nullptr);
      return;
    }
    auto cancelled = [&] { return stopping_ || IsCancelled(request.id); };
    if (request_delay_.count() > 0) {
      std::unique_lock lock(queue_mutex_);
      queue_changed_.wait_for(lock, request_delay_, [&] { return stopping_ || cancelled_.contains(Dump(request.id)); });
    }
    if (cancelled()) {
      SendError(request.id, ErrorCode::RequestCancelled, "the request was cancelled");
      return;
    }
    const Method* method = FindMethod(request.method);
    if (method == nullptr) {
      SendError(request.id, ErrorCode::MethodNotFound, "unknown method `" + request.method + "`");
      return;
    }
    std::shared_ptr<const Snapshot> snapshot;
    if (method->needs == Needs::Latest) {
      snapshot = scheduler_->Latest();
      // A document the latest snapshot has not seen yet (just opened) has
      // no names to offer: wait for one that has.
      if (snapshot && request.params.contains("textDocument") && request.params["textDocument"].is_object() &&
          request.params["textDocument"].contains("uri") && request.params["textDocument"]["uri"].is_string() &&
          !snapshot->FileOf(UriToPath(request.params["textDocument"]["uri"].get<std::string>()))) {
        snapshot = nullptr;
      }
    }
    if (!snapshot) snapshot = scheduler_->WaitFor(request.generation, cancelled);
    if (!snapshot && cancelled()) {
      SendError(request.id, ErrorCode::RequestCancelled, "the request was cancelled");
      return;
    }
    try {
      RequestContext context(request.params, client_, documents_, snapshot, session_, *options_.files);
      InjectFaultAt(request.method);
      SendResult(request.id, method->handler(context));
    } catch (const ResponseError& error) {
      SendError(request.id, error.code, error.message);
    } catch (const Json::exception& error) {
      // Params without a field the method needs, or of the wrong type: the
      // client's mistake, not a bug of the server.
      SendError(request.id, ErrorCode::InvalidParams,
                std::string("invalid params for `") + request.method + "`: " + error.what());
    } catch (const std::exception& error) {
      // A bug in a handler fails its request, never the server.
      SendInternalError(request, error.what());
    } catch (...) {
      SendInternalError(request, nullptr);
    }
  }

  // --- Diagnostics ----------------------------------------------------------

  void OnSnapshot(const std::shared_ptr<const Snapshot>& snapshot) {
    // A clean program is published with its compliance findings, once the
    // analysis has run; publishing before would flash them away and back.
    if (!snapshot->NeedsCompliance()) Publish(*snapshot, nullptr);
  }

  void OnCompliance(const std::shared_ptr<const Snapshot>& snapshot) {
    std::shared_ptr<const Compliance> compliance = snapshot->compliance();
    Publish(*snapshot, compliance.get());
    if (client_.inlay_hint_refresh) SendRequest("workspace/inlayHint/refresh", nullptr);
    if (client_.code_lens_refresh) SendRequest("workspace/codeLens/refresh", nullptr);
  }

  void Publish(const Snapshot& snapshot, const Compliance* compliance) {
    std::lock_guard lock(publish_mutex_);
    InjectFaultAt("publish");
    if (snapshot.generation < published_generation_) return;
    published_generation_ = snapshot.generation;
    std::vector<FileDiagnostics> files =
        DiagnosticsByFile(snapshot, compliance, documents_, client_.encoding, published_uris_);
    published_uris_.clear();
    for (const FileDiagnostics& file : files) {
      Json params = {{"uri", file.uri}, {"diagnostics", file.diagnostics}};
      if (file.version) params["version"] = *file.version;
      SendNotification("textDocument/publishDiagnostics", params);
      if (!file.diagnostics.empty()) published_uris_.insert(file.uri);
    }
  }

  // --- Output ---------------------------------------------------------------

  void SendResult(const Json& id, const Json& result) {
    transport_.Write(Dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}}));
  }

  void SendError(const Json& id, ErrorCode code, const std::string& message) {
    transport_.Write(Dump(Json{{"jsonrpc", "2.0"},
                               {"id", id},
                               {"error", {{"code", static_cast<int32_t>(code)}, {"message", message}}}}));
  }

  // A request failed by a bug of the server; `what` (may be null) says how,
  // and a failed check already calls itself an internal error.
  void SendInternalError(const PendingRequest& request, const char* what) {
    SendError(request.id, ErrorCode::InternalError,
              what != nullptr ? fmt::format("`{}` failed: {}", request.method, what)
                              : fmt::format("internal error in `{}`", request.method));
  }

  void SendNotification(const char* method, const Json& params) {
    transport_.Write(Dump(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}));
  }

  void SendRequest(const char* method, const Json& params) {
    Json message = {{"jsonrpc", "2.0"}, {"id", "cobro-" + std::to_string(next_request_id_++)}, {"method", method}};
    if (!params.is_null()) message["params"] = params;
    transport_.Write(Dump(message));
  }

  // window/logMessage: 1 error, 2 warning, 3 info, 4 log.
  void Log(int type, const std::string& message) {
    SendNotification("window/logMessage", {{"type", type}, {"message", message}});
  }

  void StopWorkers() {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_changed_.notify_all();
    if (scheduler_) scheduler_->Stop();
    if (request_thread_.joinable()) request_thread_.join();
  }

  Transport& transport_;
  const ServerOptions& options_;
  State state_ = State::Uninitialized;
  bool shutdown_requested_ = false;
  bool exit_requested_ = false;
  ClientSupport client_;
  std::vector<std::string> workspace_roots_;
  DocumentStore documents_;
  Session session_;
  std::chrono::milliseconds request_delay_{0};

  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::deque<PendingRequest> queue_;
  std::set<std::string> cancelled_;
  std::atomic<bool> stopping_ = false;

  std::mutex publish_mutex_;
  uint64_t published_generation_ = 0;
  std::set<std::string> published_uris_;
  std::atomic<uint64_t> next_request_id_{1};

  // Last: the threads use every member above.
  std::unique_ptr<Scheduler> scheduler_;
  std::thread request_thread_;
};

}  // namespace

auto RunServer(std::istream& in, std::ostream& out, const ServerOptions& options) -> int {
  Transport transport(in, out);
  driver::DiskFileSystem disk;
  ServerOptions resolved = options;
  if (resolved.files == nullptr) resolved.files = &disk;
  Server server(transport, resolved);
  return server.Run();
}

}  // namespace cobro::lsp
