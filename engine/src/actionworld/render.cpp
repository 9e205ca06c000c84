// ActionWorld rendering: antialiased shapes (drawn at 8x and area-downscaled) along an action's trajectory.
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "actionworld/internal.h"
#include "aicl/error.h"

namespace aicl::actionworld {
namespace detail {
namespace {

constexpr int kSupersample = 8;
constexpr double kInset = 0.5;  // supersampled pixels
constexpr int kShiftBits = 8;

std::vector<cv::Point2d> regularPolygon(int corners, double start_degrees, const std::vector<double>& radii) {
  std::vector<cv::Point2d> points;
  for (int i = 0; i < corners; ++i) {
    const double angle = (start_degrees + 360.0 * i / corners) * kPi / 180.0;
    const double radius = radii[static_cast<size_t>(i) % radii.size()];
    points.emplace_back(radius * std::cos(angle), radius * std::sin(angle));
  }
  return points;
}

std::vector<cv::Point2d> buildPolygon(Shape shape) {
  switch (shape) {
    case Shape::Circle:
      return regularPolygon(96, 0.0, {1.0});
    case Shape::Square: {
      const double h = std::sqrt(0.5);
      return {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
    }
    case Shape::Triangle:  // equilateral, pointing up; its centroid is the centre
      return regularPolygon(3, -90.0, {1.0});
    case Shape::Diamond:
      return {{0.0, -1.0}, {0.65, 0.0}, {0.0, 1.0}, {-0.65, 0.0}};
    case Shape::Star:  // five points, pointing up
      return regularPolygon(10, -90.0, {1.0, 0.42});
    case Shape::Cross: {  // a plus sign whose arm ends stay inside the unit circle
      const double w = 0.3, e = 0.95;
      return {{-w, -e}, {w, -e}, {w, -w}, {e, -w}, {e, w},   {w, w},
              {w, e},   {-w, e}, {-w, w}, {-e, w}, {-e, -w}, {-w, -w}};
    }
  }
  return {};
}

}  // namespace

const std::vector<cv::Point2d>& unitPolygon(Shape shape) {
  static const std::vector<std::vector<cv::Point2d>> polygons = [] {
    std::vector<std::vector<cv::Point2d>> list;
    for (Shape s : allShapes()) list.push_back(buildPolygon(s));
    return list;
  }();
  return polygons.at(static_cast<size_t>(shape));
}

double unitArea(Shape shape) {
  const auto& points = unitPolygon(shape);
  double twice = 0.0;
  for (size_t i = 0; i < points.size(); ++i) {
    const auto& a = points[i];
    const auto& b = points[(i + 1) % points.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice) * 0.5;
}

void fillShape(cv::Mat& image, Shape shape, double cx, double cy, double r, const cv::Scalar& colour,
               int scale) {
  const auto& unit = unitPolygon(shape);
  const size_t n = unit.size();
  // Output pixel centres are at +0.5; supersampled pixel j covers [j, j + 1) / scale.
  std::vector<cv::Point2d> corners(n);
  for (size_t i = 0; i < n; ++i)
    corners[i] = {(cx + r * unit[i].x) * scale - 0.5, (cy + r * unit[i].y) * scale - 0.5};
  // OpenCV fills every supersampled pixel the outline touches, which makes shapes half a supersampled pixel
  // too large all round: move every edge inwards by that much (mitred, so corners stay sharp).
  double twice_area = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const auto& a = corners[i];
    const auto& b = corners[(i + 1) % n];
    twice_area += a.x * b.y - b.x * a.y;
  }
  const double orientation = twice_area >= 0.0 ? 1.0 : -1.0;
  auto inwardNormal = [&](const cv::Point2d& a, const cv::Point2d& b) {
    const cv::Point2d e = b - a;
    const double length = std::hypot(e.x, e.y);
    return length > 0.0 ? cv::Point2d(-e.y, e.x) * (orientation / length) : cv::Point2d(0.0, 0.0);
  };
  std::vector<cv::Point> points;
  const double one = static_cast<double>(1 << kShiftBits);
  for (size_t i = 0; i < n; ++i) {
    const cv::Point2d before = inwardNormal(corners[(i + n - 1) % n], corners[i]);
    const cv::Point2d after = inwardNormal(corners[i], corners[(i + 1) % n]);
    const double denominator = 1.0 + before.dot(after);
    const cv::Point2d shift =
        denominator > 0.05 ? (before + after) * (kInset / denominator) : cv::Point2d(0.0, 0.0);
    const cv::Point2d p = corners[i] + shift;
    points.emplace_back(static_cast<int>(std::lround(p.x * one)), static_cast<int>(std::lround(p.y * one)));
  }
  const cv::Point* polygon = points.data();
  const int count = static_cast<int>(points.size());
  cv::fillPoly(image, &polygon, &count, 1, colour, cv::LINE_8, kShiftBits);
}

cv::Mat shapeCoverage(Shape shape, double cx, double cy, double r, int width, int height) {
  cv::Mat large(height * kSupersample, width * kSupersample, CV_8UC1, cv::Scalar(0));
  fillShape(large, shape, cx, cy, r, cv::Scalar(255), kSupersample);
  cv::Mat small, coverage;
  cv::resize(large, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  small.convertTo(coverage, CV_32F, 1.0 / 255.0);
  return coverage;
}

}  // namespace detail

using namespace detail;

std::vector<Frame> renderClip(const ClipSpec& spec) {
  if (spec.size < 1 || spec.size > 4096) throw Error("actionworld: clip size must be 1..4096 pixels");
  if (spec.frames < 1 || spec.frames > 1024) throw Error("actionworld: clip length must be 1..1024 frames");
  const Rgb background = backgroundRgb(spec.background), colour = colourRgb(spec.colour);
  const cv::Scalar background_value(background.r, background.g, background.b);
  const cv::Scalar colour_value(colour.r, colour.g, colour.b);
  std::vector<Frame> frames;
  cv::Mat large(spec.size * kSupersample, spec.size * kSupersample, CV_8UC3);
  for (int i = 0; i < spec.frames; ++i) {
    const SubjectState state = subjectAt(spec, i);
    large.setTo(background_value);
    fillShape(large, spec.shape, state.x, state.y, state.radius, colour_value, kSupersample);
    Frame frame;
    frame.width = frame.height = spec.size;
    frame.time = i / kFps;
    frame.rgb.resize(static_cast<size_t>(spec.size) * spec.size * 3);
    cv::Mat small(spec.size, spec.size, CV_8UC3, frame.rgb.data());
    cv::resize(large, small, small.size(), 0, 0, cv::INTER_AREA);
    frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace aicl::actionworld
