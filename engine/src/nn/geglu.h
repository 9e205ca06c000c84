#pragma once
// GEGLU's activation: value * gelu(gate) for projections [..., 2 * inner] = [value | gate] -> [..., inner],
// gelu with the exact erf. On the CPU without gradients one fused pass (the erf to 1.5e-7, Abramowitz-Stegun
// 7.1.26) replaces chunk + gelu + multiply, each a full pass over memory and torch's erf-gelu the slowest.
// bfloat16 on AVX512-BF16 CPUs evaluates the same formula to bfloat16 accuracy (vrcp14ps, a short exp2).
#include <torch/torch.h>

namespace aicl::nn {

torch::Tensor geglu(const torch::Tensor& projected);

}  // namespace aicl::nn
