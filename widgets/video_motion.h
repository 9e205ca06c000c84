#pragma once
// The dominant motion of one video as the motion view shows it (plain Qt data; the application fills it from
// the engine's optical flow). Per frame pair i -> i+1: the flow (x right, y down, pixels per frame), the speed
// and the direction (degrees counter-clockwise from "right" on screen, NaN while nothing moves); per frame: the
// trail point, in pixels of frames of `frame_size`.
#include <QMetaType>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QVector>

struct VideoMotion {
  QString video;  // what it was computed from (a file path); empty for data made in place
  QSize frame_size;
  QVector<QPointF> flow;
  QVector<double> speed;
  QVector<double> direction;
  QVector<QPointF> trail;

  bool isEmpty() const { return trail.isEmpty(); }
};

Q_DECLARE_METATYPE(VideoMotion)
