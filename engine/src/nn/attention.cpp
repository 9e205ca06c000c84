#include "nn/attention.h"

#include "nn/vector_math.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <algorithm>
#include <type_traits>
#include <cmath>
#include <cstring>
#include <vector>

namespace aicl::nn {
namespace {

using namespace simd;

bool isHalfPrecision(torch::ScalarType type) {
  return type == torch::kHalf || type == torch::kBFloat16;
}

// The fused kernel: one sequence per call, reading queries and values where they are (any row stride) and
// writing the output in place; only the keys are copied, transposed to float [d, kS] with kS a compile-time
// count (padding keys are zero and masked). kRows queries at a time share each key and value load.
constexpr int64_t kRows = 4;

template <typename T>
struct SequenceArgs {
  const T* q;
  int64_t q_row;     // stride between queries
  const float* kt;   // [d, kS]: keys transposed
  const T* v;
  int64_t v_row;
  T* out;
  int64_t out_row;
  int64_t queries, keys, d, dv;
  float scale;
};

template <int64_t kS, typename T>
inline __attribute__((always_inline)) void attendSequence(const SequenceArgs<T>& a) {
  constexpr int64_t kVecs = kS / kLanes;
  // Padding keys get -1e30 added to their (zero) scores, so exp gives them ~0 weight.
  Vec16 mask[kVecs];
  for (int64_t n = 0; n < kVecs; ++n)
    for (int64_t j = 0; j < kLanes; ++j) mask[n][j] = n * kLanes + j < a.keys ? 0.0f : -1e30f;
  for (int64_t i0 = 0; i0 < a.queries; i0 += kRows) {
    const T* q[kRows];
    for (int64_t r = 0; r < kRows; ++r) q[r] = a.q + std::min(i0 + r, a.queries - 1) * a.q_row;  // tail: repeat
    Vec16 s[kRows][kVecs] = {};
    for (int64_t t = 0; t < a.d; ++t) {
      const float* krow = a.kt + t * kS;
      Vec16 k[kVecs];
      for (int64_t n = 0; n < kVecs; ++n) k[n] = loadVec(krow + n * kLanes);
      for (int64_t r = 0; r < kRows; ++r) {
        const float qv = static_cast<float>(q[r][t]);
        for (int64_t n = 0; n < kVecs; ++n) s[r][n] += qv * k[n];
      }
    }
    alignas(64) float p[kRows][kS];
    for (int64_t r = 0; r < kRows; ++r) {
      Vec16 m = s[r][0] * a.scale + mask[0];
      s[r][0] = m;
      for (int64_t n = 1; n < kVecs; ++n) {
        s[r][n] = s[r][n] * a.scale + mask[n];
        m = m > s[r][n] ? m : s[r][n];
      }
      float maximum = m[0];
      for (int64_t j = 1; j < kLanes; ++j) maximum = std::max(maximum, m[j]);
      Vec16 sum{};
      for (int64_t n = 0; n < kVecs; ++n) {
        s[r][n] = expNonPositive(s[r][n] - maximum);
        sum += s[r][n];
      }
      float total = 0.0f;
      for (int64_t j = 0; j < kLanes; ++j) total += sum[j];
      const float inverse = 1.0f / total;
      for (int64_t n = 0; n < kVecs; ++n) {
        const Vec16 weights = s[r][n] * inverse;
        std::memcpy(&p[r][n * kLanes], &weights, sizeof weights);
      }
    }
    const int64_t rows = std::min(kRows, a.queries - i0);
    for (int64_t t0 = 0; t0 < a.dv; t0 += kLanes) {
      const int64_t width = std::min(kLanes, a.dv - t0);
      Vec16 acc[kRows] = {};
      for (int64_t j = 0; j < a.keys; ++j) {
        const Vec16 vrow = loadColumns(a.v + j * a.v_row + t0, width);
        for (int64_t r = 0; r < kRows; ++r) acc[r] += p[r][j] * vrow;
      }
      for (int64_t r = 0; r < rows; ++r) {
        T* target = a.out + (i0 + r) * a.out_row + t0;
        if (width == kLanes) {
          storeVec(target, acc[r]);
        } else {
          for (int64_t t = 0; t < width; ++t) target[t] = static_cast<T>(acc[r][t]);
        }
      }
    }
  }
}

// Long key sequences: online softmax over blocks of kBlock keys (running maximum and sum per query, the
// output accumulated in float and rescaled when the maximum grows), so no score row is ever held whole.
// Keys come transposed as float [d, keys rounded up to kBlock] with zero padding; values as float rows padded
// to whole vectors. kLongRows queries share every key and value load; the softmax steps of the rows are
// interleaved so their dependency chains overlap.
constexpr int64_t kBlock = 64;
constexpr int64_t kBlockVecs = kBlock / kLanes;
constexpr int64_t kLongRows = 4;

template <typename T>
struct LongSequenceArgs {
  const T* q;
  int64_t q_row;
  const float* kt;     // [d, padded_keys]
  int64_t padded_keys;
  const float* v;      // [keys, dv_padded]
  float* acc;          // scratch [kLongRows, dv_padded]
  T* out;
  int64_t out_row;
  int64_t queries, keys, d, dv, dv_padded;
  float scale;
};

template <typename T>
inline __attribute__((always_inline)) void attendLongSequence(const LongSequenceArgs<T>& a) {
  constexpr int64_t R = kLongRows;
  for (int64_t i0 = 0; i0 < a.queries; i0 += R) {
    const T* q[R];
    for (int64_t r = 0; r < R; ++r) q[r] = a.q + std::min(i0 + r, a.queries - 1) * a.q_row;
    Vec16 running_max = Vec16{} - 1e30f, running_sum{};  // lane r: query row r
    std::fill(a.acc, a.acc + R * a.dv_padded, 0.0f);
    for (int64_t j0 = 0; j0 < a.keys; j0 += kBlock) {
      const int64_t valid = std::min(kBlock, a.keys - j0);
      Vec16 s[R][kBlockVecs] = {};
      for (int64_t t = 0; t < a.d; ++t) {
        const float* krow = a.kt + t * a.padded_keys + j0;
        Vec16 k[kBlockVecs];
        for (int64_t n = 0; n < kBlockVecs; ++n) k[n] = loadVec(krow + n * kLanes);
        for (int64_t r = 0; r < R; ++r) {
          const float qv = static_cast<float>(q[r][t]);
          for (int64_t n = 0; n < kBlockVecs; ++n) s[r][n] += qv * k[n];
        }
      }
      for (int64_t r = 0; r < R; ++r)
        for (int64_t n = 0; n < kBlockVecs; ++n) s[r][n] *= a.scale;
      if (valid < kBlock) {  // the last, ragged block: padding keys get no weight
        for (int64_t n = 0; n < kBlockVecs; ++n)
          for (int64_t j = 0; j < kLanes; ++j)
            if (n * kLanes + j >= valid)
              for (int64_t r = 0; r < R; ++r) s[r][n][j] = -1e30f;
      }
      Vec16 block_max = running_max;
      for (int64_t r = 0; r < R; ++r) {
        Vec16 m = s[r][0];
        for (int64_t n = 1; n < kBlockVecs; ++n) m = m > s[r][n] ? m : s[r][n];
        block_max[r] = std::max(block_max[r], horizontalMax(m));
      }
      const Vec16 rescale = expNonPositive(running_max - block_max);
      running_max = block_max;
      alignas(64) float p[R][kBlock];
      Vec16 block_sum{};
      for (int64_t r = 0; r < R; ++r) {
        Vec16 sum{};
        for (int64_t n = 0; n < kBlockVecs; ++n) {
          const Vec16 e = expNonPositive(s[r][n] - block_max[r]);
          sum += e;
          std::memcpy(&p[r][n * kLanes], &e, sizeof(Vec16));
        }
        block_sum[r] = horizontalSum(sum);
      }
      running_sum = running_sum * rescale + block_sum;
      for (int64_t t0 = 0; t0 < a.dv_padded; t0 += kLanes) {
        Vec16 acc[R];
        for (int64_t r = 0; r < R; ++r) acc[r] = loadVec(a.acc + r * a.dv_padded + t0) * rescale[r];
        for (int64_t j = 0; j < valid; ++j) {
          const Vec16 vrow = loadVec(a.v + (j0 + j) * a.dv_padded + t0);
          for (int64_t r = 0; r < R; ++r) acc[r] += p[r][j] * vrow;
        }
        for (int64_t r = 0; r < R; ++r) std::memcpy(a.acc + r * a.dv_padded + t0, &acc[r], sizeof(Vec16));
      }
    }
    const int64_t rows = std::min(R, a.queries - i0);
    for (int64_t r = 0; r < rows; ++r) {
      const float inverse = 1.0f / running_sum[r];
      T* target = a.out + (i0 + r) * a.out_row;
      int64_t t = 0;
      for (; t + kLanes <= a.dv; t += kLanes) storeVec(target + t, loadVec(a.acc + r * a.dv_padded + t) * inverse);
      for (; t < a.dv; ++t) target[t] = static_cast<T>(a.acc[r * a.dv_padded + t] * inverse);
    }
  }
}

// Lane kernels (CPUs with AVX-512 and AVX512-BF16, head sizes 8, 16, 32, 64): queries in the 16 vector lanes, so
// small heads waste no padding and the softmax needs no horizontal reductions. Per tile of 16 queries and block
// of kTileKeys keys: the scores (each key's values broadcast from its row against the tile's transposed queries),
// their maximum per lane, an online softmax in base 2 (scores times scale * log2(e)), the weighted sum of value
// rows into float accumulators, rescaled when a block raises the maximum.
// - bfloat16: vdpbf16ps dot products on pairs of dims (scores) and pairs of keys (weighted sum): the weights are
//   rounded to bfloat16 and interleaved per key pair, the values come interleaved per key pair; exp2Short (7.5e-5
//   relative) is far below bfloat16's rounding. Float accumulation, as the other kernels.
// - float32: FMAs and exp2 by a degree-5 polynomial (7.5e-8 relative), scores minus the maximum taken exactly.
// Keys and values come packed per sequence (contiguous rows: a [B, L, H, d] projection's strided rows would pull H
// times the cache lines through L1 for every tile); queries are read in place and outputs written in place.
#ifdef AICL_AVX512_BF16
#define AICL_LANE_ATTENTION 1
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16,fma")
AICL_AVX512_WARNINGS_BEGIN

constexpr int64_t kTileKeys = 128;  // keys per online-softmax block
constexpr int kKeyGroup = 4;        // keys scored together (independent dot-product chains)

template <typename T, typename V>
struct LaneArgs {
  const T* q;  // rows of d (bfloat16 as its bits)
  int64_t q_row;
  const T* k;  // [keys, d]
  const V* v;  // float: [keys, dv]; bfloat16: [(keys + 1) / 2, dv] pairs (v[2m][t], v[2m + 1][t]), zero padded
  T* out;
  int64_t out_row;
  int64_t queries, keys;
  float c;  // scale * log2(e)
};
using Bf16LaneArgs = LaneArgs<uint16_t, uint32_t>;
using FloatLaneArgs = LaneArgs<float, float>;

inline __attribute__((always_inline)) __m512bh broadcastPair(const void* p) {
  uint32_t bits;
  std::memcpy(&bits, p, sizeof bits);
  return (__m512bh)_mm512_set1_epi32(static_cast<int>(bits));
}

inline __attribute__((always_inline)) __m512 exp2Float(__m512 t) {
  const __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_sub_ps(t, n);
  __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(0.001327646863f), f, _mm512_set1_ps(0.009675541354f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.05550713289f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.2402211973f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(0.693146967f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.000000072f));
  return _mm512_scalef_ps(p, n);  // 2^n p: exactly 0 far below the maximum
}

// Accumulators of DV value dims for one tile: kChunk of them in registers, the rest (DV > 16) in memory.
template <int DV>
struct TileAccumulator {
  static constexpr int kChunk = DV < 16 ? DV : 16;
  static constexpr int kChunks = DV / kChunk;
  static_assert(kChunks * kChunk == DV, "whole chunks of value dims");
  __m512 acc[kChunk];
  alignas(64) float stored[kChunks > 1 ? DV * kLanes : 1];

  inline __attribute__((always_inline)) void zero() {
    for (int t = 0; t < kChunk; ++t) acc[t] = _mm512_setzero_ps();
    if constexpr (kChunks > 1) std::fill(stored, stored + DV * kLanes, 0.0f);
  }
  // Loads chunk `chunk` scaled by alpha (the running maximum's correction).
  inline __attribute__((always_inline)) void begin(int chunk, __m512 alpha) {
    for (int t = 0; t < kChunk; ++t) {
      if constexpr (kChunks > 1) {
        acc[t] = _mm512_mul_ps(_mm512_load_ps(stored + (chunk * kChunk + t) * kLanes), alpha);
      } else {
        acc[t] = _mm512_mul_ps(acc[t], alpha);
      }
    }
  }
  inline __attribute__((always_inline)) void end(int chunk) {
    if constexpr (kChunks > 1)
      for (int t = 0; t < kChunk; ++t) _mm512_store_ps(stored + (chunk * kChunk + t) * kLanes, acc[t]);
  }
  inline __attribute__((always_inline)) __m512 dim(int t) const {
    if constexpr (kChunks > 1) return _mm512_load_ps(stored + t * kLanes);
    return acc[t];
  }
};

// Writes the tile's normalised outputs (lane i: query i0 + i) to the first `rows` output rows.
template <int DV, typename T, typename Store>
inline __attribute__((always_inline)) void writeTile(const TileAccumulator<DV>& acc, __m512 running_sum, T* out,
                                                     int64_t out_row, int64_t rows, Store store) {
  alignas(64) T result[DV * kLanes];
  const __m512 inverse = _mm512_div_ps(_mm512_set1_ps(1.0f), running_sum);
  for (int t = 0; t < DV; ++t) store(result + t * kLanes, _mm512_mul_ps(acc.dim(t), inverse));
  for (int64_t i = 0; i < rows; ++i)
    for (int t = 0; t < DV; ++t) out[i * out_row + t] = result[t * kLanes + i];
}

template <int D, int DV>
void attendBf16Tiles(const Bf16LaneArgs& a) {
  static_assert(D % 2 == 0, "pairs of dims");
  constexpr int kPairs = D / 2;
  using Acc = TileAccumulator<DV>;
  alignas(64) float scores[kTileKeys * kLanes];
  alignas(64) uint32_t weights[kTileKeys / 2 * kLanes];
  alignas(64) uint32_t qt[kPairs * kLanes];
  Acc acc;
  // (element 2i: query i's weight for the even key, 2i + 1: for the odd key) from [even keys | odd keys]
  alignas(64) static constexpr uint16_t kInterleave[32] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                                           8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512i interleave = _mm512_load_si512(kInterleave);
  const __m512 c = _mm512_set1_ps(a.c);
  for (int64_t i0 = 0; i0 < a.queries; i0 += kLanes) {
    for (int64_t i = 0; i < kLanes; ++i) {
      const uint16_t* row = a.q + std::min(i0 + i, a.queries - 1) * a.q_row;  // tail: repeat the last query
      for (int p = 0; p < kPairs; ++p) std::memcpy(&qt[p * kLanes + i], row + 2 * p, sizeof(uint32_t));
    }
    __m512bh q[kPairs];
    for (int p = 0; p < kPairs; ++p) q[p] = (__m512bh)_mm512_load_si512(qt + p * kLanes);
    __m512 running_max = _mm512_set1_ps(-1e30f), running_sum = _mm512_setzero_ps();
    acc.zero();
    for (int64_t j0 = 0; j0 < a.keys; j0 += kTileKeys) {
      const int64_t n = std::min(kTileKeys, a.keys - j0);
      const uint16_t* keys = a.k + j0 * D;
      __m512 block_max = running_max;
      int64_t j = 0;
      for (; j + kKeyGroup <= n; j += kKeyGroup) {
        __m512 s[kKeyGroup];
        for (int r = 0; r < kKeyGroup; ++r) s[r] = _mm512_setzero_ps();
        for (int p = 0; p < kPairs; ++p)
          for (int r = 0; r < kKeyGroup; ++r) s[r] = _mm512_dpbf16_ps(s[r], q[p], broadcastPair(keys + (j + r) * D + 2 * p));
        for (int r = 0; r < kKeyGroup; ++r) {
          _mm512_store_ps(scores + (j + r) * kLanes, s[r]);
          block_max = _mm512_max_ps(block_max, s[r]);
        }
      }
      for (; j < n; ++j) {
        __m512 s = _mm512_setzero_ps();
        for (int p = 0; p < kPairs; ++p) s = _mm512_dpbf16_ps(s, q[p], broadcastPair(keys + j * D + 2 * p));
        _mm512_store_ps(scores + j * kLanes, s);
        block_max = _mm512_max_ps(block_max, s);
      }
      const __m512 shift = _mm512_mul_ps(block_max, c);
      const __m512 alpha = exp2Short(_mm512_fmsub_ps(running_max, c, shift));
      running_max = block_max;
      __m512 sum0 = _mm512_setzero_ps(), sum1 = _mm512_setzero_ps();
      const int64_t pairs = (n + 1) / 2;
      for (int64_t m = 0; m < pairs; ++m) {
        const __m512 p0 = exp2Short(_mm512_fmsub_ps(_mm512_load_ps(scores + 2 * m * kLanes), c, shift));
        const __m512 p1 = 2 * m + 1 < n
                              ? exp2Short(_mm512_fmsub_ps(_mm512_load_ps(scores + (2 * m + 1) * kLanes), c, shift))
                              : _mm512_setzero_ps();  // an odd count's missing key
        sum0 = _mm512_add_ps(sum0, p0);
        sum1 = _mm512_add_ps(sum1, p1);
        _mm512_store_si512(weights + m * kLanes,
                           _mm512_permutexvar_epi16(interleave, (__m512i)_mm512_cvtne2ps_pbh(p1, p0)));
      }
      running_sum = _mm512_fmadd_ps(running_sum, alpha, _mm512_add_ps(sum0, sum1));
      const uint32_t* values = a.v + j0 / 2 * DV;
      for (int chunk = 0; chunk < Acc::kChunks; ++chunk) {
        acc.begin(chunk, alpha);
        const uint32_t* vc = values + chunk * Acc::kChunk;
        for (int64_t m = 0; m < pairs; ++m) {
          const __m512bh w = (__m512bh)_mm512_load_si512(weights + m * kLanes);
          for (int t = 0; t < Acc::kChunk; ++t) acc.acc[t] = _mm512_dpbf16_ps(acc.acc[t], w, broadcastPair(vc + m * DV + t));
        }
        acc.end(chunk);
      }
    }
    writeTile(acc, running_sum, a.out + i0 * a.out_row, a.out_row, std::min(kLanes, a.queries - i0),
              [](uint16_t* p, __m512 x) { _mm256_store_si256(reinterpret_cast<__m256i*>(p), (__m256i)_mm512_cvtneps_pbh(x)); });
  }
}

template <int D, int DV>
void attendFloatTiles(const FloatLaneArgs& a) {
  using Acc = TileAccumulator<DV>;
  constexpr int kGroup = 2 * kKeyGroup;
  alignas(64) float scores[kTileKeys * kLanes];
  alignas(64) float qt[D * kLanes];
  Acc acc;
  const __m512 c = _mm512_set1_ps(a.c);
  for (int64_t i0 = 0; i0 < a.queries; i0 += kLanes) {
    for (int64_t i = 0; i < kLanes; ++i) {
      const float* row = a.q + std::min(i0 + i, a.queries - 1) * a.q_row;
      for (int t = 0; t < D; ++t) qt[t * kLanes + i] = row[t];
    }
    __m512 running_max = _mm512_set1_ps(-1e30f), running_sum = _mm512_setzero_ps();
    acc.zero();
    for (int64_t j0 = 0; j0 < a.keys; j0 += kTileKeys) {
      const int64_t n = std::min(kTileKeys, a.keys - j0);
      const float* keys = a.k + j0 * D;
      __m512 block_max = running_max;
      int64_t j = 0;
      for (; j + kGroup <= n; j += kGroup) {
        __m512 s[kGroup];
        for (int r = 0; r < kGroup; ++r) s[r] = _mm512_setzero_ps();
        for (int t = 0; t < D; ++t) {
          const __m512 qv = _mm512_load_ps(qt + t * kLanes);
          for (int r = 0; r < kGroup; ++r) s[r] = _mm512_fmadd_ps(qv, _mm512_set1_ps(keys[(j + r) * D + t]), s[r]);
        }
        for (int r = 0; r < kGroup; ++r) {
          _mm512_store_ps(scores + (j + r) * kLanes, s[r]);
          block_max = _mm512_max_ps(block_max, s[r]);
        }
      }
      for (; j < n; ++j) {
        __m512 s = _mm512_setzero_ps();
        for (int t = 0; t < D; ++t) s = _mm512_fmadd_ps(_mm512_load_ps(qt + t * kLanes), _mm512_set1_ps(keys[j * D + t]), s);
        _mm512_store_ps(scores + j * kLanes, s);
        block_max = _mm512_max_ps(block_max, s);
      }
      const __m512 alpha = exp2Float(_mm512_mul_ps(_mm512_sub_ps(running_max, block_max), c));
      running_max = block_max;
      __m512 sum = _mm512_setzero_ps();
      for (j = 0; j < n; ++j) {  // the weights replace the scores
        const __m512 p = exp2Float(_mm512_mul_ps(_mm512_sub_ps(_mm512_load_ps(scores + j * kLanes), block_max), c));
        sum = _mm512_add_ps(sum, p);
        _mm512_store_ps(scores + j * kLanes, p);
      }
      running_sum = _mm512_fmadd_ps(running_sum, alpha, sum);
      const float* values = a.v + j0 * DV;
      for (int chunk = 0; chunk < Acc::kChunks; ++chunk) {
        acc.begin(chunk, alpha);
        const float* vc = values + chunk * Acc::kChunk;
        for (j = 0; j < n; ++j) {
          const __m512 w = _mm512_load_ps(scores + j * kLanes);
          for (int t = 0; t < Acc::kChunk; ++t) acc.acc[t] = _mm512_fmadd_ps(w, _mm512_set1_ps(vc[j * DV + t]), acc.acc[t]);
        }
        acc.end(chunk);
      }
    }
    writeTile(acc, running_sum, a.out + i0 * a.out_row, a.out_row, std::min(kLanes, a.queries - i0),
              [](float* p, __m512 x) { _mm512_store_ps(p, x); });
  }
}

AICL_AVX512_WARNINGS_END
#pragma GCC pop_options
#endif

#define AICL_SEQUENCE_KERNEL(T, name)                                                          \
  AICL_VECTOR_CLONES void name##16(const SequenceArgs<T>& a) { attendSequence<16, T>(a); } \
  AICL_VECTOR_CLONES void name##32(const SequenceArgs<T>& a) { attendSequence<32, T>(a); } \
  AICL_VECTOR_CLONES void name##64(const SequenceArgs<T>& a) { attendSequence<64, T>(a); }
AICL_SEQUENCE_KERNEL(float, attendFloat)
AICL_SEQUENCE_KERNEL(c10::BFloat16, attendBFloat16)
AICL_SEQUENCE_KERNEL(c10::Half, attendHalf)
#undef AICL_SEQUENCE_KERNEL
AICL_VECTOR_CLONES void attendLongFloat(const LongSequenceArgs<float>& a) { attendLongSequence(a); }
AICL_VECTOR_CLONES void attendLongBFloat16(const LongSequenceArgs<c10::BFloat16>& a) { attendLongSequence(a); }
AICL_VECTOR_CLONES void attendLongHalf(const LongSequenceArgs<c10::Half>& a) { attendLongSequence(a); }
void attendLong(const LongSequenceArgs<float>& a) { attendLongFloat(a); }
void attendLong(const LongSequenceArgs<c10::BFloat16>& a) { attendLongBFloat16(a); }
void attendLong(const LongSequenceArgs<c10::Half>& a) { attendLongHalf(a); }

int64_t paddedKeys(int64_t keys) {
  for (int64_t padded : {16, 32, 64})
    if (keys <= padded) return padded;
  return 0;
}

template <typename T>
using SequenceKernel = void (*)(const SequenceArgs<T>&);

template <typename T>
SequenceKernel<T> sequenceKernel(int64_t padded_keys);
template <>
SequenceKernel<float> sequenceKernel<float>(int64_t n) {
  return n == 16 ? attendFloat16 : n == 32 ? attendFloat32 : attendFloat64;
}
template <>
SequenceKernel<c10::BFloat16> sequenceKernel<c10::BFloat16>(int64_t n) {
  return n == 16 ? attendBFloat1616 : n == 32 ? attendBFloat1632 : attendBFloat1664;
}
template <>
SequenceKernel<c10::Half> sequenceKernel<c10::Half>(int64_t n) {
  return n == 16 ? attendHalf16 : n == 32 ? attendHalf32 : attendHalf64;
}

// q [B, H, L, d], k [B, H, S, d], v [B, H, S, dv] (any strides, unit innermost) -> out memory [B, L, H, dv].
template <typename T>
void shortFusedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                         torch::Tensor& out, float scale) {
  const int64_t B = q.size(0), H = q.size(1), L = q.size(2), d = q.size(3), S = k.size(2), dv = v.size(3);
  const int64_t kS = paddedKeys(S);
  const auto attend = sequenceKernel<T>(kS);
  const T* q_data = q.data_ptr<T>();
  const T* k_data = k.data_ptr<T>();
  const T* v_data = v.data_ptr<T>();
  T* out_data = out.data_ptr<T>();
  const auto qs = q.strides(), ks = k.strides(), vs = v.strides();
  // Enough sequences per task to amortise the scheduling (each sequence is L * S * (d + dv) * 2 FLOPs).
  const int64_t grain = std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, L * S * (d + dv)));
  at::parallel_for(0, B * H, grain, [&](int64_t begin, int64_t end) {
    std::vector<float> kt(d * kS, 0.0f);  // padding keys stay zero for the whole task
    SequenceArgs<T> args{nullptr, qs[2], kt.data(), nullptr, vs[2], nullptr, H * dv, L, S, d, dv, scale};
    for (int64_t n = begin; n < end; ++n) {
      const int64_t b = n / H, h = n % H;
      const T* kp = k_data + b * ks[0] + h * ks[1];
      for (int64_t j = 0; j < S; ++j)
        for (int64_t t = 0; t < d; ++t) kt[t * kS + j] = static_cast<float>(kp[j * ks[2] + t]);
      args.q = q_data + b * qs[0] + h * qs[1];
      args.v = v_data + b * vs[0] + h * vs[1];
      args.out = out_data + (b * L * H + h) * dv;
      attend(args);
    }
  });
}

// The same for long key sequences; tasks are (sequence, block of queries) pairs so that a few long sequences
// still keep every thread busy.
template <typename T>
void longFusedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, torch::Tensor& out,
                        float scale) {
  const int64_t B = q.size(0), H = q.size(1), L = q.size(2), d = q.size(3), S = k.size(2), dv = v.size(3);
  const int64_t padded = (S + kBlock - 1) / kBlock * kBlock;
  const int64_t queries_per_task = 128;
  const int64_t blocks = (L + queries_per_task - 1) / queries_per_task;
  const T* q_data = q.data_ptr<T>();
  const T* k_data = k.data_ptr<T>();
  const T* v_data = v.data_ptr<T>();
  T* out_data = out.data_ptr<T>();
  const auto qs = q.strides(), ks = k.strides(), vs = v.strides();
  const int64_t dv_padded = (dv + kLanes - 1) / kLanes * kLanes;
  at::parallel_for(0, B * H * blocks, 1, [&](int64_t begin, int64_t end) {
    // Keys transposed and values padded to whole vectors, as float, per sequence (zero padding stays zero).
    std::vector<float> kt(d * padded, 0.0f), values(S * dv_padded, 0.0f), acc(kLongRows * dv_padded);
    int64_t loaded = -1;
    LongSequenceArgs<T> args{nullptr, qs[2], kt.data(), padded, values.data(), acc.data(), nullptr, H * dv,
                             0, S, d, dv, dv_padded, scale};
    for (int64_t n = begin; n < end; ++n) {
      const int64_t sequence = n / blocks, block = n % blocks, b = sequence / H, h = sequence % H;
      if (sequence != loaded) {
        const T* kp = k_data + b * ks[0] + h * ks[1];
        const T* vp = v_data + b * vs[0] + h * vs[1];
        for (int64_t j = 0; j < S; ++j)
          for (int64_t t = 0; t < d; ++t) kt[t * padded + j] = static_cast<float>(kp[j * ks[2] + t]);
        for (int64_t j = 0; j < S; ++j)
          for (int64_t t = 0; t < dv; ++t) values[j * dv_padded + t] = static_cast<float>(vp[j * vs[2] + t]);
        loaded = sequence;
      }
      const int64_t first = block * queries_per_task;
      args.queries = std::min(queries_per_task, L - first);
      args.q = q_data + b * qs[0] + h * qs[1] + first * qs[2];
      args.out = out_data + ((b * L + first) * H + h) * dv;
      attendLong(args);
    }
  });
}

#ifdef AICL_LANE_ATTENTION
template <typename T, typename V>
using LaneKernel = void (*)(const LaneArgs<T, V>&);

template <typename T, typename V>
LaneKernel<T, V> laneKernel(int64_t d) {
  if constexpr (std::is_same_v<T, uint16_t>) {
    switch (d) {
      case 8: return attendBf16Tiles<8, 8>;
      case 16: return attendBf16Tiles<16, 16>;
      case 32: return attendBf16Tiles<32, 32>;
      case 64: return attendBf16Tiles<64, 64>;
      default: return nullptr;
    }
  } else {
    switch (d) {
      case 8: return attendFloatTiles<8, 8>;
      case 16: return attendFloatTiles<16, 16>;
      case 32: return attendFloatTiles<32, 32>;
      case 64: return attendFloatTiles<64, 64>;
      default: return nullptr;
    }
  }
}

// The lane kernels for float32 and bfloat16 where they apply (the CPU, d == dv, a supported head size); false
// otherwise. Tasks are (sequence, block of 128 queries), several per task for short sequences; each thread packs
// a sequence's keys and values once for its consecutive tasks.
template <typename Element>
bool laneAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, torch::Tensor& out,
                   float scale) {
  constexpr bool bf16 = std::is_same_v<Element, c10::BFloat16>;
  using T = std::conditional_t<bf16, uint16_t, float>;
  using V = std::conditional_t<bf16, uint32_t, float>;
  const int64_t B = q.size(0), H = q.size(1), L = q.size(2), d = q.size(3), S = k.size(2), dv = v.size(3);
  if (!avx512Bf16Supported() || d != dv) return false;
  const auto attend = laneKernel<T, V>(d);
  if (!attend) return false;
  const int64_t queries_per_task = 128;
  const int64_t blocks = (L + queries_per_task - 1) / queries_per_task;
  const int64_t task_flops = std::min(L, queries_per_task) * S * (d + dv);
  const int64_t grain = std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, task_flops));
  const T* q_data = reinterpret_cast<const T*>(q.data_ptr<Element>());
  const T* k_data = reinterpret_cast<const T*>(k.data_ptr<Element>());
  const T* v_data = reinterpret_cast<const T*>(v.data_ptr<Element>());
  T* out_data = reinterpret_cast<T*>(out.data_ptr<Element>());
  const auto qs = q.strides(), ks = k.strides(), vs = v.strides();
  at::parallel_for(0, B * H * blocks, grain, [&](int64_t begin, int64_t end) {
    std::vector<T> keys(S * d);
    std::vector<V> values(bf16 ? (S + 1) / 2 * dv : S * dv, V{0});
    int64_t loaded = -1;
    LaneArgs<T, V> args{nullptr, qs[2], keys.data(), values.data(), nullptr, H * dv, 0, S,
                        scale * 1.44269504088896341f};
    for (int64_t n = begin; n < end; ++n) {
      const int64_t sequence = n / blocks, block = n % blocks, b = sequence / H, h = sequence % H;
      if (sequence != loaded) {
        const T* kp = k_data + b * ks[0] + h * ks[1];
        const T* vp = v_data + b * vs[0] + h * vs[1];
        for (int64_t j = 0; j < S; ++j) std::memcpy(keys.data() + j * d, kp + j * ks[2], d * sizeof(T));
        if constexpr (bf16) {
          for (int64_t m = 0; m < S / 2; ++m) {
            const T* even = vp + 2 * m * vs[2];
            const T* odd = even + vs[2];
            for (int64_t t = 0; t < dv; ++t) values[m * dv + t] = even[t] | static_cast<uint32_t>(odd[t]) << 16;
          }
          if (S % 2)
            for (int64_t t = 0; t < dv; ++t) values[S / 2 * dv + t] = vp[(S - 1) * vs[2] + t];
        } else {
          for (int64_t j = 0; j < S; ++j) std::memcpy(values.data() + j * dv, vp + j * vs[2], dv * sizeof(T));
        }
        loaded = sequence;
      }
      const int64_t first = block * queries_per_task;
      args.queries = std::min(queries_per_task, L - first);
      args.q = q_data + b * qs[0] + h * qs[1] + first * qs[2];
      args.out = out_data + ((b * L + first) * H + h) * dv;
      attend(args);
    }
  });
  return true;
}
#endif

template <typename T>
void fusedAttentionKernel(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                          torch::Tensor& out, float scale) {
#ifdef AICL_LANE_ATTENTION
  if constexpr (!std::is_same_v<T, c10::Half>) {
    if (laneAttention<T>(q, k, v, out, scale)) return;
  }
#endif
  if (k.size(2) <= kFusedShortMaxKeys) {
    shortFusedAttention<T>(q, k, v, out, scale);
  } else {
    longFusedAttention<T>(q, k, v, out, scale);
  }
}

}  // namespace

bool fusedAttentionSupports(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  const auto type = q.scalar_type();
  if (type != torch::kFloat32 && !isHalfPrecision(type)) return false;
  if (k.scalar_type() != type || v.scalar_type() != type) return false;
  if (!q.device().is_cpu() || !k.device().is_cpu() || !v.device().is_cpu()) return false;
  if (q.layout() != torch::kStrided || k.layout() != torch::kStrided || v.layout() != torch::kStrided) return false;
  if (q.dim() != k.dim() || q.dim() != v.dim() || (q.dim() != 3 && q.dim() != 4)) return false;
  for (int64_t i = 0; i + 2 < q.dim(); ++i)
    if (k.size(i) != q.size(i) || v.size(i) != q.size(i)) return false;
  const int64_t keys = k.size(-2);
  return keys >= 1 && v.size(-2) == keys && k.size(-1) == q.size(-1);
}

namespace {

bool needsGradient(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  return torch::GradMode::is_enabled() && (q.requires_grad() || k.requires_grad() || v.requires_grad());
}

// Without AVX-512 BF16 (no lane kernels) the portable fused kernels lose to the chunked matmuls in float32 once a
// sequence has more than 16 keys. Measured on an AVX2-only EPYC, 2 threads, float32: spatial 64x64 tokens 43 vs
// 11 ms, 1024x1024 2.4 vs 0.40 s, text cross-attention 64x77 61 vs 16 ms; temporal 16x16 7.8 vs 10 ms. (bfloat16
// and float16 stay fused there: their matmuls are emulated or missing.)
bool fusedFasterThanChunked(const torch::Tensor& q, const torch::Tensor& k) {
#ifdef AICL_AVX512_BF16
  if (simd::avx512Bf16Supported()) return true;
#endif
  return q.scalar_type() != torch::kFloat32 || k.size(-2) <= 16;
}

}  // namespace

bool fusedAttentionApplies(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  return fusedAttentionSupports(q, k, v) && !needsGradient(q, k, v) && fusedFasterThanChunked(q, k);
}

torch::Tensor attentionFused(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale) {
  RECORD_FUNCTION("aicl::attention_fused", std::vector<c10::IValue>());  // visible to LibTorch's profiler
  TORCH_CHECK(fusedAttentionSupports(q, k, v), "attentionFused: unsupported inputs q ", q.sizes(), " k ", k.sizes(),
              " v ", v.sizes(), " (", q.scalar_type(), ", ", q.device(), ")");
  auto with_heads = [](const torch::Tensor& t) {
    auto t4 = t.dim() == 3 ? t.unsqueeze(1) : t;
    return t4.stride(3) == 1 ? t4 : t4.contiguous();
  };
  const auto q4 = with_heads(q), k4 = with_heads(k), v4 = with_heads(v);
  auto out = torch::empty({q4.size(0), q4.size(2), q4.size(1), v4.size(3)}, q.options());
  const float s = static_cast<float>(scale);
  switch (q.scalar_type()) {
    case torch::kFloat32: fusedAttentionKernel<float>(q4, k4, v4, out, s); break;
    case torch::kBFloat16: fusedAttentionKernel<c10::BFloat16>(q4, k4, v4, out, s); break;
    case torch::kHalf: fusedAttentionKernel<c10::Half>(q4, k4, v4, out, s); break;
    default: TORCH_CHECK(false, "attentionFused: unsupported dtype ", q.scalar_type());
  }
  auto result = out.transpose(1, 2);
  return q.dim() == 3 ? result.squeeze(1) : result;
}

torch::Tensor attentionChunked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                               double scale, int64_t max_score_bytes) {
  RECORD_FUNCTION("aicl::attention_chunked", std::vector<c10::IValue>());  // visible to LibTorch's profiler
  TORCH_CHECK(q.dim() >= 3 && q.dim() == k.dim() && q.dim() == v.dim(), "attention: q ", q.sizes(), ", k ",
              k.sizes(), ", v ", v.sizes(), " must all be [N, L, d] or [B, H, L, d]");
  const int64_t queries = q.size(-2), keys = k.size(-2);
  int64_t batch = 1;
  for (int64_t i = 0; i + 2 < q.dim(); ++i) batch *= q.size(i);
  const bool upcast = isHalfPrecision(q.scalar_type());
  const auto kt = k.transpose(-2, -1);
  // Queries per chunk so that batch x chunk x keys float32 scores fit the budget.
  const int64_t per_query = std::max<int64_t>(1, batch * keys * 4);
  const int64_t chunk = std::clamp<int64_t>(max_score_bytes / per_query, 1, std::max<int64_t>(1, queries));
  auto attend = [&](const torch::Tensor& q_chunk) {
    auto scores = torch::matmul(q_chunk, kt);
    scores = upcast ? scores.to(torch::kFloat32).mul_(scale) : scores.mul_(scale);
    return torch::matmul(scores.softmax(-1).to(v.scalar_type()), v);
  };
  if (chunk >= queries) return attend(q);
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < queries; start += chunk)
    parts.push_back(attend(q.narrow(-2, start, std::min(chunk, queries - start))));
  return torch::cat(parts, -2);
}

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                        const AttentionOptions& options) {
  if (options.allow_fused && fusedAttentionApplies(q, k, v)) return attentionFused(q, k, v, scale);
  if (options.fused_training && fusedAttentionSupports(q, k, v) && needsGradient(q, k, v))
    return attentionFusedTrainable(q, k, v, scale);
  return attentionChunked(q, k, v, scale, options.max_score_bytes);
}

AttentionImpl::AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads_, int64_t dim_head_, bool bias,
                             bool out_bias)
    : heads(heads_), dim_head(dim_head_) {
  const int64_t inner = heads * dim_head;
  const int64_t kv_dim = context_dim > 0 ? context_dim : query_dim;
  auto linear = [](int64_t in, int64_t out, bool with_bias) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(with_bias));
  };
  to_q = register_module("to_q", linear(query_dim, inner, bias));
  to_k = register_module("to_k", linear(kv_dim, inner, bias));
  to_v = register_module("to_v", linear(kv_dim, inner, bias));
  to_out->push_back(linear(inner, query_dim, out_bias));
  register_module("to_out", to_out);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const auto& source = context.defined() ? context : x;
  const int64_t batch = x.size(0), length = x.size(1), source_length = source.size(1);
  // [B, L, heads * d] -> [B, heads, L, d] as a view; the kernels read it strided.
  auto split = [&](const torch::Tensor& t, int64_t len) { return t.view({batch, len, heads, dim_head}).transpose(1, 2); };
  const auto q = split(to_q(x), length);
  const auto k = split(to_k(source), source_length);
  const auto v = split(to_v(source), source_length);
  auto out = attention(q, k, v, 1.0 / std::sqrt(static_cast<double>(dim_head)), options);
  // The fused kernel's output memory already is [B, L, heads, d]: this reshape is then free.
  out = out.transpose(1, 2).reshape({batch, length, heads * dim_head});
  return to_out[0]->as<torch::nn::Linear>()->forward(out);
}

}  // namespace aicl::nn
