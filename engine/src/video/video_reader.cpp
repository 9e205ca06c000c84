// Decoding side of aicl/video_io.h: probe, sampled decode, thumbnails, probe JSON.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/video_io.h"
#include "video/ffmpeg_util.h"
#include "video/frame_converter.h"
#include "video/video_source.h"

namespace aicl {

using video::Deadline;
using video::VideoSource;

namespace {

constexpr double kProbeTimeoutSeconds = 30.0;
constexpr double kThumbnailTimeoutSeconds = 60.0;
// A frame whose time is this close below the trim start still counts as inside (time-base rounding).
constexpr double kTimeTolerance = 1e-6;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

// True when an index entry of the stream (MP4/MOV sample tables, Matroska cues, AVI idx1) lies beyond the
// end of the file: the file was cut after its index was written.
bool indexPointsPastEnd(VideoSource& source) {
  AVIOContext* io = source.format()->pb;
  if (!io) return false;  // image sequences have no single file
  const int64_t file_size = avio_size(io);
  if (file_size <= 0) return false;
  const int entries = avformat_index_get_entries_count(source.stream());
  for (int i = entries - 1; i >= 0; --i) {
    const AVIndexEntry* entry = avformat_index_get_entry(source.stream(), i);
    if (entry && entry->pos >= 0 && entry->pos + std::max(entry->size, 0) > file_size) return true;
  }
  return false;
}

int64_t countDecodablePictures(VideoSource& source) {
  source.openDecoder();
  int64_t pictures = 0;
  while (source.nextPicture()) {
    ++pictures;
    source.throwIfExpired();
  }
  return pictures;
}

bool validRate(AVRational rate) { return rate.num > 0 && rate.den > 0 && av_q2d(rate) <= 1000.0; }

void validateOptions(const std::filesystem::path& path, const DecodeOptions& options) {
  auto fail = [&](const std::string& problem) { throw Error(path.string() + ": DecodeOptions::" + problem); };
  if (options.sampling == FrameSampling::Count && options.count < 1)
    fail("count must be at least 1 (got " + std::to_string(options.count) + ")");
  if (options.sampling == FrameSampling::Stride && options.stride < 1)
    fail("stride must be at least 1 (got " + std::to_string(options.stride) + ")");
  if (options.sampling == FrameSampling::Fps && !(options.fps > 0.0 && std::isfinite(options.fps)))
    fail("fps must be a positive number (got " + number(options.fps) + ")");
  if (!(options.start >= 0.0 && std::isfinite(options.start)))
    fail("start must be a number of seconds >= 0 (got " + number(options.start) + ")");
  if (std::isnan(options.end) || (options.end >= 0.0 && options.end <= options.start))
    fail("end must be after start, or negative for the end of the file (got " + number(options.end) + ")");
  if (options.target_width < 0 || options.target_height < 0 || options.target_width > 16384 ||
      options.target_height > 16384)
    fail("target size must be 0 (keep) or 1..16384");
  if (!(options.timeout_seconds > 0.0)) fail("timeout_seconds must be positive");
  if (options.max_frames < 1) fail("max_frames must be at least 1");
}

// Indices of linspace(0, in_range - 1, count), rounded; every frame when count >= in_range.
std::vector<int64_t> evenlySpacedIndices(int64_t in_range, int count) {
  std::vector<int64_t> indices;
  if (in_range <= 0) return indices;
  if (count >= in_range) {
    for (int64_t i = 0; i < in_range; ++i) indices.push_back(i);
    return indices;
  }
  for (int k = 0; k < count; ++k) {
    const int64_t index = count == 1 ? 0 : std::llround(double(k) * double(in_range - 1) / double(count - 1));
    if (indices.empty() || index > indices.back()) indices.push_back(index);
  }
  return indices;
}

struct PassResult {
  int64_t decoded = 0;       // pictures out of the decoder
  int64_t in_range = 0;      // ... with a time in [start, end)
  int64_t delivered = 0;     // ... converted and handed over
  bool reached_end = false;  // the pass read the stream to its end (not stopped by `end` or Count)
  bool ended_early = false;
  int decode_errors = 0;
  int64_t header_frames = 0;
  double last_time = 0.0;
};

// One decoding pass. `chosen` (Count sampling only): sorted in-range indices to deliver.
PassResult decodePass(const std::filesystem::path& path, const DecodeOptions& options,
                      const Deadline& deadline, const std::vector<int64_t>& chosen,
                      const std::function<void(Frame&&)>& deliver) {
  VideoSource source(path, deadline);
  source.openDecoder();
  if (options.start > 0.0) source.seekBefore(options.start);
  const AVCodecParameters* parameters = source.stream()->codecpar;
  video::FrameConverter converter(parameters->width, parameters->height, source.orientation(),
                                  options.target_width, options.target_height, options.crop_to_fill);
  PassResult result;
  result.header_frames = source.stream()->nb_frames;
  result.reached_end = true;
  int64_t next_fps_slot = 0;
  size_t next_chosen = 0;
  while (const AVFrame* picture = source.nextPicture()) {
    ++result.decoded;
    const double time = source.pictureTime(*picture);
    result.last_time = time;
    if (time < options.start - kTimeTolerance) continue;  // decoded from the key frame before `start`
    if (options.end >= 0.0 && time >= options.end) {
      result.reached_end = false;
      break;
    }
    const int64_t index = result.in_range++;
    bool take = false;
    switch (options.sampling) {
      case FrameSampling::All:
        take = true;
        break;
      case FrameSampling::Stride:
        take = index % options.stride == 0;
        break;
      case FrameSampling::Fps: {
        const auto slot =
            static_cast<int64_t>(std::floor((time - options.start) * options.fps + kTimeTolerance));
        take = slot >= next_fps_slot;
        if (take) next_fps_slot = slot + 1;
        break;
      }
      case FrameSampling::Count:
        take = next_chosen < chosen.size() && chosen[next_chosen] == index;
        if (take) ++next_chosen;
        break;
    }
    if (!take) continue;
    if (result.delivered >= options.max_frames)
      throw source.error("more than max_frames (" + std::to_string(options.max_frames) +
                         ") frames to return; sample, trim or raise the bound");
    deliver(converter.convert(*picture, time));
    ++result.delivered;
    if (options.sampling == FrameSampling::Count && next_chosen >= chosen.size()) {
      result.reached_end = false;  // everything asked for is out: skip decoding the rest
      break;
    }
  }
  result.ended_early = source.endedEarly();
  result.decode_errors = source.decodeErrors();
  if (result.decoded == 0) {
    throw source.error(
        std::string("no frame could be decoded") +
        (result.ended_early || result.decode_errors > 0 ? " (damaged or truncated file)" : ""));
  }
  if (result.delivered == 0) {
    throw source.error("no frames between " + number(options.start) + " s and " +
                       (options.end >= 0.0 ? number(options.end) + " s" : "the end") + " (last frame at " +
                       number(result.last_time) + " s)");
  }
  return result;
}

void warnIfIncomplete(const std::filesystem::path& path, const DecodeOptions& options,
                      const PassResult& pass) {
  if (!pass.reached_end || options.start > 0.0) return;
  if (pass.ended_early || (pass.header_frames > 0 && pass.decoded + 1 < pass.header_frames)) {
    aicl::logger()->warn(
        "{}: stream ends early: {} frames decoded, the header lists {} (truncated or damaged "
        "file; returning what decoded)",
        path.string(), pass.decoded, pass.header_frames);
  }
}

}  // namespace

DecodeOptions defaultDecodeOptions() { return DecodeOptions{}; }

VideoInfo probeVideo(const std::filesystem::path& path) {
  Deadline deadline(kProbeTimeoutSeconds);
  VideoSource source(path, deadline);
  const AVFormatContext* format = source.format();
  const AVStream* stream = source.stream();
  const AVCodecParameters* parameters = stream->codecpar;

  VideoInfo info;
  info.path = path;
  video::orientedSize(source.orientation(), parameters->width, parameters->height, &info.width, &info.height);
  info.rotation = source.orientation().rotation;
  info.mirrored = source.orientation().transpose ? source.orientation().flip_x == source.orientation().flip_y
                                                 : source.orientation().flip_x != source.orientation().flip_y;
  info.codec = avcodec_get_name(parameters->codec_id);
  info.container = format->iformat ? format->iformat->name : "";
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) info.has_audio = true;

  // Decodable at all? One picture answers it (and names the pixel format when the header did not).
  const AVFrame* first = source.nextPicture();
  if (!first) {
    throw source.error(
        std::string("no frame could be decoded") +
        (source.endedEarly() || source.decodeErrors() > 0 ? " (damaged or truncated file)" : ""));
  }
  const int pixel_format = parameters->format >= 0 ? parameters->format : first->format;
  const char* pixel_format_name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(pixel_format));
  info.pix_fmt = pixel_format_name ? pixel_format_name : "unknown";

  if (validRate(stream->avg_frame_rate)) info.fps = av_q2d(stream->avg_frame_rate);
  if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
    info.duration = stream->duration * av_q2d(stream->time_base);
  } else if (format->duration != AV_NOPTS_VALUE && format->duration > 0 &&
             format->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE) {
    info.duration = format->duration / double(AV_TIME_BASE);
  }
  info.frame_count = stream->nb_frames > 0 ? stream->nb_frames : 0;

  if (info.frame_count == 0 || info.duration <= 0.0 || info.fps <= 0.0) {
    // The header is silent: count the packets (demuxing only, no decoding).
    VideoSource counter(path, deadline);
    const video::PacketScan scan = counter.scanPackets(0.0, -1.0);
    if (info.frame_count == 0) info.frame_count = scan.packets;
    if (info.duration <= 0.0) info.duration = std::max(0.0, scan.end_time - scan.first_time);
    if (info.fps <= 0.0) info.fps = scan.fps_from_spacing;
  }
  if (indexPointsPastEnd(source)) {
    info.truncated = true;
    VideoSource decoder(path, deadline);
    info.decodable_frames = countDecodablePictures(decoder);
  }
  return info;
}

int64_t forEachVideoFrame(const std::filesystem::path& path, const DecodeOptions& options,
                          const std::function<void(Frame&&)>& sink) {
  validateOptions(path, options);
  Deadline deadline(options.timeout_seconds);
  if (options.sampling != FrameSampling::Count) {
    const PassResult pass = decodePass(path, options, deadline, {}, sink);
    warnIfIncomplete(path, options, pass);
    return pass.delivered;
  }

  // Count sampling needs the number of frames in range first: a demuxing pass counts the packets.
  int64_t in_range = 0;
  {
    VideoSource counter(path, deadline);
    if (options.start > 0.0) counter.seekBefore(options.start);
    in_range = counter.scanPackets(options.start, options.end).packets_in_range;
  }
  // The frames are kept until the pass succeeds: when fewer frames decode than packets were counted
  // (truncated file), the indices are spread again over the frames that do decode.
  std::vector<Frame> frames;
  PassResult pass;
  for (int attempt = 0; attempt < 2; ++attempt) {
    frames.clear();
    const auto chosen = evenlySpacedIndices(std::max<int64_t>(in_range, 1), options.count);
    pass = decodePass(path, options, deadline, chosen,
                      [&](Frame&& frame) { frames.push_back(std::move(frame)); });
    const bool all_chosen_out = pass.delivered >= static_cast<int64_t>(chosen.size());
    if (all_chosen_out || pass.in_range >= in_range || pass.in_range == 0) break;
    in_range = pass.in_range;
  }
  if (static_cast<int64_t>(frames.size()) < options.count) {
    aicl::logger()->warn("{}: {} frames asked, only {} in range", path.string(), options.count,
                         frames.size());
  }
  warnIfIncomplete(path, options, pass);
  for (auto& frame : frames) sink(std::move(frame));
  return static_cast<int64_t>(frames.size());
}

std::vector<Frame> decodeVideo(const std::filesystem::path& path, const DecodeOptions& options) {
  std::vector<Frame> frames;
  forEachVideoFrame(path, options, [&](Frame&& frame) { frames.push_back(std::move(frame)); });
  return frames;
}

Frame decodeThumbnail(const std::filesystem::path& path, double time) {
  if (!std::isfinite(time)) throw Error(path.string() + ": thumbnail time must be a finite number");
  time = std::max(0.0, time);
  Deadline deadline(kThumbnailTimeoutSeconds);
  VideoSource source(path, deadline);
  source.openDecoder();
  if (time > 0.0) source.seekBefore(time);
  video::FramePtr nearest = video::allocateFrame();
  double nearest_time = 0.0;
  bool found = false;
  while (const AVFrame* picture = source.nextPicture()) {
    const double picture_time = source.pictureTime(*picture);
    if (!found || std::fabs(picture_time - time) <= std::fabs(nearest_time - time)) {
      av_frame_unref(nearest.get());
      if (av_frame_ref(nearest.get(), picture) < 0) throw std::bad_alloc();
      nearest_time = picture_time;
      found = true;
    }
    if (picture_time >= time) break;  // later pictures are only further away
  }
  if (!found) throw source.error("no frame could be decoded");
  const AVCodecParameters* parameters = source.stream()->codecpar;
  video::FrameConverter converter(parameters->width, parameters->height, source.orientation(), 0, 0, false);
  return converter.convert(*nearest, nearest_time);
}

std::string videoInfoToJson(const VideoInfo& info) {
  nlohmann::ordered_json json;
  json["width"] = info.width;
  json["height"] = info.height;
  json["fps"] = info.fps;
  json["frames"] = info.frame_count;
  json["duration"] = info.duration;
  json["codec"] = info.codec;
  json["pix_fmt"] = info.pix_fmt;
  json["rotation"] = info.rotation;
  json["mirrored"] = info.mirrored;
  json["has_audio"] = info.has_audio;
  json["container"] = info.container;
  json["truncated"] = info.truncated;
  if (info.truncated) json["decodable_frames"] = info.decodable_frames;
  // Replace invalid UTF-8 (odd container names cannot come from FFmpeg, but never throw while printing).
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace aicl
