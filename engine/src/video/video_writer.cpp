// Encoding side of aicl/video_io.h: MP4 (H.264), WebM (VP9), GIF, PNG sequences; settings metadata.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/video_io.h"
#include "core/json_file.h"
#include "io/atomic_file.h"
#include "video/ffmpeg_util.h"
#include "video/gif_comment.h"
#include "video/gif_palette.h"
#include "video/png_sequence.h"
#include "video/stream_encoder.h"
#include "video/video_source.h"

namespace aicl {

using namespace video;

namespace {

constexpr const char* kSettingsTag = "aicl_settings";
constexpr int kMaxDimension = 16384;

std::string lowerExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

void validateInput(const std::filesystem::path& target, VideoFormat format, const std::vector<Frame>& frames,
                   const EncodeOptions& options) {
  auto fail = [&](const std::string& problem) { throw Error(target.string() + ": " + problem); };
  if (frames.empty()) fail("no frames to write");
  const int width = frames[0].width, height = frames[0].height;
  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& frame = frames[i];
    const std::string name = "frame " + std::to_string(i);
    if (frame.width <= 0 || frame.height <= 0 || frame.width > kMaxDimension || frame.height > kMaxDimension)
      fail(name + " has an invalid size " + std::to_string(frame.width) + "x" + std::to_string(frame.height));
    if (frame.rgb.size() != size_t(frame.width) * frame.height * 3)
      fail(name + " holds " + std::to_string(frame.rgb.size()) +
           " bytes, expected width * height * 3 = " + std::to_string(size_t(frame.width) * frame.height * 3));
    if (frame.width != width || frame.height != height)
      fail(name + " is " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
           " but frame 0 is " + std::to_string(width) + "x" + std::to_string(height) +
           ": all frames must share one size");
  }
  if (!(options.fps > 0.0 && options.fps <= 1000.0)) fail("fps must be in (0, 1000]");
  const int max_crf = format == VideoFormat::WebM ? 63 : 51;
  if ((format == VideoFormat::Mp4 || format == VideoFormat::WebM) &&
      (options.crf < 0 || options.crf > max_crf))
    fail("crf must be from 0 to " + std::to_string(max_crf) + " (got " + std::to_string(options.crf) + ")");
}

FramePtr makePicture(AVPixelFormat format, int width, int height) {
  FramePtr picture = allocateFrame();
  picture->format = format;
  picture->width = width;
  picture->height = height;
  if (av_frame_get_buffer(picture.get(), 0) < 0) throw std::bad_alloc();
  return picture;
}

std::vector<std::pair<std::string, std::string>> settingsTags(const EncodeOptions& options) {
  if (options.metadata_json.empty()) return {};
  return {{kSettingsTag, options.metadata_json}};
}

// MP4 (H.264) and WebM (VP9): RGB -> BT.709 limited-range yuv420p.
void encodeYuvVideo(const std::filesystem::path& file, const std::filesystem::path& target,
                    VideoFormat format, const std::vector<Frame>& frames, const EncodeOptions& options) {
  const int width = frames[0].width, height = frames[0].height;
  // x264 needs even sizes for 4:2:0; VP9 codes any size (its chroma planes round up).
  const bool mp4 = format == VideoFormat::Mp4;
  const int coded_width = mp4 ? width + width % 2 : width;
  const int coded_height = mp4 ? height + height % 2 : height;
  const AVRational rate = av_d2q(options.fps, 1001000);

  StreamSettings settings;
  settings.muxer = mp4 ? "mp4" : "webm";
  settings.codec = mp4 ? "libx264" : "libvpx-vp9";
  settings.pixel_format = AV_PIX_FMT_YUV420P;
  settings.width = coded_width;
  settings.height = coded_height;
  settings.time_base = av_inv_q(rate);
  settings.frame_rate = rate;
  settings.bt709_tags = true;
  settings.metadata = settingsTags(options);
  if (mp4) {
    settings.codec_options = {{"preset", "medium"}, {"crf", std::to_string(options.crf)}};
    // use_metadata_tags: keep custom keys such as aicl_settings; faststart: playable while downloading.
    settings.muxer_options = {{"movflags", "+faststart+use_metadata_tags"}};
  } else {
    // Constant quality needs a zero target bitrate; cpu-used 4 is libvpx's usual speed/quality balance.
    settings.codec_options = {{"crf", std::to_string(options.crf)},
                              {"b", "0"},
                              {"deadline", "good"},
                              {"cpu-used", "4"},
                              {"row-mt", "1"}};
  }
  StreamEncoder encoder(file, target, settings);

  SwsPtr sws(sws_getContext(coded_width, coded_height, AV_PIX_FMT_RGB24, coded_width, coded_height,
                            AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr,
                            nullptr, nullptr));
  if (!sws) throw Error(target.string() + ": cannot set up the RGB to YUV conversion");
  setSwsColorDetails(sws.get(), AVCOL_SPC_BT709, coded_height, false, false);

  cv::Mat padded;
  for (size_t i = 0; i < frames.size(); ++i) {
    const uint8_t* rgb = frames[i].rgb.data();
    int stride = width * 3;
    if (coded_width != width || coded_height != height) {
      // Repeat the last column/row: invisible in the padded margin and no colour bleeding at the edge.
      const cv::Mat source(height, width, CV_8UC3, const_cast<uint8_t*>(rgb));
      cv::copyMakeBorder(source, padded, 0, coded_height - height, 0, coded_width - width,
                         cv::BORDER_REPLICATE);
      rgb = padded.data;
      stride = static_cast<int>(padded.step);
    }
    FramePtr picture = makePicture(AV_PIX_FMT_YUV420P, coded_width, coded_height);
    const uint8_t* source_planes[4] = {rgb, nullptr, nullptr, nullptr};
    const int source_strides[4] = {stride, 0, 0, 0};
    if (sws_scale(sws.get(), source_planes, source_strides, 0, coded_height, picture->data,
                  picture->linesize) <= 0)
      throw Error(target.string() + ": RGB to YUV conversion failed");
    encoder.write(picture.get(), static_cast<int64_t>(i), 1);
  }
  encoder.finish();
}

// GIF: one median-cut palette for the clip; delays in GIF's 1/100 s units.
void encodeGif(const std::filesystem::path& file, const std::filesystem::path& target,
               const std::vector<Frame>& frames, const EncodeOptions& options) {
  const int width = frames[0].width, height = frames[0].height;
  PaletteMapper mapper(medianCutPalette(frames, 256));
  uint32_t palette[256];
  for (int i = 0; i < 256; ++i) palette[i] = 0xFF000000u;  // opaque black for unused entries
  for (size_t i = 0; i < mapper.palette().size(); ++i) {
    const Rgb& color = mapper.palette()[i];
    palette[i] = 0xFF000000u | (uint32_t(color[0]) << 16) | (uint32_t(color[1]) << 8) | color[2];
  }
  if (options.fps > 50.0)
    aicl::logger()->warn("{}: GIF delays are whole 1/100 s; {} fps plays slower in most viewers",
                         target.string(), options.fps);

  StreamSettings settings;
  settings.muxer = "gif";
  settings.codec = "gif";
  settings.pixel_format = AV_PIX_FMT_PAL8;
  settings.width = width;
  settings.height = height;
  settings.time_base = AVRational{1, 100};
  settings.frame_rate = av_d2q(options.fps, 1001000);
  {
    StreamEncoder encoder(file, target, settings);
    auto centiseconds = [&](size_t index) {
      return static_cast<int64_t>(std::llround(index * 100.0 / options.fps));
    };
    int64_t previous_pts = -1;
    for (size_t i = 0; i < frames.size(); ++i) {
      FramePtr picture = makePicture(AV_PIX_FMT_PAL8, width, height);
      std::memcpy(picture->data[1], palette, sizeof(palette));
      const uint8_t* rgb = frames[i].rgb.data();
      for (int y = 0; y < height; ++y) {
        uint8_t* row = picture->data[0] + size_t(y) * picture->linesize[0];
        const uint8_t* source = rgb + size_t(y) * width * 3;
        for (int x = 0; x < width; ++x)
          row[x] = mapper.indexOf(source[3 * x], source[3 * x + 1], source[3 * x + 2]);
      }
      const int64_t pts = std::max(previous_pts + 1, centiseconds(i));
      const int64_t duration = std::max<int64_t>(1, centiseconds(i + 1) - pts);
      encoder.write(picture.get(), pts, duration);
      previous_pts = pts;
    }
    encoder.finish();
  }  // the file is closed before the comment is appended
  if (!options.metadata_json.empty())
    appendGifComment(file, kGifSettingsPrefix + options.metadata_json, target);
}

void encodePngFrames(const std::filesystem::path& folder, const std::filesystem::path& target,
                     const std::vector<Frame>& frames, const EncodeOptions& options) {
  const int width = frames[0].width, height = frames[0].height;
  const AVRational rate = av_d2q(options.fps, 1001000);
  StreamSettings settings;
  settings.muxer = "image2";
  settings.codec = "png";
  settings.pixel_format = AV_PIX_FMT_RGB24;
  settings.width = width;
  settings.height = height;
  settings.time_base = av_inv_q(rate);
  settings.frame_rate = rate;
  settings.muxer_options = {{"start_number", "0"}};
  StreamEncoder encoder(folder / kPngFramePattern, target, settings);
  for (size_t i = 0; i < frames.size(); ++i) {
    FramePtr picture = makePicture(AV_PIX_FMT_RGB24, width, height);
    for (int y = 0; y < height; ++y)
      std::memcpy(picture->data[0] + size_t(y) * picture->linesize[0],
                  frames[i].rgb.data() + size_t(y) * width * 3, size_t(width) * 3);
    encoder.write(picture.get(), static_cast<int64_t>(i), 1);
  }
  encoder.finish();

  nlohmann::json metadata;
  metadata["format"] = kPngSequenceFormatTag;
  metadata["fps"] = options.fps;
  metadata["frames"] = frames.size();
  metadata["width"] = width;
  metadata["height"] = height;
  if (!options.metadata_json.empty()) {
    // Embedded as JSON (readable) when it parses, else kept verbatim as a string.
    const auto parsed = nlohmann::json::parse(options.metadata_json, nullptr, false);
    metadata["settings"] = parsed.is_discarded() ? nlohmann::json(options.metadata_json) : parsed;
  }
  writeJsonFile(folder / kPngSequenceMetadataFile, metadata);
}

// A folder cannot be renamed over a non-empty one: the old sequence steps aside first and is deleted once
// the new one is in place (restored if that fails), so the target is always a complete sequence or absent
// only for the instant between the two renames.
void writePngSequence(const std::filesystem::path& target, const std::vector<Frame>& frames,
                      const EncodeOptions& options) {
  const auto parent = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  if (!std::filesystem::is_directory(parent))
    throw Error(target.string() + ": folder " + parent.string() + " does not exist");
  const bool replacing = std::filesystem::exists(target);
  if (replacing && !looksLikePngSequence(target))
    throw Error(target.string() +
                ": exists and is not a PNG sequence (only frame_NNNNN.png and metadata.json); "
                "not replacing it");
  const auto temporary = temporaryPathFor(target);
  try {
    std::filesystem::create_directory(temporary);
    encodePngFrames(temporary, target, frames, options);
    if (!replacing) {
      std::filesystem::rename(temporary, target);
      return;
    }
    const auto old = temporaryPathFor(target);
    std::filesystem::rename(target, old);
    try {
      std::filesystem::rename(temporary, target);
    } catch (...) {
      std::error_code ignored;
      std::filesystem::rename(old, target, ignored);
      throw;
    }
    std::error_code ignored;
    std::filesystem::remove_all(old, ignored);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temporary, ignored);
    throw;
  }
}

}  // namespace

EncodeOptions defaultEncodeOptions() { return EncodeOptions{}; }

std::optional<VideoFormat> videoFormatFromPath(const std::filesystem::path& path) {
  const std::string extension = lowerExtension(path);
  if (extension == ".mp4") return VideoFormat::Mp4;
  if (extension == ".webm") return VideoFormat::WebM;
  if (extension == ".gif") return VideoFormat::Gif;
  std::error_code error;
  if (extension.empty() || std::filesystem::is_directory(path, error)) return VideoFormat::PngSequence;
  return std::nullopt;
}

void encodeVideo(const std::filesystem::path& path, VideoFormat format, const std::vector<Frame>& frames,
                 const EncodeOptions& options) {
  validateInput(path, format, frames, options);
  try {
    switch (format) {
      case VideoFormat::Mp4:
      case VideoFormat::WebM:
        replaceFileAtomically(path, [&](const std::filesystem::path& temporary) {
          encodeYuvVideo(temporary, path, format, frames, options);
        });
        break;
      case VideoFormat::Gif:
        replaceFileAtomically(path, [&](const std::filesystem::path& temporary) {
          encodeGif(temporary, path, frames, options);
        });
        break;
      case VideoFormat::PngSequence:
        writePngSequence(path, frames, options);
        break;
    }
  } catch (const std::filesystem::filesystem_error& e) {
    throw Error(path.string() + ": " + e.what());
  }
}

std::string readVideoMetadata(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return pngSequenceSettings(path);
  if (!std::filesystem::exists(path, error)) throw Error(path.string() + ": no such file");
  if (isGifFile(path)) {
    const std::string prefix = kGifSettingsPrefix;
    for (const auto& comment : readGifComments(path))
      if (comment.compare(0, prefix.size(), prefix) == 0) return comment.substr(prefix.size());
    return "";
  }
  Deadline deadline(30.0);
  VideoSource source(path, deadline);
  const AVDictionaryEntry* entry = av_dict_get(source.format()->metadata, kSettingsTag, nullptr, 0);
  if (!entry) entry = av_dict_get(source.stream()->metadata, kSettingsTag, nullptr, 0);
  return entry ? entry->value : "";
}

}  // namespace aicl
