#include "sampling/noise.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>

#include "aicl/error.h"

namespace aicl {
namespace {
// Always CPU float32, whatever the target: the values then do not depend on device or dtype.
torch::Tensor draw(at::Generator& generator, at::IntArrayRef shape) {
  return torch::randn(shape, generator, torch::TensorOptions().dtype(torch::kFloat32));
}
}  // namespace

torch::Tensor initialNoise(uint64_t seed, at::IntArrayRef shape, torch::Dtype dtype, torch::Device device) {
  auto generator = at::detail::createCPUGenerator(seed);
  return draw(generator, shape).to(device, dtype);
}

torch::Tensor initialNoiseBatch(uint64_t first_seed, int64_t batch, at::IntArrayRef shape, torch::Dtype dtype,
                                torch::Device device) {
  std::vector<uint64_t> seeds;
  for (int64_t i = 0; i < batch; ++i) seeds.push_back(first_seed + static_cast<uint64_t>(i));
  return NoiseStreams(seeds).next(shape, dtype, device);
}

torch::Tensor correlateFrames(const torch::Tensor& noise, double correlation, int64_t frame_dim) {
  if (correlation == 0.0) return noise;
  if (correlation < 0.0 || correlation >= 1.0)
    throw Error("noise: frame correlation must be in [0, 1), got " + std::to_string(correlation));
  // With m the mean over F frames (variance 1/F) and d = x - m (variance 1 - 1/F, covariance -1/F between
  // frames), a*d + b*m has variance a^2 (1 - 1/F) + b^2 / F and covariance (b^2 - a^2) / F: a^2 = 1 - c and
  // b^2 = 1 + c (F - 1) give variance 1 and covariance c.
  const double frames = static_cast<double>(noise.size(frame_dim));
  const auto mean = noise.mean(frame_dim, /*keepdim=*/true);
  const double deviation_scale = std::sqrt(1.0 - correlation), mean_scale = std::sqrt(1.0 + correlation * (frames - 1.0));
  return (noise - mean) * deviation_scale + mean * mean_scale;
}

NoiseStreams::NoiseStreams(const std::vector<uint64_t>& seeds, double frame_correlation)
    : frame_correlation_(frame_correlation) {
  if (seeds.empty()) throw Error("noise: at least one seed is needed");
  for (uint64_t seed : seeds) generators_.push_back(at::detail::createCPUGenerator(seed));
}

torch::Tensor NoiseStreams::next(at::IntArrayRef sample_shape, torch::Dtype dtype, torch::Device device) {
  std::vector<torch::Tensor> samples;
  for (auto& generator : generators_) samples.push_back(draw(generator, sample_shape));
  auto noise = torch::stack(samples);
  if (frame_correlation_ != 0.0) noise = correlateFrames(noise, frame_correlation_, 2);
  return noise.to(device, dtype);
}

}  // namespace aicl
