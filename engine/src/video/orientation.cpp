#include "video/orientation.h"

extern "C" {
#include <libavutil/display.h>
}

#include <cmath>
#include <cstdlib>
#include <opencv2/core.hpp>

namespace aicl::video {

Orientation orientationFromDisplayMatrix(const int32_t* matrix) {
  Orientation orientation;
  if (!matrix) return orientation;
  const double degrees = av_display_rotation_get(matrix);
  if (std::isnan(degrees)) return orientation;  // a degenerate (zero-scale) matrix: show as coded
  long rounded = std::lround(degrees);
  if (rounded <= -180) rounded += 360;
  if (rounded > 180) rounded -= 360;
  orientation.rotation = static_cast<int>(rounded);
  const double off_grid = std::fabs(degrees - 90.0 * std::round(degrees / 90.0));
  if (off_grid > 2.0) return orientation;  // an odd angle: not a pixel permutation

  const int64_t a = matrix[0], b = matrix[1], c = matrix[3], d = matrix[4];
  const bool swaps_axes = std::llabs(b) + std::llabs(c) > std::llabs(a) + std::llabs(d);
  if (swaps_axes) {
    orientation.transpose = true;  // x' = c * y, y' = b * x
    orientation.flip_x = c < 0;
    orientation.flip_y = b < 0;
  } else {  // x' = a * x, y' = d * y
    orientation.flip_x = a < 0;
    orientation.flip_y = d < 0;
  }
  return orientation;
}

void orientedSize(const Orientation& orientation, int width, int height, int* display_width,
                  int* display_height) {
  *display_width = orientation.transpose ? height : width;
  *display_height = orientation.transpose ? width : height;
}

cv::Mat applyOrientation(const Orientation& orientation, const cv::Mat& image) {
  if (orientation.isIdentity()) return image;
  cv::Mat current = image;
  if (orientation.transpose) {
    cv::Mat transposed;
    cv::transpose(current, transposed);
    current = transposed;
  }
  if (orientation.flip_x || orientation.flip_y) {
    // cv::flip codes: 1 mirrors left-right, 0 top-bottom, -1 both.
    const int code = orientation.flip_x && orientation.flip_y ? -1 : (orientation.flip_x ? 1 : 0);
    cv::Mat flipped;
    cv::flip(current, flipped, code);
    current = flipped;
  }
  return current;
}

}  // namespace aicl::video
