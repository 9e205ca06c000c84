#pragma once
// One encoder feeding one muxer: opens both, takes pictures with timestamps, flushes and writes the trailer.
// All libav calls are checked; errors are aicl::Error naming the target the user asked for (not the
// temporary file being written).
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "video/ffmpeg_util.h"

namespace aicl::video {

struct StreamSettings {
  std::string muxer;  // "mp4", "webm", "gif", "image2"
  std::string codec;  // "libx264", "libvpx-vp9", "gif", "png"
  AVPixelFormat pixel_format = AV_PIX_FMT_YUV420P;
  int width = 0;
  int height = 0;
  AVRational time_base{1, 25};   // of the timestamps given to write()
  AVRational frame_rate{25, 1};  // nominal rate, written to the stream header
  bool bt709_tags = false;       // tag YUV output as BT.709 limited range (what the RGB->YUV conversion used)
  std::vector<std::pair<std::string, std::string>> codec_options;
  std::vector<std::pair<std::string, std::string>> muxer_options;
  std::vector<std::pair<std::string, std::string>> metadata;  // container tags
};

class StreamEncoder {
 public:
  // `url`: the file (or image2 pattern) to write; `target`: the name used in error messages.
  StreamEncoder(const std::filesystem::path& url, const std::filesystem::path& target,
                const StreamSettings& settings);
  StreamEncoder(const StreamEncoder&) = delete;
  StreamEncoder& operator=(const StreamEncoder&) = delete;

  // Encodes one picture; `duration` in the settings' time base (GIF frame delays vary with rounding).
  void write(AVFrame* picture, int64_t pts, int64_t duration);
  // Flushes delayed packets and finishes the file. Required for a valid output.
  void finish();

 private:
  void drainPackets();
  [[noreturn]] void fail(const std::string& what, int code) const;

  std::filesystem::path target_;
  OutputContextPtr muxer_;
  CodecContextPtr encoder_;
  AVStream* stream_ = nullptr;
  PacketPtr packet_;
  std::map<int64_t, int64_t> durations_;  // pts -> duration, matched back onto (possibly reordered) packets
};

}  // namespace aicl::video
