#include "train/clip_dataset.h"

#include <map>

#include "aicl/actionworld.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/video_io.h"
#include "io/weight_loader.h"

namespace aicl::train {

torch::Tensor ClipDataset::clips(const torch::Tensor& indices) const {
  return frames.index_select(0, indices).permute({0, 4, 1, 2, 3}).to(torch::kFloat32).div(127.5).sub(1.0);
}

torch::Tensor ClipDataset::images(const torch::Tensor& clip_indices, const torch::Tensor& frame_indices) const {
  const auto picked = frames.index({clip_indices, frame_indices});  // [B, H, W, 3]
  return picked.permute({0, 3, 1, 2}).to(torch::kFloat32).div(127.5).sub(1.0);
}

namespace {

// Decoded frames are cached beside the index (the videos are decoded once per training size, not once per run);
// the cache is used only when it is newer than the index and holds the same number of clips.
std::filesystem::path cachePath(const std::filesystem::path& index_path, int64_t frames, int64_t size) {
  const auto folder = std::filesystem::is_directory(index_path) ? index_path : index_path.parent_path();
  return folder / (".aicl_frames_" + std::to_string(frames) + "x" + std::to_string(size) + ".safetensors");
}

std::filesystem::path indexFile(const std::filesystem::path& path) {
  if (!std::filesystem::is_directory(path)) return path;
  return std::filesystem::exists(path / "index.csv") ? path / "index.csv" : path / "index.json";
}

}  // namespace

ClipDataset loadClipDataset(const std::filesystem::path& path, int64_t frames, int64_t size,
                            const std::function<void(int64_t, int64_t)>& progress) {
  const auto entries = actionworld::readDatasetIndex(path);
  if (entries.empty()) throw Error(path.string() + ": the index lists no videos");
  ClipDataset data;
  const auto cache = cachePath(path, frames, size);
  std::error_code error;
  const bool fresh = std::filesystem::exists(cache) &&
                     std::filesystem::last_write_time(cache, error) > std::filesystem::last_write_time(indexFile(path), error);
  if (fresh) {
    auto cached = loadTensors(cache);
    auto it = cached.find("frames");
    if (it != cached.end() && it->second.size(0) == static_cast<int64_t>(entries.size())) data.frames = it->second;
  }
  const bool decode = !data.frames.defined();
  if (decode) data.frames = torch::empty({static_cast<int64_t>(entries.size()), frames, size, size, 3}, torch::kUInt8);
  auto options = defaultDecodeOptions();
  options.sampling = FrameSampling::Count;
  options.count = static_cast<int>(frames);
  options.target_width = options.target_height = static_cast<int>(size);
  std::map<std::string, std::vector<int64_t>> by_action;
  for (size_t i = 0; i < entries.size(); ++i) {
    data.captions.push_back(entries[i].caption);
    data.actions.push_back(actionworld::actionName(entries[i].action));
    by_action[data.actions.back()].push_back(static_cast<int64_t>(i));
    if (!decode) continue;
    const auto decoded = decodeVideo(entries[i].video, options);
    if (static_cast<int64_t>(decoded.size()) != frames)
      throw Error(entries[i].video.string() + ": " + std::to_string(decoded.size()) + " frames, training needs " +
                  std::to_string(frames));
    for (int64_t f = 0; f < frames; ++f) {
      const auto& rgb = decoded[static_cast<size_t>(f)].rgb;
      std::memcpy(data.frames[static_cast<int64_t>(i)][f].data_ptr<uint8_t>(), rgb.data(), rgb.size());
    }
    if (progress) progress(static_cast<int64_t>(i + 1), static_cast<int64_t>(entries.size()));
  }
  if (decode) {
    try {
      saveTensors(cache, {{"frames", data.frames}});
    } catch (const std::exception& e) {  // a read-only data folder only costs the next run a decode
      logger()->warn("could not cache decoded frames: {}", e.what());
    }
  }
  for (int64_t i = 0; i < data.size(); ++i) {
    std::vector<int64_t> others;
    for (int64_t j : by_action[data.actions[static_cast<size_t>(i)]])
      if (j != i) others.push_back(j);
    data.same_action.push_back(std::move(others));
  }
  return data;
}

}  // namespace aicl::train
