// Attention with gradients on the CPU: the fused forward kernel (attention.cpp) wrapped in an autograd function
// whose backward is fused too. Per sequence, the backward recomputes the softmax row by row from q and k instead
// of storing the scores, and accumulates dq, dk and dv in L1-resident float buffers, so the thousands of tiny
// per-pixel temporal sequences (16 x 16) cost no per-matrix call as bmm's backward does.
//   P = softmax(scale q k^T), D_i = dO_i . O_i, dV = P^T dO, dS = P o (dO V^T - D), dQ = scale dS K, dK = scale dS^T Q
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <type_traits>
#include <vector>

#include "nn/attention.h"
#include "nn/vector_math.h"

namespace aicl::nn {
namespace {

using simd::kLanes;
using simd::Vec16;

// One [B, H, rows, width] operand: element (b, h, row, 0) at data + b * sb + h * sh + row * sr, unit innermost.
template <typename T>
struct Operand {
  T* data;
  int64_t sb, sh, sr;
  T* row(int64_t b, int64_t h, int64_t r) const { return data + b * sb + h * sh + r * sr; }
};
template <typename T>
Operand<T> operand(const torch::Tensor& t) {
  return {t.data_ptr<std::remove_const_t<T>>(), t.stride(0), t.stride(1), t.stride(2)};
}

template <typename T>
struct BackwardArgs {
  Operand<const T> q, k, v, out, grad_out;
  Operand<T> grad_q, grad_k, grad_v;
  int64_t heads, queries, keys, d, dv;
  float scale;
};

// Per-thread scratch for one sequence (float, keys padded to whole vectors).
struct Scratch {
  std::vector<float> kt, vt, k, grad_k, grad_v, q, grad_out, p, dp, grad_q;
  void resize(int64_t padded_keys, int64_t keys, int64_t d, int64_t dv) {
    kt.assign(d * padded_keys, 0.0f);
    vt.assign(dv * padded_keys, 0.0f);
    k.resize(keys * d);
    grad_k.resize(keys * d);
    grad_v.resize(keys * dv);
    q.resize(d);
    grad_out.resize(dv);
    p.resize(padded_keys);
    dp.resize(padded_keys);
    grad_q.resize(d);
  }
};

template <typename T>
inline __attribute__((always_inline)) void backwardSequence(const BackwardArgs<T>& a, int64_t sequence, Scratch& s) {
  const int64_t b = sequence / a.heads, h = sequence % a.heads;
  const int64_t keys = a.keys, d = a.d, dv = a.dv, blocks = (keys + kLanes - 1) / kLanes, padded = blocks * kLanes;
  // Keys transposed (scores for 16 keys per vector) and as rows (dq); values transposed (dO V^T).
  for (int64_t j = 0; j < keys; ++j) {
    const T* key = a.k.row(b, h, j);
    const T* value = a.v.row(b, h, j);
    for (int64_t c = 0; c < d; ++c) {
      const float x = static_cast<float>(key[c]);
      s.kt[c * padded + j] = x;
      s.k[j * d + c] = x;
    }
    for (int64_t c = 0; c < dv; ++c) s.vt[c * padded + j] = static_cast<float>(value[c]);
  }
  std::fill(s.grad_k.begin(), s.grad_k.end(), 0.0f);
  std::fill(s.grad_v.begin(), s.grad_v.end(), 0.0f);
  for (int64_t i = 0; i < a.queries; ++i) {
    const T* query = a.q.row(b, h, i);
    const T* grad_out = a.grad_out.row(b, h, i);
    const T* out = a.out.row(b, h, i);
    for (int64_t c = 0; c < d; ++c) s.q[c] = static_cast<float>(query[c]);
    float delta = 0.0f;  // D_i = dO_i . O_i
    for (int64_t c = 0; c < dv; ++c) {
      s.grad_out[c] = static_cast<float>(grad_out[c]);
      delta += s.grad_out[c] * static_cast<float>(out[c]);
    }
    // Scores and dO V^T, 16 keys per vector; the row's maximum for a stable softmax.
    float maximum = -1e30f;
    for (int64_t blk = 0; blk < blocks; ++blk) {
      Vec16 score{}, dp{};
      for (int64_t c = 0; c < d; ++c) score += s.q[c] * simd::loadVec(&s.kt[c * padded + blk * kLanes]);
      for (int64_t c = 0; c < dv; ++c) dp += s.grad_out[c] * simd::loadVec(&s.vt[c * padded + blk * kLanes]);
      score *= a.scale;
      const int64_t valid = std::min<int64_t>(kLanes, keys - blk * kLanes);
      for (int64_t t = valid; t < kLanes; ++t) score[t] = -1e30f;  // padding keys get no weight
      maximum = std::max(maximum, simd::horizontalMax(score));
      simd::storeVec(&s.p[blk * kLanes], score);
      simd::storeVec(&s.dp[blk * kLanes], dp);
    }
    Vec16 total{};
    for (int64_t blk = 0; blk < blocks; ++blk) {
      const Vec16 e = simd::expNonPositive(simd::loadVec(&s.p[blk * kLanes]) - maximum);
      total += e;
      simd::storeVec(&s.p[blk * kLanes], e);
    }
    const float inverse = 1.0f / simd::horizontalSum(total);
    // P (normalised) into p, dS * scale into dp.
    for (int64_t blk = 0; blk < blocks; ++blk) {
      const Vec16 p = simd::loadVec(&s.p[blk * kLanes]) * inverse;
      simd::storeVec(&s.p[blk * kLanes], p);
      simd::storeVec(&s.dp[blk * kLanes], p * (simd::loadVec(&s.dp[blk * kLanes]) - delta) * a.scale);
    }
    std::fill(s.grad_q.begin(), s.grad_q.end(), 0.0f);
    for (int64_t j = 0; j < keys; ++j) {
      const float p = s.p[j], ds = s.dp[j];
      float* grad_v = &s.grad_v[j * dv];
      for (int64_t c = 0; c < dv; ++c) grad_v[c] += p * s.grad_out[c];
      float* grad_k = &s.grad_k[j * d];
      const float* key = &s.k[j * d];
      for (int64_t c = 0; c < d; ++c) {
        grad_k[c] += ds * s.q[c];
        s.grad_q[c] += ds * key[c];
      }
    }
    T* grad_q = a.grad_q.row(b, h, i);
    for (int64_t c = 0; c < d; ++c) grad_q[c] = static_cast<T>(s.grad_q[c]);
  }
  for (int64_t j = 0; j < keys; ++j) {
    T* grad_k = a.grad_k.row(b, h, j);
    T* grad_v = a.grad_v.row(b, h, j);
    for (int64_t c = 0; c < d; ++c) grad_k[c] = static_cast<T>(s.grad_k[j * d + c]);
    for (int64_t c = 0; c < dv; ++c) grad_v[c] = static_cast<T>(s.grad_v[j * dv + c]);
  }
}

AICL_VECTOR_CLONES void backwardSequenceFloat(const BackwardArgs<float>& a, int64_t sequence, Scratch& s) {
  backwardSequence(a, sequence, s);
}
AICL_VECTOR_CLONES void backwardSequenceBFloat16(const BackwardArgs<c10::BFloat16>& a, int64_t sequence, Scratch& s) {
  backwardSequence(a, sequence, s);
}
AICL_VECTOR_CLONES void backwardSequenceHalf(const BackwardArgs<c10::Half>& a, int64_t sequence, Scratch& s) {
  backwardSequence(a, sequence, s);
}
void backwardSequenceOf(const BackwardArgs<float>& a, int64_t i, Scratch& s) { backwardSequenceFloat(a, i, s); }
void backwardSequenceOf(const BackwardArgs<c10::BFloat16>& a, int64_t i, Scratch& s) { backwardSequenceBFloat16(a, i, s); }
void backwardSequenceOf(const BackwardArgs<c10::Half>& a, int64_t i, Scratch& s) { backwardSequenceHalf(a, i, s); }

// [B, H, L, d] with unit innermost stride (3-D inputs get a heads dimension of one).
torch::Tensor withHeads(const torch::Tensor& t) {
  auto t4 = t.dim() == 3 ? t.unsqueeze(1) : t;
  return t4.stride(3) == 1 ? t4 : t4.contiguous();
}

template <typename T>
void fusedAttentionBackward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& out,
                            const torch::Tensor& grad_out, torch::Tensor& grad_q, torch::Tensor& grad_k,
                            torch::Tensor& grad_v, float scale) {
  BackwardArgs<T> a{operand<const T>(q), operand<const T>(k), operand<const T>(v), operand<const T>(out),
                    operand<const T>(grad_out), operand<T>(grad_q), operand<T>(grad_k), operand<T>(grad_v),
                    q.size(1), q.size(2), k.size(2), q.size(3), v.size(3), scale};
  const int64_t sequences = q.size(0) * q.size(1);
  const int64_t padded = (a.keys + kLanes - 1) / kLanes * kLanes;
  // Enough sequences per task to amortise the scheduling (each is ~4 L S (d + dv) FLOPs).
  const int64_t work = std::max<int64_t>(1, a.queries * padded * (a.d + a.dv));
  const int64_t grain = std::max<int64_t>(1, (1 << 16) / work);
  at::parallel_for(0, sequences, grain, [&](int64_t begin, int64_t end) {
    Scratch scratch;
    scratch.resize(padded, a.keys, a.d, a.dv);
    for (int64_t i = begin; i < end; ++i) backwardSequenceOf(a, i, scratch);
  });
}

struct FusedAttentionFunction : torch::autograd::Function<FusedAttentionFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& q, const torch::Tensor& k,
                               const torch::Tensor& v, double scale) {
    torch::Tensor out;
    {
      torch::NoGradGuard no_grad;
      out = attentionFused(q, k, v, scale);
    }
    ctx->save_for_backward({q, k, v, out});
    ctx->saved_data["scale"] = scale;
    return out;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
    RECORD_FUNCTION("aicl::attention_fused_backward", std::vector<c10::IValue>());
    const auto saved = ctx->get_saved_variables();
    const auto& q = saved[0];
    const auto& k = saved[1];
    const auto& v = saved[2];
    const auto q4 = withHeads(q), k4 = withHeads(k), v4 = withHeads(v), out4 = withHeads(saved[3]);
    const auto grad_out4 = withHeads(grads[0].to(q.scalar_type()));
    auto grad_q = torch::empty_like(q4), grad_k = torch::empty_like(k4), grad_v = torch::empty_like(v4);
    const float scale = static_cast<float>(ctx->saved_data["scale"].toDouble());
    switch (q.scalar_type()) {
      case torch::kFloat32: fusedAttentionBackward<float>(q4, k4, v4, out4, grad_out4, grad_q, grad_k, grad_v, scale); break;
      case torch::kBFloat16:
        fusedAttentionBackward<c10::BFloat16>(q4, k4, v4, out4, grad_out4, grad_q, grad_k, grad_v, scale);
        break;
      case torch::kHalf: fusedAttentionBackward<c10::Half>(q4, k4, v4, out4, grad_out4, grad_q, grad_k, grad_v, scale); break;
      default: TORCH_CHECK(false, "attention backward: unsupported dtype ", q.scalar_type());
    }
    auto shaped = [](const torch::Tensor& g, const torch::Tensor& like) { return like.dim() == 3 ? g.squeeze(1) : g; };
    return {shaped(grad_q, q), shaped(grad_k, k), shaped(grad_v, v), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor attentionFusedTrainable(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale) {
  RECORD_FUNCTION("aicl::attention_fused_trainable", std::vector<c10::IValue>());
  TORCH_CHECK(fusedAttentionSupports(q, k, v), "attentionFusedTrainable: unsupported inputs q ", q.sizes(), " k ",
              k.sizes(), " v ", v.sizes(), " (", q.scalar_type(), ", ", q.device(), ")");
  return FusedAttentionFunction::apply(q, k, v, scale);
}

}  // namespace aicl::nn
