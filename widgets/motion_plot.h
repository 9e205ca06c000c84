#pragma once
// A small per-frame plot of a video's dominant motion: speed (pixels per frame, a line on the left axis) and
// direction (degrees, dots on the right axis: 0 right, 90 up, +-180 left), with the reference videos' speeds in
// grey behind it and a cursor at the current frame, so two clips' motion can be compared with the references at
// a glance.
#include <QColor>
#include <QVector>
#include <QWidget>

#include "video_motion.h"

class QCustomPlot;
class QCPItemStraightLine;
class QLabel;

class MotionPlot : public QWidget {
  Q_OBJECT
 public:
  explicit MotionPlot(QWidget* parent = nullptr);

  void setMotion(const VideoMotion& motion);
  void clearMotion() { setMotion({}); }
  const VideoMotion& motion() const { return motion_; }
  void setReferenceMotions(const QVector<VideoMotion>& references);
  int referenceCount() const { return static_cast<int>(references_.size()); }
  void setColour(const QColor& colour);
  void setCurrentFrame(int frame);
  // The largest speed shown (the video's and the references'); plots side by side share one speed axis.
  double peakSpeed() const;
  void setSpeedAxisMaximum(double maximum);

  QCustomPlot* plot() const { return plot_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void refresh();

  QCustomPlot* plot_;
  QLabel* placeholder_;
  QCPItemStraightLine* cursor_;
  VideoMotion motion_;
  QVector<VideoMotion> references_;
  QColor colour_{31, 119, 180};
  double speed_axis_maximum_ = 0.0;
};
