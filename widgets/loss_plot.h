#pragma once
// The training loss over steps: the raw curve and an exponential moving average (EMA) on top, a log-scale
// toggle, zoom/drag, PNG/PDF export. Data comes from the caller (setSeries/appendPoints) or from a CSV file
// whose header names a `step` and a `loss` column (other columns are ignored); followCsv() keeps reading what
// a trainer appends to the file while it runs.
#include <QString>
#include <QVector>
#include <QWidget>

class QAction;
class QCheckBox;
class FileFollower;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QToolButton;

class LossPlot : public QWidget {
  Q_OBJECT
 public:
  explicit LossPlot(QWidget* parent = nullptr);

  // Points whose step or loss is not finite are left out (and counted in the status line).
  void setSeries(const QVector<double>& steps, const QVector<double>& losses);
  void appendPoints(const QVector<double>& steps, const QVector<double>& losses);
  // Removes the points (a followed file stays followed).
  void clear();

  // Replaces the points with the file's (and stops following a file). A last line without a line end is used
  // when it has every column and parses; lines that do not parse are skipped. Returns false (and the reason
  // in lastError()) when the file cannot be read or its header has no `step` or `loss` column.
  bool loadCsv(const QString& path);
  // Reads the file now and then re-reads only what was appended, every `interval_ms` and when the file
  // changes; a line is used once its line end is written. A file that does not exist yet is waited for; a
  // file that shrinks or gets another header is read again from the start.
  void followCsv(const QString& path, int interval_ms = 1000);
  void stopFollowing();
  bool isFollowing() const;
  QString followedPath() const;
  QString lastError() const { return last_error_; }

  // EMA weight of the past, 0 (no smoothing) .. 0.999: ema = s * ema + (1 - s) * loss.
  void setSmoothing(double smoothing);
  double smoothing() const { return smoothing_; }
  void setLogScale(bool log_scale);
  bool logScale() const;

  // Width/height <= 0: the widget's size (at least 800x500).
  bool exportPng(const QString& path, int width = 0, int height = 0);
  bool exportPdf(const QString& path, int width = 0, int height = 0);

  int pointCount() const { return static_cast<int>(steps_.size()); }
  const QVector<double>& steps() const { return steps_; }
  const QVector<double>& losses() const { return losses_; }
  const QVector<double>& smoothedLosses() const { return smoothed_; }
  QCustomPlot* plot() const { return plot_; }

 Q_SIGNALS:
  void updated(int point_count);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  struct CsvState {
    qint64 offset = 0;  // bytes consumed (up to the end of the last complete line)
    QByteArray header;  // the header line as read, to notice a rewritten file
    char delimiter = ',';
    int step_column = -1;
    int loss_column = -1;
    int columns = 0;
  };
  // Parses complete lines of `bytes` (and an unterminated last line when `take_unterminated`); returns the
  // number of bytes consumed, or -1 on a header without the needed columns. Complete lines that do not parse
  // count in `bad_lines`.
  static qint64 parseCsv(const QByteArray& bytes, bool take_unterminated, CsvState& state,
                         QVector<double>& steps, QVector<double>& losses, int& bad_lines);
  void readFollowedFile();
  void addPoints(const QVector<double>& steps, const QVector<double>& losses);
  void rebuildSmoothed();
  void refreshPlot();
  void updateStatus();
  void exportWithDialog(bool pdf);

  QVector<double> steps_, losses_, smoothed_;
  int skipped_ = 0;
  double smoothing_ = 0.9;
  bool auto_range_ = true;

  CsvState follow_state_;
  QString last_error_;

  QCustomPlot* plot_;
  QCheckBox* log_box_;
  QDoubleSpinBox* smoothing_box_;
  QToolButton* fit_button_;
  QToolButton* export_button_;
  QLabel* status_;
  QAction* png_action_ = nullptr;
  QAction* pdf_action_ = nullptr;
  FileFollower* follower_;
};
