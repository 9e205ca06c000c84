#pragma once
// A 256-colour palette for a whole GIF clip by median cut, and the mapping of RGB pixels onto it. One shared
// palette keeps colours stable from frame to frame (no flicker); no dithering, for the same reason.
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "aicl/video_io.h"

namespace aicl::video {

using Rgb = std::array<uint8_t, 3>;

// Median cut over a sample of the clip's pixels (at most ~256k): the box with the largest squared extent
// times population is split at the median of its longest channel until `max_colors` boxes exist or every box
// holds a single colour. Each palette entry is the mean of its box. Clips with few colours get them exactly.
std::vector<Rgb> medianCutPalette(const std::vector<Frame>& frames, int max_colors = 256);

// Nearest palette entry (squared RGB distance) for each pixel, remembering the answer per distinct colour.
class PaletteMapper {
 public:
  explicit PaletteMapper(std::vector<Rgb> palette) : palette_(std::move(palette)) {}
  uint8_t indexOf(uint8_t r, uint8_t g, uint8_t b);
  const std::vector<Rgb>& palette() const { return palette_; }

 private:
  std::vector<Rgb> palette_;
  std::unordered_map<uint32_t, uint8_t> cache_;
};

}  // namespace aicl::video
