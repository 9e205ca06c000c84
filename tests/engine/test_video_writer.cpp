// Encoding round trips: a synthetic clip through MP4, WebM, GIF and PNG sequences, read back with the
// engine's own reader; settings metadata; atomic replacement.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "aicl/video_io.h"
#include "file_text.h"
#include "test_paths.h"

namespace {

using aicl::VideoFormat;

// A smooth colour gradient with a saturated square moving diagonally across it: gradients test banding,
// the square's edges test chroma subsampling and motion.
std::vector<aicl::Frame> syntheticClip(int width, int height, int count = 16) {
  std::vector<aicl::Frame> frames;
  const int side = std::max(4, height / 3);
  for (int f = 0; f < count; ++f) {
    aicl::Frame frame;
    frame.width = width;
    frame.height = height;
    frame.time = f / 8.0;
    frame.rgb.resize(size_t(width) * height * 3);
    const int left = (width - side) * f / (count - 1), top = (height - side) * f / (count - 1);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        uint8_t* p = &frame.rgb[(size_t(y) * width + x) * 3];
        const bool inside = x >= left && x < left + side && y >= top && y < top + side;
        p[0] = inside ? 230 : static_cast<uint8_t>(40 + 160 * x / width);
        p[1] = inside ? 50 : static_cast<uint8_t>(60 + 120 * y / height);
        p[2] = inside ? 40 : 150;
      }
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

double psnrFromMse(double mse) { return mse == 0.0 ? INFINITY : 10.0 * std::log10(255.0 * 255.0 / mse); }

// PSNR of `decoded` against `original` over the original's area (a padded decode may be larger), over the RGB
// channels and over luma (BT.709 weights) alone.
struct Psnr {
  double rgb = 0.0;
  double luma = 0.0;
};
Psnr psnr(const aicl::Frame& original, const aicl::Frame& decoded) {
  double rgb_squared = 0.0, luma_squared = 0.0;
  for (int y = 0; y < original.height; ++y) {
    for (int x = 0; x < original.width; ++x) {
      const uint8_t* a = &original.rgb[(size_t(y) * original.width + x) * 3];
      const uint8_t* b = &decoded.rgb[(size_t(y) * decoded.width + x) * 3];
      double luma_difference = 0.0;
      const double weights[3] = {0.2126, 0.7152, 0.0722};
      for (int c = 0; c < 3; ++c) {
        const double d = double(a[c]) - double(b[c]);
        rgb_squared += d * d;
        luma_difference += weights[c] * d;
      }
      luma_squared += luma_difference * luma_difference;
    }
  }
  const double pixels = double(original.width) * original.height;
  return {psnrFromMse(rgb_squared / (pixels * 3)), psnrFromMse(luma_squared / pixels)};
}

std::string settingsJson() {
  return R"({"prompt":"a dancer spinning, \"quoted\" and ünïcödé ✓","seed":42,"steps":25,)"
         R"("guidance":7.5,"adapters":["pose","depth"],"nested":{"fps":8}})";
}

struct FormatCase {
  VideoFormat format;
  std::string name;          // file name in the scratch folder
  double minimum_rgb_psnr;   // dB, worst frame
  double minimum_luma_psnr;  // dB, worst frame
  double fps_tolerance;      // of the frame rate read back
};

// Bounds (worst frame; measured values in the report):
// - H.264 / VP9 at crf 18 (yuv420p): luma, which keeps full resolution, shows the codec's own loss: > 40 dB
// is
//   visually transparent. RGB PSNR is capped by 4:2:0 chroma subsampling on this small clip full of saturated
//   edges: a bare RGB -> yuv420p -> RGB conversion with no codec at all measures 31.3-33.6 dB at 64x48, so
//   the RGB bound is 27 dB (about 4 dB of codec loss on top of that ceiling).
// - GIF: 256 median-cut colours, no dithering; the gradient costs ~1-2 levels: > 30 dB both ways.
// - PNG: lossless, bit-exact.
// GIF stores delays in whole 1/100 s, so 8 fps (12.5) alternates 12 and 13: the rate reads back within 1/3.
const std::vector<FormatCase> kFormats = {
    {VideoFormat::Mp4, "clip.mp4", 27.0, 40.0, 0.01},
    {VideoFormat::WebM, "clip.webm", 27.0, 40.0, 0.01},
    {VideoFormat::Gif, "clip.gif", 30.0, 30.0, 0.35},
    {VideoFormat::PngSequence, "clip_png", INFINITY, INFINITY, 0.01},
};

void PrintTo(const FormatCase& format_case, std::ostream* out) { *out << format_case.name; }

class VideoWriterRoundTrip : public testing::TestWithParam<std::tuple<FormatCase, std::pair<int, int>>> {};

TEST_P(VideoWriterRoundTrip, DecodesBackCloseToTheInputWithItsSettings) {
  const auto& [format_case, size] = GetParam();
  const auto [width, height] = size;
  const auto dir = aicl::test::scratchDir("video_writer_" + std::to_string(width) + "x" +
                                          std::to_string(height) + "_" + format_case.name);
  const auto path = dir / format_case.name;
  const auto frames = syntheticClip(width, height);
  aicl::EncodeOptions options = aicl::defaultEncodeOptions();
  options.fps = 8.0;
  options.crf = 18;
  options.metadata_json = settingsJson();
  aicl::encodeVideo(path, format_case.format, frames, options);

  const auto info = aicl::probeVideo(path);
  // MP4 pads odd sizes to even (x264's 4:2:0 needs it); every other format keeps the size.
  const bool padded = format_case.format == VideoFormat::Mp4;
  EXPECT_EQ(info.width, padded ? width + width % 2 : width);
  EXPECT_EQ(info.height, padded ? height + height % 2 : height);
  EXPECT_EQ(info.frame_count, 16);
  EXPECT_NEAR(info.fps, 8.0, format_case.fps_tolerance);

  const auto decoded = aicl::decodeVideo(path, aicl::defaultDecodeOptions());
  ASSERT_EQ(decoded.size(), frames.size());
  Psnr worst{INFINITY, INFINITY};
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_NEAR(decoded[i].time, i / 8.0, 0.011) << "frame " << i;  // GIF delays are whole 1/100 s
    const Psnr frame_psnr = psnr(frames[i], decoded[i]);
    worst.rgb = std::min(worst.rgb, frame_psnr.rgb);
    worst.luma = std::min(worst.luma, frame_psnr.luma);
  }
  std::cout << "[ psnr     ] " << format_case.name << " " << width << "x" << height << ": worst frame RGB "
            << worst.rgb << " dB, luma " << worst.luma << " dB\n";
  if (std::isinf(format_case.minimum_rgb_psnr)) {
    EXPECT_TRUE(std::isinf(worst.rgb)) << "lossless format differs: " << worst.rgb << " dB";
  } else {
    EXPECT_GT(worst.rgb, format_case.minimum_rgb_psnr);
    EXPECT_GT(worst.luma, format_case.minimum_luma_psnr);
  }

  const std::string stored = aicl::readVideoMetadata(path);
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(nlohmann::json::parse(stored), nlohmann::json::parse(settingsJson()));
}

std::string caseName(const testing::TestParamInfo<VideoWriterRoundTrip::ParamType>& info) {
  const auto& [format_case, size] = info.param;
  std::string name = format_case.name + "_" + std::to_string(size.first) + "x" + std::to_string(size.second);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Formats, VideoWriterRoundTrip,
                         testing::Combine(testing::ValuesIn(kFormats),
                                          testing::Values(std::pair{64, 48}, std::pair{65, 49})),
                         caseName);

// ---- metadata-free files, formats from paths
// -----------------------------------------------------------------

TEST(VideoWriter, FilesWithoutSettingsReadBackEmpty) {
  const auto dir = aicl::test::scratchDir("video_writer_no_settings");
  const auto frames = syntheticClip(32, 32, 4);
  for (const auto& [format, name] :
       {std::pair{VideoFormat::Mp4, "a.mp4"}, std::pair{VideoFormat::WebM, "a.webm"},
        std::pair{VideoFormat::Gif, "a.gif"}, std::pair{VideoFormat::PngSequence, "a"}}) {
    aicl::encodeVideo(dir / name, format, frames, aicl::defaultEncodeOptions());
    EXPECT_EQ(aicl::readVideoMetadata(dir / name), "") << name;
  }
}

TEST(VideoWriter, FormatFromPath) {
  EXPECT_EQ(aicl::videoFormatFromPath("out/clip.mp4"), VideoFormat::Mp4);
  EXPECT_EQ(aicl::videoFormatFromPath("out/clip.MP4"), VideoFormat::Mp4);
  EXPECT_EQ(aicl::videoFormatFromPath("clip.webm"), VideoFormat::WebM);
  EXPECT_EQ(aicl::videoFormatFromPath("clip.gif"), VideoFormat::Gif);
  EXPECT_EQ(aicl::videoFormatFromPath("out/frames"), VideoFormat::PngSequence);
  EXPECT_EQ(aicl::videoFormatFromPath("clip.avi"), std::nullopt);
}

// ---- atomic writes
// -------------------------------------------------------------------------------------------

size_t entriesIn(const std::filesystem::path& dir) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

template <typename Call>
void expectErrorNaming(Call call, const std::string& name) {
  try {
    call();
    ADD_FAILURE() << "no aicl::Error thrown";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
  }
}

TEST(VideoWriter, MissingFolderIsAnError) {
  const auto dir = aicl::test::scratchDir("video_writer_missing_folder");
  const auto frames = syntheticClip(32, 32, 4);
  for (const auto& [format, name] :
       {std::pair{VideoFormat::Mp4, "a.mp4"}, std::pair{VideoFormat::Gif, "a.gif"},
        std::pair{VideoFormat::PngSequence, "a"}}) {
    expectErrorNaming([&] { aicl::encodeVideo(dir / "no_such_folder" / name, format, frames, {}); }, name);
  }
  EXPECT_EQ(entriesIn(dir), 0u);
}

TEST(VideoWriter, FailedWriteLeavesTheOldFileIntact) {
  const auto dir = aicl::test::scratchDir("video_writer_atomic");
  const auto target = dir / "keep.mp4";
  std::ofstream(target, std::ios::binary) << "previous content";
  auto frames = syntheticClip(32, 32, 4);
  frames[2].width = 30;  // inconsistent frame sizes
  frames[2].rgb.resize(30 * 32 * 3);
  expectErrorNaming([&] { aicl::encodeVideo(target, VideoFormat::Mp4, frames, {}); }, "keep.mp4");
  expectErrorNaming([&] { aicl::encodeVideo(target, VideoFormat::Mp4, {}, {}); }, "keep.mp4");
  aicl::EncodeOptions bad_quality;
  bad_quality.crf = 99;
  expectErrorNaming(
      [&] { aicl::encodeVideo(target, VideoFormat::Mp4, syntheticClip(32, 32, 4), bad_quality); },
      "keep.mp4");
  EXPECT_EQ(aicl::test::readFileText(target), "previous content");
  EXPECT_EQ(entriesIn(dir), 1u);  // no temporary left behind

  // A successful write replaces it.
  aicl::encodeVideo(target, VideoFormat::Mp4, syntheticClip(32, 32, 4), {});
  EXPECT_EQ(aicl::probeVideo(target).frame_count, 4);
  EXPECT_EQ(entriesIn(dir), 1u);
}

TEST(VideoWriter, PngSequenceReplacesOnlyASequence) {
  const auto dir = aicl::test::scratchDir("video_writer_png_replace");
  const auto sequence = dir / "frames";
  aicl::encodeVideo(sequence, VideoFormat::PngSequence, syntheticClip(32, 32, 6), {});
  EXPECT_TRUE(std::filesystem::exists(sequence / "frame_00005.png"));
  EXPECT_TRUE(std::filesystem::exists(sequence / "metadata.json"));
  // A shorter clip over it: no stale frames remain.
  aicl::encodeVideo(sequence, VideoFormat::PngSequence, syntheticClip(32, 32, 3), {});
  EXPECT_EQ(entriesIn(sequence), 4u);  // 3 frames + metadata.json
  EXPECT_EQ(aicl::probeVideo(sequence).frame_count, 3);
  EXPECT_EQ(entriesIn(dir), 1u);

  // A folder holding anything else is never replaced.
  const auto precious = dir / "precious";
  std::filesystem::create_directory(precious);
  std::ofstream(precious / "thesis.txt") << "do not delete";
  expectErrorNaming(
      [&] { aicl::encodeVideo(precious, VideoFormat::PngSequence, syntheticClip(32, 32, 3), {}); },
      "precious");
  EXPECT_EQ(aicl::test::readFileText(precious / "thesis.txt"), "do not delete");
  EXPECT_EQ(entriesIn(dir), 2u);
}

}  // namespace
