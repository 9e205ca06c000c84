#include "video/ffmpeg_util.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <cstdio>
#include <mutex>
#include <new>

#include "aicl/logging.h"

namespace aicl::video {

FramePtr allocateFrame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw std::bad_alloc();
  return frame;
}

PacketPtr allocatePacket() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw std::bad_alloc();
  return packet;
}

std::string averrorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {0};
  if (av_strerror(code, text, sizeof(text)) < 0) std::snprintf(text, sizeof(text), "error %d", code);
  return text;
}

namespace {

void forwardFfmpegLog(void* object, int level, const char* format, va_list arguments) {
  if (level > AV_LOG_WARNING) return;  // info/verbose/debug chatter is not worth formatting
  char line[1024];
  int print_prefix = 1;
  av_log_format_line2(object, level, format, arguments, line, sizeof(line), &print_prefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  aicl::logger()->debug("ffmpeg: {}", text);
}

}  // namespace

void routeFfmpegLogsToEngineLogger() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(forwardFfmpegLog); });
}

AVPixelFormat withoutJpegAlias(AVPixelFormat format, bool* full_range) {
  switch (format) {
    case AV_PIX_FMT_YUVJ420P:
      *full_range = true;
      return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P:
      *full_range = true;
      return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P:
      *full_range = true;
      return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P:
      *full_range = true;
      return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P:
      *full_range = true;
      return AV_PIX_FMT_YUV411P;
    default:
      return format;
  }
}

void setSwsColorDetails(SwsContext* context, AVColorSpace colorspace, int height, bool yuv_full_range,
                        bool yuv_is_source) {
  int matrix = SWS_CS_DEFAULT;  // BT.601
  switch (colorspace) {
    case AVCOL_SPC_BT709:
      matrix = SWS_CS_ITU709;
      break;
    case AVCOL_SPC_FCC:
      matrix = SWS_CS_FCC;
      break;
    case AVCOL_SPC_BT470BG:
      matrix = SWS_CS_ITU601;
      break;
    case AVCOL_SPC_SMPTE170M:
      matrix = SWS_CS_SMPTE170M;
      break;
    case AVCOL_SPC_SMPTE240M:
      matrix = SWS_CS_SMPTE240M;
      break;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      matrix = SWS_CS_BT2020;
      break;
    default:
      matrix = height >= 720 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
      break;
  }
  const int* yuv_table = sws_getCoefficients(matrix);
  const int* rgb_table = sws_getCoefficients(SWS_CS_DEFAULT);
  // The call fails harmlessly for RGB<->RGB (palette, BGRA) conversions, which have no matrix.
  if (yuv_is_source) {
    sws_setColorspaceDetails(context, yuv_table, yuv_full_range ? 1 : 0, rgb_table, 1, 0, 1 << 16, 1 << 16);
  } else {
    sws_setColorspaceDetails(context, rgb_table, 1, yuv_table, yuv_full_range ? 1 : 0, 0, 1 << 16, 1 << 16);
  }
}

}  // namespace aicl::video
