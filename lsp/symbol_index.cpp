#include "lsp/symbol_index.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "compiler/base/channel.h"
#include "compiler/sema/lookup.h"

namespace cobro::lsp {

namespace {

// Type names the language defines; they name no declaration.
auto IsBuiltinTypeName(const std::string& name) -> bool {
  static const char* const kNames[] = {"int",      "float",    "bool",    "string", "money",
                                       "duration", "time",     "date",    "datetime", "timezone",
                                       "channel",  "set",      "event",   "field"};
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* known) { return name == known; });
}

auto ChannelEntity(std::string_view name) -> std::optional<Entity> {
  auto names = ChannelAndGroupNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return Entity{EntityKind::Channel, -1, -1, static_cast<int32_t>(i), {}};
  }
  return std::nullopt;
}

auto KindOf(sema::SymbolKind kind) -> EntityKind {
  switch (kind) {
    case sema::SymbolKind::Profile: return EntityKind::Profile;
    case sema::SymbolKind::Event: return EntityKind::Event;
    case sema::SymbolKind::Fn: return EntityKind::Fn;
    case sema::SymbolKind::Builtin: return EntityKind::Builtin;
    case sema::SymbolKind::Scorecard: return EntityKind::Scorecard;
    case sema::SymbolKind::Policy: return EntityKind::Policy;
    case sema::SymbolKind::Flow: return EntityKind::Flow;
    case sema::SymbolKind::Experiment: return EntityKind::Experiment;
  }
  return EntityKind::None;
}

auto SymbolEntity(const sema::Symbol& symbol) -> Entity {
  return Entity{KindOf(symbol.kind), symbol.decl.module, symbol.decl.index, -1, symbol.range};
}

// Walks one module and records its definitions and references. References
// to fields and locals are recorded by the range of their definition and
// resolved once every module's definitions are known.
class Indexer {
 public:
  Indexer(const sema::Program& program, std::vector<Occurrence>& occurrences)
      : program_(program), occurrences_(occurrences) {}

  void IndexModule(int32_t m) {
    module_ = m;
    const sema::Module& module = program_.modules[m];
    const ast::File& file = module.ast;
    file_ = &file;
    if (file.module_name) Define(ModuleEntity(m), file.module_name->range);
    for (size_t i = 0; i < file.imports.size() && i < module.imports.size(); ++i) {
      if (module.imports[i] >= 0) Refer(ModuleEntity(module.imports[i]), file.imports[i].module.range);
    }
    for (size_t i = 0; i < file.profiles.size(); ++i) IndexProfile(static_cast<int32_t>(i));
    for (size_t i = 0; i < file.events.size(); ++i) IndexEvent(static_cast<int32_t>(i));
    for (size_t i = 0; i < file.fns.size(); ++i) {
      const ast::FnDecl& fn = file.fns[i];
      Define(Decl(EntityKind::Fn, i, fn.name.range), fn.name.range);
      for (const ast::Param& param : fn.params) DefineLocal(param.name);
      for (const ast::LetStmt& let : fn.lets) DefineLocal(let.name);
    }
    for (size_t i = 0; i < file.builtins.size(); ++i) {
      const ast::BuiltinDecl& builtin = file.builtins[i];
      Define(Decl(EntityKind::Builtin, i, builtin.name.range), builtin.name.range);
      for (const ast::Param& param : builtin.params) DefineLocal(param.name);
    }
    for (size_t i = 0; i < file.scorecards.size(); ++i) {
      const ast::ScorecardDecl& scorecard = file.scorecards[i];
      Define(Decl(EntityKind::Scorecard, i, scorecard.name.range), scorecard.name.range);
      for (const ast::Param& param : scorecard.params) DefineLocal(param.name);
    }
    for (size_t i = 0; i < file.policies.size(); ++i) IndexPolicy(static_cast<int32_t>(i));
    for (size_t i = 0; i < file.flows.size(); ++i) IndexFlow(static_cast<int32_t>(i));
    for (size_t i = 0; i < file.experiments.size(); ++i) {
      const ast::ExperimentDecl& experiment = file.experiments[i];
      Define(Decl(EntityKind::Experiment, i, experiment.name.range), experiment.name.range);
      for (const ast::Arm& arm : experiment.arms) ReferByName(arm.flow.Joined(), arm.flow.range);
    }
    for (size_t i = 0; i < file.tests.size(); ++i) IndexTest(static_cast<int32_t>(i));
    IndexTypes();
    IndexExpressions();
  }

  // Resolves the references recorded by definition range.
  void ResolvePending() {
    std::map<std::pair<int32_t, uint32_t>, Entity> defined;
    for (const Occurrence& occurrence : occurrences_) {
      if (occurrence.is_definition) {
        defined.emplace(std::pair{occurrence.range.file.index, occurrence.range.begin}, occurrence.entity);
      }
    }
    for (const auto& [use, definition, module] : pending_) {
      auto it = defined.find({definition.file.index, definition.begin});
      if (it != defined.end()) {
        occurrences_.push_back({use, it->second, false});
      } else if (definition.has_value()) {
        // A local the index did not see defined (a binding the checker
        // added): still one entity, named by its definition.
        occurrences_.push_back({use, Entity{EntityKind::Local, module, -1, -1, definition}, false});
      }
    }
  }

 private:
  auto ModuleEntity(int32_t m) const -> Entity {
    const ast::File& file = program_.modules[m].ast;
    SourceRange where = file.module_name ? file.module_name->range : SourceRange{file.file_id, 0, 0};
    return Entity{EntityKind::Module, m, -1, -1, where};
  }

  auto Decl(EntityKind kind, size_t index, SourceRange name) const -> Entity {
    return Entity{kind, module_, static_cast<int32_t>(index), -1, name};
  }

  void Define(const Entity& entity, SourceRange range) {
    if (!range.has_value() || range.begin == range.end) return;
    occurrences_.push_back({range, entity, true});
  }

  void Refer(const Entity& entity, SourceRange range) {
    if (!range.has_value() || range.begin == range.end) return;
    occurrences_.push_back({range, entity, false});
  }

  void DefineLocal(const ast::Ident& name) {
    Define(Entity{EntityKind::Local, module_, -1, -1, name.range}, name.range);
  }

  void ReferByDefinition(SourceRange use, SourceRange definition) {
    if (!use.has_value() || use.begin == use.end) return;
    pending_.emplace_back(use, definition, module_);
  }

  // A declaration named in this module by `name`.
  void ReferByName(const std::string& name, SourceRange use) {
    if (auto symbol = sema::LookupVisible(program_, module_, name)) Refer(SymbolEntity(*symbol), use);
  }

  void ReferChannel(const ast::Ident& name) {
    if (auto channel = ChannelEntity(name.text)) Refer(*channel, name.range);
  }

  void IndexProfile(int32_t index) {
    const ast::ProfileDecl& profile = file_->profiles[index];
    Define(Decl(EntityKind::Profile, index, profile.name.range), profile.name.range);
    for (size_t f = 0; f < profile.fields.size(); ++f) {
      const ast::Ident& name = profile.fields[f].name;
      Define(Entity{EntityKind::ProfileField, module_, index, static_cast<int32_t>(f), name.range}, name.range);
    }
  }

  void IndexEvent(int32_t index) {
    const ast::EventDecl& event = file_->events[index];
    Define(Decl(EntityKind::Event, index, event.name.range), event.name.range);
    for (size_t k = 0; k < event.keys.size(); ++k) {
      const ast::Ident& name = event.keys[k].name;
      Define(Entity{EntityKind::EventKey, module_, index, static_cast<int32_t>(k), name.range}, name.range);
    }
    for (size_t f = 0; f < event.fields.size(); ++f) {
      const ast::Ident& name = event.fields[f].name;
      Define(Entity{EntityKind::EventField, module_, index, static_cast<int32_t>(f), name.range}, name.range);
    }
  }

  void IndexPattern(const ast::EventPattern& pattern) {
    const sema::Module& module = program_.modules[module_];
    auto event = module.pattern_events.find(pattern.event.range.begin);
    if (event != module.pattern_events.end()) {
      const ast::File& owner = program_.modules[event->second.module].ast;
      if (static_cast<size_t>(event->second.index) < owner.events.size()) {
        SourceRange name = owner.events[event->second.index].name.range;
        Refer(Entity{EntityKind::Event, event->second.module, event->second.index, -1, name}, pattern.event.range);
      }
    }
    for (const ast::EventPattern::Arg& arg : pattern.args) {
      if (!arg.name) continue;
      if (auto channel = ChannelEntity(arg.name->text)) {
        Refer(*channel, arg.name->range);
      } else {
        DefineLocal(*arg.name);
      }
    }
    if (pattern.binding) DefineLocal(*pattern.binding);
  }

  void IndexPolicy(int32_t index) {
    const ast::PolicyDecl& policy = file_->policies[index];
    Define(Decl(EntityKind::Policy, index, policy.name.range), policy.name.range);
    for (size_t r = 0; r < policy.rules.size(); ++r) {
      const ast::PolicyRule& rule = policy.rules[r];
      if (rule.label) {
        Define(Entity{EntityKind::PolicyRule, module_, index, static_cast<int32_t>(r), rule.label->range},
               rule.label->range);
      }
      std::vector<const ast::Ident*> bindings;
      for (const std::optional<ast::EventPattern>* pattern : {&rule.trigger, &rule.until}) {
        if (!*pattern) continue;
        IndexPattern(**pattern);
        for (const ast::EventPattern::Arg& arg : (*pattern)->args) {
          if (arg.name && !ChannelEntity(arg.name->text)) bindings.push_back(&*arg.name);
        }
      }
      // `on opt_out(ch) forbid ch`: a selector may name a key the trigger bound.
      for (const ast::ChannelSel* selector : {&rule.channels, &rule.except}) {
        for (const ast::Ident& name : selector->names) {
          if (ChannelEntity(name.text)) {
            ReferChannel(name);
            continue;
          }
          for (const ast::Ident* binding : bindings) {
            if (binding->text == name.text) {
              Refer(Entity{EntityKind::Local, module_, -1, -1, binding->range}, name.range);
              break;
            }
          }
        }
      }
    }
  }

  void IndexTarget(int32_t flow, ast::TargetId target_id) {
    if (!target_id.has_value() || static_cast<size_t>(target_id.index) >= file_->targets.size()) return;
    const ast::Target& target = file_->targets.Get(target_id);
    if (target.kind == ast::TargetKind::If) {
      IndexTarget(flow, target.then_target);
      IndexTarget(flow, target.else_target);
      return;
    }
    const std::string& name = target.state.text;
    if (name == "done" || name == "hold") {
      Refer(Entity{EntityKind::Terminal, -1, -1, name == "done" ? 0 : 1, {}}, target.state.range);
      return;
    }
    if (auto state = StateEntity(module_, flow, name)) Refer(*state, target.state.range);
  }

  auto StateEntity(int32_t module, int32_t flow, const std::string& name) const -> std::optional<Entity> {
    const ast::FlowDecl& declaration = program_.modules[module].ast.flows[flow];
    for (size_t s = 0; s < declaration.states.size(); ++s) {
      if (declaration.states[s].name.text == name) {
        return Entity{EntityKind::State, module, flow, static_cast<int32_t>(s), declaration.states[s].name.range};
      }
    }
    return std::nullopt;
  }

  void IndexHandler(int32_t flow, const ast::Handler& handler) {
    if (handler.kind == ast::HandlerKind::Event) IndexPattern(handler.pattern);
    IndexTarget(flow, handler.target);
  }

  void IndexFlow(int32_t index) {
    const ast::FlowDecl& flow = file_->flows[index];
    Define(Decl(EntityKind::Flow, index, flow.name.range), flow.name.range);
    DefineLocal(flow.subject);
    for (const ast::QualifiedName& policy : flow.complies) ReferByName(policy.Joined(), policy.range);
    for (const ast::StartRule& start : flow.starts) IndexTarget(index, start.target);
    for (size_t s = 0; s < flow.states.size(); ++s) {
      const ast::StateDecl& state = flow.states[s];
      Define(Entity{EntityKind::State, module_, index, static_cast<int32_t>(s), state.name.range}, state.name.range);
      for (const ast::Param& param : state.params) DefineLocal(param.name);
      for (const ast::Action& action : state.actions) {
        if (action.kind == ast::ActionKind::Send || action.kind == ast::ActionKind::Call) {
          ReferChannel(action.channel);
        }
      }
      for (const ast::Handler& handler : state.handlers) IndexHandler(index, handler);
    }
    for (const ast::Handler& handler : flow.always) IndexHandler(index, handler);
  }

  // The flow a test runs, as (module, flow index).
  auto TestFlow(const ast::TestDecl& test) const -> std::optional<std::pair<int32_t, int32_t>> {
    auto symbol = sema::LookupVisible(program_, module_, test.flow.text);
    if (!symbol || symbol->kind != sema::SymbolKind::Flow) return std::nullopt;
    return std::pair{symbol->decl.module, symbol->decl.index};
  }

  void IndexRecordFields(const std::vector<ast::FieldInit>& fields, EntityKind kind, int32_t module,
                         int32_t decl) {
    const ast::File& owner = program_.modules[module].ast;
    for (const ast::FieldInit& init : fields) {
      if (kind == EntityKind::ProfileField) {
        const auto& declared = owner.profiles[decl].fields;
        for (size_t f = 0; f < declared.size(); ++f) {
          if (declared[f].name.text == init.name.text) {
            Refer(Entity{kind, module, decl, static_cast<int32_t>(f), declared[f].name.range}, init.name.range);
          }
        }
        continue;
      }
      const ast::EventDecl& event = owner.events[decl];
      for (size_t f = 0; f < event.fields.size(); ++f) {
        if (event.fields[f].name.text == init.name.text) {
          Refer(Entity{EntityKind::EventField, module, decl, static_cast<int32_t>(f), event.fields[f].name.range},
                init.name.range);
        }
      }
      for (size_t k = 0; k < event.keys.size(); ++k) {
        if (event.keys[k].name.text == init.name.text) {
          Refer(Entity{EntityKind::EventKey, module, decl, static_cast<int32_t>(k), event.keys[k].name.range},
                init.name.range);
        }
      }
    }
  }

  void IndexExpectation(const ast::Expectation& expectation, std::optional<std::pair<int32_t, int32_t>> flow) {
    switch (expectation.kind) {
      case ast::ExpectKind::Send:
      case ast::ExpectKind::Call: ReferChannel(expectation.name); break;
      case ast::ExpectKind::State:
        if (expectation.name.text == "done" || expectation.name.text == "hold") {
          Refer(Entity{EntityKind::Terminal, -1, -1, expectation.name.text == "done" ? 0 : 1, {}},
                expectation.name.range);
        } else if (flow) {
          if (auto state = StateEntity(flow->first, flow->second, expectation.name.text)) {
            Refer(*state, expectation.name.range);
          }
        }
        break;
      case ast::ExpectKind::Blocked:
      case ast::ExpectKind::Deferred: {
        const auto& parts = expectation.rule.parts;
        if (parts.empty()) break;
        auto policy = sema::LookupVisible(program_, module_, parts[0].text);
        if (!policy || policy->kind != sema::SymbolKind::Policy) break;
        Refer(SymbolEntity(*policy), parts[0].range);
        if (parts.size() < 2) break;
        const ast::PolicyDecl& declaration = program_.modules[policy->decl.module].ast.policies[policy->decl.index];
        for (size_t r = 0; r < declaration.rules.size(); ++r) {
          const auto& label = declaration.rules[r].label;
          if (label && label->text == parts[1].text) {
            Refer(Entity{EntityKind::PolicyRule, policy->decl.module, policy->decl.index, static_cast<int32_t>(r),
                         label->range},
                  parts[1].range);
          }
        }
        break;
      }
      default: break;
    }
  }

  void IndexTest(int32_t index) {
    const ast::TestDecl& test = file_->tests[index];
    Define(Decl(EntityKind::Test, index, test.name_range), test.name_range);
    ReferByName(test.flow.text, test.flow.range);
    if (test.given_type.has_value()) {
      const ast::TypeRef& type = file_->types.Get(test.given_type);
      auto profile = sema::LookupVisible(program_, module_, type.name.Joined());
      if (profile && profile->kind == sema::SymbolKind::Profile) {
        IndexRecordFields(test.given, EntityKind::ProfileField, profile->decl.module, profile->decl.index);
      }
    }
    std::optional<std::pair<int32_t, int32_t>> flow = TestFlow(test);
    for (const ast::TestStep& step : test.steps) {
      if (step.event) {
        auto event = sema::LookupVisible(program_, module_, step.event->Joined());
        if (event && event->kind == sema::SymbolKind::Event) {
          Refer(SymbolEntity(*event), step.event->range);
          IndexRecordFields(step.event_fields, EntityKind::EventField, event->decl.module, event->decl.index);
        }
      }
      for (const ast::Expectation& expectation : step.expectations) IndexExpectation(expectation, flow);
    }
  }

  void IndexTypes() {
    for (const ast::TypeRef& type : file_->types.values()) {
      std::string name = type.name.Joined();
      if (name.empty() || IsBuiltinTypeName(name)) continue;
      ReferByName(name, type.name.range);
    }
  }

  void IndexExpressions() {
    const sema::Module& module = program_.modules[module_];
    const auto& exprs = file_->exprs.values();
    for (size_t e = 0; e < exprs.size() && e < module.expr_refs.size(); ++e) {
      const sema::Ref& ref = module.expr_refs[e];
      const ast::Expr& expr = exprs[e];
      SourceRange use = expr.kind == ast::ExprKind::Member ? expr.name.range : expr.range;
      switch (ref.kind) {
        case sema::RefKind::Symbol:
          // A dotted event name (`contact.opened`) is one name.
          if (ref.symbol.kind == sema::SymbolKind::Event) use = expr.range;
          Refer(SymbolEntity(ref.symbol), use);
          break;
        case sema::RefKind::Local:
        case sema::RefKind::ProfileField:
        case sema::RefKind::EventField:
        case sema::RefKind::EventKey: ReferByDefinition(use, ref.range); break;
        case sema::RefKind::Channel: {
          auto names = ChannelAndGroupNames();
          for (size_t i = 0; i < names.size(); ++i) {
            if (names[i] == ChannelName(static_cast<Channel>(ref.index))) {
              Refer(Entity{EntityKind::Channel, -1, -1, static_cast<int32_t>(i), {}}, use);
            }
          }
          break;
        }
        case sema::RefKind::ModuleAlias:
          if (ref.index >= 0) Refer(ModuleEntity(ref.index), use);
          break;
        default: break;
      }
    }
  }

  const sema::Program& program_;
  std::vector<Occurrence>& occurrences_;
  int32_t module_ = 0;
  const ast::File* file_ = nullptr;
  std::vector<std::tuple<SourceRange, SourceRange, int32_t>> pending_;
};

auto Key(const Occurrence& occurrence) {
  return std::tuple(occurrence.range.file.index, occurrence.range.begin, occurrence.range.end,
                    !occurrence.is_definition);
}

}  // namespace

auto SymbolIndex::Build(const sema::Program& program) -> SymbolIndex {
  SymbolIndex index;
  Indexer indexer(program, index.occurrences_);
  for (size_t m = 0; m < program.modules.size(); ++m) indexer.IndexModule(static_cast<int32_t>(m));
  indexer.ResolvePending();
  std::stable_sort(index.occurrences_.begin(), index.occurrences_.end(),
                   [](const Occurrence& a, const Occurrence& b) { return Key(a) < Key(b); });
  // The same name recorded twice (a type walked twice) is one occurrence.
  auto same = [](const Occurrence& a, const Occurrence& b) {
    return a.range == b.range && a.entity == b.entity && a.is_definition == b.is_definition;
  };
  index.occurrences_.erase(std::unique(index.occurrences_.begin(), index.occurrences_.end(), same),
                           index.occurrences_.end());
  return index;
}

auto SymbolIndex::At(FileId file, uint32_t offset) const -> const Occurrence* {
  // The first occurrence that starts after the offset; candidates are before.
  auto after = std::upper_bound(occurrences_.begin(), occurrences_.end(), std::pair(file.index, offset),
                                [](const std::pair<int32_t, uint32_t>& key, const Occurrence& occurrence) {
                                  return key < std::pair(occurrence.range.file.index, occurrence.range.begin);
                                });
  const Occurrence* touching = nullptr;
  const Occurrence* containing = nullptr;
  for (auto it = after; it != occurrences_.begin();) {
    --it;
    if (it->range.file != file) break;
    // Names do not nest, so a few steps back is enough.
    if (offset - it->range.begin > 4096) break;
    if (offset < it->range.end) {
      if (containing == nullptr || it->range.end - it->range.begin < containing->range.end - containing->range.begin) {
        containing = &*it;
      }
    } else if (offset == it->range.end && touching == nullptr) {
      touching = &*it;
    }
  }
  return containing != nullptr ? containing : touching;
}

auto SymbolIndex::OccurrencesOf(const Entity& entity) const -> std::vector<const Occurrence*> {
  std::vector<const Occurrence*> found;
  for (const Occurrence& occurrence : occurrences_) {
    if (occurrence.entity == entity) found.push_back(&occurrence);
  }
  return found;
}

auto SymbolIndex::InRange(FileId file, uint32_t begin, uint32_t end) const -> std::vector<const Occurrence*> {
  std::vector<const Occurrence*> found;
  auto first = std::lower_bound(occurrences_.begin(), occurrences_.end(), file.index,
                                [](const Occurrence& occurrence, int32_t key) {
                                  return occurrence.range.file.index < key;
                                });
  for (auto it = first; it != occurrences_.end() && it->range.file == file; ++it) {
    if (it->range.begin > end) break;
    bool overlaps = begin == end ? it->range.begin <= begin && begin <= it->range.end
                                 : it->range.begin < end && it->range.end > begin;
    if (overlaps) found.push_back(&*it);
  }
  return found;
}

auto SymbolIndex::Definitions() const -> std::vector<const Occurrence*> {
  std::vector<const Occurrence*> found;
  for (const Occurrence& occurrence : occurrences_) {
    if (occurrence.is_definition) found.push_back(&occurrence);
  }
  return found;
}

auto SymbolIndex::DefinedAt(SourceRange definition) const -> std::optional<Entity> {
  for (const Occurrence* occurrence : InRange(definition.file, definition.begin, definition.end)) {
    if (occurrence->is_definition && occurrence->range == definition) return occurrence->entity;
  }
  return std::nullopt;
}

}  // namespace cobro::lsp
