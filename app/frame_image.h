#pragma once
// The one place where the app converts between the engine's types and Qt's: frames (packed RGB24) and QImages,
// paths and QStrings.
#include <QImage>
#include <QString>
#include <QVector>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "aicl/video_io.h"

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
