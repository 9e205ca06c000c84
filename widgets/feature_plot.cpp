#include "feature_plot.h"

#include <qcustomplot.h>

#include <QCursor>
#include <QEvent>
#include <QHelpEvent>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>

namespace {
constexpr double kSmallestMarker = 3.0;
constexpr double kLargestMarker = 9.0;
constexpr double kFirstFrameMarker = 11.0;
}  // namespace

FeaturePlot::FeaturePlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), empty_label_(new QLabel(this)) {
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMouseTracking(true);
  plot_->legend->setVisible(true);
  plot_->setMinimumSize(200, 160);
  plot_->installEventFilter(this);
  empty_label_->setAlignment(Qt::AlignCenter);
  empty_label_->setWordWrap(true);
  retranslateUi();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addWidget(empty_label_);
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) { hover(event->pos()); });
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
    plot_->rescaleAxes();
    plot_->replot();
  });
  updateAxisLabels();
  empty_label_->hide();
}

void FeaturePlot::setTrajectories(const QVector<Trajectory>& trajectories) {
  trajectories_ = trajectories;
  rebuild();
}

void FeaturePlot::setTrajectories(const QVector<Trajectory>& trajectories, double explained_pc1,
                                  double explained_pc2) {
  explained_pc1_ = explained_pc1;
  explained_pc2_ = explained_pc2;
  updateAxisLabels();
  setTrajectories(trajectories);
}

void FeaturePlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    rebuild();  // the curves' names
    plot_->replot();
  }
  QWidget::changeEvent(event);
}

void FeaturePlot::retranslateUi() {
  plot_->setToolTip(
      tr("Action Prism features of each video, projected on their first two principal components.\n"
         "Markers grow with the frame number; the hollow square is the first frame, the arrow points "
         "at the last one; generated videos are dashed.\nWheel: zoom, drag: pan, double-click: fit."));
  empty_label_->setToolTip(tr("Why the feature plot is empty"));
  updateAxisLabels();
}

void FeaturePlot::setExplainedVariance(double pc1, double pc2) {
  explained_pc1_ = pc1;
  explained_pc2_ = pc2;
  updateAxisLabels();
  plot_->replot();
}

void FeaturePlot::updateAxisLabels() {
  auto label = [this](const QString& axis, double ratio) {
    return ratio >= 0 ? tr("%1 (%2 %)").arg(axis).arg(ratio * 100.0, 0, 'f', 1) : axis;
  };
  plot_->xAxis->setLabel(label(tr("PC1"), explained_pc1_));
  plot_->yAxis->setLabel(label(tr("PC2"), explained_pc2_));
}

void FeaturePlot::rebuild() {
  plot_->clearPlottables();
  plot_->clearItems();
  hovered_ = {};
  hover_text_.clear();
  for (const Trajectory& trajectory : trajectories_) {
    const QColor colour = trajectory.colour.isValid() ? trajectory.colour : QColor(Qt::darkGray);
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    curve->setName(trajectory.generated ? tr("%1 (generated)").arg(trajectory.label) : trajectory.label);
    curve->setPen(QPen(colour, 2, trajectory.generated ? Qt::DashLine : Qt::SolidLine));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
    const int n = static_cast<int>(trajectory.points.size());
    for (int i = 0; i < n; ++i) curve->addData(i, trajectory.points[i].x(), trajectory.points[i].y());

    for (int i = 0; i < n; ++i) {
      const QPointF point = trajectory.points[i];
      const bool last = i == n - 1 && n > 1;
      if (last) {
        // The last frame: an arrow head along the last segment, its tip on the point.
        auto* arrow = new QCPItemLine(plot_);
        arrow->start->setCoords(trajectory.points[i - 1]);
        arrow->end->setCoords(point);
        arrow->setPen(QPen(colour, 2));
        arrow->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 12, 14));
        arrow->setSelectable(false);
        continue;
      }
      auto* marker = new QCPItemTracer(plot_);
      marker->position->setType(QCPItemPosition::ptPlotCoords);
      marker->position->setCoords(point);
      marker->setSelectable(false);
      if (i == 0) {
        marker->setStyle(QCPItemTracer::tsSquare);
        marker->setSize(kFirstFrameMarker);
        marker->setPen(QPen(colour, 2));
        marker->setBrush(Qt::white);
      } else {
        const double t = n > 1 ? static_cast<double>(i) / (n - 1) : 0.0;
        marker->setStyle(QCPItemTracer::tsCircle);
        marker->setSize(kSmallestMarker + t * (kLargestMarker - kSmallestMarker));
        marker->setPen(QPen(colour, 1));
        marker->setBrush(colour);
      }
    }
  }
  const bool empty = trajectories_.isEmpty();
  plot_->legend->setVisible(!empty);
  if (!empty) plot_->rescaleAxes();
  // Keep markers and arrow heads inside the axes.
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
    if (axis->range().size() <= 0) axis->setRange(axis->range().lower - 1, axis->range().upper + 1);
    axis->scaleRange(1.1, axis->range().center());
  }
  plot_->replot();
  empty_label_->setVisible(empty && !empty_label_->text().isEmpty());
}

void FeaturePlot::showEmpty(const QString& reason) {
  trajectories_.clear();
  empty_label_->setText(reason);
  rebuild();
  empty_label_->setVisible(true);
}

FeaturePlot::Hit FeaturePlot::pointAt(const QPointF& pixel, double max_distance) const {
  Hit best;
  double best_distance = max_distance * max_distance;
  for (int t = 0; t < trajectories_.size(); ++t) {
    const QVector<QPointF>& points = trajectories_[t].points;
    for (int f = 0; f < points.size(); ++f) {
      const QPointF p(plot_->xAxis->coordToPixel(points[f].x()), plot_->yAxis->coordToPixel(points[f].y()));
      const QPointF d = p - pixel;
      const double distance = QPointF::dotProduct(d, d);
      if (distance <= best_distance) {
        best_distance = distance;
        best = {t, f};
      }
    }
  }
  return best;
}

QString FeaturePlot::describePoint(int trajectory, int frame) const {
  if (trajectory < 0 || trajectory >= trajectories_.size()) return {};
  const Trajectory& t = trajectories_[trajectory];
  if (frame < 0 || frame >= t.points.size()) return {};
  const QString text =
      tr("%1, frame %2 of %3").arg(t.label, QString::number(frame + 1), QString::number(t.points.size()));
  return t.generated ? tr("%1 (generated)").arg(text) : text;
}

void FeaturePlot::hover(const QPoint& pixel) {
  const Hit hit = pointAt(pixel);
  hover_text_ = describePoint(hit.trajectory, hit.frame);
  if (hit.trajectory != hovered_.trajectory || hit.frame != hovered_.frame) {
    hovered_ = hit;
    if (hover_text_.isEmpty())
      QToolTip::hideText();
    else
      QToolTip::showText(plot_->mapToGlobal(pixel), hover_text_, plot_);
    Q_EMIT pointHovered(hit.trajectory, hit.frame);
  }
}

bool FeaturePlot::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_ && event->type() == QEvent::ToolTip) {
    // On a point the tooltip names it; elsewhere it explains the plot.
    auto* help = static_cast<QHelpEvent*>(event);
    const Hit hit = pointAt(help->pos());
    const QString text = describePoint(hit.trajectory, hit.frame);
    QToolTip::showText(help->globalPos(), text.isEmpty() ? plot_->toolTip() : text, plot_);
    return true;
  }
  // A tooltip appearing under the cursor also sends Leave; only a cursor really outside the plot clears the hover.
  if (watched == plot_ && event->type() == QEvent::Leave && hovered_.trajectory >= 0 &&
      !plot_->rect().contains(plot_->mapFromGlobal(QCursor::pos()))) {
    hovered_ = {};
    hover_text_.clear();
    Q_EMIT pointHovered(-1, -1);
  }
  return QWidget::eventFilter(watched, event);
}

bool FeaturePlot::exportPng(const QString& path, int width, int height) {
  return plot_->savePng(path, width > 0 ? width : std::max(plot_->width(), 800),
                        height > 0 ? height : std::max(plot_->height(), 600));
}

bool FeaturePlot::exportPdf(const QString& path, int width, int height) {
  return plot_->savePdf(path, width > 0 ? width : std::max(plot_->width(), 800),
                        height > 0 ? height : std::max(plot_->height(), 600));
}
