#pragma once
// Baseline against AICL, both made from the same seed: two clips on one shared timeline (a single transport
// plays, steps and scrubs both). Two modes: side by side, or split (one frame, the part left of a draggable
// vertical divider from clip A and the rest from clip B; a slider moves the divider too). Clips of different
// lengths play the shorter length and a notice says so; in split mode a clip B of another size is scaled to
// clip A's size. Keys when the view has focus: Space play/pause, Left/Right frame step, Home/End first/last
// frame. Under the clips, a motion plot per clip (speed and direction per frame, the references' speeds in grey)
// appears once the caller supplies the clips' motion.
#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

#include "frame_view.h"
#include "video_motion.h"

class QButtonGroup;
class MotionPlot;
class QLabel;
class QScrollArea;
class QSlider;
class QStackedWidget;
class QToolButton;
class TransportBar;

class ComparisonView : public QWidget {
  Q_OBJECT
 public:
  enum Mode { SideBySide, Split };
  Q_ENUM(Mode)

  explicit ComparisonView(QWidget* parent = nullptr);

  // Empty clips are left out (one clip is shown alone); `fps` <= 0 plays at 8 frames per second.
  void setClips(const QVector<QImage>& a, const QVector<QImage>& b, double fps, const QString& label_a,
                const QString& label_b);
  void clear();
  // Number of clips shown (0..2).
  int clipCount() const { return static_cast<int>(clips_.size()); }
  // Frames on the shared timeline (the shorter clip's length).
  int frameCount() const;
  // -1 without clips.
  int currentFrame() const;
  Mode mode() const { return mode_; }
  double splitPosition() const { return split_position_; }
  bool isPlaying() const;
  // The composed frame as shown, without overlays: A|B side by side (top-aligned, no gap), or the split frame
  // (A's size, columns left of round(splitPosition() * width) from A). One clip: its frame; none: a null
  // image.
  QImage currentImage() const;
  // The length/size notice shown above the frames; empty when there is none.
  QString notice() const;

  // The motion of clip 0 or 1 (as passed to setClips, empty ones left out); the plots stay hidden until the
  // first motion arrives and are reset by setClips.
  void setMotion(int clip, const VideoMotion& motion);
  // Drawn in grey behind every clip's plot; kept across setClips.
  void setReferenceMotions(const QVector<VideoMotion>& references);
  bool motionPlotsVisible() const;
  MotionPlot* motionPlot(int clip) const { return motion_plots_[clip]; }

  TransportBar* transport() const { return transport_; }
  FrameView* splitView() const { return split_view_; }
  FrameView* sideView(int clip) const { return side_views_[clip]; }

 public Q_SLOTS:
  void setMode(ComparisonView::Mode mode);
  void setSplitPosition(double position);
  void setFrame(int frame);
  void play();
  void pause();

 Q_SIGNALS:
  void frameChanged(int frame);
  void playingChanged(bool playing);
  void modeChanged(ComparisonView::Mode mode);
  void splitPositionChanged(double position);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  struct Clip {
    QVector<QImage> frames;
    QString label;
  };
  QImage compose(int frame) const;
  void refresh();
  void updateModeWidgets();
  void shareSpeedAxis();

  QVector<Clip> clips_;
  Mode mode_ = SideBySide;
  double split_position_ = 0.5;

  QToolButton* side_button_;
  QToolButton* split_button_;
  QButtonGroup* mode_group_;
  QSlider* split_slider_;
  QLabel* notice_;
  QStackedWidget* stack_;
  QLabel* side_captions_[2];
  QScrollArea* side_scrolls_[2];
  FrameView* side_views_[2];
  QScrollArea* split_scroll_;
  FrameView* split_view_;
  QWidget* motion_row_;
  MotionPlot* motion_plots_[2];
  TransportBar* transport_;
};
