#include "runtime/run/record_text.h"

#include <fmt/compile.h>

#include "runtime/io/time_text.h"
#include "runtime/io/value_text.h"
#include "runtime/run/json_text.h"

namespace cobro::runtime {

void AppendJsonValue(fmt::memory_buffer& out, flowir::Type type, Value value, const StringPool& strings) {
  using flowir::Type;
  switch (type) {
    case Type::Int: fmt::format_to(std::back_inserter(out), "{}", value); return;
    case Type::Bool: out.append(std::string_view(value != 0 ? "true" : "false")); return;
    case Type::Float: fmt::format_to(std::back_inserter(out), "{}", ToDouble(value)); return;
    case Type::DateTime: AppendJsonString(out, io::FormatDateTime(value)); return;
    case Type::ChannelSet:
    case Type::StringSet:
    case Type::IntSet: {
      // The canonical text joins elements with `|`.
      std::string text = io::FormatValue(type, value, strings);
      out.push_back('[');
      size_t begin = 0;
      bool first = true;
      while (!text.empty() && begin <= text.size()) {
        size_t end = text.find('|', begin);
        if (end == std::string::npos) end = text.size();
        if (!first) out.push_back(',');
        first = false;
        std::string_view element(text.data() + begin, end - begin);
        if (type == Type::IntSet) {
          out.append(element);
        } else {
          AppendJsonString(out, element);
        }
        begin = end + 1;
      }
      out.push_back(']');
      return;
    }
    default: AppendJsonString(out, io::FormatValue(type, value, strings)); return;
  }
}

auto IdempotencyHash(std::string_view debtor, const flowir::Module& module, const ActionRecord& action) -> uint64_t {
  // FNV-1a over the fields that identify the attempt, with separators so
  // that no two different tuples share a byte string.
  uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view text) {
    for (char byte : text) {
      hash ^= static_cast<unsigned char>(byte);
      hash *= 1099511628211ULL;
    }
    hash ^= 0xFF;
    hash *= 1099511628211ULL;
  };
  const flowir::Flow& flow = module.flows[action.flow];
  mix(debtor);
  mix(flow.module);
  mix(flow.name);
  mix(flow.states[action.state].name);
  char numbers[64];
  char* end = fmt::format_to_n(numbers, sizeof numbers, FMT_COMPILE("{}/{}/{}"), action.visit, action.action,
                               action.attempt)
                  .out;
  mix(std::string_view(numbers, static_cast<size_t>(end - numbers)));
  return hash;
}

auto IdempotencyKey(std::string_view debtor, const flowir::Module& module, const ActionRecord& action)
    -> std::string {
  return fmt::format("{:016x}", IdempotencyHash(debtor, module, action));
}

auto RuleName(const flowir::Module& module, int32_t policy, int32_t rule) -> std::string {
  if (policy < 0) return "";
  const flowir::PolicyRule& entry = module.policies[policy].rules[rule];
  return entry.name.empty() ? module.policies[policy].name + "." + entry.id : entry.name;
}

}  // namespace cobro::runtime
