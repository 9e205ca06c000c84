#pragma once
// The one place where the app converts between the engine's types and Qt's: frames (packed RGB24) and QImages,
// paths and QStrings, the optical-flow motion and the motion view's data.
#include <QImage>
#include <QString>
#include <QVector>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "aicl/dense_motion.h"
#include "aicl/video_io.h"
#include "video_motion.h"

inline std::filesystem::path toPath(const QString& text) { return std::filesystem::path(text.toStdString()); }

inline QImage toQImage(const aicl::Frame& frame) {
  if (frame.width <= 0 || frame.height <= 0 || frame.rgb.size() < size_t(frame.width) * frame.height * 3) return {};
  // QImage does not own the engine's buffer: copy() detaches it.
  return QImage(frame.rgb.data(), frame.width, frame.height, frame.width * 3, QImage::Format_RGB888).copy();
}

inline QVector<QImage> toImages(const std::vector<aicl::Frame>& frames) {
  QVector<QImage> images;
  images.reserve(static_cast<int>(frames.size()));
  for (const aicl::Frame& frame : frames) images.append(toQImage(frame));
  return images;
}

inline std::vector<aicl::Frame> toFrames(const QVector<QImage>& images) {
  std::vector<aicl::Frame> frames;
  for (const QImage& image : images) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    aicl::Frame frame;
    frame.width = rgb.width();
    frame.height = rgb.height();
    frame.rgb.resize(static_cast<size_t>(rgb.width()) * rgb.height() * 3);
    for (int y = 0; y < rgb.height(); ++y)
      std::copy_n(rgb.constScanLine(y), rgb.width() * 3, frame.rgb.data() + static_cast<size_t>(y) * rgb.width() * 3);
    frames.push_back(std::move(frame));
  }
  return frames;
}

// Steps at rest get a NaN direction, so the plot leaves a gap instead of a misleading 0 degrees.
inline VideoMotion toVideoMotion(const aicl::ClipMotion& motion, const QString& video = {}) {
  VideoMotion result;
  result.video = video;
  result.frame_size = QSize(motion.width, motion.height);
  for (const aicl::MotionStep& step : motion.steps) {
    result.flow.append(QPointF(step.dx, step.dy));
    result.speed.append(step.speed);
    result.direction.append(step.moving ? step.direction : std::numeric_limits<double>::quiet_NaN());
  }
  for (const aicl::MotionPoint& point : motion.trail) result.trail.append(QPointF(point.x, point.y));
  return result;
}
