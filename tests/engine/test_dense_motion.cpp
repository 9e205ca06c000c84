// The motion view's dense optical flow on synthetic clips whose motion is known.
#include <gtest/gtest.h>

#include <vector>

#include "aicl/dense_motion.h"
#include "aicl/error.h"

namespace {

// A white square of `side` pixels on a dark background, its top-left corner at (x0 + step_x * i, y0 + step_y * i)
// in frame i.
std::vector<aicl::Frame> movingSquare(int frames, int step_x, int step_y, int width = 96, int height = 64,
                                      int side = 14, int x0 = 20, int y0 = 24) {
  std::vector<aicl::Frame> clip;
  for (int i = 0; i < frames; ++i) {
    aicl::Frame frame;
    frame.width = width;
    frame.height = height;
    frame.rgb = std::vector<uint8_t>(static_cast<size_t>(width * height * 3), uint8_t{20});
    const int left = x0 + step_x * i, top = y0 + step_y * i;
    for (int y = top; y < top + side; ++y)
      for (int x = left; x < left + side; ++x)
        for (int c = 0; c < 3; ++c) frame.rgb[static_cast<size_t>((y * width + x) * 3 + c)] = 235;
    clip.push_back(std::move(frame));
  }
  return clip;
}

TEST(DenseMotion, SquareMovingRightGivesTwoPixelsPerFrameRight) {
  const auto motion = aicl::denseMotion(movingSquare(10, 2, 0), aicl::defaultDenseMotionOptions());
  ASSERT_EQ(motion.steps.size(), 9u);
  ASSERT_EQ(motion.trail.size(), 10u);
  EXPECT_EQ(motion.width, 96);
  EXPECT_EQ(motion.height, 64);
  for (const aicl::MotionStep& step : motion.steps) {
    EXPECT_TRUE(step.moving);
    EXPECT_NEAR(step.dx, 2.0, 0.35);
    EXPECT_NEAR(step.dy, 0.0, 0.25);
    EXPECT_NEAR(step.speed, 2.0, 0.35);
    EXPECT_NEAR(step.direction, 0.0, 8.0);
  }
  // The trail starts near the square and runs right by about 18 pixels.
  EXPECT_NEAR(motion.trail.front().x, 20 + 7 + 1, 4.0);
  EXPECT_NEAR(motion.trail.front().y, 24 + 7, 3.0);
  EXPECT_NEAR(motion.trail.back().x - motion.trail.front().x, 18.0, 3.0);
  EXPECT_NEAR(motion.trail.back().y - motion.trail.front().y, 0.0, 2.0);
}

TEST(DenseMotion, UpwardMotionPointsAtNinetyDegrees) {
  const auto motion = aicl::denseMotion(movingSquare(6, 0, -2, 64, 96, 14, 24, 60), aicl::defaultDenseMotionOptions());
  for (const aicl::MotionStep& step : motion.steps) {
    EXPECT_NEAR(step.dy, -2.0, 0.35);
    EXPECT_NEAR(step.direction, 90.0, 8.0);
  }
}

TEST(DenseMotion, LargeFramesAreMeasuredInSourcePixels) {
  // 320x200 is shrunk to 160 pixels wide for the flow; the speed is still reported in source pixels.
  const auto motion = aicl::denseMotion(movingSquare(6, 4, 0, 320, 200, 40, 60, 80), aicl::defaultDenseMotionOptions());
  for (const aicl::MotionStep& step : motion.steps) EXPECT_NEAR(step.dx, 4.0, 0.6);
}

TEST(DenseMotion, StillClipIsAtRestAndTrailStaysAtTheCentre) {
  const auto motion = aicl::denseMotion(movingSquare(5, 0, 0), aicl::defaultDenseMotionOptions());
  for (const aicl::MotionStep& step : motion.steps) {
    EXPECT_FALSE(step.moving);
    EXPECT_EQ(step.speed, 0.0);
  }
  EXPECT_DOUBLE_EQ(motion.trail.front().x, 48.0);
  EXPECT_DOUBLE_EQ(motion.trail.back().y, 32.0);
}

TEST(DenseMotion, EmptyAndSingleFrameClipsHaveNoSteps) {
  EXPECT_TRUE(aicl::denseMotion({}, aicl::defaultDenseMotionOptions()).trail.empty());
  const auto one = aicl::denseMotion(movingSquare(1, 2, 0), aicl::defaultDenseMotionOptions());
  EXPECT_TRUE(one.steps.empty());
  EXPECT_EQ(one.trail.size(), 1u);
}

TEST(DenseMotion, FramesOfDifferentSizesAndCancellationAreErrors) {
  auto clip = movingSquare(3, 2, 0);
  clip.push_back(movingSquare(1, 0, 0, 64, 64).front());
  EXPECT_THROW(aicl::denseMotion(clip, aicl::defaultDenseMotionOptions()), aicl::Error);
  EXPECT_THROW(aicl::denseMotion(movingSquare(3, 2, 0), aicl::defaultDenseMotionOptions(), [] { return true; }),
               aicl::Error);
}

}  // namespace
