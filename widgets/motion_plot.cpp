#include "motion_plot.h"

#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <algorithm>
#include <qcustomplot.h>

namespace {
constexpr int kPlotHeight = 110;
const QColor kReferenceColour(150, 150, 150, 140);

double peakOf(const VideoMotion& motion) {
  double peak = 0.0;
  for (double speed : motion.speed) peak = std::max(peak, speed);
  return peak;
}

QVector<double> frameIndices(qsizetype count) {
  QVector<double> frames(count);
  for (qsizetype i = 0; i < count; ++i) frames[i] = static_cast<double>(i);
  return frames;
}
}  // namespace

MotionPlot::MotionPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot), placeholder_(new QLabel), cursor_(nullptr) {
  plot_->setObjectName("motionPlot");
  plot_->setMinimumHeight(kPlotHeight);
  plot_->setMaximumHeight(kPlotHeight);
  plot_->yAxis2->setVisible(true);
  plot_->yAxis2->setRange(-180, 180);
  plot_->yAxis2->ticker()->setTickCount(4);
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.8);
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) {
    axis->setLabelFont(small);
    axis->setTickLabelFont(small);
  }
  cursor_ = new QCPItemStraightLine(plot_);
  cursor_->setPen(QPen(QColor(0, 0, 0, 90), 1, Qt::DashLine));
  placeholder_->setObjectName("motionPlaceholder");
  placeholder_->setAlignment(Qt::AlignCenter);
  placeholder_->setMinimumHeight(kPlotHeight);
  placeholder_->setMaximumHeight(kPlotHeight);
  retranslateUi();
  auto* layout = new QStackedLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(placeholder_);
  layout->addWidget(plot_);
  refresh();
}

void MotionPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    plot_->replot();
  }
  QWidget::changeEvent(event);
}

void MotionPlot::retranslateUi() {
  plot_->xAxis->setLabel(tr("frame"));
  plot_->yAxis->setLabel(tr("px/frame"));
  plot_->yAxis2->setLabel(tr("direction"));
  plot_->setToolTip(tr("Dominant motion per frame (optical flow): speed as a line, direction as dots "
                       "(0 right, 90 up, 180 left); grey lines: the references' speeds"));
  placeholder_->setText(tr("Motion: computing..."));
  placeholder_->setToolTip(tr("The motion plot appears when the optical flow of this clip is computed"));
}

void MotionPlot::setMotion(const VideoMotion& motion) {
  motion_ = motion;
  refresh();
}

void MotionPlot::setReferenceMotions(const QVector<VideoMotion>& references) {
  references_ = references;
  refresh();
}

void MotionPlot::setColour(const QColor& colour) {
  colour_ = colour;
  refresh();
}

double MotionPlot::peakSpeed() const {
  double peak = peakOf(motion_);
  for (const VideoMotion& reference : references_) peak = std::max(peak, peakOf(reference));
  return peak;
}

void MotionPlot::setSpeedAxisMaximum(double maximum) {
  speed_axis_maximum_ = maximum;
  refresh();
}

void MotionPlot::setCurrentFrame(int frame) {
  cursor_->point1->setCoords(frame, 0);
  cursor_->point2->setCoords(frame, 1);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MotionPlot::refresh() {
  plot_->clearGraphs();
  auto* layout = static_cast<QStackedLayout*>(this->layout());
  layout->setCurrentWidget(motion_.isEmpty() ? static_cast<QWidget*>(placeholder_) : plot_);
  if (motion_.isEmpty()) return;
  qsizetype frames = motion_.trail.size();
  for (const VideoMotion& reference : references_) {
    QCPGraph* graph = plot_->addGraph();
    graph->setPen(QPen(kReferenceColour, 1));
    graph->setData(frameIndices(reference.speed.size()), reference.speed, true);
    frames = std::max(frames, reference.trail.size());
  }
  QCPGraph* speed = plot_->addGraph();
  speed->setPen(QPen(colour_, 2));
  speed->setData(frameIndices(motion_.speed.size()), motion_.speed, true);
  QCPGraph* direction = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
  direction->setLineStyle(QCPGraph::lsNone);
  direction->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour_.darker(140), 4));
  direction->setData(frameIndices(motion_.direction.size()), motion_.direction, true);
  plot_->xAxis->setRange(0, std::max<double>(1.0, static_cast<double>(frames - 1)));
  const double top = speed_axis_maximum_ > 0 ? speed_axis_maximum_ : peakSpeed();
  plot_->yAxis->setRange(0, std::max(1.0, top * 1.1));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}
