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

// One generator per batch sample that keeps its position between draws, like the single torch.Generator a
// diffusers pipeline passes to prepare_latents and then to every scheduler step. The first draw of stream i
// equals initialNoise(seeds[i], ...), so a run can take its initial latent and later noise from one object.
class NoiseStreams {
 public:
  explicit NoiseStreams(const std::vector<uint64_t>& seeds);
  int64_t size() const { return static_cast<int64_t>(generators_.size()); }
  // [size(), sample_shape...]: the next draw of every stream.
  torch::Tensor next(at::IntArrayRef sample_shape, torch::Dtype dtype = torch::kFloat32,
                     torch::Device device = torch::kCPU);

 private:
  std::vector<at::Generator> generators_;
};

}  // namespace aicl
