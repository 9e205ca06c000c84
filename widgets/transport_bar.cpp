#include "transport_bar.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
#include <cmath>

#include "text_setters.h"

namespace {
constexpr double kDefaultFps = 8.0;
constexpr double kMaxFps = 240.0;
}  // namespace

TransportBar::TransportBar(QWidget* parent)
    : QWidget(parent),
      back_button_(new QToolButton(this)),
      play_button_(new QToolButton(this)),
      forward_button_(new QToolButton(this)),
      loop_button_(new QToolButton(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      counter_(new QLabel(this)),
      zoom_box_(new QComboBox(this)),
      timer_(new QTimer(this)) {
  back_button_->setObjectName("stepBackButton");
  play_button_->setObjectName("playButton");
  forward_button_->setObjectName("stepForwardButton");
  loop_button_->setObjectName("loopButton");
  slider_->setObjectName("timelineSlider");
  counter_->setObjectName("frameCounter");
  zoom_box_->setObjectName("zoomBox");

  back_button_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
  forward_button_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
  play_button_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  loop_button_->setCheckable(true);
  loop_button_->setChecked(true);
  slider_->setRange(0, 0);
  slider_->setPageStep(1);
  counter_->setMinimumWidth(counter_->fontMetrics().horizontalAdvance("0000 / 0000  00.00 s"));
  for (FrameView::Zoom zoom : {FrameView::Fit, FrameView::Zoom1x, FrameView::Zoom2x, FrameView::Zoom4x,
                               FrameView::Zoom8x})
    zoom_box_->addItem(QString(), static_cast<int>(zoom));  // named by retranslateUi()
  retranslateUi();
  timer_->setTimerType(Qt::PreciseTimer);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(back_button_);
  layout->addWidget(play_button_);
  layout->addWidget(forward_button_);
  layout->addWidget(loop_button_);
  layout->addWidget(slider_, 1);
  layout->addWidget(counter_);
  layout->addWidget(zoom_box_);

  connect(back_button_, &QToolButton::clicked, this, &TransportBar::stepBackward);
  connect(forward_button_, &QToolButton::clicked, this, &TransportBar::stepForward);
  connect(play_button_, &QToolButton::clicked, this, &TransportBar::togglePlaying);
  connect(slider_, &QSlider::valueChanged, this, &TransportBar::setFrame);
  connect(slider_, &QSlider::sliderPressed, this, &TransportBar::pause);
  connect(timer_, &QTimer::timeout, this, &TransportBar::advance);
  connect(zoom_box_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT zoomChanged(zoom()); });
  setFps(kDefaultFps);
  updateControls();
}

void TransportBar::setFrameCount(int count) {
  pause();
  count_ = std::max(0, count);
  frame_ = count_ > 0 ? 0 : -1;
  {
    const QSignalBlocker blocker(slider_);
    slider_->setRange(0, std::max(0, count_ - 1));
    slider_->setValue(0);
  }
  updateControls();
  Q_EMIT frameChanged(frame_);
}

void TransportBar::setFps(double fps) {
  fps_ = (fps > 0.0 && std::isfinite(fps)) ? std::min(fps, kMaxFps) : kDefaultFps;
  timer_->setInterval(std::max(1, static_cast<int>(std::lround(1000.0 / fps_))));
  updateControls();
}

bool TransportBar::isPlaying() const { return timer_->isActive(); }

bool TransportBar::isLooping() const { return loop_button_->isChecked(); }

void TransportBar::setLooping(bool looping) { loop_button_->setChecked(looping); }

FrameView::Zoom TransportBar::zoom() const {
  return static_cast<FrameView::Zoom>(zoom_box_->currentData().toInt());
}

void TransportBar::setZoom(FrameView::Zoom zoom) {
  const int index = zoom_box_->findData(static_cast<int>(zoom));
  if (index >= 0) zoom_box_->setCurrentIndex(index);
}

void TransportBar::setFrame(int frame) {
  if (count_ == 0) return;
  frame = std::clamp(frame, 0, count_ - 1);
  if (frame == frame_) return;
  frame_ = frame;
  {
    const QSignalBlocker blocker(slider_);
    slider_->setValue(frame_);
  }
  updateControls();
  Q_EMIT frameChanged(frame_);
}

void TransportBar::play() {
  if (count_ < 2 || isPlaying()) return;
  if (frame_ >= count_ - 1 && !isLooping()) setFrame(0);
  timer_->start();
  updateControls();
  Q_EMIT playingChanged(true);
}

void TransportBar::pause() {
  if (!isPlaying()) return;
  timer_->stop();
  updateControls();
  Q_EMIT playingChanged(false);
}

void TransportBar::togglePlaying() {
  if (isPlaying())
    pause();
  else
    play();
}

void TransportBar::stepForward() {
  pause();
  setFrame(frame_ + 1);
}

void TransportBar::stepBackward() {
  pause();
  setFrame(frame_ - 1);
}

void TransportBar::advance() {
  if (frame_ + 1 < count_) {
    setFrame(frame_ + 1);
  } else if (isLooping()) {
    setFrame(0);
  } else {
    pause();
  }
}

bool TransportBar::handleKey(QKeyEvent* event) {
  if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
  switch (event->key()) {
    case Qt::Key_Space:
      togglePlaying();
      return true;
    case Qt::Key_Left:
      stepBackward();
      return true;
    case Qt::Key_Right:
      stepForward();
      return true;
    case Qt::Key_Home:
      pause();
      setFrame(0);
      return true;
    case Qt::Key_End:
      pause();
      setFrame(count_ - 1);
      return true;
    default:
      return false;
  }
}

void TransportBar::keyPressEvent(QKeyEvent* event) {
  if (handleKey(event))
    event->accept();
  else
    QWidget::keyPressEvent(event);
}

void TransportBar::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    updateControls();  // the play button's tooltip and the counter
  }
  QWidget::changeEvent(event);
}

void TransportBar::retranslateUi() {
  back_button_->setToolTip(tr("Previous frame (Left)"));
  forward_button_->setToolTip(tr("Next frame (Right)"));
  loop_button_->setText(tr("Loop"));
  loop_button_->setToolTip(tr("Repeat the clip from the start when it ends"));
  slider_->setToolTip(tr("Timeline: drag to scrub through the frames"));
  counter_->setToolTip(tr("Current frame / number of frames, and its time in the clip"));
  setItemTexts(zoom_box_, {tr("Fit"), tr("1x"), tr("2x"), tr("4x"), tr("8x")});
  zoom_box_->setToolTip(tr("Zoom: fit the window, or enlarge each pixel 1, 2, 4 or 8 times (no smoothing)"));
}

void TransportBar::updateControls() {
  const bool has_frames = count_ > 0;
  back_button_->setEnabled(has_frames && frame_ > 0);
  forward_button_->setEnabled(has_frames && frame_ < count_ - 1);
  play_button_->setEnabled(count_ > 1);
  slider_->setEnabled(count_ > 1);
  const bool playing = isPlaying();
  play_button_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  play_button_->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
  if (!has_frames) {
    counter_->setText(tr("no clip"));
    return;
  }
  counter_->setText(tr("%1 / %2  %3 s").arg(frame_ + 1).arg(count_).arg(frame_ / fps_, 0, 'f', 2));
}
