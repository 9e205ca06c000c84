// The ActionWorld motion judge: tracks the subject (background from the border, foreground = pixels far from
// it, largest connected component per frame, foreground-weighted centroid and area), fits every action's
// trajectory model to the track, and names the colour (nearest palette colour of the subject's core) and the
// shape (correlation with rendered templates in the frames where the subject is largest).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "actionworld/internal.h"
#include "aicl/error.h"

namespace aicl::actionworld {
namespace {

using namespace detail;

constexpr double kMinThreshold = 30.0;  // RGB distance; below this nothing counts as foreground
constexpr double kThresholdFraction =
    0.45;  // of the typical peak distance of the subject from the background

float medianOf(std::vector<float>& values) {
  if (values.empty()) return 0.0f;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

double medianOfDoubles(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

cv::Vec3f borderMedian(const cv::Mat& image, int ring) {
  std::vector<float> channel[3];
  for (int y = 0; y < image.rows; ++y) {
    const bool edge_row = y < ring || y >= image.rows - ring;
    const auto* row = image.ptr<cv::Vec3f>(y);
    for (int x = 0; x < image.cols; ++x) {
      if (!edge_row && x >= ring && x < image.cols - ring) continue;
      for (int c = 0; c < 3; ++c) channel[c].push_back(row[x][c]);
    }
  }
  return {medianOf(channel[0]), medianOf(channel[1]), medianOf(channel[2])};
}

double rgbDistance(const cv::Vec3f& a, const Rgb& b) {
  const double dr = a[0] - b.r, dg = a[1] - b.g, db = a[2] - b.b;
  return std::sqrt(dr * dr + dg * dg + db * db);
}

Rgb toRgb(const cv::Vec3f& value) {
  auto channel = [](float v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 255.0f))); };
  return {channel(value[0]), channel(value[1]), channel(value[2])};
}

// Normalised cross-correlation of two equally sized CV_32F images.
double correlation(const cv::Mat& a, const cv::Mat& b) {
  const double mean_a = cv::mean(a)[0], mean_b = cv::mean(b)[0];
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (int y = 0; y < a.rows; ++y) {
    const float* pa = a.ptr<float>(y);
    const float* pb = b.ptr<float>(y);
    for (int x = 0; x < a.cols; ++x) {
      const double da = pa[x] - mean_a, db = pb[x] - mean_b;
      ab += da * db;
      aa += da * da;
      bb += db * db;
    }
  }
  return aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : 0.0;
}

struct FrameData {
  cv::Mat image;  // CV_32FC3
  cv::Vec3f background;
  cv::Mat distance;   // CV_32F, RGB distance from the background
  cv::Mat component;  // CV_8U, the subject's component (empty when none)
  double peak = 0.0;
};

}  // namespace

Judgement judgeClip(const std::vector<Frame>& frames) {
  if (frames.empty()) throw Error("judgeClip: no frames");
  const int width = frames[0].width, height = frames[0].height;
  if (width < 4 || height < 4) throw Error("judgeClip: frames must be at least 4x4 pixels");
  for (size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].width != width || frames[i].height != height)
      throw Error("judgeClip: frame " + std::to_string(i) + " is " + std::to_string(frames[i].width) + "x" +
                  std::to_string(frames[i].height) + ", frame 0 is " + std::to_string(width) + "x" +
                  std::to_string(height));
    if (frames[i].rgb.size() != static_cast<size_t>(width) * height * 3)
      throw Error("judgeClip: frame " + std::to_string(i) + " has " + std::to_string(frames[i].rgb.size()) +
                  " bytes, expected " + std::to_string(static_cast<size_t>(width) * height * 3));
  }
  const int count = static_cast<int>(frames.size());
  const int ring = std::max(1, std::min(width, height) / 32);

  // Background per frame from the border, distance of every pixel from it.
  std::vector<FrameData> data(frames.size());
  std::vector<double> peaks;
  for (int i = 0; i < count; ++i) {
    FrameData& d = data[static_cast<size_t>(i)];
    cv::Mat bytes(height, width, CV_8UC3, const_cast<uint8_t*>(frames[static_cast<size_t>(i)].rgb.data()));
    bytes.convertTo(d.image, CV_32FC3);
    d.background = borderMedian(d.image, ring);
    cv::Mat difference = d.image - cv::Scalar(d.background[0], d.background[1], d.background[2]);
    cv::Mat squared = difference.mul(difference);
    cv::Mat channels[3];
    cv::split(squared, channels);
    cv::sqrt(channels[0] + channels[1] + channels[2], d.distance);
    cv::Mat smooth;
    cv::blur(d.distance, smooth, cv::Size(3, 3));
    double peak = 0.0;
    cv::minMaxLoc(smooth, nullptr, &peak);
    d.peak = peak;
    peaks.push_back(peak);
  }
  const double threshold = std::max(kMinThreshold, kThresholdFraction * medianOfDoubles(peaks));

  // The largest connected foreground component of every frame.
  const double min_area = std::max(2.0, 0.0005 * width * height);
  std::vector<double> component_area(frames.size(), 0.0);
  for (int i = 0; i < count; ++i) {
    FrameData& d = data[static_cast<size_t>(i)];
    cv::Mat mask = d.distance > threshold;
    cv::Mat labels, stats, centroids;
    const int labels_count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    int best = 0, best_area = 0;
    for (int label = 1; label < labels_count; ++label) {
      const int area = stats.at<int>(label, cv::CC_STAT_AREA);
      if (area > best_area) {
        best_area = area;
        best = label;
      }
    }
    if (best > 0 && best_area >= min_area) {
      d.component = labels == best;
      component_area[static_cast<size_t>(i)] = best_area;
    }
  }

  // Frames ordered by the subject's size: the largest views give the colour and the shape.
  std::vector<int> by_size(frames.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](int a, int b) {
    return component_area[static_cast<size_t>(a)] > component_area[static_cast<size_t>(b)];
  });

  // The subject's core colour: the pixels of its component that are far from the background.
  cv::Vec3f subject(0.0f, 0.0f, 0.0f);
  {
    std::vector<float> channel[3];
    for (int rank = 0; rank < std::min(count, 4); ++rank) {
      const FrameData& d = data[static_cast<size_t>(by_size[static_cast<size_t>(rank)])];
      if (d.component.empty()) continue;
      double max_distance = 0.0;
      cv::minMaxLoc(d.distance, nullptr, &max_distance, nullptr, nullptr, d.component);
      for (int y = 0; y < height; ++y) {
        const auto* in = d.component.ptr<uint8_t>(y);
        const auto* dist = d.distance.ptr<float>(y);
        const auto* pixel = d.image.ptr<cv::Vec3f>(y);
        for (int x = 0; x < width; ++x) {
          if (!in[x] || dist[x] < 0.75 * max_distance) continue;
          for (int c = 0; c < 3; ++c) channel[c].push_back(pixel[x][c]);
        }
      }
    }
    subject = {medianOf(channel[0]), medianOf(channel[1]), medianOf(channel[2])};
  }

  // Foreground weight of a pixel: its projection on the subject-minus-background colour, so blurred edges
  // count partially and the weighted area stays the true area under blur.
  const int dilation = std::max(2, static_cast<int>(std::lround(std::min(width, height) / 32.0)));
  const cv::Mat kernel =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * dilation + 1, 2 * dilation + 1));
  auto weights = [&](const FrameData& d, const cv::Rect& box) {
    const cv::Vec3f e = subject - d.background;
    const double norm = std::max(1.0, static_cast<double>(e.dot(e)));
    cv::Mat w(box.height, box.width, CV_32F);
    for (int y = 0; y < box.height; ++y) {
      const auto* pixel = d.image.ptr<cv::Vec3f>(box.y + y);
      auto* out = w.ptr<float>(y);
      for (int x = 0; x < box.width; ++x) {
        const cv::Vec3f v = pixel[box.x + x] - d.background;
        out[x] = static_cast<float>(std::clamp(v.dot(e) / norm, -0.5, 1.5));
      }
    }
    return w;
  };

  Judgement judgement;
  judgement.track.resize(frames.size());
  int found = 0;
  for (int i = 0; i < count; ++i) {
    const FrameData& d = data[static_cast<size_t>(i)];
    TrackPoint& point = judgement.track[static_cast<size_t>(i)];
    if (d.component.empty()) continue;
    cv::Mat region;
    cv::dilate(d.component, region, kernel);
    const cv::Mat w = weights(d, cv::Rect(0, 0, width, height));
    double mass = 0.0, sum_x = 0.0, sum_y = 0.0;
    for (int y = 0; y < height; ++y) {
      const auto* in = region.ptr<uint8_t>(y);
      const auto* weight = w.ptr<float>(y);
      for (int x = 0; x < width; ++x) {
        if (!in[x]) continue;
        mass += weight[x];
        sum_x += weight[x] * (x + 0.5);
        sum_y += weight[x] * (y + 0.5);
      }
    }
    if (mass < 0.5) {  // degenerate weights: fall back to the binary component
      const cv::Moments m = cv::moments(d.component, true);
      if (m.m00 <= 0.0) continue;
      mass = m.m00;
      sum_x = m.m10 + 0.5 * m.m00;
      sum_y = m.m01 + 0.5 * m.m00;
    }
    point.x = sum_x / mass;
    point.y = sum_y / mass;
    point.area = mass;
    point.found = true;
    ++found;
  }
  judgement.subject_found = found > 0 && found >= 0.6 * count;

  // Missing frames: interpolated between their found neighbours (held at the ends).
  if (found == 0) {
    for (auto& point : judgement.track) point = {width * 0.5, height * 0.5, 0.0, false};
  } else {
    for (int i = 0; i < count; ++i) {
      if (judgement.track[static_cast<size_t>(i)].found) continue;
      int before = i - 1, after = i + 1;
      while (before >= 0 && !judgement.track[static_cast<size_t>(before)].found) --before;
      while (after < count && !judgement.track[static_cast<size_t>(after)].found) ++after;
      TrackPoint& point = judgement.track[static_cast<size_t>(i)];
      if (before < 0 || after >= count) {
        const TrackPoint& source = judgement.track[static_cast<size_t>(before < 0 ? after : before)];
        point = {source.x, source.y, source.area, false};
      } else {
        const TrackPoint& a = judgement.track[static_cast<size_t>(before)];
        const TrackPoint& b = judgement.track[static_cast<size_t>(after)];
        const double t = static_cast<double>(i - before) / (after - before);
        point = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), a.area + t * (b.area - a.area), false};
      }
    }
  }

  // Action: the model whose best trajectory is nearest to the centred track.
  std::vector<double> observed(static_cast<size_t>(3 * count));
  for (int i = 0; i < count; ++i) {
    const TrackPoint& point = judgement.track[static_cast<size_t>(i)];
    observed[static_cast<size_t>(i)] = point.x / width;
    observed[static_cast<size_t>(count + i)] = point.y / height;
    observed[static_cast<size_t>(2 * count + i)] =
        kLogRadiusWeight * 0.5 * std::log(std::max(point.area, 0.5) / (static_cast<double>(width) * height));
  }
  for (int channel = 0; channel < 3; ++channel) {
    double mean = 0.0;
    for (int i = 0; i < count; ++i) mean += observed[static_cast<size_t>(channel * count + i)];
    mean /= count;
    for (int i = 0; i < count; ++i) observed[static_cast<size_t>(channel * count + i)] -= mean;
  }
  double best = std::numeric_limits<double>::infinity(), second = best;
  for (Action action : allActions()) {
    const double distance = fitAction(action, observed, count).distance;
    judgement.action_distances[action] = distance;
    if (distance < best) {
      second = best;
      best = distance;
      judgement.action = action;
    } else if (distance < second) {
      second = distance;
    }
  }
  judgement.action_margin = second - best;

  // Background and colour: nearest palette entries.
  std::vector<float> background_channel[3];
  for (const auto& d : data)
    for (int c = 0; c < 3; ++c) background_channel[c].push_back(d.background[c]);
  const cv::Vec3f background(medianOf(background_channel[0]), medianOf(background_channel[1]),
                             medianOf(background_channel[2]));
  judgement.background_rgb = toRgb(background);
  judgement.subject_rgb = toRgb(subject);
  double nearest = std::numeric_limits<double>::infinity();
  for (Background candidate : allBackgrounds()) {
    const double distance = rgbDistance(background, backgroundRgb(candidate));
    if (distance < nearest) {
      nearest = distance;
      judgement.background = candidate;
    }
  }
  nearest = std::numeric_limits<double>::infinity();
  for (Colour candidate : allColours()) {
    const double distance = rgbDistance(subject, colourRgb(candidate));
    if (distance < nearest) {
      nearest = distance;
      judgement.colour = candidate;
    }
  }

  // Shape: correlation of the foreground weights with templates of every shape, placed at the centroid and
  // sized by the weighted area (a little larger/smaller and blurred to allow for measurement error and soft
  // generated edges), in the frames where the subject is largest.
  for (Shape shape : allShapes()) judgement.shape_scores[shape] = 0.0;
  int views = 0;
  for (int rank = 0; rank < std::min(count, 3); ++rank) {
    const int i = by_size[static_cast<size_t>(rank)];
    const TrackPoint& point = judgement.track[static_cast<size_t>(i)];
    if (!point.found || point.area < 4.0) continue;
    const double circle_radius = std::sqrt(point.area / unitArea(Shape::Circle));
    const int half = static_cast<int>(std::ceil(1.9 * circle_radius)) + 3;
    const cv::Rect box = cv::Rect(static_cast<int>(std::floor(point.x)) - half,
                                  static_cast<int>(std::floor(point.y)) - half, 2 * half + 1, 2 * half + 1) &
                         cv::Rect(0, 0, width, height);
    if (box.width < 3 || box.height < 3) continue;
    const cv::Mat observed_weights = weights(data[static_cast<size_t>(i)], box);
    for (Shape shape : allShapes()) {
      const double radius = std::sqrt(point.area / unitArea(shape));
      double best_score = -1.0;
      for (double scale : {0.9, 1.0, 1.1}) {
        const cv::Mat coverage =
            shapeCoverage(shape, point.x - box.x, point.y - box.y, radius * scale, box.width, box.height);
        for (double blur : {0.0, 0.15, 0.28}) {
          cv::Mat template_image = coverage;
          if (blur > 0.0) cv::GaussianBlur(coverage, template_image, cv::Size(0, 0), blur * circle_radius);
          best_score = std::max(best_score, correlation(observed_weights, template_image));
        }
      }
      judgement.shape_scores[shape] += best_score;
    }
    ++views;
  }
  double best_shape = -std::numeric_limits<double>::infinity();
  for (auto& [shape, score] : judgement.shape_scores) {
    if (views > 0) score /= views;
    if (score > best_shape) {
      best_shape = score;
      judgement.shape = shape;
    }
  }
  return judgement;
}

}  // namespace aicl::actionworld
