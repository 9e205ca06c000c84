// Scaled dot-product attention: the chunked and the fused CPU kernels against a float64 reference, the
// dispatch between them, gradients, and the diffusers-named Attention module.
#include <gtest/gtest.h>

#include <chrono>
#include <tuple>
#include <utility>
#include <iostream>
#include <sstream>
#include <vector>

#include "nn/attention.h"
#include "nn/vector_math.h"
#include "tensor_testing.h"

namespace {

using aicl::nn::attention;
using aicl::nn::attentionChunked;
using aicl::nn::attentionFused;
using aicl::nn::fusedAttentionApplies;

torch::Tensor reference(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale) {
  const auto qd = q.to(torch::kFloat64), kd = k.to(torch::kFloat64), vd = v.to(torch::kFloat64);
  return torch::softmax(torch::matmul(qd, kd.transpose(-2, -1)) * scale, -1).matmul(vd);
}

struct Shape {
  std::vector<int64_t> lead;  // [N] or [B, H]
  int64_t queries, keys, dim, value_dim;
};

const std::vector<Shape> kShapes = {
    {{64}, 16, 16, 64, 64},    // temporal attention of the real model: F = 16 frames, 64 dims per head
    {{2, 5}, 16, 16, 8, 8},    // with a heads dimension
    {{3, 2}, 7, 33, 40, 24},   // more keys than queries, dv != d
    {{5}, 1, 1, 16, 16},       // a single frame: softmax of one score
    {{2, 4}, 300, 64, 32, 32}, // at the short kernel's key limit, many queries
    {{4}, 24, 77, 64, 64},     // text cross-attention (77 tokens): blockwise kernel, ragged last block
    {{2, 3}, 200, 200, 8, 20}, // spatial self-attention with small heads; dv not a multiple of 16
    {{1, 2}, 130, 1024, 32, 32}, // 1,024 tokens (32x32 latents), query blocks with a ragged tail
};

torch::Tensor randomTensor(std::vector<int64_t> lead, int64_t rows, int64_t cols, torch::Dtype dtype) {
  lead.push_back(rows);
  lead.push_back(cols);
  return torch::randn(lead, torch::TensorOptions().dtype(dtype)) * 1.5;
}

TEST(Attention, ChunkedMatchesFloat64ReferenceWithAndWithoutChunking) {
  torch::manual_seed(1);
  for (const auto& s : kShapes) {
    const auto q = randomTensor(s.lead, s.queries, s.dim, torch::kFloat32);
    const auto k = randomTensor(s.lead, s.keys, s.dim, torch::kFloat32);
    const auto v = randomTensor(s.lead, s.keys, s.value_dim, torch::kFloat32);
    const double scale = 1.0 / std::sqrt(static_cast<double>(s.dim));
    const auto expected = reference(q, k, v, scale);
    EXPECT_TRUE(aicl::test::tensorsClose(attentionChunked(q, k, v, scale), expected, "whole", 1e-5));
    // A budget of a few queries' scores forces many chunks (and a ragged last one).
    const auto chunked = attentionChunked(q, k, v, scale, 3 * 4 * s.keys * q.numel() / (s.queries * s.dim));
    EXPECT_TRUE(aicl::test::tensorsClose(chunked, expected, "chunks", 1e-5));
  }
}

TEST(Attention, FusedMatchesFloat64ReferenceForShortAndLongSequences) {
  torch::manual_seed(2);
  c10::InferenceMode guard;
  for (const auto& s : kShapes) {
    const auto q = randomTensor(s.lead, s.queries, s.dim, torch::kFloat32);
    const auto k = randomTensor(s.lead, s.keys, s.dim, torch::kFloat32);
    const auto v = randomTensor(s.lead, s.keys, s.value_dim, torch::kFloat32);
    const double scale = 1.0 / std::sqrt(static_cast<double>(s.dim));
    ASSERT_TRUE(aicl::nn::fusedAttentionSupports(q, k, v));
    EXPECT_TRUE(aicl::test::tensorsClose(attentionFused(q, k, v, scale), reference(q, k, v, scale), "fused", 1e-5));
  }
}

TEST(Attention, FusedReadsStridedHeadViews) {
  // The module's layout: projections [B, L, H * d] viewed as [B, H, L, d] without a copy.
  torch::manual_seed(3);
  c10::InferenceMode guard;
  const int64_t B = 6, L = 16, H = 4, d = 16;
  auto split = [&](const torch::Tensor& t) { return t.view({B, L, H, d}).transpose(1, 2); };
  const auto q = split(torch::randn({B, L, H * d})), k = split(torch::randn({B, L, H * d}));
  const auto v = split(torch::randn({B, L, H * d}));
  ASSERT_FALSE(q.is_contiguous());
  const auto out = attentionFused(q, k, v, 0.25);
  EXPECT_TRUE(aicl::test::tensorsClose(out, reference(q, k, v, 0.25), "strided", 1e-5));
  // Merging the heads back is a view: the output memory is [B, L, H, d].
  EXPECT_TRUE(out.transpose(1, 2).is_contiguous());
  // Large scores (sharp softmax) stay finite and exact.
  EXPECT_TRUE(aicl::test::tensorsClose(attentionFused(q * 30, k, v, 1.0), reference(q * 30, k, v, 1.0), "sharp", 1e-5));
}

TEST(Attention, HalfPrecisionAccumulatesInFloat) {
  torch::manual_seed(4);
  c10::InferenceMode guard;
  // (Head size 40 keeps bfloat16 off the lane kernels: the portable kernels in bfloat16.)
  for (const auto& [dtype, keys, d] : {std::tuple{torch::kBFloat16, 16, 64}, std::tuple{torch::kHalf, 16, 64},
                                      std::tuple{torch::kBFloat16, 300, 64}, std::tuple{torch::kHalf, 300, 64},
                                      std::tuple{torch::kBFloat16, 16, 40}, std::tuple{torch::kBFloat16, 300, 40}}) {
    const auto q = torch::randn({32, 4, 16, d}).to(dtype), k = torch::randn({32, 4, keys, d}).to(dtype);
    const auto v = torch::randn({32, 4, keys, d}).to(dtype);
    const auto expected = reference(q, k, v, 0.125);  // float64 from the same rounded inputs
    const auto fused = attentionFused(q, k, v, 0.125);
    EXPECT_EQ(fused.scalar_type(), dtype);
    // Only rounding remains: the output's (bfloat16: 8 bits of mantissa), in bfloat16 also the weights'.
    EXPECT_TRUE(aicl::test::tensorsClose(fused, expected, "fused half", dtype == torch::kHalf ? 2e-3 : 6e-3));
    // (torch 1.13 has no float16 matmul on the CPU.) The chunked path's bfloat16 matmuls round more where the CPU
    // has no native bfloat16 (AVX2 only: 2.07e-2 measured, against under 2e-2 with AVX-512 BF16).
    if (dtype == torch::kBFloat16) {
      EXPECT_TRUE(aicl::test::tensorsClose(attentionChunked(q, k, v, 0.125), expected, "chunked bf16", 3e-2));
    }
  }
}

TEST(Attention, LaneKernelsCoverHeadSizesRaggedTilesAndOddKeyCounts) {
  // The model's head sizes (on CPUs with AVX512-BF16 the lane kernels: queries in vector lanes, 128-key blocks, in
  // bfloat16 key pairs) with query counts off the 16-lane tiles and the 128-query tasks, odd and single keys, and
  // the module's strided head views; float32 to float64 accuracy, bfloat16 to its rounding.
  torch::manual_seed(6);
  c10::InferenceMode guard;
  for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
    const double tolerance = dtype == torch::kFloat32 ? 1e-5 : 6e-3;
    for (const int64_t d : {8, 16, 32, 64}) {
      for (const auto& [queries, keys] : {std::pair<int64_t, int64_t>{1, 1}, {17, 16}, {16, 77}, {130, 257},
                                          {300, 1024}, {5, 3}}) {
        const int64_t B = 2, H = 3;
        auto split = [&](const torch::Tensor& t, int64_t len) { return t.view({B, len, H, d}).transpose(1, 2); };
        const auto q = split(torch::randn({B, queries, H * d}).to(dtype), queries);
        const auto k = split(torch::randn({B, keys, H * d}).to(dtype), keys);
        const auto v = split(torch::randn({B, keys, H * d}).to(dtype), keys);
        const double scale = 1.0 / std::sqrt(static_cast<double>(d));
        const auto name = std::string(dtype == torch::kFloat32 ? "f32" : "bf16") + " d " + std::to_string(d) + ", " +
                          std::to_string(queries) + " x " + std::to_string(keys);
        const auto fused = attentionFused(q, k, v, scale);
        ASSERT_EQ(fused.scalar_type(), dtype);
        EXPECT_TRUE(aicl::test::tensorsClose(fused, reference(q, k, v, scale), name, tolerance));
        // A sharp softmax (large scores) stays finite and accurate.
        const auto sharp = (q.to(torch::kFloat32) * 8).to(dtype);
        EXPECT_TRUE(aicl::test::tensorsClose(attentionFused(sharp, k, v, scale), reference(sharp, k, v, scale),
                                             name + " sharp", tolerance));
      }
    }
  }
}

TEST(Attention, DispatchUsesFusedOnlyWithoutGradient) {
  const auto q = torch::randn({8, 16, 32}).requires_grad_(), k = torch::randn({8, 16, 32}).requires_grad_();
  const auto v = torch::randn({8, 16, 32}).requires_grad_();
  EXPECT_FALSE(fusedAttentionApplies(q, k, v));
  {
    torch::NoGradGuard no_grad;
    EXPECT_TRUE(fusedAttentionApplies(q, k, v));
  }
  EXPECT_FALSE(fusedAttentionApplies(q.detach().to(torch::kFloat64), k.detach().to(torch::kFloat64),
                                     v.detach().to(torch::kFloat64)));
  EXPECT_FALSE(fusedAttentionApplies(q.detach(), torch::randn({8, 65, 31}), torch::randn({8, 65, 32})));
  {
    // Longer float32 sequences stay fused only where the AVX-512 lane kernels make that faster.
    const auto longer = torch::randn({8, 65, 32});
    EXPECT_EQ(fusedAttentionApplies(q.detach(), longer, longer), aicl::nn::simd::avx512Bf16Supported());
    EXPECT_TRUE(fusedAttentionApplies(q.detach().to(torch::kBFloat16), longer.to(torch::kBFloat16), longer.to(torch::kBFloat16)));
  }
  // With gradients: the chunked matmuls, or the fused autograd function when asked for.
  aicl::nn::AttentionOptions fused_training;
  fused_training.fused_training = true;
  EXPECT_EQ(attention(q, k, v, 0.2).grad_fn()->name().find("FusedAttentionFunction"), std::string::npos);
  EXPECT_NE(attention(q, k, v, 0.2, fused_training).grad_fn()->name().find("FusedAttentionFunction"), std::string::npos);

  // The differentiable path gives float64-accurate gradients.
  const auto out = attention(q, k, v, 0.2);
  const auto weights = torch::randn_like(out);
  (out * weights).sum().backward();
  const auto qd = q.detach().to(torch::kFloat64).requires_grad_(), kd = k.detach().to(torch::kFloat64).requires_grad_();
  const auto vd = v.detach().to(torch::kFloat64).requires_grad_();
  (reference(qd, kd, vd, 0.2) * weights.to(torch::kFloat64)).sum().backward();
  EXPECT_TRUE(aicl::test::tensorsClose(q.grad(), qd.grad(), "dq", 1e-5));
  EXPECT_TRUE(aicl::test::tensorsClose(k.grad(), kd.grad(), "dk", 1e-5));
  EXPECT_TRUE(aicl::test::tensorsClose(v.grad(), vd.grad(), "dv", 1e-5));
}

// The fused backward (scores recomputed per sequence) against float64 autograd on every shape, for contiguous
// inputs and for the strided [B, L, H, d] views the Attention module passes, in float32 and bfloat16.
TEST(Attention, FusedBackwardMatchesFloat64Gradients) {
  torch::manual_seed(7);
  for (const auto& s : kShapes) {
    for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
      for (const bool strided : {false, true}) {
        if (strided && s.lead.size() != 2) continue;
        auto make = [&](int64_t rows, int64_t cols) {
          if (!strided) return randomTensor(s.lead, rows, cols, dtype).requires_grad_();
          // [B, rows, H, cols] memory seen as [B, H, rows, cols], as split heads are.
          return (torch::randn({s.lead[0], rows, s.lead[1], cols}, torch::TensorOptions().dtype(dtype)) * 1.5)
              .transpose(1, 2).detach().requires_grad_();
        };
        const auto q = make(s.queries, s.dim), k = make(s.keys, s.dim), v = make(s.keys, s.value_dim);
        const double scale = 1.0 / std::sqrt(static_cast<double>(s.dim));
        const auto out = aicl::nn::attentionFusedTrainable(q, k, v, scale);
        const auto weights = torch::randn(out.sizes()).to(dtype);
        (out.to(torch::kFloat32) * weights.to(torch::kFloat32)).sum().backward();
        const auto qd = q.detach().to(torch::kFloat64).requires_grad_(), kd = k.detach().to(torch::kFloat64).requires_grad_();
        const auto vd = v.detach().to(torch::kFloat64).requires_grad_();
        (reference(qd, kd, vd, scale) * weights.to(torch::kFloat64)).sum().backward();
        const double tolerance = dtype == torch::kFloat32 ? 1e-5 : 3e-2;
        std::ostringstream what;
        what << s.queries << "x" << s.keys << " d" << s.dim << "/" << s.value_dim << (strided ? " strided " : " ") << dtype;
        EXPECT_EQ(q.grad().scalar_type(), dtype);
        EXPECT_TRUE(aicl::test::tensorsClose(q.grad().to(torch::kFloat64), qd.grad(), "dq " + what.str(), tolerance));
        EXPECT_TRUE(aicl::test::tensorsClose(k.grad().to(torch::kFloat64), kd.grad(), "dk " + what.str(), tolerance));
        EXPECT_TRUE(aicl::test::tensorsClose(v.grad().to(torch::kFloat64), vd.grad(), "dv " + what.str(), tolerance));
      }
    }
  }
}

TEST(AttentionModule, HasDiffusersNamesAndComputesMultiHeadAttention) {
  torch::manual_seed(5);
  aicl::nn::Attention attn(24, 12, 3, 8);
  std::map<std::string, std::vector<int64_t>> names;
  for (const auto& p : attn->named_parameters()) names[p.key()] = p.value().sizes().vec();
  const std::map<std::string, std::vector<int64_t>> expected_names = {
      {"to_q.weight", {24, 24}}, {"to_k.weight", {24, 12}}, {"to_v.weight", {24, 12}},
      {"to_out.0.weight", {24, 24}}, {"to_out.0.bias", {24}}};
  EXPECT_EQ(names, expected_names);

  const auto x = torch::randn({2, 16, 24}), context = torch::randn({2, 5, 12});
  auto manual = [&](const torch::Tensor& source) {
    auto project = [&](const torch::nn::Linear& l, const torch::Tensor& t) {
      return torch::matmul(t.to(torch::kFloat64), l->weight.to(torch::kFloat64).t());
    };
    const int64_t B = x.size(0), L = x.size(1), S = source.size(1);
    auto heads = [&](const torch::Tensor& t, int64_t len) { return t.view({B, len, 3, 8}).transpose(1, 2); };
    auto out = reference(heads(project(attn->to_q, x), L), heads(project(attn->to_k, source), S),
                         heads(project(attn->to_v, source), S), 1.0 / std::sqrt(8.0));
    out = out.transpose(1, 2).reshape({B, L, 24});
    auto* to_out = attn->to_out[0]->as<torch::nn::Linear>();
    return torch::matmul(out, to_out->weight.to(torch::kFloat64).t()) + to_out->bias.to(torch::kFloat64);
  };
  EXPECT_TRUE(aicl::test::tensorsClose(attn(x, context), manual(context), "cross (autograd)", 1e-5));
  c10::InferenceMode guard;
  aicl::nn::Attention self_attn(24, 0, 3, 8);
  attn = self_attn;
  EXPECT_TRUE(aicl::test::tensorsClose(attn(x), manual(x), "self (fused)", 1e-5));
  attn->options.allow_fused = false;
  EXPECT_TRUE(aicl::test::tensorsClose(attn(x), manual(x), "self (chunked)", 1e-5));
}

}  // namespace
