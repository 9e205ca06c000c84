#pragma once
// Owners for libav* objects (every allocation is freed by a destructor, on every path) and small helpers
// shared by the video reader and writer. Engine-private: the public headers never include FFmpeg.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace aicl::video {

struct InputContextCloser {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
using InputContextPtr = std::unique_ptr<AVFormatContext, InputContextCloser>;

// An output context also owns its AVIOContext (unless the muxer writes files itself, as image2 does).
struct OutputContextCloser {
  void operator()(AVFormatContext* context) const {
    if (context->oformat && !(context->oformat->flags & AVFMT_NOFILE)) avio_closep(&context->pb);
    avformat_free_context(context);
  }
};
using OutputContextPtr = std::unique_ptr<AVFormatContext, OutputContextCloser>;

struct CodecContextFreer {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;

struct FrameFreer {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;

struct PacketFreer {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;

struct SwsFreer {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

// An AVDictionary* that frees itself.
class Dictionary {
 public:
  Dictionary() = default;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary() { av_dict_free(&dict_); }
  void set(const char* key, const std::string& value) { av_dict_set(&dict_, key, value.c_str(), 0); }
  AVDictionary** address() { return &dict_; }
  AVDictionary* get() const { return dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

// Allocators that throw std::bad_alloc instead of returning null.
FramePtr allocateFrame();
PacketPtr allocatePacket();

// FFmpeg's text for an AVERROR code ("Invalid data found when processing input").
std::string averrorText(int code);

// Sends FFmpeg's own log lines to the engine logger at debug level (once per process), so a broken file
// does not spray decoder noise on stderr; the caller reports one clear error instead.
void routeFfmpegLogsToEngineLogger();

// The YUV format without the deprecated "J" (full-range) alias, and whether the alias meant full range.
AVPixelFormat withoutJpegAlias(AVPixelFormat format, bool* full_range);

// Tells swscale which YUV<->RGB matrix and ranges to use. `colorspace` unspecified: BT.709 for HD
// (height >= 720), BT.601 below, as players do.
void setSwsColorDetails(SwsContext* context, AVColorSpace colorspace, int height, bool yuv_full_range,
                        bool yuv_is_source);

}  // namespace aicl::video
