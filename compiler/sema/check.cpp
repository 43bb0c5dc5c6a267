// The checker's entry point: the order of its passes.

#include "compiler/sema/check.h"

#include "compiler/sema/context.h"

namespace cobro::sema {

auto Check(ModuleSet modules, diag::Emitter& emitter) -> Program {
  Program program;
  program.by_name = modules.by_name;
  for (size_t i = 0; i < modules.modules.size(); ++i) {
    ParsedModule& parsed = modules.modules[i];
    Module module;
    module.name = parsed.ast.module_name ? parsed.ast.module_name->Joined() : "";
    module.path = parsed.path;
    module.is_stdlib = parsed.is_stdlib;
    module.is_input = i < modules.input_count;
    if (i < modules.imports.size()) module.imports = modules.imports[i];
    module.ast = std::move(parsed.ast);
    program.modules.push_back(std::move(module));
  }
  Context context(program, emitter);
  CheckImportCycles(context);
  BuildSymbolTables(context);
  // Every declaration's types first, so bodies may refer to anything.
  ResolveSignatures(context);
  for (size_t m = 0; m < program.modules.size(); ++m) {
    context.module_index = static_cast<int32_t>(m);
    const ast::File& file = program.modules[m].ast;
    for (const ast::DeclRef& decl : file.decls) {
      switch (decl.kind) {
        case ast::DeclKind::Profile: HandleProfile(context, decl.index); break;
        case ast::DeclKind::Event: HandleEvent(context, decl.index); break;
        case ast::DeclKind::Fn: HandleFn(context, decl.index); break;
        case ast::DeclKind::Builtin: HandleBuiltin(context, decl.index); break;
        case ast::DeclKind::Scorecard: HandleScorecard(context, decl.index); break;
        case ast::DeclKind::Policy: HandlePolicy(context, decl.index); break;
        case ast::DeclKind::Flow: HandleFlow(context, decl.index); break;
        case ast::DeclKind::Experiment: HandleExperiment(context, decl.index); break;
        case ast::DeclKind::Test: HandleTest(context, decl.index); break;
      }
    }
  }
  CheckRecursion(context);
  return program;
}

}  // namespace cobro::sema
