#pragma once
// Plays a clip held in memory (one QImage per frame) at a frame rate: play/pause, loop, scrub slider, frame
// step, frame counter and zoom (fit, 1x..8x, nearest-neighbour so tiny 32x32 clips stay crisp). Keys when the
// player has focus: Space play/pause, Left/Right frame step, Home/End first/last frame. The trail of the clip's
// dominant motion (when the caller supplies it) is drawn over the frames; a toggle button shows or hides it.
#include <QImage>
#include <QVector>
#include <QWidget>

#include "frame_view.h"
#include "video_motion.h"

class MotionTrailOverlay;
class QScrollArea;
class QToolButton;
class TransportBar;

class VideoPlayer : public QWidget {
  Q_OBJECT
 public:
  explicit VideoPlayer(QWidget* parent = nullptr);

  // Shows `frames` from the first one, paused; `fps` <= 0 plays at 8 frames per second. Drops the motion trail
  // (it belongs to the previous clip).
  void setClip(const QVector<QImage>& frames, double fps);
  void clear();
  bool isPlaying() const;
  // -1 when there is no clip.
  int currentFrame() const;
  int frameCount() const;
  double fps() const;
  bool isLooping() const;
  void setZoom(FrameView::Zoom zoom);
  FrameView::Zoom zoom() const;
  // The frame on screen (null without a clip).
  QImage currentImage() const;

  // The motion of the clip shown (frames of the clip's size); an empty one hides the trail.
  void setMotion(const VideoMotion& motion);
  const VideoMotion& motion() const;
  void setMotionTrailVisible(bool visible);
  bool motionTrailVisible() const;

  FrameView* view() const { return view_; }
  MotionTrailOverlay* motionTrail() const { return trail_; }
  QToolButton* motionTrailButton() const { return trail_button_; }
  TransportBar* transport() const { return transport_; }

 public Q_SLOTS:
  void play();
  void pause();
  void setFrame(int frame);
  void setLooping(bool looping);

 Q_SIGNALS:
  void frameChanged(int frame);
  void playingChanged(bool playing);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void showFrame(int frame);
  void updateTrailVisibility();

  QVector<QImage> frames_;
  FrameView* view_;
  QScrollArea* scroll_;
  TransportBar* transport_;
  MotionTrailOverlay* trail_;
  QToolButton* trail_button_;
};
