#include "compiler/base/channel.h"

#include <array>

namespace cobro {

namespace {

constexpr std::array<std::string_view, kChannelCount> kChannelNames = {
    "email", "sms", "whatsapp", "voice", "voicebot", "letter", "push", "visit", "agent"};

constexpr std::array<ChannelGroup, 4> kGroups = {{
    // Calls placed, by a person or a machine: what Reg F's 7-in-7 counts.
    {"call", MaskOf(Channel::Voice) | MaskOf(Channel::Voicebot)},
    {"text", MaskOf(Channel::Sms) | MaskOf(Channel::Whatsapp)},
    {"electronic", MaskOf(Channel::Email) | MaskOf(Channel::Sms) | MaskOf(Channel::Whatsapp) |
                       MaskOf(Channel::Push)},
    {"all", kAllChannels},
}};

constexpr std::array<std::string_view, kChannelCount + 4> kAllNames = {
    "email", "sms", "whatsapp", "voice", "voicebot", "letter", "push",
    "visit", "agent", "call", "text", "electronic", "all"};

}  // namespace

auto ChannelName(Channel channel) -> std::string_view {
  return kChannelNames[static_cast<size_t>(channel)];
}

auto ChannelByName(std::string_view name) -> std::optional<Channel> {
  for (size_t i = 0; i < kChannelNames.size(); ++i) {
    if (kChannelNames[i] == name) return static_cast<Channel>(i);
  }
  return std::nullopt;
}

auto ChannelGroups() -> std::span<const ChannelGroup> { return kGroups; }

auto ChannelMaskByName(std::string_view name) -> std::optional<ChannelMask> {
  if (auto channel = ChannelByName(name)) return MaskOf(*channel);
  for (const ChannelGroup& group : kGroups) {
    if (group.name == name) return group.members;
  }
  return std::nullopt;
}

auto ChannelAndGroupNames() -> std::span<const std::string_view> { return kAllNames; }

}  // namespace cobro
