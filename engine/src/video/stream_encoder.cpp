#include "video/stream_encoder.h"

extern "C" {
#include <libavutil/opt.h>
}

#include <new>

#include "aicl/error.h"
#include "aicl/logging.h"

namespace aicl::video {

namespace {
// libav leaves the options it did not recognise in the dictionary; a renamed option must not pass silently.
void warnAboutUnusedOptions(const std::filesystem::path& target, const char* what,
                            const Dictionary& options) {
  const AVDictionaryEntry* entry = nullptr;
  while ((entry = av_dict_get(options.get(), "", entry, AV_DICT_IGNORE_SUFFIX)))
    aicl::logger()->warn("{}: the {} ignored option {}={}", target.string(), what, entry->key, entry->value);
}
}  // namespace

StreamEncoder::StreamEncoder(const std::filesystem::path& url, const std::filesystem::path& target,
                             const StreamSettings& settings)
    : target_(target) {
  routeFfmpegLogsToEngineLogger();
  packet_ = allocatePacket();
  // "file:" keeps a name containing ':' from being read as a protocol.
  const std::string location = "file:" + url.string();
  AVFormatContext* context = nullptr;
  int result = avformat_alloc_output_context2(&context, nullptr, settings.muxer.c_str(), location.c_str());
  if (result < 0 || !context) fail("cannot set up the " + settings.muxer + " muxer", result);
  muxer_.reset(context);

  const AVCodec* codec = avcodec_find_encoder_by_name(settings.codec.c_str());
  if (!codec) throw Error(target_.string() + ": this FFmpeg build has no " + settings.codec + " encoder");
  stream_ = avformat_new_stream(context, nullptr);
  if (!stream_) throw std::bad_alloc();
  encoder_.reset(avcodec_alloc_context3(codec));
  if (!encoder_) throw std::bad_alloc();
  AVCodecContext* encoder = encoder_.get();
  encoder->width = settings.width;
  encoder->height = settings.height;
  encoder->pix_fmt = settings.pixel_format;
  encoder->time_base = settings.time_base;
  encoder->framerate = settings.frame_rate;
  encoder->sample_aspect_ratio = AVRational{1, 1};
  if (settings.bt709_tags) {
    encoder->color_range = AVCOL_RANGE_MPEG;
    encoder->colorspace = AVCOL_SPC_BT709;
    encoder->color_primaries = AVCOL_PRI_BT709;
    encoder->color_trc = AVCOL_TRC_BT709;
  }
  if (context->oformat->flags & AVFMT_GLOBALHEADER) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  Dictionary codec_options;
  for (const auto& [key, value] : settings.codec_options) codec_options.set(key.c_str(), value);
  result = avcodec_open2(encoder, codec, codec_options.address());
  if (result < 0) fail("cannot open the " + settings.codec + " encoder", result);
  warnAboutUnusedOptions(target_, settings.codec.c_str(), codec_options);
  result = avcodec_parameters_from_context(stream_->codecpar, encoder);
  if (result < 0) fail("cannot describe the encoded stream", result);
  stream_->time_base = encoder->time_base;  // a hint; the muxer may choose another in write_header
  stream_->avg_frame_rate = settings.frame_rate;
  stream_->sample_aspect_ratio = encoder->sample_aspect_ratio;

  for (const auto& [key, value] : settings.metadata)
    av_dict_set(&context->metadata, key.c_str(), value.c_str(), 0);
  if (!(context->oformat->flags & AVFMT_NOFILE)) {
    result = avio_open(&context->pb, location.c_str(), AVIO_FLAG_WRITE);
    if (result < 0) fail("cannot create the file", result);
  }
  Dictionary muxer_options;
  for (const auto& [key, value] : settings.muxer_options) muxer_options.set(key.c_str(), value);
  result = avformat_write_header(context, muxer_options.address());
  if (result < 0) fail("cannot write the " + settings.muxer + " header", result);
  warnAboutUnusedOptions(target_, (settings.muxer + " muxer").c_str(), muxer_options);
}

void StreamEncoder::fail(const std::string& what, int code) const {
  throw Error(target_.string() + ": " + what + " (" + averrorText(code) + ")");
}

void StreamEncoder::write(AVFrame* picture, int64_t pts, int64_t duration) {
  picture->pts = pts;
  durations_[pts] = duration;
  const int result = avcodec_send_frame(encoder_.get(), picture);
  if (result < 0) fail("encoding a frame failed", result);
  drainPackets();
}

void StreamEncoder::drainPackets() {
  while (true) {
    int result = avcodec_receive_packet(encoder_.get(), packet_.get());
    if (result == AVERROR(EAGAIN) || result == AVERROR_EOF) return;
    if (result < 0) fail("encoding failed", result);
    if (auto it = durations_.find(packet_->pts); it != durations_.end()) {
      if (packet_->duration <= 0) packet_->duration = it->second;
      durations_.erase(it);
    }
    av_packet_rescale_ts(packet_.get(), encoder_->time_base, stream_->time_base);
    packet_->stream_index = stream_->index;
    result = av_interleaved_write_frame(muxer_.get(), packet_.get());  // takes the packet's reference
    if (result < 0) fail("writing to the file failed (disk full?)", result);
  }
}

void StreamEncoder::finish() {
  int result = avcodec_send_frame(encoder_.get(), nullptr);
  if (result < 0 && result != AVERROR_EOF) fail("flushing the encoder failed", result);
  drainPackets();
  result = av_write_trailer(muxer_.get());
  if (result < 0) fail("finishing the file failed (disk full?)", result);
  if (muxer_->pb && !(muxer_->oformat->flags & AVFMT_NOFILE)) {
    avio_flush(muxer_->pb);
    if (muxer_->pb->error < 0) fail("writing to the file failed (disk full?)", muxer_->pb->error);
    result = avio_closep(&muxer_->pb);  // closed here so that a failing close is reported
    if (result < 0) fail("closing the file failed", result);
  }
}

}  // namespace aicl::video
