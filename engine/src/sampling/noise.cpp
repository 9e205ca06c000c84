#include "sampling/noise.h"

#include <ATen/CPUGeneratorImpl.h>

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

NoiseStreams::NoiseStreams(const std::vector<uint64_t>& seeds) {
  if (seeds.empty()) throw Error("noise: at least one seed is needed");
  for (uint64_t seed : seeds) generators_.push_back(at::detail::createCPUGenerator(seed));
}

torch::Tensor NoiseStreams::next(at::IntArrayRef sample_shape, torch::Dtype dtype, torch::Device device) {
  std::vector<torch::Tensor> samples;
  for (auto& generator : generators_) samples.push_back(draw(generator, sample_shape));
  return torch::stack(samples).to(device, dtype);
}

}  // namespace aicl
