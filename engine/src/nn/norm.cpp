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
#ifdef AICL_AVX512_BF16
AICL_AVX512_WARNINGS_BEGIN
// bfloat16 with AVX-512: the same statistics; SiLU as y / (1 + 2^(-y log2 e)) from exp2Short and vrcp14ps (bfloat16
// accuracy; far negative y gives 2^+big = infinity, whose reciprocal is 0).
AICL_AVX512_INLINE __m512 siluShort(__m512 y) {
  const __m512 e = exp2Short(_mm512_mul_ps(y, _mm512_set1_ps(-1.44269504088896341f)));
  return _mm512_mul_ps(y, _mm512_rcp14_ps(_mm512_add_ps(e, _mm512_set1_ps(1.0f))));
}

AICL_AVX512_BF16_TARGET void normaliseGroupBFloat16Avx512(const c10::BFloat16* x, c10::BFloat16* y,
                                                          const GroupArgs& a) {
  const int64_t count = a.channels * a.size;
  const int64_t whole = count / kLanes * kLanes;
  const __mmask16 tail = firstLanes(count - whole);
  __m512 sum = _mm512_setzero_ps();
  for (int64_t i = 0; i < whole; i += kLanes) sum = _mm512_add_ps(sum, loadBf16(x + i));
  if (tail) sum = _mm512_add_ps(sum, loadBf16(x + whole, tail));
  const float mean = static_cast<float>(static_cast<double>(_mm512_reduce_add_ps(sum)) / static_cast<double>(count));
  const __m512 mean_v = _mm512_set1_ps(mean);
  __m512 squares = _mm512_setzero_ps();
  for (int64_t i = 0; i < whole; i += kLanes) {
    const __m512 centred = _mm512_sub_ps(loadBf16(x + i), mean_v);
    squares = _mm512_fmadd_ps(centred, centred, squares);
  }
  if (tail) {
    const __m512 centred = _mm512_maskz_sub_ps(tail, loadBf16(x + whole, tail), mean_v);
    squares = _mm512_fmadd_ps(centred, centred, squares);
  }
  const double variance = static_cast<double>(_mm512_reduce_add_ps(squares)) / static_cast<double>(count);
  const float inverse_std = 1.0f / std::sqrt(static_cast<float>(variance) + a.eps);
  const int64_t size_whole = a.size / kLanes * kLanes;
  const __mmask16 size_tail = firstLanes(a.size - size_whole);
  for (int64_t c = 0; c < a.channels; ++c) {
    const float scale = inverse_std * a.weight[c];
    const __m512 scale_v = _mm512_set1_ps(scale), shift_v = _mm512_set1_ps(a.bias[c] - mean * scale);
    const c10::BFloat16* in = x + c * a.size;
    c10::BFloat16* out = y + c * a.size;
    if (a.silu) {
      for (int64_t i = 0; i < size_whole; i += kLanes)
        storeBf16(out + i, siluShort(_mm512_fmadd_ps(loadBf16(in + i), scale_v, shift_v)));
      if (size_tail)
        storeBf16(out + size_whole, siluShort(_mm512_fmadd_ps(loadBf16(in + size_whole, size_tail), scale_v, shift_v)),
                  size_tail);
    } else {
      for (int64_t i = 0; i < size_whole; i += kLanes)
        storeBf16(out + i, _mm512_fmadd_ps(loadBf16(in + i), scale_v, shift_v));
      if (size_tail)
        storeBf16(out + size_whole, _mm512_fmadd_ps(loadBf16(in + size_whole, size_tail), scale_v, shift_v), size_tail);
    }
  }
}
AICL_AVX512_WARNINGS_END
#endif

void normaliseGroupKernel(const float* x, float* y, const GroupArgs& a) { normaliseGroupFloat(x, y, a); }
void normaliseGroupKernel(const c10::BFloat16* x, c10::BFloat16* y, const GroupArgs& a) {
#ifdef AICL_AVX512_BF16
  if (avx512Bf16Supported()) return normaliseGroupBFloat16Avx512(x, y, a);
#endif
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

// LayerNorm of one row of `dim` values at a time: mean, then centred variance (two passes over an L1-resident row),
// then the affine output, all in float.
template <typename T>
inline __attribute__((always_inline)) void normaliseRows(const T* x, T* y, int64_t rows, int64_t dim,
                                                         const float* weight, const float* bias, float eps) {
  const int64_t whole = dim / kLanes * kLanes, rest = dim - whole;
  for (int64_t r = 0; r < rows; ++r, x += dim, y += dim) {
    Vec16 sum{};
    for (int64_t i = 0; i < whole; i += kLanes) sum += loadVec(x + i);
    if (rest) sum += loadPartial(x + whole, rest);
    const float mean = horizontalSum(sum) / static_cast<float>(dim);
    Vec16 squares{};
    for (int64_t i = 0; i < whole; i += kLanes) {
      const Vec16 centred = loadVec(x + i) - mean;
      squares += centred * centred;
    }
    float variance = horizontalSum(squares);
    for (int64_t i = whole; i < dim; ++i) {
      const float centred = static_cast<float>(x[i]) - mean;
      variance += centred * centred;
    }
    const float inverse_std = 1.0f / std::sqrt(variance / static_cast<float>(dim) + eps);
    for (int64_t i = 0; i < whole; i += kLanes)
      storeVec(y + i, (loadVec(x + i) - mean) * inverse_std * loadVec(weight + i) + loadVec(bias + i));
    for (int64_t i = whole; i < dim; ++i)
      y[i] = static_cast<T>((static_cast<float>(x[i]) - mean) * inverse_std * weight[i] + bias[i]);
  }
}

AICL_VECTOR_CLONES void normaliseRowsBFloat16(const c10::BFloat16* x, c10::BFloat16* y, int64_t rows, int64_t dim,
                                              const float* weight, const float* bias, float eps) {
  normaliseRows(x, y, rows, dim, weight, bias, eps);
}
AICL_VECTOR_CLONES void normaliseRowsHalf(const c10::Half* x, c10::Half* y, int64_t rows, int64_t dim,
                                          const float* weight, const float* bias, float eps) {
  normaliseRows(x, y, rows, dim, weight, bias, eps);
}
void normaliseRowsKernel(const c10::BFloat16* x, c10::BFloat16* y, int64_t rows, int64_t dim, const float* weight,
                         const float* bias, float eps) {
  normaliseRowsBFloat16(x, y, rows, dim, weight, bias, eps);
}
void normaliseRowsKernel(const c10::Half* x, c10::Half* y, int64_t rows, int64_t dim, const float* weight,
                         const float* bias, float eps) {
  normaliseRowsHalf(x, y, rows, dim, weight, bias, eps);
}

template <typename T>
void fusedLayerNorm(const torch::Tensor& x, torch::Tensor& y, const torch::Tensor& weight, const torch::Tensor& bias,
                    double eps) {
  const int64_t dim = x.size(-1), rows = x.numel() / std::max<int64_t>(1, dim);
  const auto w = weight.to(torch::kFloat32).contiguous(), b = bias.to(torch::kFloat32).contiguous();
  const T* in = x.data_ptr<T>();
  T* out = y.data_ptr<T>();
  const int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, dim));
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    normaliseRowsKernel(in + begin * dim, out + begin * dim, end - begin, dim, w.data_ptr<float>(),
                        b.data_ptr<float>(), static_cast<float>(eps));
  });
}

// Half-precision LayerNorm on the CPU without gradients: one fused pass in float (torch 1.13's own half-precision
// CPU norms are several times slower, and converting to float and back costs two more passes over memory).
bool fusedLayerNormApplies(const torch::Tensor& x, const torch::Tensor& weight) {
  const auto type = x.scalar_type();
  return x.device().is_cpu() && (type == torch::kBFloat16 || type == torch::kHalf) && x.dim() >= 1 &&
         !(torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad()));
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
  if (fusedLayerNormApplies(x, weight) && x.size(-1) == dim) {
    RECORD_FUNCTION("aicl::layer_norm", std::vector<c10::IValue>());  // visible to LibTorch's profiler
    const auto in = x.contiguous();
    auto out = torch::empty_like(in);
    if (in.scalar_type() == torch::kBFloat16) {
      fusedLayerNorm<c10::BFloat16>(in, out, weight, bias, eps);
    } else {
      fusedLayerNorm<c10::Half>(in, out, weight, bias, eps);
    }
    return out;
  }
  if (!normaliseInFloat(x)) return torch::layer_norm(x, {dim}, weight, bias, eps);
  return torch::layer_norm(x.to(torch::kFloat32), {dim}, weight.to(torch::kFloat32), bias.to(torch::kFloat32), eps)
      .to(x.scalar_type());
}

}  // namespace aicl::nn
