#pragma once
// A training set held in memory: every clip of an index (ActionWorld layout: path, caption, action) decoded once
// through the video reader, resized to the training size, as uint8 frames.
#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace aicl::train {

struct ClipDataset {
  torch::Tensor frames;  // uint8 [N, F, H, W, 3]
  std::vector<std::string> captions;
  std::vector<std::string> actions;
  std::vector<std::vector<int64_t>> same_action;  // per clip: the other clips of its action (reference pool)

  int64_t size() const { return static_cast<int64_t>(captions.size()); }
  // Clips [B, 3, F, H, W] as float in [-1, 1].
  torch::Tensor clips(const torch::Tensor& indices) const;
  // Frames [B, 3, H, W] in [-1, 1] at (clip, frame) index pairs.
  torch::Tensor images(const torch::Tensor& clip_indices, const torch::Tensor& frame_indices) const;
};

// Decodes every video of the index at `path` (folder or index file): `frames` frames spread over each clip, at
// size x size. Throws aicl::Error naming the file for unreadable entries.
ClipDataset loadClipDataset(const std::filesystem::path& path, int64_t frames, int64_t size,
                            const std::function<void(int64_t done, int64_t total)>& progress = {});

}  // namespace aicl::train
