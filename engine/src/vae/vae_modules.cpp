// The AutoencoderKL building blocks: attention, encoder/decoder blocks, Encoder and Decoder.
#include <cmath>

#include "vae/vae_attention_block.h"
#include "vae/vae_blocks.h"
#include "vae/vae_decoder.h"
#include "vae/vae_encoder.h"

namespace aicl::vae {

namespace {

nn::ResnetBlock2D makeResnet(int64_t in_channels, int64_t out_channels, int64_t groups) {
  nn::ResnetBlock2DOptions options;
  options.in_channels = in_channels;
  options.out_channels = out_channels;
  options.temb_channels = 0;
  options.groups = groups;
  options.eps = kVaeNormEps;
  return nn::ResnetBlock2D(options);
}

nn::GroupNorm makeGroupNorm(int64_t groups, int64_t channels) {
  return nn::GroupNorm(groups, channels, kVaeNormEps);
}

torch::nn::Conv2d makeConv3x3(int64_t in_channels, int64_t out_channels) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, out_channels, 3).padding(1));
}

}  // namespace

// ---- VaeAttentionBlock ----

VaeAttentionBlockImpl::VaeAttentionBlockImpl(int64_t channels_, int64_t norm_groups, double eps)
    : channels(channels_) {
  group_norm = register_module("group_norm",
                               nn::GroupNorm(norm_groups, channels, eps));
  to_q = register_module("to_q", torch::nn::Linear(channels, channels));
  to_k = register_module("to_k", torch::nn::Linear(channels, channels));
  to_v = register_module("to_v", torch::nn::Linear(channels, channels));
  out_projection = torch::nn::Linear(channels, channels);
  to_out = register_module("to_out", torch::nn::ModuleList(out_projection));
}

torch::Tensor VaeAttentionBlockImpl::forward(const torch::Tensor& x) {
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  // [N, C, H, W] -> tokens [N, H*W, C]
  torch::Tensor tokens = group_norm(x).reshape({n, c, h * w}).transpose(1, 2);
  torch::Tensor q = to_q(tokens);
  torch::Tensor k = to_k(tokens);
  torch::Tensor v = to_v(tokens);
  const double scale = 1.0 / std::sqrt(static_cast<double>(c));
  // matmul, not baddbmm (torch 1.13's CPU baddbmm with beta = 0 reads uninitialised memory). Query chunks keep
  // the score matrix bounded for large feature maps.
  const int64_t length = h * w;
  const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 24) / std::max<int64_t>(1, length * n));
  std::vector<torch::Tensor> pieces;
  torch::Tensor k_t = k.transpose(1, 2);
  for (int64_t begin = 0; begin < length; begin += chunk) {
    torch::Tensor q_chunk = q.slice(1, begin, std::min(length, begin + chunk));
    torch::Tensor scores = torch::matmul(q_chunk, k_t) * scale;
    // The reference upcasts the softmax to float32.
    torch::Tensor probs = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
    pieces.push_back(torch::matmul(probs, v));
  }
  torch::Tensor attended = pieces.size() == 1 ? pieces.front() : torch::cat(pieces, 1);
  torch::Tensor out = out_projection(attended).transpose(1, 2).reshape({n, c, h, w});
  return out + x;
}

// ---- DownEncoderBlock2D, UpDecoderBlock2D ----

namespace {

// The `num_layers` ResnetBlocks of a down or up block, each followed by an attention block in the Attn* variants.
void buildLayers(int64_t in_channels, int64_t out_channels, int64_t num_layers, int64_t groups, bool add_attention,
                 torch::nn::ModuleList& resnets, std::vector<nn::ResnetBlock2D>& resnet_list,
                 torch::nn::ModuleList& attentions, std::vector<VaeAttentionBlock>& attention_list) {
  for (int64_t i = 0; i < num_layers; ++i) {
    resnet_list.push_back(makeResnet(i == 0 ? in_channels : out_channels, out_channels, groups));
    resnets->push_back(resnet_list.back());
    if (!add_attention) continue;
    attention_list.push_back(VaeAttentionBlock(out_channels, groups, kVaeNormEps));
    attentions->push_back(attention_list.back());
  }
}

torch::Tensor runLayers(std::vector<nn::ResnetBlock2D>& resnet_list, std::vector<VaeAttentionBlock>& attention_list,
                        torch::Tensor x) {
  for (size_t i = 0; i < resnet_list.size(); ++i) {
    x = resnet_list[i](x);
    if (i < attention_list.size()) x = attention_list[i](x);
  }
  return x;
}

}  // namespace

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t num_layers,
                                               int64_t groups, bool add_attention, bool add_downsample) {
  // Registration order follows the reference (attentions before resnets) so state dicts list keys alike.
  attentions = register_module("attentions", torch::nn::ModuleList());
  resnets = register_module("resnets", torch::nn::ModuleList());
  buildLayers(in_channels, out_channels, num_layers, groups, add_attention, resnets, resnet_list, attentions,
              attention_list);
  downsamplers = register_module("downsamplers", torch::nn::ModuleList());
  if (add_downsample) {
    // Padding 0 with the asymmetric (0, 1, 0, 1) pad, as in the reference encoder.
    downsampler = nn::Downsample2D(out_channels, out_channels, /*padding=*/0);
    downsamplers->push_back(downsampler);
  }
}

torch::Tensor DownEncoderBlock2DImpl::forward(torch::Tensor x) {
  x = runLayers(resnet_list, attention_list, x);
  return downsampler ? downsampler(x) : x;
}

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t num_layers,
                                           int64_t groups, bool add_attention, bool add_upsample) {
  attentions = register_module("attentions", torch::nn::ModuleList());
  resnets = register_module("resnets", torch::nn::ModuleList());
  buildLayers(in_channels, out_channels, num_layers, groups, add_attention, resnets, resnet_list, attentions,
              attention_list);
  upsamplers = register_module("upsamplers", torch::nn::ModuleList());
  if (add_upsample) {
    upsampler = nn::Upsample2D(out_channels, out_channels);
    upsamplers->push_back(upsampler);
  }
}

torch::Tensor UpDecoderBlock2DImpl::forward(torch::Tensor x) {
  x = runLayers(resnet_list, attention_list, x);
  return upsampler ? upsampler(x) : x;
}

// ---- VaeMidBlock2D ----

VaeMidBlock2DImpl::VaeMidBlock2DImpl(int64_t channels, int64_t groups, bool add_attention) {
  // Registration order follows the reference (attentions before resnets) so state dicts list keys alike.
  attentions = register_module("attentions", torch::nn::ModuleList());
  if (add_attention) {
    attention = VaeAttentionBlock(channels, groups, kVaeNormEps);
    attentions->push_back(attention);
  }
  resnets = register_module("resnets", torch::nn::ModuleList());
  for (int i = 0; i < 2; ++i) {
    resnet_list.push_back(makeResnet(channels, channels, groups));
    resnets->push_back(resnet_list.back());
  }
}

torch::Tensor VaeMidBlock2DImpl::forward(torch::Tensor x) {
  x = resnet_list[0](x);
  if (attention) x = attention(x);
  return resnet_list[1](x);
}

// ---- Encoder ----

VaeEncoderImpl::VaeEncoderImpl(const AutoencoderKLConfig& config) {
  const auto& channels = config.block_out_channels;
  const int64_t groups = config.norm_num_groups;
  conv_in = register_module("conv_in", makeConv3x3(config.in_channels, channels.front()));
  down_blocks = register_module("down_blocks", torch::nn::ModuleList());
  int64_t previous = channels.front();
  for (size_t i = 0; i < channels.size(); ++i) {
    const bool is_last = i + 1 == channels.size();
    down_block_list.push_back(
        DownEncoderBlock2D(previous, channels[i], config.layers_per_block, groups,
                           /*add_attention=*/config.down_block_types[i] == "AttnDownEncoderBlock2D",
                           /*add_downsample=*/!is_last));
    down_blocks->push_back(down_block_list.back());
    previous = channels[i];
  }
  mid_block = register_module("mid_block", VaeMidBlock2D(channels.back(), groups, config.mid_block_add_attention));
  conv_norm_out = register_module("conv_norm_out", makeGroupNorm(groups, channels.back()));
  conv_out = register_module("conv_out", makeConv3x3(channels.back(), 2 * config.latent_channels));
}

torch::Tensor VaeEncoderImpl::forward(const torch::Tensor& image) {
  torch::Tensor x = conv_in(image);
  for (auto& block : down_block_list) x = block(x);
  x = mid_block(x);
  return conv_out(conv_norm_out->forwardSilu(x));
}

// ---- Decoder ----

VaeDecoderImpl::VaeDecoderImpl(const AutoencoderKLConfig& config) {
  const auto& channels = config.block_out_channels;
  const int64_t groups = config.norm_num_groups;
  conv_in = register_module("conv_in", makeConv3x3(config.latent_channels, channels.back()));
  // up_blocks is registered before mid_block, as in the reference, so state dicts list keys in the same order.
  up_blocks = register_module("up_blocks", torch::nn::ModuleList());
  int64_t previous = channels.back();
  for (size_t i = 0; i < channels.size(); ++i) {
    const int64_t out = channels[channels.size() - 1 - i];
    const bool is_last = i + 1 == channels.size();
    up_block_list.push_back(
        UpDecoderBlock2D(previous, out, config.layers_per_block + 1, groups,
                         /*add_attention=*/config.up_block_types[i] == "AttnUpDecoderBlock2D",
                         /*add_upsample=*/!is_last));
    up_blocks->push_back(up_block_list.back());
    previous = out;
  }
  mid_block = register_module("mid_block", VaeMidBlock2D(channels.back(), groups, config.mid_block_add_attention));
  conv_norm_out = register_module("conv_norm_out", makeGroupNorm(groups, channels.front()));
  conv_out = register_module("conv_out", makeConv3x3(channels.front(), config.out_channels));
}

torch::Tensor VaeDecoderImpl::forward(const torch::Tensor& latent) {
  torch::Tensor x = conv_in(latent);
  x = mid_block(x);
  for (auto& block : up_block_list) x = block(x);
  return conv_out(conv_norm_out->forwardSilu(x));
}

}  // namespace aicl::vae
