#pragma once
// How a stream's display matrix asks for its pictures to be turned before showing them: a transpose and/or
// mirror flips, which together express every multiple-of-90-degree rotation and the mirrored variants.
#include <cstdint>

namespace cv {
class Mat;
}

namespace aicl::video {

struct Orientation {
  bool transpose = false;  // swap x and y first (90/270 degree cases)
  bool flip_x = false;     // then mirror left-right
  bool flip_y = false;     // then mirror top-bottom
  int rotation = 0;  // degrees, as ffprobe reports them (counter-clockwise; -90 = turn clockwise to view)

  bool isIdentity() const { return !transpose && !flip_x && !flip_y; }
};

// Reads a 3x3 16.16 fixed-point display matrix (libavutil/display.h layout). The picture maps as
// x' = m[0] x + m[3] y, y' = m[1] x + m[4] y (image coordinates, y down), which reproduces the ffmpeg tool's
// autorotate for pure rotations and honours the flip of transposing matrices. Null gives the identity; angles
// that are not a multiple of 90 degrees keep the rotation value but no transform (the caller warns).
Orientation orientationFromDisplayMatrix(const int32_t* matrix);

// Display size of a coded width x height picture.
void orientedSize(const Orientation& orientation, int width, int height, int* display_width,
                  int* display_height);

// Applies the orientation to an image (any type), returning the displayed picture (may share `image`).
cv::Mat applyOrientation(const Orientation& orientation, const cv::Mat& image);

}  // namespace aicl::video
