#pragma once
// Playback controls and timeline for a clip of N frames: play/pause, frame step back/forward, loop toggle,
// scrub slider, a frame counter and a zoom choice. It owns the playback timer; the widget that shows the
// frames follows frameChanged(). Shared by the video player and the comparison view (one transport drives
// both clips).
//
// Keys (when the bar or its host forwards them to handleKey()): Space play/pause, Left/Right one frame
// back/forward, Home/End first/last frame.
#include <QWidget>

#include "frame_view.h"

class QComboBox;
class QKeyEvent;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

class TransportBar : public QWidget {
  Q_OBJECT
 public:
  explicit TransportBar(QWidget* parent = nullptr);

  // A new clip of `count` frames: stops playback, goes to frame 0 (-1 when empty) and emits frameChanged().
  void setFrameCount(int count);
  int frameCount() const { return count_; }
  // Frames per second of playback (values <= 0 fall back to 8).
  void setFps(double fps);
  double fps() const { return fps_; }
  int currentFrame() const { return frame_; }
  bool isPlaying() const;
  bool isLooping() const;
  FrameView::Zoom zoom() const;
  void setZoom(FrameView::Zoom zoom);
  // Shortcut handling for hosts: returns true when the key was one of the transport keys.
  bool handleKey(QKeyEvent* event);

 public Q_SLOTS:
  // Clamped to the clip; emits frameChanged() when the frame changes.
  void setFrame(int frame);
  // Starts playback (from the first frame when the last one is showing and looping is off); needs 2+ frames.
  void play();
  void pause();
  void togglePlaying();
  void setLooping(bool looping);
  void stepForward();
  void stepBackward();

 Q_SIGNALS:
  void frameChanged(int frame);
  void playingChanged(bool playing);
  void zoomChanged(FrameView::Zoom zoom);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void advance();
  void updateControls();

  QToolButton* back_button_;
  QToolButton* play_button_;
  QToolButton* forward_button_;
  QToolButton* loop_button_;
  QSlider* slider_;
  QLabel* counter_;
  QComboBox* zoom_box_;
  QTimer* timer_;
  int count_ = 0;
  int frame_ = -1;
  double fps_ = 8.0;
};
