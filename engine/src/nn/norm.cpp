#include "nn/norm.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <cmath>

#include "nn/vector_math.h"

namespace aicl::nn {
namespace {

using namespace simd;

inline __attribute__((always_inline)) Vec16 silu(Vec16 y) {
  // sigmoid from exp(-|y|), which never overflows.
  const Vec16 e = expNonPositive(y < 0.0f ? y : -y);
  const Vec16 sigmoid = y < 0.0f ? e / (1.0f + e) : 1.0f / (1.0f + e);
  return y * sigmoid;
}

struct GroupArgs {
  int64_t channels;  // channels per group
  int64_t size;      // elements per channel
  const float* weight;
  const float* bias;
  float eps;
  bool silu;
};

// One group: `channels` consecutive channels of `size` elements each.
template <typename T>
inline __attribute__((always_inline)) void normaliseGroup(const T* x, T* y, const GroupArgs& a) {
  const int64_t count = a.channels * a.size;
  const int64_t whole = count / kLanes * kLanes;
  Vec16 sum{};
  for (int64_t i = 0; i < whole; i += kLanes) sum += loadVec(x + i);
  double total = 0.0;
  for (int64_t t = 0; t < kLanes; ++t) total += sum[t];
  for (int64_t i = whole; i < count; ++i) total += static_cast<float>(x[i]);
  const float mean = static_cast<float>(total / static_cast<double>(count));
  Vec16 squares{};
  for (int64_t i = 0; i < whole; i += kLanes) {
    const Vec16 centred = loadVec(x + i) - mean;
    squares += centred * centred;
  }
  double variance = 0.0;
  for (int64_t t = 0; t < kLanes; ++t) variance += squares[t];
  for (int64_t i = whole; i < count; ++i) {
    const double centred = static_cast<float>(x[i]) - mean;
    variance += centred * centred;
  }
  const float inverse_std = 1.0f / std::sqrt(static_cast<float>(variance / static_cast<double>(count)) + a.eps);
  for (int64_t c = 0; c < a.channels; ++c) {
    const float scale = inverse_std * a.weight[c];
    const float shift = a.bias[c] - mean * scale;
    const T* in = x + c * a.size;
    T* out = y + c * a.size;
    int64_t i = 0;
    for (; i + kLanes <= a.size; i += kLanes) {
      const Vec16 v = loadVec(in + i) * scale + shift;
      storeVec(out + i, a.silu ? silu(v) : v);
    }
    if (i < a.size) {
      float rest[kLanes] = {};
      for (int64_t t = 0; i + t < a.size; ++t) rest[t] = static_cast<float>(in[i + t]);
      Vec16 v = loadVec(rest) * scale + shift;
      if (a.silu) v = silu(v);
      for (int64_t t = 0; i + t < a.size; ++t) out[i + t] = static_cast<T>(v[t]);
    }
  }
}

AICL_VECTOR_CLONES void normaliseGroupFloat(const float* x, float* y, const GroupArgs& a) { normaliseGroup(x, y, a); }
AICL_VECTOR_CLONES void normaliseGroupBFloat16(const c10::BFloat16* x, c10::BFloat16* y, const GroupArgs& a) {
  normaliseGroup(x, y, a);
}
AICL_VECTOR_CLONES void normaliseGroupHalf(const c10::Half* x, c10::Half* y, const GroupArgs& a) {
  normaliseGroup(x, y, a);
}
void normaliseGroupKernel(const float* x, float* y, const GroupArgs& a) { normaliseGroupFloat(x, y, a); }
void normaliseGroupKernel(const c10::BFloat16* x, c10::BFloat16* y, const GroupArgs& a) {
  normaliseGroupBFloat16(x, y, a);
}
void normaliseGroupKernel(const c10::Half* x, c10::Half* y, const GroupArgs& a) { normaliseGroupHalf(x, y, a); }

template <typename T>
void fusedGroupNorm(const torch::Tensor& x, torch::Tensor& y, int64_t groups, const torch::Tensor& weight,
                    const torch::Tensor& bias, double eps, bool with_silu) {
  const int64_t n = x.size(0), c = x.size(1), size = x.numel() / std::max<int64_t>(1, n * c);
  const auto w = weight.to(torch::kFloat32).contiguous(), b = bias.to(torch::kFloat32).contiguous();
  const int64_t per_group = c / groups;
  const T* in = x.data_ptr<T>();
  T* out = y.data_ptr<T>();
  at::parallel_for(0, n * groups, 1, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) {
      const int64_t g = task % groups;
      const GroupArgs args{per_group, size, w.data_ptr<float>() + g * per_group, b.data_ptr<float>() + g * per_group,
                           static_cast<float>(eps), with_silu};
      const int64_t offset = task * per_group * size;
      normaliseGroupKernel(in + offset, out + offset, args);
    }
  });
}

torch::Tensor groupNorm(const torch::Tensor& x, int64_t groups, const torch::Tensor& weight, const torch::Tensor& bias,
                        double eps, bool with_silu) {
  RECORD_FUNCTION("aicl::group_norm", std::vector<c10::IValue>());  // visible to LibTorch's profiler
  // Mixed precision (CPU autocast) hands bfloat16 activations to float32 weights: normalise in the weights' type.
  if (x.scalar_type() != weight.scalar_type()) return groupNorm(x.to(weight.scalar_type()), groups, weight, bias, eps, with_silu);
  const auto type = x.scalar_type();
  const bool fused = x.device().is_cpu() && x.dim() >= 2 && x.size(1) % groups == 0 &&
                     (type == torch::kFloat32 || type == torch::kBFloat16 || type == torch::kHalf) &&
                     !(torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad()));
  if (!fused) {
    auto y = torch::group_norm(x, groups, weight, bias, eps);
    return with_silu ? torch::silu(y) : y;
  }
  const auto in = x.contiguous();
  auto out = torch::empty_like(in);
  switch (type) {
    case torch::kFloat32: fusedGroupNorm<float>(in, out, groups, weight, bias, eps, with_silu); break;
    case torch::kBFloat16: fusedGroupNorm<c10::BFloat16>(in, out, groups, weight, bias, eps, with_silu); break;
    default: fusedGroupNorm<c10::Half>(in, out, groups, weight, bias, eps, with_silu); break;
  }
  return out;
}

bool normaliseInFloat(const torch::Tensor& x) {
  return x.device().is_cpu() && (x.scalar_type() == torch::kBFloat16 || x.scalar_type() == torch::kHalf);
}

}  // namespace

GroupNormImpl::GroupNormImpl(int64_t groups_, int64_t channels, double eps_) : groups(groups_), eps(eps_) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor GroupNormImpl::forward(const torch::Tensor& x) { return groupNorm(x, groups, weight, bias, eps, false); }

torch::Tensor GroupNormImpl::forwardSilu(const torch::Tensor& x) {
  return groupNorm(x, groups, weight, bias, eps, true);
}

LayerNormImpl::LayerNormImpl(int64_t dim, double eps_) : eps(eps_) {
  weight = register_parameter("weight", torch::ones({dim}));
  bias = register_parameter("bias", torch::zeros({dim}));
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x) {
  const int64_t dim = weight.size(0);
  if (x.scalar_type() != weight.scalar_type()) return forward(x.to(weight.scalar_type()));
  if (!normaliseInFloat(x)) return torch::layer_norm(x, {dim}, weight, bias, eps);
  return torch::layer_norm(x.to(torch::kFloat32), {dim}, weight.to(torch::kFloat32), bias.to(torch::kFloat32), eps)
      .to(x.scalar_type());
}

}  // namespace aicl::nn
