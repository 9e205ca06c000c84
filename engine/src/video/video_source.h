#pragma once
// One opened video file: its demuxer, its main video stream and (on demand) that stream's decoder. Every
// libav call is checked; problems become aicl::Error "<file>: <problem>". A Deadline interrupts blocking I/O
// (AVIOInterruptCB) and is checked between packets, so no pass over a file can hang.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "aicl/error.h"
#include "video/ffmpeg_util.h"
#include "video/orientation.h"

namespace aicl::video {

class Deadline {
 public:
  explicit Deadline(double seconds);
  bool expired() const { return std::chrono::steady_clock::now() >= end_; }
  double seconds() const { return seconds_; }

 private:
  std::chrono::steady_clock::time_point end_;
  double seconds_;
};

// What one demuxing pass (no decoding) finds: cheap, and exact where headers are silent or wrong.
struct PacketScan {
  int64_t packets = 0;            // video packets holding a picture (empty and discarded ones skipped)
  int64_t packets_in_range = 0;   // ... whose presentation time lies in [start, end)
  double first_time = 0.0;        // seconds from the stream start
  double end_time = 0.0;          // last presentation time plus that packet's duration
  double fps_from_spacing = 0.0;  // (packets - 1) / (last - first presentation time); 0 when unknown
};

class VideoSource {
 public:
  // Opens `path` (a media file, or a folder holding a PNG sequence frame_00000.png ... written by
  // encodeVideo) and selects its video stream. Throws aicl::Error for a missing file, a file FFmpeg cannot
  // read, or one without a video stream.
  VideoSource(const std::filesystem::path& path, const Deadline& deadline);
  VideoSource(const VideoSource&) = delete;
  VideoSource& operator=(const VideoSource&) = delete;

  const std::filesystem::path& path() const { return path_; }
  AVFormatContext* format() const { return format_.get(); }
  AVStream* stream() const { return stream_; }
  const Orientation& orientation() const { return orientation_; }

  // aicl::Error "<file>: <problem>".
  Error error(const std::string& problem) const;
  void throwIfExpired() const;

  // Seconds from the stream's start for a timestamp in the stream time base.
  double secondsOf(int64_t timestamp) const;

  // Demuxes the rest of the file without decoding. Packets without timestamps count as in range.
  PacketScan scanPackets(double start, double end);

  void openDecoder();
  AVCodecContext* decoder() const { return decoder_.get(); }
  // The next decoded picture in presentation order, or null at the end of the stream. Owned by the source,
  // valid until the next call. Corrupt packets are skipped (counted in decodeErrors()).
  const AVFrame* nextPicture();
  // Presentation time of a picture from nextPicture(), in seconds from the stream start; estimated from the
  // frame rate when the picture carries no timestamp.
  double pictureTime(const AVFrame& picture);
  // Seeks (backwards to a key frame) so that decoding resumes at or before `seconds`. False when the demuxer
  // cannot seek; decoding then continues from where it was.
  bool seekBefore(double seconds);

  // True once a read failed with an error other than end of file (a truncated or damaged file).
  bool endedEarly() const { return ended_early_; }
  int decodeErrors() const { return decode_errors_; }

 private:
  void open();
  void selectVideoStream();
  // Reads the next packet of the video stream into packet_; false at the end (or on a read error).
  bool readPacket();

  std::filesystem::path path_;
  const Deadline& deadline_;
  InputContextPtr format_;
  AVStream* stream_ = nullptr;
  Orientation orientation_;
  CodecContextPtr decoder_;
  PacketPtr packet_;
  FramePtr picture_;
  bool draining_ = false;
  bool packet_pending_ = false;  // packet_ holds a packet the decoder has not accepted yet
  bool ended_early_ = false;
  int decode_errors_ = 0;
  double last_picture_time_ = -1.0;
};

}  // namespace aicl::video
