#include "unet/unet3d.h"

#include <cmath>
#include <string>

#include "aicl/error.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"

namespace aicl::unet {

UNetBlock3DImpl::UNetBlock3DImpl(const Options& opts, const UNet3DConfig& config) : options(opts) {
  const int64_t groups = config.norm_num_groups;
  const int64_t out = opts.out_channels;
  const int64_t heads = out / config.attention_head_dim;
  auto resnet = [&](int64_t in) {
    nn::ResnetBlock2DOptions o;
    o.in_channels = in;
    o.out_channels = out;
    o.temb_channels = config.timeEmbedDim();
    o.groups = groups;
    o.eps = config.norm_eps;
    o.output_scale_factor = opts.kind == Kind::Mid ? config.mid_block_scale_factor : 1.0;
    return nn::ResnetBlock2D(o);
  };
  auto add_transformers = [&] {
    attentions->push_back(Transformer2DModel(out, heads, config.attention_head_dim, config.cross_attention_dim, groups));
    temp_attentions->push_back(
        TransformerTemporalModel(out, heads, config.attention_head_dim, groups, config.frame_position_embeddings));
  };
  // The mid block starts with a lone resnet; the others interleave resnets and transformers from the start.
  const int64_t layers = opts.kind == Kind::Mid ? 1 : opts.layers;
  if (opts.kind == Kind::Mid) {
    resnets->push_back(resnet(out));
    temp_convs->push_back(TemporalConvLayer(out, groups));
  }
  for (int64_t i = 0; i < layers; ++i) {
    int64_t in = out;
    if (opts.kind == Kind::Down) in = i == 0 ? opts.in_channels : out;
    if (opts.kind == Kind::Up) {
      const int64_t skip = i == layers - 1 ? opts.in_channels : out;
      in = (i == 0 ? opts.prev_output_channels : out) + skip;
    }
    if (opts.kind == Kind::Mid) add_transformers();
    resnets->push_back(resnet(in));
    temp_convs->push_back(TemporalConvLayer(out, groups));
    if (opts.kind != Kind::Mid && opts.cross_attention) add_transformers();
  }
  register_module("resnets", resnets);
  register_module("temp_convs", temp_convs);
  if (!attentions->is_empty()) {
    register_module("attentions", attentions);
    register_module("temp_attentions", temp_attentions);
  }
  if (opts.resample) {
    if (opts.kind == Kind::Down) samplers->push_back(nn::Downsample2D(out, out, config.downsample_padding));
    else samplers->push_back(nn::Upsample2D(out, out));
    register_module(opts.kind == Kind::Down ? "downsamplers" : "upsamplers", samplers);
  }
}

torch::Tensor UNetBlock3DImpl::forward(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& context,
                                       int64_t num_frames, std::vector<torch::Tensor>& skips,
                                       const std::vector<int64_t>& upsample_size, const TemporalHookSlot* hook) {
  auto transformers = [&](size_t i) {
    if (attentions->is_empty()) return;
    x = attentions[i]->as<Transformer2DModel>()->forward(x, context);
    x = temp_attentions[i]->as<TransformerTemporalModel>()->forward(x, num_frames, hook);
  };
  auto resnet = [&](size_t i) {
    x = resnets[i]->as<nn::ResnetBlock2D>()->forward(x, temb);
    x = temp_convs[i]->as<TemporalConvLayer>()->forward(x, num_frames);
  };
  if (options.kind == Kind::Mid) {
    resnet(0);
    for (size_t i = 0; i < attentions->size(); ++i) {
      transformers(i);
      resnet(i + 1);
    }
    return x;
  }
  for (size_t i = 0; i < resnets->size(); ++i) {
    if (options.kind == Kind::Up) {
      x = torch::cat({x, skips.back()}, 1);
      skips.pop_back();
    }
    resnet(i);
    transformers(i);
    if (options.kind == Kind::Down) skips.push_back(x);
  }
  if (!samplers->is_empty()) {
    if (options.kind == Kind::Down) {
      x = samplers[0]->as<nn::Downsample2D>()->forward(x);
      skips.push_back(x);
    } else {
      x = samplers[0]->as<nn::Upsample2D>()->forward(x, upsample_size);
    }
  }
  return x;
}

UNet3DConditionModelImpl::UNet3DConditionModelImpl(const UNet3DConfig& config) : config_(config) {
  config.validate("UNet3DConditionModel config");
  const auto& channels = config.block_out_channels;
  const int64_t c0 = channels.front();
  const int64_t blocks = static_cast<int64_t>(channels.size());
  conv_in = register_module("conv_in",
                            torch::nn::Conv2d(torch::nn::Conv2dOptions(config.in_channels, c0, 3).padding(1)));
  auto time_embedding = std::make_shared<torch::nn::Module>();
  time_linear_1 = time_embedding->register_module("linear_1", torch::nn::Linear(c0, config.timeEmbedDim()));
  time_linear_2 =
      time_embedding->register_module("linear_2", torch::nn::Linear(config.timeEmbedDim(), config.timeEmbedDim()));
  register_module("time_embedding", time_embedding);
  transformer_in = register_module(
      "transformer_in", TransformerTemporalModel(c0, 8, config.attention_head_dim, config.norm_num_groups,
                                                 config.frame_position_embeddings));

  int64_t output = c0;
  for (int64_t i = 0; i < blocks; ++i) {
    UNetBlock3DImpl::Options o;
    o.kind = UNetBlock3DImpl::Kind::Down;
    o.cross_attention = config.down_block_types[i] == "CrossAttnDownBlock3D";
    o.layers = config.layers_per_block;
    o.in_channels = output;
    o.out_channels = output = channels[i];
    o.resample = i < blocks - 1;
    down_blocks->push_back(UNetBlock3D(o, config));
  }
  register_module("down_blocks", down_blocks);

  UNetBlock3DImpl::Options mid;
  mid.kind = UNetBlock3DImpl::Kind::Mid;
  mid.in_channels = mid.out_channels = channels.back();
  mid_block = register_module("mid_block", UNetBlock3D(mid, config));

  output = channels.back();
  for (int64_t i = 0; i < blocks; ++i) {
    UNetBlock3DImpl::Options o;
    o.kind = UNetBlock3DImpl::Kind::Up;
    o.cross_attention = config.up_block_types[i] == "CrossAttnUpBlock3D";
    o.layers = config.layers_per_block + 1;
    o.prev_output_channels = output;
    o.out_channels = output = channels[blocks - 1 - i];
    o.in_channels = channels[std::max<int64_t>(0, blocks - 2 - i)];
    o.resample = i < blocks - 1;
    up_blocks->push_back(UNetBlock3D(o, config));
  }
  register_module("up_blocks", up_blocks);

  conv_norm_out = register_module(
      "conv_norm_out", nn::GroupNorm(config.norm_num_groups, c0, config.norm_eps));
  conv_out = register_module("conv_out",
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(c0, config.out_channels, 3).padding(1)));

  // The hook reaches the temporal transformers of the down, mid and up blocks (not transformer_in), in forward order.
  auto attach = [&](UNetBlock3DImpl& block) {
    for (const auto& temporal : *block.temp_attentions) {
      auto* model = temporal->as<TransformerTemporalModel>();
      model->numberHookPoints(hook_count_);
      hook_channels_.resize(hook_count_, model->proj_in->options.out_features());
    }
  };
  for (const auto& block : *down_blocks) attach(*block->as<UNetBlock3D>());
  attach(*mid_block);
  for (const auto& block : *up_blocks) attach(*block->as<UNetBlock3D>());
}

torch::Tensor UNet3DConditionModelImpl::timeProjection(const torch::Tensor& timesteps) const {
  // Sinusoidal embedding, flip_sin_to_cos=True, frequency shift 0 (diffusers' Timesteps), with diffusers' order
  // of float32 operations: exp(-ln(10000) * i / half) * t, then [cos, sin].
  const int64_t half = config_.block_out_channels.front() / 2;
  auto exponent = torch::arange(half, torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device()))
                      .mul(-std::log(10000.0))
                      .div(static_cast<double>(half));
  auto angles = timesteps.to(torch::kFloat32).unsqueeze(1) * exponent.exp().unsqueeze(0);
  return torch::cat({angles.cos(), angles.sin()}, 1);
}

torch::Tensor UNet3DConditionModelImpl::forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                                                const torch::Tensor& encoder_hidden_states,
                                                const IntermediatesCallback& intermediates,
                                                const TemporalHookSlot* hook) {
  if (!hook && default_hook_.hook) hook = &default_hook_;
  TORCH_CHECK(sample.dim() == 5, "UNet3D expects sample [B, C, F, H, W], got ", sample.sizes());
  const int64_t batch = sample.size(0), frames = sample.size(2);
  if (config_.frame_position_embeddings > 0 && frames > config_.frame_position_embeddings)
    throw Error("UNet3D: " + std::to_string(frames) + " frames, but this model's frame position embedding covers " +
                std::to_string(config_.frame_position_embeddings) + " (config key 'frame_position_embeddings')");
  const auto dtype = conv_in->weight.scalar_type();
  auto note = [&](const char* name, const torch::Tensor& value) {
    if (intermediates) intermediates(name, value);
  };

  auto timesteps = timestep.to(sample.device());
  if (timesteps.dim() == 0) timesteps = timesteps.unsqueeze(0);
  timesteps = timesteps.expand({batch});
  const auto t_proj = timeProjection(timesteps).to(dtype);
  note("time_proj", t_proj);
  auto temb = time_linear_2(torch::silu(time_linear_1(t_proj)));
  note("time_embedding", temb);
  temb = temb.repeat_interleave(frames, 0);
  const auto context = encoder_hidden_states.to(dtype).repeat_interleave(frames, 0);

  auto x = sample.to(dtype).permute({0, 2, 1, 3, 4}).reshape({batch * frames, sample.size(1), sample.size(3), sample.size(4)});
  x = conv_in(x);
  note("conv_in", x);
  x = transformer_in(x, frames);
  note("transformer_in", x);

  std::vector<torch::Tensor> skips{x};
  for (size_t i = 0; i < down_blocks->size(); ++i) {
    x = down_blocks[i]->as<UNetBlock3D>()->forward(x, temb, context, frames, skips, {}, hook);
    if (intermediates) intermediates("down_blocks." + std::to_string(i), x);
  }
  x = mid_block->forward(x, temb, context, frames, skips, {}, hook);
  note("mid_block", x);
  for (size_t i = 0; i < up_blocks->size(); ++i) {
    auto* block = up_blocks[i]->as<UNetBlock3D>();
    // Sizes that do not halve evenly: upsample to the skip's size instead of exactly 2x.
    std::vector<int64_t> upsample_size;
    const size_t consumed = block->resnets->size();
    if (!block->samplers->is_empty() && skips.size() > consumed) {
      const auto& next_skip = skips[skips.size() - consumed - 1];
      upsample_size = {next_skip.size(2), next_skip.size(3)};
    }
    x = block->forward(x, temb, context, frames, skips, upsample_size, hook);
    if (intermediates) intermediates("up_blocks." + std::to_string(i), x);
  }
  x = conv_out(conv_norm_out->forwardSilu(x));
  note("conv_out", x);
  return x.view({batch, frames, x.size(1), x.size(2), x.size(3)}).permute({0, 2, 1, 3, 4});
}

UNet3DConditionModel loadUNet3D(const std::filesystem::path& folder, torch::Dtype dtype, torch::Device device) {
  return loadedModule(UNet3DConditionModel(UNet3DConfig::fromFile(folder / "config.json")), locateWeights(folder), dtype,
                      device);
}

}  // namespace aicl::unet
