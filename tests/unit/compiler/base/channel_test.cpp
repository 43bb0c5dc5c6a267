#include "compiler/base/channel.h"

#include <catch2/catch.hpp>

namespace cobro {
namespace {

TEST_CASE("channel names round-trip", "[channel]") {
  for (int i = 0; i < kChannelCount; ++i) {
    auto channel = static_cast<Channel>(i);
    CHECK(ChannelByName(ChannelName(channel)) == channel);
  }
  CHECK_FALSE(ChannelByName("fax").has_value());
}

TEST_CASE("channel groups", "[channel]") {
  CHECK(*ChannelMaskByName("call") == (MaskOf(Channel::Voice) | MaskOf(Channel::Voicebot)));
  CHECK(*ChannelMaskByName("all") == kAllChannels);
  CHECK((*ChannelMaskByName("electronic") & MaskOf(Channel::Letter)) == 0);
  CHECK(*ChannelMaskByName("sms") == MaskOf(Channel::Sms));
  CHECK_FALSE(ChannelMaskByName("phone").has_value());
}

}  // namespace
}  // namespace cobro
