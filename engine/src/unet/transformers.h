#pragma once
// The UNet3D's transformer pieces, named like diffusers: BasicTransformerBlock, Transformer2DModel (spatial,
// per frame), TransformerTemporalModel (over frames, per pixel) and TemporalConvLayer.
#include <torch/torch.h>

#include <functional>
#include <memory>

#include "nn/attention.h"
#include "nn/norm.h"
#include "unet/temporal_hook_position.h"

namespace aicl::unet {

// AICL's attachment point: called in every temporal transformer block of the down, mid and up blocks, at the
// slot's position (after attn1 or after attn2), with the hidden states [B*H*W, F, C] and the block's index
// (0-based, in forward order). It returns a residual to add, or an undefined tensor for none.
using TemporalHook = std::function<torch::Tensor(const torch::Tensor& hidden, int64_t block_index)>;
// One run's hook and where it goes; passed down each forward call (per-run state, never stored on the modules).
struct TemporalHookSlot {
  TemporalHook hook;
  TemporalHookPosition position = TemporalHookPosition::AfterAttn1;
};

struct GegluFeedForwardImpl : torch::nn::Module {
  GegluFeedForwardImpl(int64_t dim, int64_t mult = 4);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear proj{nullptr};  // net.0.proj: dim -> 2 * inner (value and gate)
  torch::nn::Linear out{nullptr};   // net.2: inner -> dim
};
TORCH_MODULE(GegluFeedForward);

struct BasicTransformerBlockImpl : torch::nn::Module {
  // cross_dim 0: attn2 is a second self-attention (temporal blocks).
  BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dim_head, int64_t cross_dim);
  // hook: the run's AICL hook, or null; it runs only on blocks with a hook index.
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& context = {}, const TemporalHookSlot* hook = nullptr);

  nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
  nn::Attention attn1{nullptr}, attn2{nullptr};
  GegluFeedForward ff{nullptr};
  int64_t hook_index = -1;  // >= 0 on the temporal blocks AICL attaches to
};
TORCH_MODULE(BasicTransformerBlock);

struct Transformer2DModelImpl : torch::nn::Module {
  Transformer2DModelImpl(int64_t channels, int64_t heads, int64_t dim_head, int64_t cross_dim, int64_t groups);
  // x [N, C, H, W], context [N, S, cross_dim] -> [N, C, H, W]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);
  nn::GroupNorm norm{nullptr};
  torch::nn::Linear proj_in{nullptr}, proj_out{nullptr};
  torch::nn::ModuleList transformer_blocks;
};
TORCH_MODULE(Transformer2DModel);

struct TransformerTemporalModelImpl : torch::nn::Module {
  // frame_positions > 0: a learned, zero-initialised embedding per frame index (UNet3DConfig).
  TransformerTemporalModelImpl(int64_t channels, int64_t heads, int64_t dim_head, int64_t groups,
                               int64_t frame_positions = 0);
  // x [B*F, C, H, W] -> [B*F, C, H, W], attention over the F frames of each pixel. F beyond the frame
  // positions is an aicl::Error.
  torch::Tensor forward(const torch::Tensor& x, int64_t num_frames, const TemporalHookSlot* hook = nullptr);
  // Numbers this model's blocks as hook points next_index, next_index + 1, ...
  void numberHookPoints(int64_t& next_index);
  nn::GroupNorm norm{nullptr};
  torch::nn::Linear proj_in{nullptr}, proj_out{nullptr};
  torch::nn::ModuleList transformer_blocks;
  torch::Tensor frame_position_embedding;  // [frame_positions, inner] after proj_in; undefined when none
};
TORCH_MODULE(TransformerTemporalModel);

struct TemporalConvLayerImpl : torch::nn::Module {
  TemporalConvLayerImpl(int64_t channels, int64_t groups);
  // x [B*F, C, H, W] -> same; four (GroupNorm, SiLU, Conv3d (3,1,1)) stages over frames plus the identity.
  torch::Tensor forward(const torch::Tensor& x, int64_t num_frames);
  torch::nn::Sequential conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr};
};
TORCH_MODULE(TemporalConvLayer);

}  // namespace aicl::unet
