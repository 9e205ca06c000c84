#pragma once
// The dominant motion of a clip from dense optical flow (OpenCV's Farneback), for the motion view: per frame
// pair, the median flow of the pixels that move, and the trail that motion draws from where it starts. No
// torch, no Qt: frames are the engine's RGB24 frames.
#include <functional>
#include <vector>

#include "aicl/video_io.h"

namespace aicl {

// The motion from one frame to the next, in pixels of the source frames (x right, y down).
struct MotionStep {
  double dx = 0.0;
  double dy = 0.0;
  double speed = 0.0;          // hypot(dx, dy), pixels per frame
  double direction = 0.0;      // degrees, counter-clockwise from "right" as seen on screen (90 = up); 0 at rest
  double moving_fraction = 0;  // share of the pixels whose flow passed the threshold
  bool moving = false;         // enough pixels move for (dx, dy) to mean something
};

struct MotionPoint {
  double x = 0.0;
  double y = 0.0;
};

struct ClipMotion {
  int width = 0;  // of the source frames; the trail is in these pixels
  int height = 0;
  std::vector<MotionStep> steps;   // frames - 1 entries
  std::vector<MotionPoint> trail;  // one point per frame: where the dominant motion has carried its anchor
};

struct DenseMotionOptions {
  int max_side = 160;             // frames are shrunk to this longest side before the flow (speed, not detail)
  double min_magnitude = 0.25;    // a pixel "moves" above this flow (pixels of the source frame per frame)
  double min_moving_fraction = 0.002;  // below this share of moving pixels a step counts as "at rest"
};
DenseMotionOptions defaultDenseMotionOptions();

// Frames of one size (an empty or one-frame clip gives no steps). The trail starts at the centroid of the
// moving pixels of the first step that moves (the frame centre when nothing moves) and adds each step's
// (dx, dy). `cancelled`, when set, is polled between frame pairs; a cancelled call throws aicl::Error.
// Throws aicl::Error when the frames differ in size.
ClipMotion denseMotion(const std::vector<Frame>& frames, const DenseMotionOptions& options,
                       const std::function<bool()>& cancelled = {});

}  // namespace aicl
