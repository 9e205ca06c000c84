#include "video_player.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include "motion_trail_overlay.h"
#include "transport_bar.h"

VideoPlayer::VideoPlayer(QWidget* parent)
    : QWidget(parent),
      view_(new FrameView),
      scroll_(new QScrollArea(this)),
      transport_(new TransportBar(this)),
      trail_(new MotionTrailOverlay(view_)),
      trail_button_(new QToolButton(this)) {
  setFocusPolicy(Qt::StrongFocus);
  trail_button_->setObjectName("motionTrailButton");
  trail_button_->setCheckable(true);
  trail_button_->setChecked(true);
  trail_button_->setEnabled(false);
  scroll_->setWidget(view_);
  scroll_->setWidgetResizable(true);
  scroll_->setAlignment(Qt::AlignCenter);
  scroll_->setFocusPolicy(Qt::NoFocus);  // arrow keys step frames instead of scrolling
  retranslateUi();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll_, 1);
  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(transport_, 1);
  controls->addWidget(trail_button_);
  layout->addLayout(controls);
  connect(trail_button_, &QToolButton::toggled, this, [this] { updateTrailVisibility(); });
  connect(transport_, &TransportBar::frameChanged, this, [this](int frame) {
    showFrame(frame);
    trail_->setCurrentFrame(frame);
    Q_EMIT frameChanged(frame);
  });
  connect(transport_, &TransportBar::playingChanged, this, &VideoPlayer::playingChanged);
  connect(transport_, &TransportBar::zoomChanged, view_, &FrameView::setZoom);
}

void VideoPlayer::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void VideoPlayer::retranslateUi() {
  trail_button_->setText(tr("Motion"));
  trail_button_->setToolTip(tr("Draw the trail of the clip's dominant motion (optical flow) over the frames"));
  view_->setPlaceholderText(tr("No clip"));
  scroll_->setToolTip(tr("The clip; Space plays or pauses, Left/Right step one frame"));
  view_->setToolTip(scroll_->toolTip());
}

void VideoPlayer::setClip(const QVector<QImage>& frames, double fps) {
  frames_ = frames;
  setMotion({});
  transport_->setFps(fps);
  transport_->setFrameCount(static_cast<int>(frames_.size()));
}

void VideoPlayer::clear() { setClip({}, 0.0); }

void VideoPlayer::setMotion(const VideoMotion& motion) {
  trail_->setMotion(motion);
  trail_->setCurrentFrame(currentFrame());
  trail_button_->setEnabled(!motion.isEmpty());
  updateTrailVisibility();
}

const VideoMotion& VideoPlayer::motion() const { return trail_->motion(); }

void VideoPlayer::setMotionTrailVisible(bool visible) { trail_button_->setChecked(visible); }

bool VideoPlayer::motionTrailVisible() const { return !trail_->isHidden(); }

void VideoPlayer::updateTrailVisibility() {
  trail_->setVisible(trail_button_->isChecked() && !trail_->motion().isEmpty());
  trail_->raise();
}

bool VideoPlayer::isPlaying() const { return transport_->isPlaying(); }
int VideoPlayer::currentFrame() const { return transport_->currentFrame(); }
int VideoPlayer::frameCount() const { return transport_->frameCount(); }
double VideoPlayer::fps() const { return transport_->fps(); }
bool VideoPlayer::isLooping() const { return transport_->isLooping(); }
void VideoPlayer::setZoom(FrameView::Zoom zoom) { transport_->setZoom(zoom); }
FrameView::Zoom VideoPlayer::zoom() const { return transport_->zoom(); }
QImage VideoPlayer::currentImage() const { return view_->image(); }
void VideoPlayer::play() { transport_->play(); }
void VideoPlayer::pause() { transport_->pause(); }
void VideoPlayer::setFrame(int frame) { transport_->setFrame(frame); }
void VideoPlayer::setLooping(bool looping) { transport_->setLooping(looping); }

void VideoPlayer::showFrame(int frame) {
  view_->setImage(frame >= 0 && frame < frames_.size() ? frames_[frame] : QImage());
}

void VideoPlayer::keyPressEvent(QKeyEvent* event) {
  if (transport_->handleKey(event))
    event->accept();
  else
    QWidget::keyPressEvent(event);
}
