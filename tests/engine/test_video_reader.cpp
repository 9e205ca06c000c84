// Video decoding against ../shared/media: every row of MANIFEST.tsv (parsed here, so a new row is tested with
// no code change), sampling, trimming, resizing, and the error paths.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "aicl/error.h"
#include "aicl/video_io.h"
#include "test_paths.h"

namespace {

using aicl::DecodeOptions;
using aicl::FrameSampling;

// ---- MANIFEST.tsv
// -------------------------------------------------------------------------------------------

struct ManifestRow {
  std::map<std::string, std::string> fields;
  const std::string& operator[](const std::string& key) const {
    static const std::string empty;
    auto it = fields.find(key);
    return it == fields.end() ? empty : it->second;
  }
  std::string file() const { return (*this)["file"]; }
  // Rows without a picture size are not decodable videos (broken files, audio only).
  bool decodable() const { return (*this)["width"] != "N/A" && (*this)["container"] != "error"; }
  bool audioOnly() const { return (*this)["codec"].find("audio only") != std::string::npos; }
  // The names and notes say which clips carry a -90 degree display matrix (a truncated copy of a rot-90 clip
  // names its source in the notes).
  int expectedRotation() const {
    const auto& notes = (*this)["notes"];
    const bool rotated = file().find("rot-90") != std::string::npos ||
                         notes.find("rot-90") != std::string::npos ||
                         notes.find("rotation -90") != std::string::npos;
    return rotated ? -90 : 0;
  }
  bool truncated() const { return (*this)["notes"].rfind("BROKEN", 0) == 0; }
  // Rows whose header frame count differs from what decodes (the manifest lists decoded frames).
  bool headerCountDiffers() const {
    return truncated() || (*this)["notes"].find("header claims") != std::string::npos;
  }
};

// Test names and failure messages show the file, not the bytes of the struct.
void PrintTo(const ManifestRow& row, std::ostream* out) { *out << row.file(); }

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(line);
  while (std::getline(in, part, '\t')) parts.push_back(part);
  if (!line.empty() && line.back() == '\t') parts.emplace_back();
  return parts;
}

std::vector<ManifestRow> readManifest() {
  std::vector<ManifestRow> rows;
  std::ifstream in(aicl::test::mediaDir() / "MANIFEST.tsv");
  std::string line;
  if (!std::getline(in, line)) return rows;
  const auto header = splitTabs(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto values = splitTabs(line);
    ManifestRow row;
    for (size_t i = 0; i < header.size() && i < values.size(); ++i) row.fields[header[i]] = values[i];
    rows.push_back(row);
  }
  return rows;
}

bool isNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return *end == '\0';
}

std::string testName(const testing::TestParamInfo<ManifestRow>& info) {
  std::string name = info.param.file();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

std::filesystem::path media(const std::string& file) { return aicl::test::mediaDir() / file; }

// Fails unless `call` throws aicl::Error whose message contains every one of `parts`.
template <typename Call>
void expectErrorContaining(Call call, const std::vector<std::string>& parts) {
  try {
    call();
    ADD_FAILURE() << "no aicl::Error thrown (expected one mentioning '" << parts.front() << "')";
  } catch (const aicl::Error& e) {
    for (const auto& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << "message: " << e.what();
  }
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// ---- every manifest row
// -------------------------------------------------------------------------------------

class VideoReaderMedia : public testing::TestWithParam<ManifestRow> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(media(GetParam().file())))
      GTEST_SKIP() << media(GetParam().file()) << " is absent";
  }
};

TEST_P(VideoReaderMedia, ProbeMatchesTheManifest) {
  const ManifestRow& row = GetParam();
  const auto path = media(row.file());
  if (!row.decodable()) {
    expectErrorContaining([&] { aicl::probeVideo(path); }, {row.file()});
    if (row.audioOnly())
      expectErrorContaining([&] { aicl::probeVideo(path); }, {row.file(), "no video stream"});
    return;
  }
  const aicl::VideoInfo info = aicl::probeVideo(path);
  const int coded_width = std::stoi(row["width"]), coded_height = std::stoi(row["height"]);
  const bool quarter_turn = std::abs(row.expectedRotation()) == 90;
  EXPECT_EQ(info.rotation, row.expectedRotation());
  EXPECT_EQ(info.width, quarter_turn ? coded_height : coded_width);
  EXPECT_EQ(info.height, quarter_turn ? coded_width : coded_height);
  EXPECT_EQ(info.codec, row["codec"]);
  EXPECT_EQ(info.container, row["container"]);
  EXPECT_EQ(info.pix_fmt, row["pix_fmt"]);
  EXPECT_EQ(info.has_audio, row["has_audio"].rfind("yes", 0) == 0);
  if (isNumber(row["fps"])) {
    EXPECT_NEAR(info.fps, std::stod(row["fps"]), 0.01);
  } else {
    EXPECT_GE(info.fps, 0.0);  // header silent: derived from packet spacing (checked on the VP9 clip below)
  }
  if (isNumber(row["duration_s"]))
    EXPECT_NEAR(info.duration, std::stod(row["duration_s"]), 0.02);
  else
    EXPECT_GT(info.duration, 0.0);
  EXPECT_EQ(info.truncated, row.truncated());
  const int64_t frames = std::stoll(row["frames"]);
  if (row.headerCountDiffers()) {
    EXPECT_GE(info.frame_count, frames);  // probe reports the header; decoding finds fewer
  } else {
    EXPECT_EQ(info.frame_count, frames);
  }
}

TEST_P(VideoReaderMedia, DecodesEveryFrameInBoundedTime) {
  const ManifestRow& row = GetParam();
  const auto path = media(row.file());
  DecodeOptions options = aicl::defaultDecodeOptions();
  options.timeout_seconds = 120.0;
  if (!row.decodable()) {
    const auto begin = std::chrono::steady_clock::now();
    expectErrorContaining([&] { aicl::decodeVideo(path, options); }, {row.file()});
    EXPECT_LT(seconds(std::chrono::steady_clock::now() - begin), 10.0);
    return;
  }
  const int coded_width = std::stoi(row["width"]), coded_height = std::stoi(row["height"]);
  const bool quarter_turn = std::abs(row.expectedRotation()) == 90;
  const int width = quarter_turn ? coded_height : coded_width,
            height = quarter_turn ? coded_width : coded_height;

  int64_t count = 0;
  double previous_time = -1.0;
  double middle_spread = -1.0;
  const int64_t expected = std::stoll(row["frames"]);
  const auto begin = std::chrono::steady_clock::now();
  const int64_t delivered = aicl::forEachVideoFrame(path, options, [&](aicl::Frame&& frame) {
    ASSERT_EQ(frame.width, width);
    ASSERT_EQ(frame.height, height);
    ASSERT_EQ(frame.rgb.size(), size_t(width) * height * 3);
    EXPECT_GT(frame.time, previous_time) << "frame " << count;
    previous_time = frame.time;
    if (count == expected / 2) {  // a real picture, not a blank conversion: its pixels vary
      auto [low, high] = std::minmax_element(frame.rgb.begin(), frame.rgb.end());
      middle_spread = double(*high) - double(*low);
    }
    ++count;
  });
  const double elapsed = seconds(std::chrono::steady_clock::now() - begin);
  std::cout << "[ timing   ] " << row.file() << ": " << count << " frames " << width << "x" << height
            << " in " << elapsed << " s (" << count / elapsed << " frames/s)\n";
  EXPECT_EQ(delivered, count);
  if (row.truncated()) {
    // The manifest's count is ffprobe's, which reads the audio too and stops at the first audio chunk cut off
    // by the truncation. The reader skips the audio and so also decodes the complete video packets after that
    // chunk (83 for broken_truncated_half.mov): at least the manifest's count, fewer than the header's.
    EXPECT_GE(count, expected);
    EXPECT_LT(count, aicl::probeVideo(path).frame_count);
  } else {
    EXPECT_EQ(count, expected);
  }
  EXPECT_GT(middle_spread, 32.0);
  EXPECT_LT(elapsed, options.timeout_seconds);
}

INSTANTIATE_TEST_SUITE_P(Media, VideoReaderMedia, testing::ValuesIn(readManifest()), testName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(VideoReaderMedia);

// ---- sampling, trimming, resizing
// ----------------------------------------------------------------------------

// 426x240, 300 frames at 29.97 fps, 10.01 s.
class VideoReaderSampling : public testing::Test {
 protected:
  void SetUp() override {
    path_ = media("h264_basketball_426x240.mp4");
    if (!std::filesystem::exists(path_)) GTEST_SKIP() << path_ << " is absent";
  }
  std::vector<aicl::Frame> decode(const DecodeOptions& options) { return aicl::decodeVideo(path_, options); }

  static constexpr double kFrameInterval = 1001.0 / 30000.0;
  std::filesystem::path path_;
};

void expectIncreasingTimes(const std::vector<aicl::Frame>& frames) {
  for (size_t i = 1; i < frames.size(); ++i) EXPECT_GT(frames[i].time, frames[i - 1].time) << "frame " << i;
}

TEST_F(VideoReaderSampling, CountSamplingSpansTheWholeClip) {
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 16;
  const auto frames = decode(options);
  ASSERT_EQ(frames.size(), 16u);
  expectIncreasingTimes(frames);
  EXPECT_NEAR(frames.front().time, 0.0, 1e-6);
  EXPECT_NEAR(frames.back().time, 299 * kFrameInterval, 1e-3);  // the last frame
  // Evenly spaced: index steps of 299/15 = 19.93 frames, rounded.
  for (size_t i = 1; i < frames.size(); ++i)  // rounding moves an index by at most half a frame either way
    EXPECT_NEAR(frames[i].time - frames[i - 1].time, 299.0 / 15 * kFrameInterval, 1.001 * kFrameInterval);
}

TEST_F(VideoReaderSampling, CountSamplingWithinATrimRange) {
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 8;
  options.start = 2.0;
  options.end = 5.0;
  const auto frames = decode(options);
  ASSERT_EQ(frames.size(), 8u);
  expectIncreasingTimes(frames);
  EXPECT_GE(frames.front().time, 2.0 - 1e-6);
  EXPECT_LT(frames.front().time, 2.0 + kFrameInterval);
  EXPECT_LT(frames.back().time, 5.0);
  EXPECT_GT(frames.back().time, 5.0 - 2 * kFrameInterval);
}

TEST_F(VideoReaderSampling, CountAboveTheFrameCountReturnsEveryFrameOnce) {
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 1000;
  const auto frames = decode(options);
  EXPECT_EQ(frames.size(), 300u);
  expectIncreasingTimes(frames);
}

TEST_F(VideoReaderSampling, StrideSampling) {
  DecodeOptions options;
  options.sampling = FrameSampling::Stride;
  options.stride = 7;
  const auto frames = decode(options);
  EXPECT_EQ(frames.size(), 43u);  // ceil(300 / 7)
  expectIncreasingTimes(frames);
  for (size_t i = 1; i < frames.size(); ++i)
    EXPECT_NEAR(frames[i].time - frames[i - 1].time, 7 * kFrameInterval, 1e-3);
}

TEST_F(VideoReaderSampling, FpsSampling) {
  DecodeOptions options;
  options.sampling = FrameSampling::Fps;
  options.fps = 10.0;
  const auto frames = decode(options);
  EXPECT_NEAR(double(frames.size()), 10.01 * 10.0, 1.0);
  expectIncreasingTimes(frames);
  for (size_t i = 1; i < frames.size(); ++i)
    EXPECT_NEAR(frames[i].time - frames[i - 1].time, 0.1, kFrameInterval);
  // A rate above the source's returns each source frame once, never duplicates.
  options.fps = 60.0;
  EXPECT_EQ(decode(options).size(), 300u);
}

TEST_F(VideoReaderSampling, TrimKeepsOnlyTheRange) {
  DecodeOptions options;
  options.start = 2.0;
  options.end = 4.0;
  const auto frames = decode(options);
  EXPECT_NEAR(double(frames.size()), 2.0 / kFrameInterval, 1.0);
  for (const auto& frame : frames) {
    EXPECT_GE(frame.time, 2.0 - 1e-6);
    EXPECT_LT(frame.time, 4.0);
  }
  expectIncreasingTimes(frames);
}

TEST_F(VideoReaderSampling, ResizeAndCropGiveTheTargetSize) {
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 2;
  for (bool crop : {true, false}) {
    for (auto [w, h] : {std::pair{128, 96}, std::pair{100, 100}, std::pair{640, 480}}) {
      options.target_width = w;
      options.target_height = h;
      options.crop_to_fill = crop;
      const auto frames = decode(options);
      ASSERT_EQ(frames.size(), 2u);
      EXPECT_EQ(frames[0].width, w);
      EXPECT_EQ(frames[0].height, h);
      EXPECT_EQ(frames[0].rgb.size(), size_t(w) * h * 3);
    }
  }
  options.target_width = 213;  // height follows the aspect ratio: 426x240 -> 213x120
  options.target_height = 0;
  const auto half = decode(options);
  EXPECT_EQ(half[0].width, 213);
  EXPECT_EQ(half[0].height, 120);
}

TEST_F(VideoReaderSampling, CentreCropTakesTheMiddleOfThePicture) {
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 1;
  const auto full = decode(options);
  options.target_width = 240;  // a 240x240 crop of 426x240 needs no scaling: pixels must match exactly
  options.target_height = 240;
  const auto cropped = decode(options);
  ASSERT_EQ(full.size(), 1u);
  ASSERT_EQ(cropped.size(), 1u);
  const int x0 = (426 - 240) / 2;
  size_t mismatches = 0;
  for (int y = 0; y < 240; ++y)
    for (int x = 0; x < 240 * 3; ++x)
      mismatches += cropped[0].rgb[size_t(y) * 240 * 3 + x] != full[0].rgb[size_t(y) * 426 * 3 + x0 * 3 + x];
  EXPECT_EQ(mismatches, 0u);
}

TEST_F(VideoReaderSampling, ThumbnailIsTheNearestFrame) {
  const aicl::Frame frame = aicl::decodeThumbnail(path_, 5.0);
  EXPECT_EQ(frame.width, 426);
  EXPECT_EQ(frame.height, 240);
  EXPECT_NEAR(frame.time, 5.0, kFrameInterval / 2 + 1e-6);
  EXPECT_NEAR(aicl::decodeThumbnail(path_, 1000.0).time, 299 * kFrameInterval, 1e-3);  // past the end: last
}

TEST_F(VideoReaderSampling, BoundsAndBadOptionsAreErrors) {
  DecodeOptions options;
  options.max_frames = 10;
  expectErrorContaining([&] { decode(options); }, {"h264_basketball_426x240.mp4", "max_frames"});
  options = DecodeOptions{};
  options.timeout_seconds = 1e-9;
  expectErrorContaining([&] { decode(options); }, {"h264_basketball_426x240.mp4", "timeout"});
  options = DecodeOptions{};
  options.sampling = FrameSampling::Count;
  options.count = 0;
  expectErrorContaining([&] { decode(options); }, {"h264_basketball_426x240.mp4", "count"});
  options = DecodeOptions{};
  options.start = 100.0;  // beyond the end
  expectErrorContaining([&] { decode(options); }, {"h264_basketball_426x240.mp4", "no frames between"});
  options = DecodeOptions{};
  options.start = 3.0;
  options.end = 2.0;
  expectErrorContaining([&] { decode(options); }, {"h264_basketball_426x240.mp4", "end"});
}

TEST_F(VideoReaderSampling, InfoJsonHasEveryKey) {
  const auto json = nlohmann::json::parse(aicl::videoInfoToJson(aicl::probeVideo(path_)));
  EXPECT_EQ(json.at("width"), 426);
  EXPECT_EQ(json.at("height"), 240);
  EXPECT_NEAR(json.at("fps").get<double>(), 29.97, 0.01);
  EXPECT_EQ(json.at("frames"), 300);
  EXPECT_NEAR(json.at("duration").get<double>(), 10.01, 0.01);
  EXPECT_EQ(json.at("codec"), "h264");
  EXPECT_EQ(json.at("pix_fmt"), "yuv420p");
  EXPECT_EQ(json.at("rotation"), 0);
  EXPECT_EQ(json.at("has_audio"), false);
}

// ---- particular files
// ----------------------------------------------------------------------------------------

TEST(VideoReader, FpsFromPacketSpacingWhenTheHeaderHasNone) {
  const auto path = media("vp9_pedestrians_1080p_2frames.webm");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto info = aicl::probeVideo(path);
  EXPECT_NEAR(info.fps, 25.0, 0.01);  // pts 0 and 0.040 s
  EXPECT_EQ(info.frame_count, 2);
}

TEST(VideoReader, VariableFrameRateWebmIsCountedByItsPackets) {
  const auto path = media("webcam_hand_wave_h264_vfr.webm");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto info = aicl::probeVideo(path);
  EXPECT_EQ(info.frame_count, 94);
  EXPECT_NEAR(info.duration, 94 / 30.303, 0.15);
}

TEST(VideoReader, TruncatedFileReturnsTheFramesThatDecode) {
  const auto path = media("broken_truncated_half.mov");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  DecodeOptions options;
  options.sampling = FrameSampling::Count;
  options.count = 16;  // spread over the frames that decode (76-83 of them), not the 188 of the header
  const auto frames = aicl::decodeVideo(path, options);
  ASSERT_EQ(frames.size(), 16u);
  expectIncreasingTimes(frames);
  EXPECT_GE(frames.back().time, 75 / 30.0 - 1e-3);
  EXPECT_LE(frames.back().time, 83 / 30.0 + 1e-3);
}

TEST(VideoReader, ProbeFlagsAFileCutShortOfItsIndex) {
  // An MP4 written with its index first (faststart, as encodeVideo does), then cut to 60% of its bytes like an
  // interrupted download: the index still lists every frame, only some of them are in the file.
  const auto dir = aicl::test::scratchDir("video_reader_truncated");
  std::vector<aicl::Frame> frames(75);
  uint32_t noise = 12345;
  for (size_t i = 0; i < frames.size(); ++i) {
    frames[i] = {64, 48, 0.0, std::vector<uint8_t>(64 * 48 * 3)};
    for (auto& value : frames[i].rgb) value = static_cast<uint8_t>((noise = noise * 1664525u + 1013904223u) >> 24);
  }
  const auto whole = dir / "whole.mp4", cut = dir / "cut.mp4";
  aicl::encodeVideo(whole, aicl::VideoFormat::Mp4, frames, aicl::defaultEncodeOptions());
  const auto whole_info = aicl::probeVideo(whole);
  EXPECT_FALSE(whole_info.truncated);
  EXPECT_EQ(whole_info.frame_count, 75);

  std::ifstream in(whole, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * 6 / 10);
  const auto info = aicl::probeVideo(cut);
  EXPECT_TRUE(info.truncated);
  EXPECT_EQ(info.frame_count, 75);  // what the index says
  EXPECT_GT(info.decodable_frames, 20);
  EXPECT_LT(info.decodable_frames, 75);
  DecodeOptions all;
  EXPECT_EQ(static_cast<int64_t>(aicl::decodeVideo(cut, all).size()), info.decodable_frames);
  const auto json = nlohmann::json::parse(aicl::videoInfoToJson(info));
  EXPECT_EQ(json.at("truncated"), true);
  EXPECT_EQ(json.at("decodable_frames"), info.decodable_frames);
  EXPECT_EQ(nlohmann::json::parse(aicl::videoInfoToJson(whole_info)).count("decodable_frames"), 0u);
}

TEST(VideoReader, TransposedDisplayMatrixIsAppliedWithItsFlip) {
  // hevc_10bit_hdr10_rot-90.mkv's matrix is a pure transpose (rotation -90 plus a mirror); the iPhone clip's
  // is a pure -90 rotation. (The pixel mapping of each matrix is checked in test_video_orientation.)
  const auto path = media("hevc_10bit_hdr10_rot-90.mkv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto info = aicl::probeVideo(path);
  EXPECT_EQ(info.rotation, -90);
  EXPECT_TRUE(info.mirrored);
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 560);
  const auto iphone = aicl::probeVideo(media("iphone_golf_swing_portrait_rot-90.mov"));
  EXPECT_EQ(iphone.rotation, -90);
  EXPECT_FALSE(iphone.mirrored);
}

TEST(VideoReader, TimeoutStopsADecodeInProgress) {
  // Decoding and converting the 247 frames of this 720p clip takes about a second on this machine.
  const auto path = media("h264_soccer_juggling_720p.mp4");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  DecodeOptions options;
  options.timeout_seconds = 0.1;
  int64_t delivered = 0;
  const auto begin = std::chrono::steady_clock::now();
  expectErrorContaining([&] { aicl::forEachVideoFrame(path, options, [&](aicl::Frame&&) { ++delivered; }); },
                        {"h264_soccer_juggling_720p.mp4", "timeout"});
  EXPECT_LT(seconds(std::chrono::steady_clock::now() - begin), 0.5);
  EXPECT_LT(delivered, 247);
}

TEST(VideoReader, NotAVideoIsAnError) {
  const auto dir = aicl::test::scratchDir("video_reader_errors");
  const auto text = dir / "notes_renamed.mp4";
  std::ofstream(text) << "This is a plain text file, not a video.\n";
  expectErrorContaining([&] { aicl::probeVideo(text); }, {"notes_renamed.mp4"});
  expectErrorContaining([&] { aicl::decodeVideo(text, DecodeOptions{}); }, {"notes_renamed.mp4"});
  const auto empty = dir / "empty.mp4";
  std::ofstream(empty).flush();
  expectErrorContaining([&] { aicl::probeVideo(empty); }, {"empty.mp4"});
  expectErrorContaining([&] { aicl::probeVideo(dir / "missing.mp4"); }, {"missing.mp4", "no such file"});
  expectErrorContaining([&] { aicl::decodeThumbnail(dir / "missing.mp4"); }, {"missing.mp4"});
  expectErrorContaining([&] { aicl::probeVideo(dir); }, {"video_reader_errors"});  // a folder without frames
}

}  // namespace
