#include "pipeline/latent_preview.h"

#include <cstring>

namespace aicl {

torch::Tensor tensorFromFrames(const std::vector<Frame>& frames) {
  TORCH_CHECK(!frames.empty(), "no frames");
  const int64_t height = frames[0].height, width = frames[0].width;
  auto bytes = torch::empty({static_cast<int64_t>(frames.size()), height, width, 3}, torch::kUInt8);
  for (size_t f = 0; f < frames.size(); ++f) {
    TORCH_CHECK(frames[f].width == width && frames[f].height == height, "frames of different sizes");
    std::memcpy(bytes[static_cast<int64_t>(f)].data_ptr<uint8_t>(), frames[f].rgb.data(), frames[f].rgb.size());
  }
  return bytes.permute({3, 0, 1, 2}).to(torch::kFloat32).div(127.5).sub(1.0);
}

std::vector<Frame> framesFromTensor(const torch::Tensor& frames) {
  TORCH_CHECK(frames.dim() == 4 && frames.size(0) == 3, "expected frames [3, F, H, W]");
  // [3, F, H, W] in [-1, 1] -> [F, H, W, 3] bytes.
  const auto bytes = ((frames.detach().to(torch::kCPU, torch::kFloat32).clamp(-1, 1) + 1) * 127.5)
                         .round()
                         .to(torch::kUInt8)
                         .permute({1, 2, 3, 0})
                         .contiguous();
  const int64_t count = bytes.size(0), height = bytes.size(1), width = bytes.size(2);
  std::vector<Frame> result(static_cast<size_t>(count));
  const size_t frame_bytes = static_cast<size_t>(height * width * 3);
  for (int64_t f = 0; f < count; ++f) {
    Frame& frame = result[static_cast<size_t>(f)];
    frame.width = static_cast<int>(width);
    frame.height = static_cast<int>(height);
    frame.rgb.resize(frame_bytes);
    std::memcpy(frame.rgb.data(), bytes.data_ptr<uint8_t>() + f * static_cast<int64_t>(frame_bytes), frame_bytes);
  }
  return result;
}

std::vector<Frame> previewFrames(const torch::Tensor& latents) {
  TORCH_CHECK(latents.dim() == 4, "expected latents [C, F, h, w]");
  auto x = latents.detach().to(torch::kCPU, torch::kFloat32);
  torch::Tensor rgb;
  if (x.size(0) == 4) {
    // Rows: latent channels; columns: R, G, B (the widely used SD 1.x/2.x latent-to-RGB approximation).
    static const float kLatentToRgb[4][3] = {
        {0.298f, 0.207f, 0.208f}, {0.187f, 0.286f, 0.173f}, {-0.158f, 0.189f, 0.264f}, {-0.184f, -0.271f, -0.473f}};
    auto matrix = torch::from_blob(const_cast<float*>(&kLatentToRgb[0][0]), {4, 3}).clone();
    rgb = torch::einsum("cfhw,cr->rfhw", {x, matrix});
  } else if (x.size(0) == 3) {
    rgb = x;
  } else {
    rgb = x.narrow(0, 0, std::min<int64_t>(3, x.size(0)));
    if (rgb.size(0) < 3) rgb = torch::cat({rgb, torch::zeros_like(rgb.narrow(0, 0, 1)).repeat({3 - rgb.size(0), 1, 1, 1})});
    rgb = rgb / rgb.abs().amax().clamp_min(1e-6);
  }
  return framesFromTensor(rgb);
}

}  // namespace aicl
