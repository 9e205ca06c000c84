#pragma once
// Engine frames (packed RGB24) as QImages.
#include <QImage>

#include "aicl/video_io.h"

inline QImage toQImage(const aicl::Frame& frame) {
  if (frame.width <= 0 || frame.height <= 0 || frame.rgb.size() < size_t(frame.width) * frame.height * 3) return {};
  // QImage does not own the engine's buffer: copy() detaches it.
  return QImage(frame.rgb.data(), frame.width, frame.height, frame.width * 3, QImage::Format_RGB888).copy();
}
