#include "validation_plot.h"

#include "file_follower.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <iterator>

namespace {

// One colour per timestep bucket (the same in every split), in t_min order.
const QColor kBucketColours[] = {QColor(31, 119, 180),  QColor(255, 127, 14),  QColor(44, 160, 44),
                                 QColor(214, 39, 40),   QColor(148, 103, 189), QColor(140, 86, 75),
                                 QColor(227, 119, 194), QColor(127, 127, 127)};

Qt::PenStyle splitPenStyle(const QString& split) {
  if (split == QLatin1String("held_out")) return Qt::SolidLine;
  if (split == QLatin1String("seen")) return Qt::DashLine;
  return Qt::DotLine;
}

QString splitName(const QString& split) {
  QString name = split;
  return name.replace(QLatin1Char('_'), QLatin1Char('-'));  // held_out -> held-out
}

}  // namespace

ValidationPlot::ValidationPlot(QWidget* parent)
    : QWidget(parent),
      plot_(new QCustomPlot(this)),
      fit_button_(new QToolButton(this)),
      status_(new QLabel(this)),
      follower_(new FileFollower(this)) {
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  // Eight curves would cover the plot as an inset: the legend gets a column of its own on the right, at the
  // top (an empty element below takes the rest of the height).
  auto* legend_column = new QCPLayoutGrid;
  plot_->plotLayout()->addElement(0, 1, legend_column);
  plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  legend_column->addElement(0, 0, plot_->legend);
  legend_column->addElement(1, 0, new QCPLayoutElement(plot_));
  legend_column->setRowStretchFactor(0, 0.001);
  legend_column->setMargins(QMargins(0, 6, 6, 0));
  plot_->setMinimumHeight(160);
  zero_line_ = new QCPItemStraightLine(plot_);
  zero_line_->point1->setCoords(0, 0);
  zero_line_->point2->setCoords(1, 0);
  zero_line_->setPen(QPen(Qt::gray, 1, Qt::DotLine));
  zero_line_->setSelectable(false);

  fit_button_->setObjectName(QStringLiteral("fitButton"));
  status_->setObjectName(QStringLiteral("status"));
  retranslateUi();
  status_->setWordWrap(true);

  auto* controls = new QHBoxLayout;
  controls->addWidget(status_, 1);
  controls->addWidget(fit_button_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addLayout(controls);

  connect(fit_button_, &QToolButton::clicked, this, [this] {
    auto_range_ = true;
    refreshPlot();
  });
  // Once the user pans or zooms, new points no longer rescale the axes (until Fit).
  connect(plot_, &QCustomPlot::mousePress, this, [this] { auto_range_ = false; });
  connect(plot_, &QCustomPlot::mouseWheel, this, [this] { auto_range_ = false; });
  connect(follower_, &FileFollower::changed, this, &ValidationPlot::readFollowedFile);
  refreshPlot();
  updateStatus();
}

QString ValidationPlot::seriesName(const ValidationSeries& series) {
  return tr("%1 t %2-%3").arg(splitName(series.split)).arg(series.t_min).arg(series.t_max);
}

void ValidationPlot::setTable(const ValidationTable& table) {
  table_ = table;
  metric_ = table_.hasReferenceGain() ? ValidationMetric::ReferenceGain : ValidationMetric::BackboneLoss;
  series_ = validationSeries(table_, metric_);
  refreshPlot();
  updateStatus();
  Q_EMIT updated(graphCount());
}

void ValidationPlot::clear() { setTable({}); }

void ValidationPlot::refreshPlot() {
  // Bucket colours follow the t_min order over every split.
  QMap<std::pair<double, double>, int> bucket_index;
  for (const ValidationSeries& series : series_) bucket_index.insert({series.t_min, series.t_max}, 0);
  int next = 0;
  for (auto it = bucket_index.begin(); it != bucket_index.end(); ++it) it.value() = next++;

  plot_->clearGraphs();
  for (const ValidationSeries& series : series_) {
    QCPGraph* graph = plot_->addGraph();
    const QColor colour =
        kBucketColours[bucket_index.value({series.t_min, series.t_max}) % std::size(kBucketColours)];
    graph->setPen(QPen(colour, 2, splitPenStyle(series.split)));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 5));
    graph->setName(seriesName(series));
    graph->setData(series.steps, series.values, true);
  }
  const bool gain = metric_ == ValidationMetric::ReferenceGain;
  plot_->yAxis->setLabel(gain ? tr("reference gain (1 - AICL / backbone loss)")
                              : tr("validation loss (backbone)"));
  zero_line_->setVisible(gain);
  plot_->legend->setVisible(!series_.isEmpty());
  if (auto_range_ && !series_.isEmpty()) {
    plot_->rescaleAxes();
    // The gain is read against 0 (the references do not help): keep it in view.
    QCPRange y = plot_->yAxis->range();
    if (gain) y.expand(0.0);
    const double margin = y.size() > 0 ? 0.05 * y.size() : 0.5;
    plot_->yAxis->setRange(y.lower - margin, y.upper + margin);
    // A little room on both sides so the first and last markers are whole (and a single validation shows).
    const QCPRange x = plot_->xAxis->range();
    const double x_margin = x.size() > 0 ? 0.03 * x.size() : 1.0;
    plot_->xAxis->setRange(x.lower - x_margin, x.upper + x_margin);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ValidationPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    refreshPlot();  // the curves' names and the y axis
    updateStatus();
  }
  QWidget::changeEvent(event);
}

void ValidationPlot::retranslateUi() {
  plot_->xAxis->setLabel(tr("step"));
  plot_->setToolTip(tr(
      "Validation of the run per timestep bucket: held-out actions solid, seen actions dashed; drag to pan, "
      "wheel to zoom"));
  fit_button_->setText(tr("Fit"));
  fit_button_->setToolTip(tr("Show every point and follow new ones again"));
  status_->setToolTip(tr("Validations so far and the mean over the buckets at the last one"));
}

QString ValidationPlot::statusText() const { return status_->text(); }

void ValidationPlot::updateStatus() {
  QStringList parts;
  double last_step = -1;
  for (const ValidationSeries& series : series_) last_step = std::max(last_step, series.steps.constLast());
  if (series_.isEmpty()) {
    parts << (follower_->path().isEmpty() ? tr("No validation") : tr("No validation yet"));
  } else {
    // The mean over the buckets of each split at the last validation (series_ comes held-out first).
    QStringList splits;
    QMap<QString, std::pair<double, int>> sums;  // split -> (sum, count)
    for (const ValidationSeries& series : series_) {
      if (series.steps.constLast() != last_step) continue;
      if (!splits.contains(series.split)) splits << series.split;
      sums[series.split].first += series.values.constLast();
      sums[series.split].second += 1;
    }
    QStringList means;
    for (const QString& split : splits)
      means << QStringLiteral("%1 %2")
                   .arg(splitName(split))
                   .arg(sums[split].first / sums[split].second, 0, 'f', 4);
    parts << (metric_ == ValidationMetric::ReferenceGain ? tr("step %1: mean gain %2")
                                                         : tr("step %1: mean loss %2"))
                 .arg(static_cast<qint64>(last_step))
                 .arg(means.join(QStringLiteral(", ")));
  }
  if (table_.skipped_lines > 0) parts << tr("%n line(s) skipped", "", table_.skipped_lines);
  if (!follower_->path().isEmpty()) parts << tr("following %1").arg(QFileInfo(follower_->path()).fileName());
  if (!last_error_.isEmpty()) parts << last_error_;
  status_->setText(parts.join(QStringLiteral(" \u00b7 ")));
}

bool ValidationPlot::loadCsv(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    last_error_ = tr("Cannot read %1: %2").arg(path, file.errorString());
    updateStatus();
    return false;
  }
  const ValidationTable table = parseValidationCsv(file.readAll());
  if (!table.error.isEmpty()) {
    last_error_ = QStringLiteral("%1: %2").arg(path, table.error);
    updateStatus();
    return false;
  }
  stopFollowing();
  last_error_.clear();
  setTable(table);
  return true;
}

void ValidationPlot::followCsv(const QString& path, int interval_ms) {
  stopFollowing();
  follow_bytes_.clear();
  follow_read_ = false;
  last_error_.clear();
  clear();
  follower_->follow(path, interval_ms);
  updateStatus();  // "following ..." even before the file exists
}

void ValidationPlot::stopFollowing() {
  follower_->stop();
  updateStatus();
}

bool ValidationPlot::isFollowing() const { return follower_->isFollowing(); }

QString ValidationPlot::followedPath() const { return follower_->path(); }

void ValidationPlot::readFollowedFile() {
  QFile file(follower_->path());
  if (!file.open(QIODevice::ReadOnly)) {
    last_error_ = tr("Cannot read %1: %2").arg(follower_->path(), file.errorString());
    updateStatus();
    return;
  }
  // The whole file every time: it is small, and a resumed trainer rewrites rows, not only appends.
  const QByteArray bytes = file.readAll();
  if (follow_read_ && bytes == follow_bytes_) return;
  follow_read_ = true;
  follow_bytes_ = bytes;
  const ValidationTable table = parseValidationCsv(bytes);
  last_error_ = table.error.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(follower_->path(), table.error);
  setTable(table);
}
