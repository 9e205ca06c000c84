// Display matrices -> pixel permutations, checked against OpenCV's own rotations on a tiny labelled image.
#include <gtest/gtest.h>

#include <array>
#include <opencv2/core.hpp>

#include "video/orientation.h"

namespace {

using aicl::video::Orientation;
using aicl::video::orientationFromDisplayMatrix;

constexpr int32_t kOne = 1 << 16;  // 1.0 in 16.16 fixed point

// A display matrix with the given 2x2 part (libavutil layout: a b u / c d v / x y w).
std::array<int32_t, 9> matrix(int a, int b, int c, int d) {
  return {a * kOne, b * kOne, 0, c * kOne, d * kOne, 0, 0, 0, 1 << 30};
}

cv::Mat labelled() {  // 2 rows x 3 columns, every pixel distinct
  cv::Mat image(2, 3, CV_8UC1);
  for (int i = 0; i < 6; ++i) image.data[i] = static_cast<uint8_t>(10 + i);
  return image;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

cv::Mat rotated(int code) {
  cv::Mat out;
  cv::rotate(labelled(), out, code);
  return out;
}

TEST(VideoOrientation, NoMatrixOrIdentityChangesNothing) {
  EXPECT_TRUE(orientationFromDisplayMatrix(nullptr).isIdentity());
  const auto identity = matrix(1, 0, 0, 1);
  const Orientation o = orientationFromDisplayMatrix(identity.data());
  EXPECT_TRUE(o.isIdentity());
  EXPECT_EQ(o.rotation, 0);
}

TEST(VideoOrientation, PhonePortraitMinus90TurnsClockwise) {
  // What iPhones write (ffprobe: rotation -90): the ffmpeg tool shows it with transpose=clock.
  const auto m = matrix(0, 1, -1, 0);
  const Orientation o = orientationFromDisplayMatrix(m.data());
  EXPECT_EQ(o.rotation, -90);
  EXPECT_TRUE(same(aicl::video::applyOrientation(o, labelled()), rotated(cv::ROTATE_90_CLOCKWISE)));
  int w = 0, h = 0;
  aicl::video::orientedSize(o, 568, 320, &w, &h);
  EXPECT_EQ(w, 320);
  EXPECT_EQ(h, 568);
}

TEST(VideoOrientation, Plus90TurnsCounterClockwise) {
  const auto m = matrix(0, -1, 1, 0);
  const Orientation o = orientationFromDisplayMatrix(m.data());
  EXPECT_EQ(o.rotation, 90);
  EXPECT_TRUE(same(aicl::video::applyOrientation(o, labelled()), rotated(cv::ROTATE_90_COUNTERCLOCKWISE)));
}

TEST(VideoOrientation, HalfTurn) {
  const auto m = matrix(-1, 0, 0, -1);
  const Orientation o = orientationFromDisplayMatrix(m.data());
  EXPECT_EQ(o.rotation, 180);
  EXPECT_TRUE(same(aicl::video::applyOrientation(o, labelled()), rotated(cv::ROTATE_180)));
}

TEST(VideoOrientation, TransposeMatrixIsAMirroredQuarterTurn) {
  // hevc_10bit_hdr10_rot-90.mkv: rotation reads -90, but the matrix swaps the axes without a sign change,
  // which the ffmpeg tool renders with transpose=cclock_flip, i.e. a plain transpose.
  const auto m = matrix(0, 1, 1, 0);
  const Orientation o = orientationFromDisplayMatrix(m.data());
  EXPECT_EQ(o.rotation, -90);
  cv::Mat expected;
  cv::transpose(labelled(), expected);
  EXPECT_TRUE(same(aicl::video::applyOrientation(o, labelled()), expected));
}

TEST(VideoOrientation, MirrorsWithoutRotation) {
  const auto horizontal = matrix(-1, 0, 0, 1);
  cv::Mat expected;
  cv::flip(labelled(), expected, 1);
  EXPECT_TRUE(same(aicl::video::applyOrientation(orientationFromDisplayMatrix(horizontal.data()), labelled()),
                   expected));
  const auto vertical = matrix(1, 0, 0, -1);
  cv::flip(labelled(), expected, 0);
  EXPECT_TRUE(same(aicl::video::applyOrientation(orientationFromDisplayMatrix(vertical.data()), labelled()),
                   expected));
}

}  // namespace
