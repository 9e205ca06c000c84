#pragma once
// Scaled dot-product attention and diffusers' Attention module (to_q, to_k, to_v, to_out.0).
//
// Two kernels behind one function:
// - chunked: matmul + softmax + matmul over chunks of queries, so the score tensor stays under a byte budget
//   whatever the sequence length; differentiable, any device and dtype. (Never baddbmm: torch 1.13's CPU
//   baddbmm with beta=0 reads uninitialised memory.)
// - fused (CPU, float32/bfloat16/float16): scores, softmax and the weighted sum in
//   L1-resident float buffers, parallel over sequences (OpenMP, LibTorch's threads). Temporal attention (16 frames
//   per pixel and head, hundreds of thousands of sequences) is where bmm pays a per-matrix overhead; spatial
//   attention over 1,024 tokens never materialises (frames x heads x 1024 x 1024) scores (online softmax over
//   blocks of keys). On CPUs with AVX-512 and AVX512-BF16, float32 and bfloat16 with head sizes 8/16/32/64 take
//   lane kernels (queries in vector lanes; bfloat16 dot products by vdpbf16ps, the softmax weights rounded to
//   bfloat16); otherwise portable kernels: up to kFusedShortMaxKeys keys a whole score row stays in registers,
//   longer key sequences take blocks of 64 keys. Without AVX-512 BF16, float32 sequences of more than 16 keys take
//   the chunked kernel (faster there). With gradients and AttentionOptions::fused_training, the same forward inside
//   an autograd function whose backward is fused as well (attention_grad.cpp).
#include <torch/torch.h>

namespace aicl::nn {

struct AttentionOptions {
  int64_t max_score_bytes = 64ll << 20;  // float32 score budget per chunk of queries (chunked kernel)
  bool allow_fused = true;               // false: always the chunked kernel
  // With gradients, the fused forward and backward instead of the chunked matmuls. Off by default: on an AVX2-only
  // CPU it measured slower in the backbone and adapter training steps (bench_train); unmeasured with AVX-512.
  bool fused_training = false;
};

// softmax(q k^T * scale) v. q [N, L, d] / k [N, S, d] / v [N, S, dv] -> [N, L, dv], or with a heads dimension
// [B, H, L, d] ... -> [B, H, L, dv]. Inputs may be strided views (e.g. [B, L, H, d] transposed). Half-precision
// inputs get a float32 softmax (and float32 accumulation in the fused kernel).
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                        const AttentionOptions& options = {});

// The two kernels, exposed for tests and benchmarks.
torch::Tensor attentionChunked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                               double scale, int64_t max_score_bytes = 64ll << 20);
// Output memory is [B, L, H, dv] (returned as the [B, H, L, dv] view), so merging heads is free.
torch::Tensor attentionFused(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale);
// With gradients: the fused forward and a fused backward that recomputes the scores (attention_grad.cpp).
torch::Tensor attentionFusedTrainable(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                      double scale);
// Whether the fused kernels take these inputs (CPU, float32/bfloat16/float16, matching shapes).
bool fusedAttentionSupports(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
// Whether attention() takes the fused inference kernel for these inputs in the current grad mode (and on this CPU).
bool fusedAttentionApplies(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
constexpr int64_t kFusedShortMaxKeys = 64;

struct AttentionImpl : torch::nn::Module {
  // context_dim 0: self-attention. q/k/v projections carry a bias only when `bias` (diffusers' attention_bias);
  // the output projection has one unless out_bias is false.
  AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head, bool bias = false,
                bool out_bias = true);
  // x [B, L, query_dim], context [B, S, context_dim] (undefined: x) -> [B, L, query_dim].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});

  int64_t heads;
  int64_t dim_head;
  AttentionOptions options;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
  torch::nn::ModuleList to_out;  // [0]: Linear (diffusers keeps a Dropout at [1], which has no parameters)
};
TORCH_MODULE(Attention);

}  // namespace aicl::nn
