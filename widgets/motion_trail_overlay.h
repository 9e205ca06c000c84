#pragma once
// The trail of a video's dominant motion drawn over a FrameView: the whole path faint, the part travelled up to
// the current frame bright, and a dot at the current position. It is a child of the view that covers it and
// lets the mouse through, so the view (and its split divider) works as before.
#include <QWidget>

#include "video_motion.h"

class FrameView;

class MotionTrailOverlay : public QWidget {
  Q_OBJECT
 public:
  explicit MotionTrailOverlay(FrameView* view);

  void setMotion(const VideoMotion& motion);
  void clearMotion() { setMotion({}); }
  const VideoMotion& motion() const { return motion_; }
  // The frame whose position gets the dot (clamped to the trail).
  void setCurrentFrame(int frame);
  int currentFrame() const { return current_frame_; }
  // A trail point in the view's coordinates (where it is drawn over the displayed frame).
  QPointF mapToView(const QPointF& trail_point) const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  FrameView* view_;
  VideoMotion motion_;
  int current_frame_ = 0;
};
