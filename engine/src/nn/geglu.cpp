#include "nn/geglu.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include "nn/vector_math.h"

namespace aicl::nn {
namespace {

using namespace simd;

inline __attribute__((always_inline)) Vec16 gelu(Vec16 g) {
  const Vec16 x = g * 0.70710678118654752f;
  const Vec16 ax = x < 0.0f ? -x : x;
  const Vec16 t = 1.0f / (1.0f + 0.3275911f * ax);
  Vec16 poly = Vec16{} + 1.061405429f;
  poly = poly * t - 1.453152027f;
  poly = poly * t + 1.421413741f;
  poly = poly * t - 0.284496736f;
  poly = poly * t + 0.254829592f;
  poly = poly * t;
  const Vec16 erf_abs = 1.0f - poly * expNonPositive(-(ax * ax));
  const Vec16 erf = x < 0.0f ? -erf_abs : erf_abs;
  return 0.5f * g * (1.0f + erf);
}

template <typename T>
inline __attribute__((always_inline)) void gegluRows(const T* in, T* out, int64_t rows, int64_t inner) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* value = in + r * 2 * inner;
    const T* gate = value + inner;
    T* target = out + r * inner;
    int64_t i = 0;
    for (; i + kLanes <= inner; i += kLanes) {
      storeVec(target + i, loadVec(value + i) * gelu(loadVec(gate + i)));
    }
    if (i < inner) {
      const int64_t rest = inner - i;
      float v[kLanes] = {}, g[kLanes] = {};
      for (int64_t t = 0; t < rest; ++t) v[t] = static_cast<float>(value[i + t]), g[t] = static_cast<float>(gate[i + t]);
      const Vec16 result = loadVec(v) * gelu(loadVec(g));
      for (int64_t t = 0; t < rest; ++t) target[i + t] = static_cast<T>(result[t]);
    }
  }
}

AICL_VECTOR_CLONES void gegluFloat(const float* in, float* out, int64_t rows, int64_t inner) {
  gegluRows(in, out, rows, inner);
}
AICL_VECTOR_CLONES void gegluBFloat16(const c10::BFloat16* in, c10::BFloat16* out, int64_t rows, int64_t inner) {
  gegluRows(in, out, rows, inner);
}
AICL_VECTOR_CLONES void gegluHalf(const c10::Half* in, c10::Half* out, int64_t rows, int64_t inner) {
  gegluRows(in, out, rows, inner);
}
#ifdef AICL_AVX512_BF16
AICL_AVX512_WARNINGS_BEGIN
// bfloat16 with AVX-512: the same formula to bfloat16 accuracy, 1 / (1 + p|x|) from vrcp14ps (6e-5 relative, which
// moves gelu by under 1e-5 of |g|) and exp(-x^2) from exp2Short. With erfc(|x|) = poly * exp(-x^2) =: 1 - erf(|x|)
// and h = g / 2 * erfc(|x|): gelu(g) = g - h for g >= 0 and h for g < 0.
AICL_AVX512_INLINE __m512 geluShort(__m512 g) {
  const __m512 t = _mm512_rcp14_ps(_mm512_fmadd_ps(_mm512_abs_ps(g), _mm512_set1_ps(0.3275911f * 0.70710678118654752f),
                                                   _mm512_set1_ps(1.0f)));
  __m512 poly = _mm512_fmadd_ps(_mm512_set1_ps(1.061405429f), t, _mm512_set1_ps(-1.453152027f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(1.421413741f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(-0.284496736f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(0.254829592f));
  poly = _mm512_mul_ps(poly, t);
  // exp(-g^2 / 2) = 2^(-g^2 log2(e) / 2)
  const __m512 e = exp2Short(_mm512_mul_ps(_mm512_mul_ps(g, g), _mm512_set1_ps(-0.72134752044448170f)));
  const __m512 h = _mm512_mul_ps(_mm512_mul_ps(g, _mm512_set1_ps(0.5f)), _mm512_mul_ps(poly, e));
  return _mm512_mask_sub_ps(h, _mm512_cmp_ps_mask(g, _mm512_setzero_ps(), _CMP_GE_OQ), g, h);
}

AICL_AVX512_BF16_TARGET void gegluBFloat16Avx512(const c10::BFloat16* in, c10::BFloat16* out, int64_t rows,
                                                 int64_t inner) {
  const int64_t whole = inner / kLanes * kLanes;
  const __mmask16 tail = firstLanes(inner - whole);
  for (int64_t r = 0; r < rows; ++r) {
    const c10::BFloat16* value = in + r * 2 * inner;
    const c10::BFloat16* gate = value + inner;
    c10::BFloat16* target = out + r * inner;
    for (int64_t i = 0; i < whole; i += kLanes)
      storeBf16(target + i, _mm512_mul_ps(loadBf16(value + i), geluShort(loadBf16(gate + i))));
    if (tail)
      storeBf16(target + whole, _mm512_mul_ps(loadBf16(value + whole, tail), geluShort(loadBf16(gate + whole, tail))),
                tail);
  }
}
AICL_AVX512_WARNINGS_END
#endif

void gegluKernel(const float* in, float* out, int64_t rows, int64_t inner) { gegluFloat(in, out, rows, inner); }
void gegluKernel(const c10::BFloat16* in, c10::BFloat16* out, int64_t rows, int64_t inner) {
#ifdef AICL_AVX512_BF16
  if (avx512Bf16Supported()) return gegluBFloat16Avx512(in, out, rows, inner);
#endif
  gegluBFloat16(in, out, rows, inner);
}
void gegluKernel(const c10::Half* in, c10::Half* out, int64_t rows, int64_t inner) { gegluHalf(in, out, rows, inner); }

template <typename T>
void fusedGeglu(const torch::Tensor& in, torch::Tensor& out, int64_t rows, int64_t inner) {
  const T* source = in.data_ptr<T>();
  T* target = out.data_ptr<T>();
  const int64_t grain = std::max<int64_t>(1, (1 << 14) / inner);
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    gegluKernel(source + begin * 2 * inner, target + begin * inner, end - begin, inner);
  });
}

}  // namespace

torch::Tensor geglu(const torch::Tensor& projected) {
  RECORD_FUNCTION("aicl::geglu", std::vector<c10::IValue>());  // visible to LibTorch's profiler
  const auto type = projected.scalar_type();
  const bool fused = projected.device().is_cpu() && projected.size(-1) % 2 == 0 &&
                     (type == torch::kFloat32 || type == torch::kBFloat16 || type == torch::kHalf) &&
                     !(torch::GradMode::is_enabled() && projected.requires_grad());
  if (!fused) {
    const auto halves = projected.chunk(2, -1);
    return halves[0] * torch::gelu(halves[1]);
  }
  const auto in = projected.contiguous();
  const int64_t inner = in.size(-1) / 2, rows = in.numel() / std::max<int64_t>(1, 2 * inner);
  auto shape = in.sizes().vec();
  shape.back() = inner;
  auto out = torch::empty(shape, in.options());
  switch (type) {
    case torch::kFloat32: fusedGeglu<float>(in, out, rows, inner); break;
    case torch::kBFloat16: fusedGeglu<c10::BFloat16>(in, out, rows, inner); break;
    default: fusedGeglu<c10::Half>(in, out, rows, inner); break;
  }
  return out;
}

}  // namespace aicl::nn
