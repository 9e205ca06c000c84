#include "feature_plot.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

FeaturePlot::FeaturePlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), empty_label_(new QLabel(this)) {
  plot_->xAxis->setLabel("PC1");
  plot_->yAxis->setLabel("PC2");
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->legend->setVisible(true);
  plot_->setToolTip(tr("Action Prism features of each video, projected on their first two principal components"));
  empty_label_->setAlignment(Qt::AlignCenter);
  empty_label_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addWidget(empty_label_);
}

void FeaturePlot::setTrajectories(const QVector<FeatureTrajectory>& trajectories, double explained_pc1,
                                  double explained_pc2) {
  plot_->clearPlottables();
  for (const FeatureTrajectory& trajectory : trajectories) {
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    curve->setName(trajectory.name);
    curve->setPen(QPen(trajectory.color, 2));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, trajectory.color, 5));
    for (int i = 0; i < trajectory.points.size(); ++i)
      curve->addData(i, trajectory.points[i].x(), trajectory.points[i].y());
  }
  plot_->xAxis->setLabel(QString("PC1 (%1%)").arg(explained_pc1 * 100, 0, 'f', 1));
  plot_->yAxis->setLabel(QString("PC2 (%1%)").arg(explained_pc2 * 100, 0, 'f', 1));
  plot_->rescaleAxes();
  plot_->replot();
  empty_label_->setVisible(trajectories.isEmpty());
  plot_->legend->setVisible(!trajectories.isEmpty());
}

void FeaturePlot::showEmpty(const QString& reason) {
  plot_->clearPlottables();
  plot_->legend->setVisible(false);
  plot_->replot();
  empty_label_->setText(reason);
  empty_label_->setVisible(true);
}

int FeaturePlot::trajectoryCount() const { return plot_->plottableCount(); }
