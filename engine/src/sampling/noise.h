#pragma once
// Seeded Gaussian noise that is reproducible across batch sizes, devices and dtypes: every sample is drawn on
// the CPU in float32 from its own generator, then cast and moved.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace aicl {

// Noise of `shape` (one sample, e.g. {C, F, H, W}) from a fresh CPU generator seeded with `seed`.
torch::Tensor initialNoise(uint64_t seed, at::IntArrayRef shape, torch::Dtype dtype = torch::kFloat32,
                           torch::Device device = torch::kCPU);
// [batch, shape...]: sample i is initialNoise(first_seed + i, shape), whatever the batch holds.
torch::Tensor initialNoiseBatch(uint64_t first_seed, int64_t batch, at::IntArrayRef shape,
                                torch::Dtype dtype = torch::kFloat32, torch::Device device = torch::kCPU);

// PYoCo's mixed noise prior: maps i.i.d. Gaussian noise to noise whose frames (along `frame_dim`) are
// correlated by `correlation` in [0, 1), each element still N(0, 1). A deterministic linear map of the input
// (no extra draws, so a seed still gives one video): the per-pixel mean over frames is scaled up and the
// deviations from it down. correlation 0 returns `noise` itself.
torch::Tensor correlateFrames(const torch::Tensor& noise, double correlation, int64_t frame_dim);

// One generator per batch sample that keeps its position between draws, like the single torch.Generator a
// diffusers pipeline passes to prepare_latents and then to every scheduler step. The first draw of stream i
// equals initialNoise(seeds[i], ...), so a run can take its initial latent and later noise from one object.
class NoiseStreams {
 public:
  // frame_correlation: every draw goes through correlateFrames along the sample's dimension 1 (frames of
  // a {C, F, H, W} latent), as the model's scheduler config asks (`frame_noise_correlation`).
  explicit NoiseStreams(const std::vector<uint64_t>& seeds, double frame_correlation = 0.0);
  int64_t size() const { return static_cast<int64_t>(generators_.size()); }
  // [size(), sample_shape...]: the next draw of every stream.
  torch::Tensor next(at::IntArrayRef sample_shape, torch::Dtype dtype = torch::kFloat32,
                     torch::Device device = torch::kCPU);

 private:
  std::vector<at::Generator> generators_;
  double frame_correlation_ = 0.0;
};

}  // namespace aicl
