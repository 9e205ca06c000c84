// How well a VAE keeps what the motion judge needs: encode and decode ActionWorld clips, then report the PSNR
// and the judge's appearance (colour and shape) and action accuracy on the reconstructions.
//   vae_roundtrip DATA VAE_FOLDER [CLIPS [SHOW_DIR]]   (SHOW_DIR: the first clips, original | decoded, as PNG)
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "aicl/actionworld.h"
#include "aicl/runtime.h"
#include "pipeline/latent_preview.h"
#include "train/clip_dataset.h"
#include "vae/autoencoder_kl.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: vae_roundtrip DATA VAE_FOLDER [CLIPS]\n");
    return 2;
  }
  aicl::initRuntime(aicl::defaultRuntimeOptions());
  const int64_t clips = argc > 3 ? std::atoi(argv[3]) : 64;
  const auto entries = aicl::actionworld::readDatasetIndex(argv[1]);
  const auto data = aicl::train::loadClipDataset(argv[1], 16, 32);
  auto vae = aicl::vae::loadAutoencoderKL(argv[2]);
  c10::InferenceMode guard;
  int appearance = 0, colour = 0, shape = 0, action = 0, total = 0;
  double squared_error = 0.0;
  std::vector<torch::Tensor> shown;
  const int64_t step = std::max<int64_t>(1, data.size() / clips);
  for (int64_t i = 0; i < data.size() && total < clips; i += step, ++total) {
    const auto original = data.clips(torch::tensor({i}, torch::kLong));
    const auto decoded = vae->decodeVideo(vae->encodeVideo(original)).clamp(-1, 1);
    squared_error += (decoded - original).pow(2).mean().item<double>();
    const auto judgement = aicl::actionworld::judgeClip(aicl::framesFromTensor(decoded[0]));
    if (argc > 4 && total < 8) shown.push_back(torch::cat({original[0], decoded[0]}, 3).select(1, 0));  // frame 0
    const auto& entry = entries[static_cast<size_t>(i)];
    appearance += judgement.shape == entry.shape && judgement.colour == entry.colour;
    colour += judgement.colour == entry.colour;
    shape += judgement.shape == entry.shape;
    action += judgement.action == entry.action;
  }
  if (!shown.empty()) {  // one PNG: a row per clip, 8x nearest-neighbour
    const auto mosaic = torch::cat(shown, 1).repeat_interleave(8, 1).repeat_interleave(8, 2).unsqueeze(1);
    aicl::encodeVideo(std::filesystem::path(argv[4]), aicl::VideoFormat::PngSequence, aicl::framesFromTensor(mosaic),
                      aicl::defaultEncodeOptions());
  }
  const double mse = squared_error / total;  // on [-1, 1]
  std::printf("%d clips: PSNR %.2f dB, appearance accuracy %.3f (colour %.3f, shape %.3f), action accuracy %.3f\n",
              total, 10.0 * std::log10(4.0 / mse), static_cast<double>(appearance) / total,
              static_cast<double>(colour) / total, static_cast<double>(shape) / total, static_cast<double>(action) / total);
  return 0;
}
