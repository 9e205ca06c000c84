#include "comparison_view.h"

#include <QButtonGroup>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSlider>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "motion_plot.h"
#include "transport_bar.h"

namespace {
constexpr int kSliderSteps = 1000;

QScrollArea* makeScrollArea(FrameView* view, QWidget* parent) {
  auto* scroll = new QScrollArea(parent);
  scroll->setWidget(view);
  scroll->setWidgetResizable(true);
  scroll->setAlignment(Qt::AlignCenter);
  scroll->setFocusPolicy(Qt::NoFocus);  // arrow keys step frames instead of scrolling
  return scroll;
}

void syncScrollBars(QScrollBar* a, QScrollBar* b) {
  QObject::connect(a, &QScrollBar::valueChanged, b, &QScrollBar::setValue);
  QObject::connect(b, &QScrollBar::valueChanged, a, &QScrollBar::setValue);
}
}  // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent),
      side_button_(new QToolButton(this)),
      split_button_(new QToolButton(this)),
      mode_group_(new QButtonGroup(this)),
      split_slider_(new QSlider(Qt::Horizontal, this)),
      notice_(new QLabel(this)),
      stack_(new QStackedWidget(this)),
      split_view_(new FrameView),
      motion_row_(new QWidget(this)),
      transport_(new TransportBar(this)) {
  setFocusPolicy(Qt::StrongFocus);
  side_button_->setObjectName("sideBySideButton");
  split_button_->setObjectName("splitButton");
  split_slider_->setObjectName("splitSlider");
  notice_->setObjectName("notice");

  for (QToolButton* button : {side_button_, split_button_}) button->setCheckable(true);
  mode_group_->setExclusive(true);
  mode_group_->addButton(side_button_, SideBySide);
  mode_group_->addButton(split_button_, Split);
  side_button_->setChecked(true);
  split_slider_->setRange(0, kSliderSteps);
  split_slider_->setValue(kSliderSteps / 2);
  notice_->setWordWrap(true);
  notice_->setStyleSheet("QLabel { color: #b36b00; }");
  notice_->hide();

  auto* side_page = new QWidget;
  auto* side_layout = new QHBoxLayout(side_page);
  side_layout->setContentsMargins(0, 0, 0, 0);
  for (int i = 0; i < 2; ++i) {
    side_views_[i] = new FrameView;
    side_scrolls_[i] = makeScrollArea(side_views_[i], side_page);
    side_captions_[i] = new QLabel(side_page);
    side_captions_[i]->setAlignment(Qt::AlignCenter);
    auto* column = new QVBoxLayout;
    column->addWidget(side_captions_[i]);
    column->addWidget(side_scrolls_[i], 1);
    side_layout->addLayout(column, 1);
  }
  syncScrollBars(side_scrolls_[0]->horizontalScrollBar(), side_scrolls_[1]->horizontalScrollBar());
  syncScrollBars(side_scrolls_[0]->verticalScrollBar(), side_scrolls_[1]->verticalScrollBar());
  split_scroll_ = makeScrollArea(split_view_, this);
  split_view_->setDividerPosition(split_position_);
  stack_->addWidget(side_page);
  stack_->addWidget(split_scroll_);

  auto* motion_layout = new QHBoxLayout(motion_row_);
  motion_layout->setContentsMargins(0, 0, 0, 0);
  const QColor plot_colours[2] = {QColor(120, 120, 120), QColor(214, 39, 40)};
  for (int i = 0; i < 2; ++i) {
    motion_plots_[i] = new MotionPlot(motion_row_);
    motion_plots_[i]->setObjectName(QString("motionPlot%1").arg(i));
    motion_plots_[i]->setColour(plot_colours[i]);
    motion_layout->addWidget(motion_plots_[i], 1);
  }
  motion_row_->hide();

  auto* mode_row = new QHBoxLayout;
  mode_row->addWidget(side_button_);
  mode_row->addWidget(split_button_);
  mode_row->addWidget(split_slider_, 1);
  mode_row->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(mode_row);
  layout->addWidget(notice_);
  layout->addWidget(stack_, 1);
  layout->addWidget(motion_row_);
  layout->addWidget(transport_);

  connect(mode_group_, &QButtonGroup::idClicked, this, [this](int id) { setMode(static_cast<Mode>(id)); });
  connect(split_slider_, &QSlider::valueChanged, this,
          [this](int value) { setSplitPosition(static_cast<double>(value) / kSliderSteps); });
  connect(split_view_, &FrameView::dividerDragged, this, &ComparisonView::setSplitPosition);
  connect(transport_, &TransportBar::frameChanged, this, [this](int frame) {
    for (MotionPlot* plot : motion_plots_) plot->setCurrentFrame(frame);
    refresh();
    Q_EMIT frameChanged(frame);
  });
  connect(transport_, &TransportBar::playingChanged, this, &ComparisonView::playingChanged);
  connect(transport_, &TransportBar::zoomChanged, this, [this](FrameView::Zoom zoom) {
    for (FrameView* view : {side_views_[0], side_views_[1], split_view_}) view->setZoom(zoom);
  });
  retranslateUi();
  updateModeWidgets();
  refresh();
}

void ComparisonView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    updateModeWidgets();  // the placeholders and the split view's tooltip
  }
  QWidget::changeEvent(event);
}

void ComparisonView::retranslateUi() {
  side_button_->setText(tr("Side by side"));
  side_button_->setToolTip(tr("Show the two clips next to each other"));
  split_button_->setText(tr("Split"));
  split_button_->setToolTip(
      tr("Show one frame: the first clip left of the divider, the second clip right of it"));
  split_slider_->setToolTip(tr("Position of the divider between the two clips"));
  notice_->setToolTip(tr("Something about the two clips differs"));
  for (int i = 0; i < 2; ++i) {
    side_views_[i]->setToolTip(tr("One clip of the comparison; both follow the same timeline"));
    side_captions_[i]->setToolTip(tr("The clip shown below"));
  }
}

void ComparisonView::setClips(const QVector<QImage>& a, const QVector<QImage>& b, double fps,
                              const QString& label_a, const QString& label_b) {
  clips_.clear();
  if (!a.isEmpty()) clips_.push_back({a, label_a});
  if (!b.isEmpty()) clips_.push_back({b, label_b});

  QStringList notes;
  if (clips_.size() == 2) {
    const auto length_a = clips_[0].frames.size(), length_b = clips_[1].frames.size();
    if (length_a != length_b)
      notes
          << tr("The clips differ in length (%1: %2 frames, %3: %4 frames); both play their first %5 frames.")
                 .arg(clips_[0].label, QString::number(length_a), clips_[1].label, QString::number(length_b),
                      QString::number(std::min(length_a, length_b)));
    const QSize size_a = clips_[0].frames.first().size(), size_b = clips_[1].frames.first().size();
    if (size_a != size_b)
      notes << tr("The frames differ in size (%1x%2 and %3x%4); the split view scales %5 to %1x%2.")
                   .arg(size_a.width())
                   .arg(size_a.height())
                   .arg(size_b.width())
                   .arg(size_b.height())
                   .arg(clips_[1].label);
  }
  notice_->setText(notes.join("\n"));
  notice_->setVisible(!notes.isEmpty());

  for (int i = 0; i < 2; ++i) side_captions_[i]->setText(i < clips_.size() ? clips_[i].label : QString());
  split_view_->setCornerLabels(clips_.size() == 2 ? clips_[0].label : QString(),
                               clips_.size() == 2 ? clips_[1].label : QString());
  for (MotionPlot* plot : motion_plots_) plot->clearMotion();
  motion_row_->hide();
  updateModeWidgets();
  transport_->setFps(fps);
  transport_->setFrameCount(frameCount());  // refreshes the views through frameChanged
}

void ComparisonView::clear() { setClips({}, {}, 0.0, {}, {}); }

void ComparisonView::setMotion(int clip, const VideoMotion& motion) {
  if (clip < 0 || clip >= clipCount()) return;
  motion_plots_[clip]->setMotion(motion);
  motion_row_->setVisible(true);
  shareSpeedAxis();
}

void ComparisonView::setReferenceMotions(const QVector<VideoMotion>& references) {
  for (MotionPlot* plot : motion_plots_) plot->setReferenceMotions(references);
  shareSpeedAxis();
}

bool ComparisonView::motionPlotsVisible() const { return !motion_row_->isHidden(); }

void ComparisonView::shareSpeedAxis() {
  // One speed scale for both clips, so a taller curve means a faster motion.
  const double peak = std::max(motion_plots_[0]->peakSpeed(), motion_plots_[1]->peakSpeed());
  for (MotionPlot* plot : motion_plots_) plot->setSpeedAxisMaximum(peak);
}

int ComparisonView::frameCount() const {
  if (clips_.isEmpty()) return 0;
  qsizetype count = clips_[0].frames.size();
  for (const Clip& clip : clips_) count = std::min(count, clip.frames.size());
  return static_cast<int>(count);
}

int ComparisonView::currentFrame() const { return transport_->currentFrame(); }

bool ComparisonView::isPlaying() const { return transport_->isPlaying(); }

QString ComparisonView::notice() const { return notice_->isHidden() ? QString() : notice_->text(); }

void ComparisonView::setMode(Mode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  mode_group_->button(mode)->setChecked(true);
  updateModeWidgets();
  refresh();
  Q_EMIT modeChanged(mode_);
}

void ComparisonView::setSplitPosition(double position) {
  if (!std::isfinite(position)) return;
  position = std::clamp(position, 0.0, 1.0);
  if (position == split_position_) return;
  split_position_ = position;
  {
    const QSignalBlocker blocker(split_slider_);
    split_slider_->setValue(static_cast<int>(std::lround(position * kSliderSteps)));
  }
  split_view_->setDividerPosition(position);
  if (mode_ == Split) refresh();
  Q_EMIT splitPositionChanged(split_position_);
}

void ComparisonView::setFrame(int frame) { transport_->setFrame(frame); }
void ComparisonView::play() { transport_->play(); }
void ComparisonView::pause() { transport_->pause(); }

QImage ComparisonView::compose(int frame) const {
  if (clips_.isEmpty() || frame < 0 || frame >= frameCount()) return {};
  if (clips_.size() == 1) return clips_[0].frames[frame];
  const QImage& a = clips_[0].frames[frame];
  const QImage& b = clips_[1].frames[frame];
  if (mode_ == SideBySide) {
    QImage composed(a.width() + b.width(), std::max(a.height(), b.height()), QImage::Format_RGB32);
    composed.fill(Qt::black);
    QPainter painter(&composed);
    painter.drawImage(0, 0, a);
    painter.drawImage(a.width(), 0, b);
    return composed;
  }
  const QImage right =
      b.size() == a.size() ? b : b.scaled(a.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
  const int split_x = static_cast<int>(std::lround(split_position_ * a.width()));
  QImage composed(a.size(), QImage::Format_RGB32);
  composed.fill(Qt::black);
  QPainter painter(&composed);
  painter.drawImage(QPoint(0, 0), a, QRect(0, 0, split_x, a.height()));
  painter.drawImage(QPoint(split_x, 0), right, QRect(split_x, 0, a.width() - split_x, a.height()));
  return composed;
}

QImage ComparisonView::currentImage() const { return compose(currentFrame()); }

void ComparisonView::refresh() {
  const int frame = currentFrame();
  const bool valid = frame >= 0 && frame < frameCount();
  if (mode_ == SideBySide) {
    for (int i = 0; i < 2; ++i)
      side_views_[i]->setImage(valid && i < clips_.size() ? clips_[i].frames[frame] : QImage());
  } else {
    split_view_->setImage(compose(frame));
  }
}

void ComparisonView::updateModeWidgets() {
  stack_->setCurrentIndex(mode_ == SideBySide ? 0 : 1);
  const bool two = clips_.size() == 2;
  split_slider_->setVisible(mode_ == Split);
  split_slider_->setEnabled(two);
  split_view_->setDividerVisible(two);
  // One clip: the second column is hidden and the first one takes the page.
  side_scrolls_[1]->setVisible(clipCount() != 1);
  side_captions_[1]->setVisible(clipCount() != 1);
  motion_plots_[1]->setVisible(clipCount() != 1);
  const QString empty = tr("No clips to compare");
  for (FrameView* view : {side_views_[0], side_views_[1], split_view_}) view->setPlaceholderText(empty);
}

void ComparisonView::keyPressEvent(QKeyEvent* event) {
  if (transport_->handleKey(event))
    event->accept();
  else
    QWidget::keyPressEvent(event);
}
