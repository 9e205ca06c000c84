#pragma once
// Where AICL's hook runs inside a temporal transformer block (torch-free, so adapter configs can name it).
#include <optional>
#include <string>

namespace aicl::unet {

enum class TemporalHookPosition {
  AfterAttn1,  // after the block's first temporal self-attention (AICL Studio's first adapters)
  AfterAttn2,  // after its second temporal attention, right before the feed-forward (EchoReel's place)
};

inline const char* temporalHookPositionName(TemporalHookPosition position) {
  return position == TemporalHookPosition::AfterAttn1 ? "after_attn1" : "after_attn2";
}
inline std::optional<TemporalHookPosition> parseTemporalHookPosition(const std::string& name) {
  if (name == "after_attn1") return TemporalHookPosition::AfterAttn1;
  if (name == "after_attn2") return TemporalHookPosition::AfterAttn2;
  return std::nullopt;
}

}  // namespace aicl::unet
