#include "train/clip_dataset.h"

#include <map>

#include "aicl/actionworld.h"
#include "aicl/error.h"
#include "aicl/video_io.h"

namespace aicl::train {

torch::Tensor ClipDataset::clips(const torch::Tensor& indices) const {
  return frames.index_select(0, indices).permute({0, 4, 1, 2, 3}).to(torch::kFloat32).div(127.5).sub(1.0);
}

torch::Tensor ClipDataset::images(const torch::Tensor& clip_indices, const torch::Tensor& frame_indices) const {
  const auto picked = frames.index({clip_indices, frame_indices});  // [B, H, W, 3]
  return picked.permute({0, 3, 1, 2}).to(torch::kFloat32).div(127.5).sub(1.0);
}

ClipDataset loadClipDataset(const std::filesystem::path& path, int64_t frames, int64_t size,
                            const std::function<void(int64_t, int64_t)>& progress) {
  const auto entries = actionworld::readDatasetIndex(path);
  if (entries.empty()) throw Error(path.string() + ": the index lists no videos");
  ClipDataset data;
  data.frames = torch::empty({static_cast<int64_t>(entries.size()), frames, size, size, 3}, torch::kUInt8);
  auto options = defaultDecodeOptions();
  options.sampling = FrameSampling::Count;
  options.count = static_cast<int>(frames);
  options.target_width = options.target_height = static_cast<int>(size);
  std::map<std::string, std::vector<int64_t>> by_action;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto decoded = decodeVideo(entries[i].video, options);
    if (static_cast<int64_t>(decoded.size()) != frames)
      throw Error(entries[i].video.string() + ": " + std::to_string(decoded.size()) + " frames, training needs " +
                  std::to_string(frames));
    for (int64_t f = 0; f < frames; ++f) {
      const auto& rgb = decoded[static_cast<size_t>(f)].rgb;
      std::memcpy(data.frames[static_cast<int64_t>(i)][f].data_ptr<uint8_t>(), rgb.data(), rgb.size());
    }
    data.captions.push_back(entries[i].caption);
    data.actions.push_back(actionworld::actionName(entries[i].action));
    by_action[data.actions.back()].push_back(static_cast<int64_t>(i));
    if (progress) progress(static_cast<int64_t>(i + 1), static_cast<int64_t>(entries.size()));
  }
  for (int64_t i = 0; i < data.size(); ++i) {
    std::vector<int64_t> others;
    for (int64_t j : by_action[data.actions[static_cast<size_t>(i)]])
      if (j != i) others.push_back(j);
    data.same_action.push_back(std::move(others));
  }
  return data;
}

torch::Tensor toUint8Frames(const torch::Tensor& video) {
  const auto v = video.dim() == 5 ? video[0] : video;
  return v.to(torch::kFloat32).add(1.0).mul(127.5).round().clamp(0, 255).to(torch::kUInt8).permute({1, 2, 3, 0}).contiguous();
}

}  // namespace aicl::train
