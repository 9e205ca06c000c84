#pragma once
// Portable 16-float vectors (GCC vector extensions) for the CPU kernels: one AVX-512 register, two AVX2 or four
// SSE registers, whatever the calling clone is compiled for. Everything is inlined into the callers (which carry
// target_clones), so GCC's note on the AVX-512 vector-passing ABI does not concern these helpers.
#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace aicl::nn::simd {

constexpr int64_t kLanes = 16;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
typedef float Vec16 __attribute__((vector_size(64)));
typedef int32_t Int16 __attribute__((vector_size(64)));

inline __attribute__((always_inline)) Vec16 loadVec(const float* p) {
  Vec16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
typedef uint16_t Bits16x16 __attribute__((vector_size(32)));
typedef uint32_t Bits32x16 __attribute__((vector_size(64)));

// bfloat16 is the top half of a float: widening is a shift, narrowing rounds to nearest even (as c10::BFloat16).
inline __attribute__((always_inline)) Vec16 loadVec(const c10::BFloat16* p) {
  Bits16x16 half;
  std::memcpy(&half, p, sizeof half);
  const Bits32x16 bits = __builtin_convertvector(half, Bits32x16) << 16;
  Vec16 v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}
template <typename T>
inline __attribute__((always_inline)) Vec16 loadVec(const T* p) {
  float f[kLanes];
  for (int64_t t = 0; t < kLanes; ++t) f[t] = static_cast<float>(p[t]);
  return loadVec(f);
}

inline __attribute__((always_inline)) void storeVec(float* p, Vec16 v) { std::memcpy(p, &v, sizeof v); }
inline __attribute__((always_inline)) void storeVec(c10::BFloat16* p, Vec16 v) {
  Bits32x16 bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits += ((bits >> 16) & 1u) + 0x7FFFu;
  const Bits16x16 half = __builtin_convertvector(bits >> 16, Bits16x16);
  std::memcpy(p, &half, sizeof half);
}
template <typename T>
inline __attribute__((always_inline)) void storeVec(T* p, Vec16 v) {
  for (int64_t t = 0; t < kLanes; ++t) p[t] = static_cast<T>(v[t]);
}

// The first `count` (< kLanes) values, the other lanes zero.
template <typename T>
inline __attribute__((always_inline)) Vec16 loadPartial(const T* p, int64_t count) {
  float f[kLanes] = {};
  for (int64_t t = 0; t < count; ++t) f[t] = static_cast<float>(p[t]);
  return loadVec(f);
}
template <typename T>
inline __attribute__((always_inline)) Vec16 loadColumns(const T* p, int64_t count) {
  return count == kLanes ? loadVec(p) : loadPartial(p, count);
}

// Horizontal maximum and sum by halving (4 dependent steps instead of 15).
inline __attribute__((always_inline)) float horizontalMax(Vec16 v) {
  v = v > __builtin_shuffle(v, Int16{8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7}) ? v : __builtin_shuffle(v, Int16{8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7});
  v = v > __builtin_shuffle(v, Int16{4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11}) ? v : __builtin_shuffle(v, Int16{4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11});
  v = v > __builtin_shuffle(v, Int16{2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13}) ? v : __builtin_shuffle(v, Int16{2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13});
  return v[0] > v[1] ? v[0] : v[1];
}
inline __attribute__((always_inline)) float horizontalSum(Vec16 v) {
  v += __builtin_shuffle(v, Int16{8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7});
  v += __builtin_shuffle(v, Int16{4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11});
  v += __builtin_shuffle(v, Int16{2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13});
  return v[0] + v[1];
}

// exp(x) for x <= 0 (scores minus their maximum) on 16 lanes, branch-free: Cephes' range reduction (rounding
// with the 1.5 * 2^23 trick) and degree-6 polynomial, about 2 ulp. Clamping at -87 keeps 2^n a normal float;
// exp(-87) ~ 1e-38 is nothing next to the maximum's 1.
inline __attribute__((always_inline)) Vec16 expNonPositive(Vec16 x) {
  const Vec16 lowest = Vec16{} - 87.0f;
  x = x < lowest ? lowest : x;
  const Vec16 magic = Vec16{} + 12582912.0f;
  const Vec16 shifted = x * 1.44269504088896341f + magic;
  const Vec16 n = shifted - magic;
  // (A cast between vector types of one size reinterprets the bits.)
  const Int16 exponent = ((Int16)shifted - (Int16)magic + 127) << 23;
  x = x - n * 0.693359375f + n * 2.12194440e-4f;
  const Vec16 z = x * x;
  Vec16 y = Vec16{} + 1.9875691500e-4f;
  y = y * x + 1.3981999507e-3f;
  y = y * x + 8.3334519073e-3f;
  y = y * x + 4.1665795894e-2f;
  y = y * x + 1.6666665459e-1f;
  y = y * x + 5.0000001201e-1f;
  y = y * z + x + 1.0f;
  return y * (Vec16)exponent;
}


// AVX-512 with BF16 (vdpbf16ps, vcvtne2ps2bf16): the bfloat16 fast paths, written with intrinsics in functions
// carrying AICL_AVX512_BF16_TARGET and called only when avx512Bf16Supported(). Their float math only needs bfloat16
// accuracy (8 bits): exp2Short is a degree-3 polynomial (7.5e-5 relative), reciprocals come from vrcp14ps (6e-5).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AICL_AVX512_BF16 1
#define AICL_AVX512_BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16,fma")))
#define AICL_AVX512_INLINE AICL_AVX512_BF16_TARGET inline __attribute__((always_inline))

inline bool avx512Bf16Supported() {
  static const bool supported = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
                                __builtin_cpu_supports("avx512bf16");
  return supported;
}

// GCC 12 warns about the _mm512_undefined_ps() inside several intrinsics (its PR 105593); callers wrap their
// intrinsics code in AICL_AVX512_WARNINGS_BEGIN / _END too.
#define AICL_AVX512_WARNINGS_BEGIN                                  \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"") \
      _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
#define AICL_AVX512_WARNINGS_END _Pragma("GCC diagnostic pop")

AICL_AVX512_WARNINGS_BEGIN

// 2^t: the nearest integer n and a degree-3 minimax polynomial for 2^(t - n) on [-0.5, 0.5], scaled by vscalefps,
// which gives exactly 0 (or infinity) far out of range, so no clamping is needed.
AICL_AVX512_INLINE __m512 exp2Short(__m512 t) {
  const __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_sub_ps(t, n);
  __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(0.05517166907f), f, _mm512_set1_ps(0.2426111222f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.6932609855f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.9999280735f));
  return _mm512_scalef_ps(p, n);
}

// 16 bfloat16 values (the first `count` of them with a mask) widened to float; float rounded to nearest even.
AICL_AVX512_INLINE __m512 loadBf16(const c10::BFloat16* p) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(
      _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))), 16));
}
AICL_AVX512_INLINE __m512 loadBf16(const c10::BFloat16* p, __mmask16 mask) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, p)), 16));
}
AICL_AVX512_INLINE void storeBf16(c10::BFloat16* p, __m512 v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), (__m256i)_mm512_cvtneps_pbh(v));
}
AICL_AVX512_INLINE void storeBf16(c10::BFloat16* p, __m512 v, __mmask16 mask) {
  _mm256_mask_storeu_epi16(p, mask, (__m256i)_mm512_cvtneps_pbh(v));
}
inline __mmask16 firstLanes(int64_t count) { return static_cast<__mmask16>((1u << count) - 1u); }

AICL_AVX512_WARNINGS_END
#endif

// Compiled for AVX-512, AVX2 and baseline x86-64; chosen at load time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AICL_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define AICL_VECTOR_CLONES
#endif

}  // namespace aicl::nn::simd
