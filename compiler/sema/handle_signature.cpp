// The signature pass: resolves every declaration's written types before any
// body is checked, so bodies can refer to declarations in any order and in
// any module.

#include "compiler/sema/context.h"

namespace cobro::sema {

namespace {

COBRO_DIAGNOSTIC(InvalidTypeArgument, Error, "{0}", std::string);

auto ResolveFields(Context& context, const std::vector<ast::FieldDecl>& fields)
    -> std::vector<TypeId> {
  std::vector<TypeId> types;
  for (const ast::FieldDecl& field : fields) types.push_back(ResolveType(context, field.type));
  return types;
}

auto ResolveParams(Context& context, const std::vector<ast::Param>& params)
    -> std::vector<TypeId> {
  std::vector<TypeId> types;
  for (const ast::Param& param : params) types.push_back(ResolveType(context, param.type));
  return types;
}

// Resolves a builtin's parameter or result type, which may name the builtin's
// type parameters, `event` or `field<T>`.
auto ResolveBuiltinType(Context& context, const ast::BuiltinDecl& builtin, ast::TypeRefId id,
                        bool& valid) -> BuiltinType {
  if (!id.has_value()) {
    valid = false;
    return {};
  }
  const ast::TypeRef& type = context.file().types.Get(id);
  std::string name = type.name.Joined();
  auto param_index = [&](const std::string& param_name) -> int32_t {
    for (size_t i = 0; i < builtin.type_params.size(); ++i) {
      if (builtin.type_params[i].name.text == param_name) return static_cast<int32_t>(i);
    }
    return -1;
  };
  if (name == "event" && type.args.empty()) return {BuiltinType::Kind::AnyEvent, {}, -1};
  if (name == "field") {
    const ast::TypeRef* arg = type.args.size() == 1 ? &context.file().types.Get(type.args[0]) : nullptr;
    int32_t index = arg != nullptr ? param_index(arg->name.Joined()) : -1;
    if (index < 0) {
      context.emitter.Emit(type.range, InvalidTypeArgument,
                           "`field` takes one type parameter of the builtin, as in `field<T>`");
      valid = false;
      return {};
    }
    return {BuiltinType::Kind::FieldOfParam, {}, index};
  }
  if (int32_t index = param_index(name); index >= 0 && type.args.empty()) {
    return {BuiltinType::Kind::Param, {}, index};
  }
  TypeId resolved = ResolveType(context, id);
  if (context.types().is_error(resolved)) valid = false;
  return {BuiltinType::Kind::Concrete, resolved, -1};
}

auto ResolveBuiltinSignature(Context& context, const ast::BuiltinDecl& builtin)
    -> BuiltinSignature {
  BuiltinSignature signature;
  signature.valid = true;
  for (const ast::TypeParam& param : builtin.type_params) {
    std::string bound = param.bound ? param.bound->text : "";
    if (bound.empty()) {
      signature.bounds.push_back(BuiltinSignature::Bound::Any);
    } else if (bound == "number") {
      signature.bounds.push_back(BuiltinSignature::Bound::Number);
    } else if (bound == "ordered") {
      signature.bounds.push_back(BuiltinSignature::Bound::Ordered);
    } else {
      context.emitter.Emit(param.bound->range, InvalidTypeArgument,
                           "unknown bound `" + bound + "`; use `number` or `ordered`");
      signature.bounds.push_back(BuiltinSignature::Bound::Any);
      signature.valid = false;
    }
  }
  for (const ast::Param& param : builtin.params) {
    signature.params.push_back(ResolveBuiltinType(context, builtin, param.type, signature.valid));
  }
  signature.result = ResolveBuiltinType(context, builtin, builtin.result, signature.valid);
  return signature;
}

}  // namespace

void ResolveSignatures(Context& context) {
  for (size_t m = 0; m < context.program.modules.size(); ++m) {
    context.module_index = static_cast<int32_t>(m);
    Module& module = context.module();
    const ast::File& file = module.ast;
    module.expr_types.assign(file.exprs.size(), context.types().error());
    module.expr_refs.assign(file.exprs.size(), Ref{});
    for (const ast::ProfileDecl& profile : file.profiles) {
      module.profile_field_types.push_back(ResolveFields(context, profile.fields));
    }
    for (const ast::EventDecl& event : file.events) {
      module.event_key_types.push_back(ResolveParams(context, event.keys));
      module.event_field_types.push_back(ResolveFields(context, event.fields));
    }
    for (const ast::FnDecl& fn : file.fns) {
      module.fn_signatures.push_back(
          Signature{ResolveParams(context, fn.params), ResolveType(context, fn.result)});
    }
    for (const ast::ScorecardDecl& scorecard : file.scorecards) {
      module.scorecard_signatures.push_back(Signature{ResolveParams(context, scorecard.params),
                                                      context.types().Primitive(TypeKind::Int)});
    }
    for (const ast::BuiltinDecl& builtin : file.builtins) {
      module.builtin_signatures.push_back(ResolveBuiltinSignature(context, builtin));
    }
    for (const ast::FlowDecl& flow : file.flows) {
      module.flow_subject_types.push_back(ResolveType(context, flow.subject_type));
      module.flow_policies.emplace_back();
      auto& states = module.state_param_types.emplace_back();
      for (const ast::StateDecl& state : flow.states) {
        std::vector<TypeId> params;
        for (const ast::Param& param : state.params) params.push_back(ResolveType(context, param.type));
        states.push_back(std::move(params));
      }
    }
  }
}

}  // namespace cobro::sema
