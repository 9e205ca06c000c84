#include "video/gif_palette.h"

#include <algorithm>
#include <limits>

namespace aicl::video {

namespace {

constexpr size_t kMaxSamples = 1 << 18;

struct Box {
  size_t begin = 0;
  size_t end = 0;   // samples [begin, end)
  int channel = 0;  // the channel with the largest extent
  int extent = 0;   // max - min along it
  double score = 0.0;
};

void measure(const std::vector<Rgb>& samples, Box* box) {
  std::array<int, 3> low{255, 255, 255}, high{0, 0, 0};
  for (size_t i = box->begin; i < box->end; ++i) {
    for (int c = 0; c < 3; ++c) {
      low[c] = std::min<int>(low[c], samples[i][c]);
      high[c] = std::max<int>(high[c], samples[i][c]);
    }
  }
  box->channel = 0;
  box->extent = high[0] - low[0];
  for (int c = 1; c < 3; ++c) {
    if (high[c] - low[c] > box->extent) {
      box->extent = high[c] - low[c];
      box->channel = c;
    }
  }
  // Squared extent times population approximates the error the box contributes.
  box->score = double(box->extent) * box->extent * double(box->end - box->begin);
}

}  // namespace

std::vector<Rgb> medianCutPalette(const std::vector<Frame>& frames, int max_colors) {
  size_t total = 0;
  for (const auto& frame : frames) total += frame.rgb.size() / 3;
  const size_t step = std::max<size_t>(1, total / kMaxSamples);
  std::vector<Rgb> samples;
  samples.reserve(std::min(total, kMaxSamples + frames.size()));
  size_t counter = 0;
  for (const auto& frame : frames) {
    const size_t pixels = frame.rgb.size() / 3;
    for (size_t p = 0; p < pixels; ++p, ++counter) {
      if (counter % step != 0) continue;
      samples.push_back({frame.rgb[3 * p], frame.rgb[3 * p + 1], frame.rgb[3 * p + 2]});
    }
  }
  if (samples.empty()) return {Rgb{0, 0, 0}};

  std::vector<Box> boxes(1);
  boxes[0].end = samples.size();
  measure(samples, &boxes[0]);
  while (static_cast<int>(boxes.size()) < max_colors) {
    auto widest = std::max_element(boxes.begin(), boxes.end(),
                                   [](const Box& a, const Box& b) { return a.score < b.score; });
    if (widest->extent == 0 || widest->end - widest->begin < 2) break;  // every box is one colour
    Box& box = *widest;
    const int channel = box.channel;
    const size_t middle = box.begin + (box.end - box.begin) / 2;
    std::nth_element(samples.begin() + box.begin, samples.begin() + middle, samples.begin() + box.end,
                     [channel](const Rgb& a, const Rgb& b) { return a[channel] < b[channel]; });
    Box upper;
    upper.begin = middle;
    upper.end = box.end;
    box.end = middle;
    measure(samples, &box);
    measure(samples, &upper);
    boxes.push_back(upper);
  }

  std::vector<Rgb> palette;
  palette.reserve(boxes.size());
  for (const auto& box : boxes) {
    std::array<uint64_t, 3> sum{0, 0, 0};
    for (size_t i = box.begin; i < box.end; ++i)
      for (int c = 0; c < 3; ++c) sum[c] += samples[i][c];
    const uint64_t count = std::max<uint64_t>(1, box.end - box.begin);
    palette.push_back({static_cast<uint8_t>((sum[0] + count / 2) / count),
                       static_cast<uint8_t>((sum[1] + count / 2) / count),
                       static_cast<uint8_t>((sum[2] + count / 2) / count)});
  }
  return palette;
}

uint8_t PaletteMapper::indexOf(uint8_t r, uint8_t g, uint8_t b) {
  const uint32_t key = (uint32_t(r) << 16) | (uint32_t(g) << 8) | b;
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  int best = 0;
  int best_distance = std::numeric_limits<int>::max();
  for (size_t i = 0; i < palette_.size(); ++i) {
    const int dr = int(r) - palette_[i][0], dg = int(g) - palette_[i][1], db = int(b) - palette_[i][2];
    const int distance = dr * dr + dg * dg + db * db;
    if (distance < best_distance) {
      best_distance = distance;
      best = static_cast<int>(i);
    }
  }
  cache_.emplace(key, static_cast<uint8_t>(best));
  return static_cast<uint8_t>(best);
}

}  // namespace aicl::video
