#include "echoreel/lvdm_unet.h"

#include <algorithm>

#include "aicl/error.h"
#include "echoreel/lvdm_blocks.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"

namespace aicl::echoreel {

LvdmUNetImpl::LvdmUNetImpl(const LvdmUNetConfig& c) : config_(c) {
  const int64_t emb_dim = c.timeEmbedDim();
  const LvdmConvOptions conv{c.kernel_size_t, c.padding_t};
  auto transformer = [&](int64_t channels) {
    const auto [heads, head_dim] = c.headsAndHeadDim(channels);
    LvdmTransformerOptions o;
    o.channels = channels;
    o.heads = heads;
    o.head_dim = head_dim;
    o.depth = c.transformer_depth;
    o.context_dim = c.context_dim;
    o.temporal_length = c.use_relative_position ? c.temporal_length : 0;
    o.video_inject = c.video_inject;
    o.inject_temporal_context_dim = c.inject_temporal_context_dim;
    o.inject_spatial_context_dim = c.inject_spatial_context_dim;
    return SpatialTemporalTransformer(o);
  };
  auto attends = [&](int64_t downsampling) {
    return std::find(c.attention_resolutions.begin(), c.attention_resolutions.end(), downsampling) !=
           c.attention_resolutions.end();
  };
  auto block = [](std::initializer_list<std::shared_ptr<torch::nn::Module>> modules) {
    torch::nn::ModuleList list;
    for (const auto& m : modules)
      if (m) list->push_back(m);
    return list;
  };

  if (c.video_inject) video_inject_process = register_module("video_inject_process", ActionPrism(c.prism));
  time_embed = register_module("time_embed", torch::nn::Sequential(torch::nn::Linear(c.model_channels, emb_dim),
                                                                   torch::nn::SiLU(), torch::nn::Linear(emb_dim, emb_dim)));

  // Encoder: the input conv, then per level num_res_blocks (ResBlock [+ transformer]) and a Downsample between levels.
  input_blocks->push_back(block({lvdmConv(c.in_channels, c.model_channels, conv).ptr()}));
  std::vector<int64_t> skip_channels{c.model_channels};
  int64_t ch = c.model_channels, downsampling = 1;
  const int64_t levels = static_cast<int64_t>(c.channel_mult.size());
  for (int64_t level = 0; level < levels; ++level) {
    for (int64_t i = 0; i < c.num_res_blocks; ++i) {
      const int64_t out_ch = c.channel_mult[level] * c.model_channels;
      auto res = LvdmResBlock(ch, emb_dim, out_ch, conv);
      ch = out_ch;
      input_blocks->push_back(block({res.ptr(), attends(downsampling) ? transformer(ch).ptr() : nullptr}));
      skip_channels.push_back(ch);
    }
    if (level != levels - 1) {
      if (!c.conv_resample) throw Error("LVDM UNet: conv_resample false (average pooling) is not supported");
      input_blocks->push_back(block({LvdmDownsample(ch, ch, conv).ptr()}));
      skip_channels.push_back(ch);
      downsampling *= 2;
    }
  }
  register_module("input_blocks", input_blocks);

  middle_block = block({LvdmResBlock(ch, emb_dim, ch, conv).ptr(), transformer(ch).ptr(),
                        LvdmResBlock(ch, emb_dim, ch, conv).ptr()});
  register_module("middle_block", middle_block);

  // Decoder: per level num_res_blocks + 1 (ResBlock on the concatenated skip [+ transformer]), an Upsample at the
  // end of every level but the first.
  for (int64_t level = levels - 1; level >= 0; --level) {
    for (int64_t i = 0; i <= c.num_res_blocks; ++i) {
      const int64_t skip = skip_channels.back();
      skip_channels.pop_back();
      const int64_t out_ch = c.model_channels * c.channel_mult[level];
      auto res = LvdmResBlock(ch + skip, emb_dim, out_ch, conv);
      ch = out_ch;
      auto list = block({res.ptr(), attends(downsampling) ? transformer(ch).ptr() : nullptr});
      if (level > 0 && i == c.num_res_blocks) {
        list->push_back(LvdmUpsample(ch, ch, conv));
        downsampling /= 2;
      }
      output_blocks->push_back(list);
    }
  }
  register_module("output_blocks", output_blocks);
  out = register_module("out", torch::nn::Sequential(nn::GroupNorm(32, ch, 1e-5), torch::nn::SiLU(),
                                                     lvdmConv(c.model_channels, c.out_channels, conv)));
}

torch::Tensor LvdmUNetImpl::runBlock(const torch::nn::ModuleListImpl& block, torch::Tensor h, const torch::Tensor& emb,
                                     const torch::Tensor& context, const IntegrationInput& integration_input) const {
  for (const auto& module : block) {
    if (auto* res = module->as<LvdmResBlock>()) {
      h = res->forward(h, emb);
    } else if (auto* transformer = module->as<SpatialTemporalTransformer>()) {
      h = transformer->forward(h, context, integration_input);
    } else if (auto* down = module->as<LvdmDownsample>()) {
      h = down->forward(h);
    } else if (auto* up = module->as<LvdmUpsample>()) {
      h = up->forward(h);
    } else {
      h = module->as<torch::nn::Conv3d>()->forward(h);
    }
  }
  return h;
}

ActionPrismTokens LvdmUNetImpl::prismTokens(const torch::Tensor& context, const torch::Tensor& inject_video,
                                            const torch::Tensor& inject_text) {
  if (!video_inject_process) throw Error("LVDM UNet: built without the Action Prism (video_inject false)");
  return video_inject_process->forward(torch::cat({context, inject_text}, 1), inject_video);
}

torch::Tensor LvdmUNetImpl::forward(const torch::Tensor& x, const torch::Tensor& timesteps,
                                    const torch::Tensor& context, const torch::Tensor& inject_video,
                                    const torch::Tensor& inject_text, const IntermediatesCallback& intermediates) {
  if (inject_video.defined() != inject_text.defined())
    throw Error("LVDM UNet: give both references (inject_video and inject_text) or neither");
  torch::Tensor reference_tokens;
  if (video_inject_process && integration.enabled && inject_video.defined()) {
    const auto tokens = prismTokens(context, inject_video, inject_text);
    if (intermediates) {
      intermediates("perceiver_Tout", tokens.temporal);
      intermediates("perceiver_Sout", tokens.spatial);
    }
    reference_tokens = tokens.temporal;
  }
  return forwardWithTokens(x, timesteps, context, reference_tokens, 1.0, intermediates);
}

torch::Tensor LvdmUNetImpl::forwardWithTokens(const torch::Tensor& x, const torch::Tensor& timesteps,
                                              const torch::Tensor& context, const torch::Tensor& reference_tokens,
                                              double scale, const IntermediatesCallback& intermediates) {
  auto report = [&](const std::string& name, const torch::Tensor& value) {
    if (intermediates) intermediates(name, value);
  };
  const auto dtype = time_embed[0]->as<torch::nn::Linear>()->weight.scalar_type();
  const auto emb = time_embed->forward(lvdmTimestepEmbedding(timesteps, config_.model_channels).to(dtype));
  report("time_embed", emb);

  IntegrationInput integration_input;
  integration_input.batch_order = integration.batch_order;
  integration_input.scale = scale;
  if (reference_tokens.defined() && integration.enabled) {
    // Tout's width is fixed by the checkpoint: (reference H*W) * 4.
    if (reference_tokens.size(2) != config_.inject_temporal_context_dim)
      throw Error("LVDM UNet: the reference latents give Action Prism tokens of width " +
                  std::to_string(reference_tokens.size(2)) + ", the Action Integration expects " +
                  std::to_string(config_.inject_temporal_context_dim) + " ((reference H*W) * " +
                  std::to_string(config_.prism.head_out_features) + ")");
    if (reference_tokens.size(0) != x.size(0))
      throw Error("LVDM UNet: " + std::to_string(reference_tokens.size(0)) + " rows of Action Prism tokens for a batch of " +
                  std::to_string(x.size(0)));
    integration_input.reference_tokens = reference_tokens.to(dtype);
  }
  auto run = [&](const torch::nn::ModuleListImpl& block, const torch::Tensor& h, const std::string& name) {
    if (intermediates)
      integration_input.observe_inject = [&intermediates, name](const torch::Tensor& v) {
        intermediates(name + ".inject_tmp_out", v);
      };
    auto result = runBlock(block, h, emb, context, integration_input);
    report(name, result);
    return result;
  };

  std::vector<torch::Tensor> skips;
  auto h = x.to(dtype);
  for (size_t i = 0; i < input_blocks->size(); ++i) {
    h = run(*input_blocks[i]->as<torch::nn::ModuleList>(), h, "input_blocks." + std::to_string(i));
    skips.push_back(h);
  }
  h = run(*middle_block, h, "middle_block");
  for (size_t i = 0; i < output_blocks->size(); ++i) {
    h = torch::cat({h, skips.back()}, 1);
    skips.pop_back();
    h = run(*output_blocks[i]->as<torch::nn::ModuleList>(), h, "output_blocks." + std::to_string(i));
  }
  return out[2]->as<torch::nn::Conv3d>()->forward(out[0]->as<nn::GroupNorm>()->forwardSilu(h));
}

LvdmUNet loadLvdmUNet(const std::filesystem::path& folder, torch::Dtype dtype, torch::Device device) {
  return loadedModule(LvdmUNet(LvdmUNetConfig::fromFile(folder / "config.json")), locateWeights(folder), dtype, device);
}

}  // namespace aicl::echoreel
