#pragma once
// Comparing LibTorch outputs with reference tensors (engine tests only).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>

namespace aicl::test {

// Relative L2 error ||actual - expected|| / ||expected|| in float64.
inline double relativeL2(const torch::Tensor& actual, const torch::Tensor& expected) {
  auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
  auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
  const double denominator = e.norm().item<double>();
  const double numerator = (a - e).norm().item<double>();
  return denominator > 0 ? numerator / denominator : numerator;
}

// The fixtures' contract: relative L2 error at most `tolerance` (1e-4 in float32), same shape, all finite.
inline ::testing::AssertionResult tensorsClose(const torch::Tensor& actual, const torch::Tensor& expected,
                                               const std::string& what, double tolerance = 1e-4) {
  if (actual.sizes() != expected.sizes()) {
    return ::testing::AssertionFailure() << what << ": shape " << actual.sizes() << " != expected "
                                         << expected.sizes();
  }
  if (!torch::isfinite(actual).all().item<bool>())
    return ::testing::AssertionFailure() << what << ": non-finite values";
  const double error = relativeL2(actual, expected);
  const double max_diff =
      (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
  if (error > tolerance) {
    return ::testing::AssertionFailure() << what << ": relative L2 error " << error << " > " << tolerance
                                         << " (max |diff| " << max_diff << ")";
  }
  return ::testing::AssertionSuccess() << what << ": relative L2 " << error;
}

}  // namespace aicl::test
