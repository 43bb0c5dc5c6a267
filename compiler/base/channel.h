#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cobro {

// The contact channels of the language. Shared by the compiler and the
// runtime, so it lives in base.
enum class Channel : uint8_t { Email, Sms, Whatsapp, Voice, Voicebot, Letter, Push, Visit, Agent };

inline constexpr int kChannelCount = 9;

// A set of channels as a bit mask indexed by Channel.
using ChannelMask = uint16_t;

inline constexpr auto MaskOf(Channel channel) -> ChannelMask {
  return static_cast<ChannelMask>(1u << static_cast<unsigned>(channel));
}

inline constexpr ChannelMask kAllChannels = (1u << kChannelCount) - 1;

// The channel's name as written in source, e.g. "whatsapp".
auto ChannelName(Channel channel) -> std::string_view;

// The channel called `name`, if any.
auto ChannelByName(std::string_view name) -> std::optional<Channel>;

// The built-in channel groups: `call`, `text`, `electronic`, `all`.
struct ChannelGroup {
  std::string_view name;
  ChannelMask members;
};
auto ChannelGroups() -> std::span<const ChannelGroup>;

// The channels a channel or group name stands for; nullopt when unknown.
auto ChannelMaskByName(std::string_view name) -> std::optional<ChannelMask>;

// Every channel and group name, for suggestions.
auto ChannelAndGroupNames() -> std::span<const std::string_view>;

}  // namespace cobro
