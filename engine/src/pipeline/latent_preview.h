#pragma once
// A cheap RGB view of latents for per-step previews: a fixed linear map from latent channels to RGB instead of
// a VAE decode (about a thousand times cheaper), at latent resolution.
#include <torch/torch.h>

#include <vector>

#include "aicl/video_io.h"

namespace aicl {

// latents [C, F, h, w] (one sample) -> F frames of h x w RGB. Four-channel latents use the usual linear
// approximation of the Stable Diffusion VAE; three channels are taken as pixels in [-1, 1]; other counts show
// their first three channels, normalised.
std::vector<Frame> previewFrames(const torch::Tensor& latents);

// frames [3, F, H, W] in [-1, 1] -> F RGB frames.
std::vector<Frame> framesFromTensor(const torch::Tensor& frames);
// Frames of one size -> [3, F, H, W] float in [-1, 1] (the inverse of framesFromTensor).
torch::Tensor tensorFromFrames(const std::vector<Frame>& frames);

}  // namespace aicl
