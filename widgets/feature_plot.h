#pragma once
// The Action Prism feature plot: one 2-D trajectory (frame order) per video, on principal-component axes.
#include <QColor>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QLabel;

struct FeatureTrajectory {
  QString name;
  QColor color;
  QVector<QPointF> points;  // one per frame, in frame order
};

class FeaturePlot : public QWidget {
  Q_OBJECT
 public:
  explicit FeaturePlot(QWidget* parent = nullptr);

  // Replaces the plot; `explained` is the explained-variance ratio of PC1 and PC2 (shown on the axes).
  void setTrajectories(const QVector<FeatureTrajectory>& trajectories, double explained_pc1, double explained_pc2);
  // Clears the plot and shows why it is empty.
  void showEmpty(const QString& reason);
  int trajectoryCount() const;
  QCustomPlot* plot() const { return plot_; }

 private:
  QCustomPlot* plot_;
  QLabel* empty_label_;
};
