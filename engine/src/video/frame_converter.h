#pragma once
// The path from a decoded picture to a delivered frame: swscale to packed RGB24 (any pixel format: YUV 8/10
// bit, full-range "J" formats, 4:4:4, palettes, BGRA), the stream's display orientation, then the requested
// resize or centre crop with OpenCV (INTER_AREA when shrinking).
#include "aicl/video_io.h"
#include "video/ffmpeg_util.h"
#include "video/orientation.h"

namespace cv {
class Mat;
}

namespace aicl::video {

// Output size for a display size and DecodeOptions' target: both given -> exactly that; one given -> the
// other follows the display aspect ratio; none -> the display size.
void targetFrameSize(int display_width, int display_height, int target_width, int target_height, int* width,
                     int* height);

// Resizes `image` to width x height. With `crop_to_fill` the source is first centre-cropped to the target's
// aspect ratio (so nothing is stretched); without it the picture is scaled to fit exactly.
cv::Mat resizeToTarget(const cv::Mat& image, int width, int height, bool crop_to_fill);

class FrameConverter {
 public:
  // `coded_width` x `coded_height`: the size every picture is brought to before orientation (pictures of a
  // different size mid-stream are scaled to it, so all frames of one decode share a size).
  FrameConverter(int coded_width, int coded_height, const Orientation& orientation, int target_width,
                 int target_height, bool crop_to_fill);

  Frame convert(const AVFrame& picture, double time);

  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void scaleToRgb(const AVFrame& picture, uint8_t* destination);

  int coded_width_;
  int coded_height_;
  Orientation orientation_;
  int width_ = 0;  // delivered size
  int height_ = 0;
  bool crop_to_fill_;
  SwsPtr sws_;
  // What the current swscale context was made for (pictures rarely change format or size mid-stream).
  int sws_width_ = 0;
  int sws_height_ = 0;
  int sws_format_ = -1;
  int sws_colorspace_ = -1;
  int sws_range_ = -1;
};

}  // namespace aicl::video
