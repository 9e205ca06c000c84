#pragma once
// Validation curves of a training run (OUT/validation.csv, see validation_csv.h) over steps, one per split
// and timestep bucket: held-out solid, seen dashed, one colour per bucket. An adapter run shows the reference
// gain (1 - AICL loss / backbone loss: how much the references help, 0 = not at all); a backbone run (no AICL
// columns) shows the backbone's validation loss. followCsv() re-reads the whole file whenever it changes: a
// resumed trainer rewrites it (the rows after the resume step removed).
#include <QByteArray>
#include <QString>
#include <QVector>
#include <QWidget>

#include "validation_csv.h"

class FileFollower;
class QCustomPlot;
class QCPItemStraightLine;
class QLabel;
class QToolButton;

class ValidationPlot : public QWidget {
  Q_OBJECT
 public:
  explicit ValidationPlot(QWidget* parent = nullptr);

  // Replaces the curves with the table's: the reference gain when a row has one, else the backbone loss.
  void setTable(const ValidationTable& table);
  void clear();

  // Shows the file's curves now (and stops following a file). False (the reason in lastError()) when the
  // file cannot be read or its header lacks a needed column.
  bool loadCsv(const QString& path);
  // Reads the file now and again every `interval_ms` and when it changes. A missing file is waited for (the
  // trainer writes it at its first validation); a line is used once its line end is written.
  void followCsv(const QString& path, int interval_ms = 1000);
  void stopFollowing();
  bool isFollowing() const;
  QString followedPath() const;
  QString lastError() const { return last_error_; }

  ValidationMetric metric() const { return metric_; }
  // One per graph, in the graphs' order (graph(i) of plot() draws series()[i]).
  const QVector<ValidationSeries>& series() const { return series_; }
  int graphCount() const { return static_cast<int>(series_.size()); }
  // The legend name of a curve, e.g. "held-out t 750-1000".
  static QString seriesName(const ValidationSeries& series);
  QCustomPlot* plot() const { return plot_; }
  QString statusText() const;

 Q_SIGNALS:
  // The curves changed (a new table, or the followed file changed).
  void updated(int graph_count);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void readFollowedFile();
  void refreshPlot();
  void updateStatus();

  ValidationTable table_;
  ValidationMetric metric_ = ValidationMetric::BackboneLoss;
  QVector<ValidationSeries> series_;
  bool auto_range_ = true;

  QByteArray follow_bytes_;  // the followed file's content when it was last parsed
  bool follow_read_ = false;
  QString last_error_;

  QCustomPlot* plot_;
  QCPItemStraightLine* zero_line_;
  QToolButton* fit_button_;
  QLabel* status_;
  FileFollower* follower_;
};
