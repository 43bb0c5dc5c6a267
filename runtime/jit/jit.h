#pragma once

// The JIT behind a small header with no LLVM in it (as MLIR's
// ExecutionEngine and Gandiva do): flow IR in, native entry points out.
// Compiled objects are cached on disk, keyed by the IR, the target and the
// Cobro version, so a warm start skips code generation altogether.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/flowir/module.h"
#include "runtime/engine/flow_code.h"

namespace llvm::orc {
class LLJIT;
}  // namespace llvm::orc

namespace cobro::jit {

// A value or an error message: failures are results, never aborts.
template <class T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  static auto Error(std::string message) -> Expected {
    Expected result;
    result.error_ = std::move(message);
    return result;
  }
  explicit operator bool() const { return value_.has_value(); }
  auto operator*() -> T& { return *value_; }
  auto operator->() -> T* { return &*value_; }
  auto error() const -> const std::string& { return error_; }

 private:
  Expected() = default;
  std::optional<T> value_;
  std::string error_;
};

struct JitOptions {
  // Where compiled objects are cached; empty for no cache.
  std::string cache_directory;
  // Optimisation level, 0 to 3.
  int optimization = 2;
};

// Pointers to one flow's generated entry points (codegen/codegen.h).
struct FlowEntryPoints {
  void (*start)(runtime::EvalContext*, const runtime::Value*, runtime::Transition*) = nullptr;
  void (*handle)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*,
                 const runtime::EventRecord*, runtime::Transition*) = nullptr;
  void (*timer)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*, int32_t,
                runtime::Transition*) = nullptr;
  int64_t (*timer_due)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*, int32_t,
                       int64_t) = nullptr;
  int32_t (*guard)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*, int32_t) = nullptr;
  void (*with)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*, int32_t,
               runtime::Value*) = nullptr;
  int64_t (*retry)(runtime::EvalContext*, const runtime::Value*, int32_t, const runtime::Value*, int32_t) = nullptr;
};

// A compiled module: entry points per flow and per function.
struct CompiledModule {
  std::vector<FlowEntryPoints> flows;
  std::vector<int64_t (*)(runtime::EvalContext*, const runtime::Value*)> functions;
  bool from_cache = false;
  double compile_milliseconds = 0;
};

class Jit {
 public:
  // A JIT for the host, or the reason there cannot be one.
  static auto Create(const JitOptions& options) -> Expected<std::unique_ptr<Jit>>;

  ~Jit();

  // Compiles (or loads from the cache) a whole module. The code lives as
  // long as this Jit.
  auto Compile(const flowir::Module& module) -> Expected<CompiledModule>;

  // The LLVM IR of a module before optimisation, or after at `optimization`;
  // for `cobro compile --emit llvm`.
  static auto LlvmText(const flowir::Module& module, int optimization) -> Expected<std::string>;

  // Assembly or an object file; for `cobro compile --emit asm|obj`.
  static auto MachineCode(const flowir::Module& module, int optimization, bool object) -> Expected<std::string>;

 private:
  explicit Jit(JitOptions options);

  JitOptions options_;
  // Owns the compiled code; destroyed last among what points into it.
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  int compiled_ = 0;
};

// FlowCode over a compiled module's entry points, one per flow.
auto MakeCompiledFlows(const CompiledModule& compiled) -> std::vector<std::unique_ptr<runtime::FlowCode>>;

}  // namespace cobro::jit
