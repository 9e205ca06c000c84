#include "vae/vae_key_names.h"

#include <algorithm>
#include <sstream>

namespace aicl::vae {

namespace {

std::vector<std::string> splitKey(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream stream(key);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  return parts;
}

std::string joinKey(const std::vector<std::string>& parts) {
  std::string key;
  for (const auto& part : parts) key += (key.empty() ? "" : ".") + part;
  return key;
}

bool isIndex(const std::string& text) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  return !text.empty() && text.size() < 10 && std::all_of(text.begin(), text.end(), is_digit);
}

// The renames inside one ResnetBlock and one AttnBlock (LDM name -> module name).
const std::map<std::string, std::string>& ldmResnetRenames() {
  static const std::map<std::string, std::string> renames = {
      {"norm1", "norm1"}, {"conv1", "conv1"}, {"norm2", "norm2"}, {"conv2", "conv2"},
      {"nin_shortcut", "conv_shortcut"}};
  return renames;
}
const std::map<std::string, std::string>& ldmAttentionRenames() {
  static const std::map<std::string, std::string> renames = {
      {"norm", "group_norm"}, {"q", "to_q"}, {"k", "to_k"}, {"v", "to_v"}, {"proj_out", "to_out.0"}};
  return renames;
}

// parts[at] names a layer inside a block of kind `renames`; the rest ("weight"/"bias") is kept.
bool renameLayer(const std::map<std::string, std::string>& renames, const std::vector<std::string>& parts,
                 size_t at, std::vector<std::string>& out) {
  if (parts.size() != at + 2) return false;
  const auto it = renames.find(parts[at]);
  if (it == renames.end()) return false;
  out.push_back(it->second);
  out.push_back(parts[at + 1]);
  return true;
}

// The module path of parts[0..] below "encoder."/"decoder." (e.g. "down.1.attn.0.q.weight"), or empty.
std::vector<std::string> moduleCoderPath(bool is_decoder, const std::vector<std::string>& parts, int64_t levels) {
  std::vector<std::string> out;
  if (parts.size() == 2 && (parts[0] == "conv_in" || parts[0] == "conv_out")) return parts;
  if (parts.size() == 2 && parts[0] == "norm_out") return {"conv_norm_out", parts[1]};
  if (parts.size() >= 2 && parts[0] == "mid") {
    out = {"mid_block"};
    if (parts[1] == "block_1" || parts[1] == "block_2") {
      out.insert(out.end(), {"resnets", parts[1] == "block_1" ? "0" : "1"});
      return renameLayer(ldmResnetRenames(), parts, 2, out) ? out : std::vector<std::string>{};
    }
    if (parts[1] == "attn_1") {
      out.insert(out.end(), {"attentions", "0"});
      return renameLayer(ldmAttentionRenames(), parts, 2, out) ? out : std::vector<std::string>{};
    }
    return {};
  }
  // down.I.(block|attn).J.layer.tensor, down.I.downsample.conv.tensor; up likewise with the levels reversed.
  const char* level_list = is_decoder ? "up" : "down";
  if (parts.size() < 4 || parts[0] != level_list || !isIndex(parts[1])) return {};
  const int64_t level = std::stoll(parts[1]);
  if (level >= levels) return {};
  out = {is_decoder ? "up_blocks" : "down_blocks", std::to_string(is_decoder ? levels - 1 - level : level)};
  const std::string resampler = is_decoder ? "upsample" : "downsample";
  if (parts[2] == resampler && parts.size() == 5 && parts[3] == "conv") {
    out.insert(out.end(), {is_decoder ? "upsamplers" : "downsamplers", "0", "conv", parts[4]});
    return out;
  }
  if ((parts[2] == "block" || parts[2] == "attn") && isIndex(parts[3])) {
    const bool is_block = parts[2] == "block";
    out.insert(out.end(), {is_block ? "resnets" : "attentions", parts[3]});
    return renameLayer(is_block ? ldmResnetRenames() : ldmAttentionRenames(), parts, 4, out)
               ? out
               : std::vector<std::string>{};
  }
  return {};
}

}  // namespace

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

bool hasLdmAutoencoderKLNames(const std::vector<std::string>& keys) {
  return std::find(keys.begin(), keys.end(), "encoder.down.0.block.0.conv1.weight") != keys.end();
}

std::string moduleKeyForLdmKey(const std::string& ldm_key, int64_t levels) {
  const std::vector<std::string> parts = splitKey(ldm_key);
  if (parts.size() < 3 || (parts[0] != "encoder" && parts[0] != "decoder")) return ldm_key;
  const std::vector<std::string> path =
      moduleCoderPath(parts[0] == "decoder", std::vector<std::string>(parts.begin() + 1, parts.end()), levels);
  return path.empty() ? ldm_key : parts[0] + "." + joinKey(path);
}

bool isLdmAttentionProjectionWeight(const std::string& ldm_key) {
  const std::vector<std::string> parts = splitKey(ldm_key);
  if (parts.size() < 4 || parts.back() != "weight") return false;
  const std::string& layer = parts[parts.size() - 2];
  const std::string& block = parts[parts.size() - 3];
  const bool in_attention = block == "attn_1" || (isIndex(block) && parts[parts.size() - 4] == "attn");
  return in_attention && (layer == "q" || layer == "k" || layer == "v" || layer == "proj_out");
}

}  // namespace aicl::vae
