#include "video/video_source.h"

extern "C" {
#include <libavutil/display.h>
}

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

#include "aicl/logging.h"
#include "video/png_sequence.h"

namespace aicl::video {

namespace {

int interruptWhenExpired(void* opaque) { return static_cast<const Deadline*>(opaque)->expired() ? 1 : 0; }

// A decoder can report a run of per-frame errors (frame threading); after this many in a row, feed it more.
constexpr int kMaxConsecutiveReceiveErrors = 32;

bool isUsableVideoStream(const AVStream* stream) {
  return stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
         !(stream->disposition & AV_DISPOSITION_ATTACHED_PIC);
}

}  // namespace

Deadline::Deadline(double seconds) : seconds_(seconds) {
  // Clamp so that "no practical limit" (huge or infinite values) cannot overflow the clock.
  const double capped = std::isnan(seconds) ? 0.0 : std::clamp(seconds, 0.0, 1.0e7);
  end_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                std::chrono::duration<double>(capped));
}

VideoSource::VideoSource(const std::filesystem::path& path, const Deadline& deadline)
    : path_(path), deadline_(deadline) {
  routeFfmpegLogsToEngineLogger();
  packet_ = allocatePacket();
  picture_ = allocateFrame();
  open();
  selectVideoStream();
}

Error VideoSource::error(const std::string& problem) const { return Error(path_.string() + ": " + problem); }

void VideoSource::throwIfExpired() const {
  if (deadline_.expired()) {
    char seconds[32];
    std::snprintf(seconds, sizeof(seconds), "%g", deadline_.seconds());
    throw error(std::string("timeout: gave up after ") + seconds + " s (DecodeOptions::timeout_seconds)");
  }
}

void VideoSource::open() {
  std::error_code status_error;
  const auto status = std::filesystem::status(path_, status_error);
  if (status_error || !std::filesystem::exists(status)) throw error("no such file");

  std::string url;
  const AVInputFormat* input_format = nullptr;
  Dictionary options;
  if (std::filesystem::is_directory(status)) {
    if (!std::filesystem::exists(pngFramePath(path_, 0)))
      throw error("is a folder, not a video file or a PNG sequence (no frame_00000.png)");
    url = "file:" + (path_ / kPngFramePattern).string();
    input_format = av_find_input_format("image2");
    if (const double fps = pngSequenceFps(path_); fps > 0.0) options.set("framerate", std::to_string(fps));
  } else if (!std::filesystem::is_regular_file(status)) {
    // Devices and pipes could block forever inside open(), before any interrupt callback runs.
    throw error("not a regular file");
  } else {
    url = "file:" + path_.string();  // the prefix keeps names with ':' from being taken for a protocol
  }
  // Local files only: a crafted playlist must not make the reader fetch URLs.
  options.set("protocol_whitelist", "file");

  AVFormatContext* context = avformat_alloc_context();
  if (!context) throw std::bad_alloc();
  context->interrupt_callback.callback = interruptWhenExpired;
  context->interrupt_callback.opaque = const_cast<Deadline*>(&deadline_);
  // A packet the demuxer knows is cut short (truncated file) would decode to a half-grey picture: drop it.
  context->flags |= AVFMT_FLAG_DISCARD_CORRUPT;
  int result = avformat_open_input(&context, url.c_str(), input_format, options.address());
  if (result < 0) {  // avformat_open_input has freed the context
    throwIfExpired();
    throw error("not a media file FFmpeg can read (" + averrorText(result) + ")");
  }
  format_.reset(context);
  result = avformat_find_stream_info(context, nullptr);
  if (result < 0) {
    throwIfExpired();
    if (context->nb_streams == 0) throw error("cannot read stream information (" + averrorText(result) + ")");
    aicl::logger()->debug("{}: incomplete stream information ({})", path_.string(), averrorText(result));
  }
}

void VideoSource::selectVideoStream() {
  AVFormatContext* context = format_.get();
  int index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0 || !isUsableVideoStream(context->streams[index])) {
    index = -1;
    for (unsigned i = 0; i < context->nb_streams; ++i) {
      if (isUsableVideoStream(context->streams[i])) {
        index = static_cast<int>(i);
        break;
      }
    }
  }
  if (index < 0) {
    for (unsigned i = 0; i < context->nb_streams; ++i)
      if (context->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC)
        throw error("no video stream (only a cover picture)");
    throw error("no video stream");
  }
  stream_ = context->streams[index];
  // Other streams (audio, data, attachments) are not even demuxed into packets.
  for (unsigned i = 0; i < context->nb_streams; ++i)
    if (static_cast<int>(i) != index) context->streams[i]->discard = AVDISCARD_ALL;
  if (stream_->codecpar->width <= 0 || stream_->codecpar->height <= 0)
    throw error(std::string("the ") + avcodec_get_name(stream_->codecpar->codec_id) +
                " video stream has no picture size (damaged or unsupported)");

  size_t matrix_size = 0;
  const uint8_t* matrix = av_stream_get_side_data(stream_, AV_PKT_DATA_DISPLAYMATRIX, &matrix_size);
  if (matrix && matrix_size >= 9 * sizeof(int32_t)) {
    orientation_ = orientationFromDisplayMatrix(reinterpret_cast<const int32_t*>(matrix));
    if (orientation_.rotation % 90 != 0)
      aicl::logger()->warn("{}: display rotation of {} degrees is not a multiple of 90; shown unrotated",
                           path_.string(), orientation_.rotation);
  }
}

double VideoSource::secondsOf(int64_t timestamp) const {
  const int64_t start = stream_->start_time != AV_NOPTS_VALUE ? stream_->start_time : 0;
  return static_cast<double>(timestamp - start) * av_q2d(stream_->time_base);
}

bool VideoSource::readPacket() {
  while (true) {
    throwIfExpired();
    av_packet_unref(packet_.get());
    const int result = av_read_frame(format_.get(), packet_.get());
    if (result == AVERROR(EAGAIN)) continue;
    if (result < 0) {
      throwIfExpired();  // AVERROR_EXIT: the interrupt callback fired
      if (result != AVERROR_EOF) {
        ended_early_ = true;
        aicl::logger()->debug("{}: read stopped: {}", path_.string(), averrorText(result));
      }
      return false;
    }
    if (packet_->stream_index == stream_->index) return true;
  }
}

PacketScan VideoSource::scanPackets(double start, double end) {
  PacketScan scan;
  int64_t timed = 0;
  double first = std::numeric_limits<double>::infinity();
  double last = -std::numeric_limits<double>::infinity();
  double end_time = 0.0;
  while (readPacket()) {
    if (packet_->size <= 0 || (packet_->flags & AV_PKT_FLAG_DISCARD)) continue;
    ++scan.packets;
    const int64_t timestamp = packet_->pts != AV_NOPTS_VALUE ? packet_->pts : packet_->dts;
    if (timestamp == AV_NOPTS_VALUE) {
      if (start <= 0.0 && end < 0.0) ++scan.packets_in_range;
      continue;
    }
    const double time = secondsOf(timestamp);
    ++timed;
    first = std::min(first, time);
    last = std::max(last, time);
    end_time =
        std::max(end_time, time + std::max<int64_t>(packet_->duration, 0) * av_q2d(stream_->time_base));
    if (time >= start - 1e-9 && (end < 0.0 || time < end)) ++scan.packets_in_range;
  }
  if (timed > 0) {
    scan.first_time = first;
    scan.end_time = std::max(end_time, last);
    if (timed >= 2 && last > first) scan.fps_from_spacing = double(timed - 1) / (last - first);
  }
  return scan;
}

void VideoSource::openDecoder() {
  if (decoder_) return;
  const AVCodecParameters* parameters = stream_->codecpar;
  const std::string codec_name = avcodec_get_name(parameters->codec_id);
  const AVCodec* codec = avcodec_find_decoder(parameters->codec_id);
  if (!codec) throw error("no decoder for the " + codec_name + " codec in this FFmpeg build");
  decoder_.reset(avcodec_alloc_context3(codec));
  if (!decoder_) throw std::bad_alloc();
  int result = avcodec_parameters_to_context(decoder_.get(), parameters);
  if (result < 0) throw error("bad " + codec_name + " stream parameters (" + averrorText(result) + ")");
  decoder_->pkt_timebase = stream_->time_base;
  decoder_->thread_count = 0;  // one per core
  decoder_->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  result = avcodec_open2(decoder_.get(), codec, nullptr);
  if (result < 0) throw error("cannot open the " + codec_name + " decoder (" + averrorText(result) + ")");
}

const AVFrame* VideoSource::nextPicture() {
  openDecoder();
  int consecutive_errors = 0;
  while (true) {
    int result = avcodec_receive_frame(decoder_.get(), picture_.get());
    if (result >= 0) return picture_.get();
    if (result == AVERROR_EOF) return nullptr;
    if (result != AVERROR(EAGAIN)) {
      ++decode_errors_;
      aicl::logger()->debug("{}: decode error: {}", path_.string(), averrorText(result));
      if (++consecutive_errors < kMaxConsecutiveReceiveErrors) continue;
      if (draining_) return nullptr;
    } else if (draining_) {
      return nullptr;  // the decoder cannot need input after a flush; do not spin
    }
    consecutive_errors = 0;
    if (!packet_pending_ && !readPacket()) {
      result = avcodec_send_packet(decoder_.get(), nullptr);  // flush: the delayed pictures come out
      draining_ = true;
      if (result < 0 && result != AVERROR_EOF) return nullptr;
      continue;
    }
    result = avcodec_send_packet(decoder_.get(), packet_.get());
    packet_pending_ = result == AVERROR(EAGAIN);
    if (result < 0 && !packet_pending_) {
      ++decode_errors_;
      aicl::logger()->debug("{}: corrupt packet skipped: {}", path_.string(), averrorText(result));
    }
    throwIfExpired();
  }
}

double VideoSource::pictureTime(const AVFrame& picture) {
  int64_t timestamp = picture.best_effort_timestamp;
  if (timestamp == AV_NOPTS_VALUE) timestamp = picture.pts;
  double time = 0.0;
  if (timestamp != AV_NOPTS_VALUE) {
    time = secondsOf(timestamp);
  } else if (last_picture_time_ >= 0.0) {
    const AVRational rate = stream_->avg_frame_rate;
    const double fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 25.0;
    time = last_picture_time_ + 1.0 / fps;
  }
  last_picture_time_ = time;
  return time;
}

bool VideoSource::seekBefore(double seconds) {
  const int64_t start = stream_->start_time != AV_NOPTS_VALUE ? stream_->start_time : 0;
  const double ticks = seconds / av_q2d(stream_->time_base);
  if (!std::isfinite(ticks) || std::fabs(ticks) > 1e17) return false;
  const int64_t target = start + static_cast<int64_t>(std::llround(ticks));
  const int result = av_seek_frame(format_.get(), stream_->index, target, AVSEEK_FLAG_BACKWARD);
  throwIfExpired();
  if (result < 0) return false;
  if (decoder_) avcodec_flush_buffers(decoder_.get());
  draining_ = false;
  packet_pending_ = false;
  last_picture_time_ = -1.0;
  return true;
}

}  // namespace aicl::video
