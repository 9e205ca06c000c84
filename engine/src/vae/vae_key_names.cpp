#include "vae/vae_key_names.h"

namespace aicl::vae {

std::map<std::string, std::string> legacyAutoencoderKLKeyMap() {
  static const std::pair<const char*, const char*> kRenames[] = {
      {"query", "to_q"}, {"key", "to_k"}, {"value", "to_v"}, {"proj_attn", "to_out.0"}};
  std::map<std::string, std::string> map;
  for (const char* coder : {"encoder", "decoder"}) {
    const std::string prefix = std::string(coder) + ".mid_block.attentions.0.";
    for (const auto& [legacy, current] : kRenames)
      for (const char* tensor : {".weight", ".bias"}) map[prefix + legacy + tensor] = prefix + current + tensor;
  }
  return map;
}

}  // namespace aicl::vae
