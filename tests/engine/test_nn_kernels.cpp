// The fused CPU kernels (GEGLU, GroupNorm with optional SiLU, LayerNorm) against LibTorch's own operators.
#include <gtest/gtest.h>

#include "nn/geglu.h"
#include "nn/norm.h"
#include "tensor_testing.h"

namespace {

TEST(Geglu, FusedMatchesTorchInFloatAndBFloat16) {
  torch::manual_seed(1);
  // Rows of 2 x 40 (a partial vector at the end) and 2 x 256, with large and negative gates.
  for (int64_t inner : {40, 256}) {
    const auto x = torch::randn({3, 50, 2 * inner}) * 3.0;
    const auto halves = x.chunk(2, -1);
    const auto expected = halves[0] * torch::gelu(halves[1]);
    c10::InferenceMode guard;
    EXPECT_TRUE(aicl::test::tensorsClose(aicl::nn::geglu(x), expected, "geglu f32", 1e-6));
    const auto xb = x.to(torch::kBFloat16);
    const auto expected_b = (xb.chunk(2, -1)[0].to(torch::kFloat32) * torch::gelu(xb.chunk(2, -1)[1].to(torch::kFloat32)));
    const auto fused_b = aicl::nn::geglu(xb);
    EXPECT_EQ(fused_b.scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(aicl::test::tensorsClose(fused_b.to(torch::kFloat32), expected_b, "geglu bf16", 8e-3));
  }
  // With gradients the differentiable path is used.
  const auto x = torch::randn({4, 32}, torch::requires_grad());
  aicl::nn::geglu(x).sum().backward();
  EXPECT_TRUE(x.grad().defined());
}

TEST(GroupNorm, FusedMatchesTorchWithAndWithoutSilu) {
  torch::manual_seed(2);
  aicl::nn::GroupNorm norm(4, 32, 1e-6);
  torch::nn::init::normal_(norm->weight);
  torch::nn::init::normal_(norm->bias);
  // [N, C, F, H, W] with a spatial size that is not a multiple of the vector width, and a shifted mean.
  const auto x = torch::randn({2, 32, 3, 5, 7}) * 2.0 + 1.5;
  const auto expected = torch::group_norm(x, 4, norm->weight, norm->bias, 1e-6);
  c10::InferenceMode guard;
  EXPECT_TRUE(aicl::test::tensorsClose(norm(x), expected, "group norm", 1e-6));
  EXPECT_TRUE(aicl::test::tensorsClose(norm->forwardSilu(x), torch::silu(expected), "group norm + silu", 1e-6));
  norm->to(torch::kBFloat16);
  const auto xb = x.to(torch::kBFloat16);
  const auto expected_b = torch::silu(torch::group_norm(xb.to(torch::kFloat32), 4, norm->weight.to(torch::kFloat32),
                                                        norm->bias.to(torch::kFloat32), 1e-6));
  const auto fused_b = norm->forwardSilu(xb);
  EXPECT_EQ(fused_b.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(aicl::test::tensorsClose(fused_b.to(torch::kFloat32), expected_b, "group norm bf16", 8e-3));
}

TEST(LayerNorm, BFloat16IsNormalisedInFloat) {
  torch::manual_seed(3);
  aicl::nn::LayerNorm norm(24, 1e-5);
  const auto x = torch::randn({5, 7, 24}) * 4.0 + 2.0;
  EXPECT_TRUE(aicl::test::tensorsClose(norm(x), torch::layer_norm(x, {24}, norm->weight, norm->bias, 1e-5), "f32", 1e-6));
  norm->to(torch::kBFloat16);
  const auto out = norm(x.to(torch::kBFloat16));
  EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(aicl::test::tensorsClose(out.to(torch::kFloat32), torch::layer_norm(x.to(torch::kBFloat16).to(torch::kFloat32), {24}),
                                       "bf16", 8e-3));
}

TEST(LayerNorm, FusedHalfPrecisionKernelMatchesFloat) {
  // Without gradients bfloat16 and float16 rows are normalised by one fused pass: row lengths with a partial
  // vector, a shifted mean, a transposed (non-contiguous) input.
  torch::manual_seed(4);
  for (const auto dtype : {torch::kBFloat16, torch::kHalf}) {
    for (const int64_t dim : {24, 64, 200}) {
      aicl::nn::LayerNorm norm(dim, 1e-5);
      torch::nn::init::normal_(norm->weight);
      torch::nn::init::normal_(norm->bias);
      norm->to(dtype);
      const auto x = (torch::randn({3, 37, dim}) * 3.0 + 1.5).to(dtype);
      const auto expected = torch::layer_norm(x.to(torch::kFloat32), {dim}, norm->weight.to(torch::kFloat32),
                                              norm->bias.to(torch::kFloat32), 1e-5);
      c10::InferenceMode guard;
      const auto out = norm(x);
      EXPECT_EQ(out.scalar_type(), dtype);
      const double tolerance = dtype == torch::kHalf ? 2e-3 : 8e-3;
      const auto name = std::string(dtype == torch::kHalf ? "f16 " : "bf16 ") + std::to_string(dim);
      EXPECT_TRUE(aicl::test::tensorsClose(out.to(torch::kFloat32), expected, name, tolerance));
      EXPECT_TRUE(aicl::test::tensorsClose(norm(x.transpose(0, 1)).to(torch::kFloat32), expected.transpose(0, 1),
                                           name + " transposed", tolerance));
    }
  }
}

}  // namespace
