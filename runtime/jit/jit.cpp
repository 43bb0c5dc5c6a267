// ORC LLJIT with an object cache. LLVM version checks stay in this file.

#include "runtime/jit/jit.h"

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/codegen/codegen.h"
#include "runtime/jit/symbols.h"

#if LLVM_VERSION_MAJOR != 16
#error "Cobro's JIT is written against LLVM 16's ORC API"
#endif

#ifndef COBRO_VERSION
#define COBRO_VERSION "0.0.0"
#endif

namespace cobro::jit {

namespace {

auto ErrorText(llvm::Error error) -> std::string {
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << error;
  return stream.str();
}

// FNV-1a, 64 bits: a cache key that is the same in every run and build.
auto Hash(std::string_view text) -> uint64_t {
  uint64_t hash = 1469598103934665603ULL;
  for (char byte : text) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Unoptimised, verified LLVM IR for a module, or an error.
auto Generate(const flowir::Module& module, llvm::LLVMContext& context) -> Expected<std::unique_ptr<llvm::Module>> {
  std::unique_ptr<llvm::Module> generated = codegen::EmitLlvm(module, context);
  std::string problems;
  llvm::raw_string_ostream stream(problems);
  if (llvm::verifyModule(*generated, &stream)) {
    return Expected<std::unique_ptr<llvm::Module>>::Error("generated LLVM IR does not verify (a bug in Cobro): " +
                                                          stream.str());
  }
  return generated;
}

auto ReadFile(const std::filesystem::path& path) -> std::optional<std::string> {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

}  // namespace

Jit::Jit(JitOptions options) : options_(std::move(options)) {}

Jit::~Jit() = default;

auto Jit::Create(const JitOptions& options) -> Expected<std::unique_ptr<Jit>> {
  std::string error;
  if (codegen::HostTargetMachine(error) == nullptr) return Expected<std::unique_ptr<Jit>>::Error(error);
  auto built = llvm::orc::LLJITBuilder().create();
  if (!built) return Expected<std::unique_ptr<Jit>>::Error(ErrorText(built.takeError()));
  std::unique_ptr<Jit> result(new Jit(options));
  result->jit_ = std::move(*built);
  llvm::orc::SymbolMap symbols;
  for (const auto& [name, address] : RuntimeSymbols()) {
    symbols[result->jit_->mangleAndIntern(name)] =
        llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(address), llvm::JITSymbolFlags::Exported);
  }
  if (llvm::Error defined = result->jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    return Expected<std::unique_ptr<Jit>>::Error(ErrorText(std::move(defined)));
  }
  return result;
}

auto Jit::Compile(const flowir::Module& module) -> Expected<CompiledModule> {
  auto start = std::chrono::steady_clock::now();
  CompiledModule compiled;
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = codegen::HostTargetMachine(error);
  if (machine == nullptr) return Expected<CompiledModule>::Error(error);
  std::string key_text = fmt::format("cobro {}\n{}\n{}\nO{}\n{}", COBRO_VERSION, machine->getTargetTriple().str(),
                                     machine->getTargetCPU().str(), options_.optimization, flowir::Dump(module));
  std::filesystem::path cached;
  std::optional<std::string> object;
  if (!options_.cache_directory.empty()) {
    cached = std::filesystem::path(options_.cache_directory) / fmt::format("{:016x}.o", Hash(key_text));
    object = ReadFile(cached);
    compiled.from_cache = object.has_value();
  }
  if (!object) {
    llvm::LLVMContext context;
    auto generated = Generate(module, context);
    if (!generated) return Expected<CompiledModule>::Error(generated.error());
    codegen::Optimize(**generated, *machine, options_.optimization);
    std::string code = codegen::EmitMachineCode(**generated, *machine, codegen::Artifact::Object, error);
    if (code.empty()) return Expected<CompiledModule>::Error(error);
    object = std::move(code);
    if (!cached.empty()) {
      // Write then rename, so a concurrent reader never sees half a file.
      std::error_code ignored;
      std::filesystem::create_directories(cached.parent_path(), ignored);
      std::filesystem::path temporary = cached;
      temporary += fmt::format(".{}.tmp", ::getpid());
      std::ofstream(temporary, std::ios::binary) << *object;
      std::filesystem::rename(temporary, cached, ignored);
    }
  }
  auto dylib = jit_->createJITDylib(fmt::format("cobro{}", compiled_++));
  if (!dylib) return Expected<CompiledModule>::Error(ErrorText(dylib.takeError()));
  dylib->addToLinkOrder(jit_->getMainJITDylib());
  if (llvm::Error added = jit_->addObjectFile(*dylib, llvm::MemoryBuffer::getMemBufferCopy(*object))) {
    return Expected<CompiledModule>::Error(ErrorText(std::move(added)));
  }
  std::string missing;
  auto lookup = [&](const std::string& name) -> void* {
    auto address = jit_->lookup(*dylib, name);
    if (!address) {
      missing = ErrorText(address.takeError());
      return nullptr;
    }
    return address->toPtr<void*>();
  };
  for (size_t f = 0; f < module.flows.size(); ++f) {
    auto flow = static_cast<int32_t>(f);
    FlowEntryPoints entry;
    entry.start = reinterpret_cast<decltype(entry.start)>(lookup(codegen::FlowEntryName(flow, "start")));
    entry.handle = reinterpret_cast<decltype(entry.handle)>(lookup(codegen::FlowEntryName(flow, "handle")));
    entry.timer = reinterpret_cast<decltype(entry.timer)>(lookup(codegen::FlowEntryName(flow, "timer")));
    entry.timer_due = reinterpret_cast<decltype(entry.timer_due)>(lookup(codegen::FlowEntryName(flow, "timer_due")));
    entry.guard = reinterpret_cast<decltype(entry.guard)>(lookup(codegen::FlowEntryName(flow, "guard")));
    entry.with = reinterpret_cast<decltype(entry.with)>(lookup(codegen::FlowEntryName(flow, "with")));
    entry.retry = reinterpret_cast<decltype(entry.retry)>(lookup(codegen::FlowEntryName(flow, "retry")));
    compiled.flows.push_back(entry);
  }
  for (size_t i = 0; i < module.functions.size(); ++i) {
    compiled.functions.push_back(reinterpret_cast<int64_t (*)(runtime::EvalContext*, const runtime::Value*)>(
        lookup(codegen::FunctionEntryName(static_cast<int32_t>(i)))));
  }
  if (!missing.empty()) return Expected<CompiledModule>::Error(missing);
  compiled.compile_milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return compiled;
}

auto Jit::LlvmText(const flowir::Module& module, int optimization) -> Expected<std::string> {
  llvm::LLVMContext context;
  auto generated = Generate(module, context);
  if (!generated) return Expected<std::string>::Error(generated.error());
  if (optimization > 0) {
    std::string error;
    std::unique_ptr<llvm::TargetMachine> machine = codegen::HostTargetMachine(error);
    if (machine == nullptr) return Expected<std::string>::Error(error);
    codegen::Optimize(**generated, *machine, optimization);
  }
  return codegen::PrintLlvm(**generated);
}

auto Jit::MachineCode(const flowir::Module& module, int optimization, bool object) -> Expected<std::string> {
  llvm::LLVMContext context;
  auto generated = Generate(module, context);
  if (!generated) return Expected<std::string>::Error(generated.error());
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = codegen::HostTargetMachine(error);
  if (machine == nullptr) return Expected<std::string>::Error(error);
  codegen::Optimize(**generated, *machine, optimization);
  std::string code = codegen::EmitMachineCode(
      **generated, *machine, object ? codegen::Artifact::Object : codegen::Artifact::Assembly, error);
  if (code.empty()) return Expected<std::string>::Error(error);
  return code;
}

}  // namespace cobro::jit
