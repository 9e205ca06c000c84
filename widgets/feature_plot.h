#pragma once
// The Action Prism feature plot: one 2-D trajectory (frame order) per video, on principal-component axes.
// Frame order is visible: markers grow with the frame index, the first frame is a hollow square and an arrow
// head points at the last frame. Generated videos are drawn dashed, references solid. Hovering a point names
// the video and the frame; wheel zooms, drag pans, double-click fits every point again.
#include <QColor>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QMouseEvent;

struct FeatureTrajectory {
  QString label;
  QColor colour;
  QVector<QPointF> points;  // one per frame, in frame order
  bool generated = false;   // a generated video (dashed) rather than a reference
};

class FeaturePlot : public QWidget {
  Q_OBJECT
 public:
  using Trajectory = FeatureTrajectory;

  explicit FeaturePlot(QWidget* parent = nullptr);

  // Replaces the plot (the explained variance stays).
  void setTrajectories(const QVector<Trajectory>& trajectories);
  // The same, and the explained-variance ratios.
  void setTrajectories(const QVector<Trajectory>& trajectories, double explained_pc1, double explained_pc2);
  // Explained-variance ratios (0..1) of PC1 and PC2, shown on the axis labels as "PC1 (42.1 %)"; a negative
  // value shows the plain axis name.
  void setExplainedVariance(double pc1, double pc2);
  // Clears the plot and shows why it is empty.
  void showEmpty(const QString& reason);
  int trajectoryCount() const { return static_cast<int>(trajectories_.size()); }
  const QVector<Trajectory>& trajectories() const { return trajectories_; }

  struct Hit {
    int trajectory = -1;  // -1: no point near enough
    int frame = -1;
  };
  // The point nearest to `pixel` (in plot() coordinates) within `max_distance` pixels.
  Hit pointAt(const QPointF& pixel, double max_distance = 12.0) const;
  // "label, frame 3 of 16 (generated)"; empty for an unknown point.
  QString describePoint(int trajectory, int frame) const;
  // What the hover tooltip says now (empty when the mouse is on no point).
  QString hoverText() const { return hover_text_; }

  // Width/height <= 0: the plot's size (at least 800x600).
  bool exportPng(const QString& path, int width = 0, int height = 0);
  bool exportPdf(const QString& path, int width = 0, int height = 0);
  QCustomPlot* plot() const { return plot_; }

 Q_SIGNALS:
  // (-1, -1) when the mouse leaves the points.
  void pointHovered(int trajectory, int frame);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void rebuild();
  void updateAxisLabels();
  void hover(const QPoint& pixel);

  QVector<Trajectory> trajectories_;
  double explained_pc1_ = -1.0;
  double explained_pc2_ = -1.0;
  QString hover_text_;
  Hit hovered_;
  QCustomPlot* plot_;
  QLabel* empty_label_;
};
