// Dominant motion from Farneback dense optical flow: the median flow of the moving pixels per frame pair.
#include "aicl/dense_motion.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>
#include <optional>
#include <string>

#include "aicl/error.h"

namespace aicl {

namespace {

constexpr double kRadiansToDegrees = 57.29577951308232;

cv::Mat grayAtScale(const Frame& frame, double scale) {
  const cv::Mat rgb(frame.height, frame.width, CV_8UC3, const_cast<uint8_t*>(frame.rgb.data()));
  cv::Mat gray;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  if (scale >= 1.0) return gray;
  cv::Mat small;
  cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

// The median of `values` (reordered in place); `values` is not empty.
double median(std::vector<float>& values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

struct FlowSummary {
  MotionStep step;
  MotionPoint centroid;  // of the moving pixels, in flow pixels
};

FlowSummary summarise(const cv::Mat& flow, double min_magnitude, double min_moving_fraction) {
  std::vector<float> dxs, dys;
  double sum_x = 0.0, sum_y = 0.0;
  const float threshold_squared = static_cast<float>(min_magnitude * min_magnitude);
  for (int y = 0; y < flow.rows; ++y) {
    const auto* row = flow.ptr<cv::Vec2f>(y);
    for (int x = 0; x < flow.cols; ++x) {
      const cv::Vec2f v = row[x];
      if (v[0] * v[0] + v[1] * v[1] <= threshold_squared) continue;
      dxs.push_back(v[0]);
      dys.push_back(v[1]);
      sum_x += x + 0.5;
      sum_y += y + 0.5;
    }
  }
  FlowSummary summary;
  MotionStep& step = summary.step;
  step.moving_fraction = static_cast<double>(dxs.size()) / static_cast<double>(flow.total());
  step.moving = !dxs.empty() && step.moving_fraction >= min_moving_fraction;
  if (!step.moving) return summary;
  const auto count = static_cast<double>(dxs.size());
  summary.centroid = {sum_x / count, sum_y / count};
  step.dx = median(dxs);
  step.dy = median(dys);
  return summary;
}

}  // namespace

DenseMotionOptions defaultDenseMotionOptions() { return {}; }

ClipMotion denseMotion(const std::vector<Frame>& frames, const DenseMotionOptions& options,
                       const std::function<bool()>& cancelled) {
  ClipMotion motion;
  if (frames.empty()) return motion;
  motion.width = frames.front().width;
  motion.height = frames.front().height;
  for (const Frame& frame : frames)
    if (frame.width != motion.width || frame.height != motion.height)
      throw Error("motion: frames differ in size (" + std::to_string(motion.width) + "x" +
                  std::to_string(motion.height) + " and " + std::to_string(frame.width) + "x" +
                  std::to_string(frame.height) + ")");

  const double scale =
      std::min(1.0, static_cast<double>(options.max_side) / std::max(motion.width, motion.height));
  std::optional<MotionPoint> anchor;
  cv::Mat previous = grayAtScale(frames.front(), scale);
  cv::Mat flow;
  for (size_t i = 1; i < frames.size(); ++i) {
    if (cancelled && cancelled()) throw Error("motion: cancelled");
    cv::Mat next = grayAtScale(frames[i], scale);
    // Three pyramid levels follow motions of several pixels per frame; a 15-pixel window averages out the
    // flat interiors of untextured shapes.
    cv::calcOpticalFlowFarneback(previous, next, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
    FlowSummary summary = summarise(flow, options.min_magnitude * scale, options.min_moving_fraction);
    MotionStep& step = summary.step;
    step.dx /= scale;
    step.dy /= scale;
    step.speed = std::hypot(step.dx, step.dy);
    step.direction = step.moving ? std::atan2(-step.dy, step.dx) * kRadiansToDegrees : 0.0;
    if (!anchor && step.moving) anchor = MotionPoint{summary.centroid.x / scale, summary.centroid.y / scale};
    motion.steps.push_back(step);
    previous = std::move(next);
  }

  MotionPoint position = anchor.value_or(MotionPoint{0.5 * motion.width, 0.5 * motion.height});
  motion.trail.push_back(position);
  for (const MotionStep& step : motion.steps) {
    position.x += step.dx;
    position.y += step.dy;
    motion.trail.push_back(position);
  }
  return motion;
}

}  // namespace aicl
