#include "loss_plot.h"

#include "file_follower.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace {
constexpr qint64 kMaxReadPerTick = 16 * 1024 * 1024;
const QColor kLossColour(31, 119, 180);

// Splits one CSV line; a double-quoted field may hold the delimiter ("" is a quote inside it).
QList<QByteArray> splitCsvLine(const QByteArray& line, char delimiter) {
  QList<QByteArray> fields;
  QByteArray field;
  bool quoted = false;
  for (qsizetype i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields << field.trimmed();
      field.clear();
    } else {
      field += c;
    }
  }
  fields << field.trimmed();
  return fields;
}

bool parseNumber(const QByteArray& text, double* value) {
  bool ok = false;
  *value = text.toDouble(&ok);
  return ok;
}
}  // namespace

LossPlot::LossPlot(QWidget* parent)
    : QWidget(parent),
      plot_(new QCustomPlot(this)),
      log_box_(new QCheckBox(this)),
      smoothing_box_(new QDoubleSpinBox(this)),
      fit_button_(new QToolButton(this)),
      export_button_(new QToolButton(this)),
      status_(new QLabel(this)),
      follower_(new FileFollower(this)) {
  plot_->addGraph();
  plot_->graph(0)->setPen(QPen(QColor(kLossColour.red(), kLossColour.green(), kLossColour.blue(), 90), 1));
  plot_->addGraph();
  plot_->graph(1)->setPen(QPen(kLossColour, 2));
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plot_->setMinimumHeight(160);

  log_box_->setObjectName("logScaleBox");
  smoothing_box_->setObjectName("smoothingBox");
  smoothing_box_->setRange(0.0, 0.999);
  smoothing_box_->setDecimals(3);
  smoothing_box_->setSingleStep(0.05);
  smoothing_box_->setValue(smoothing_);
  fit_button_->setObjectName("fitButton");
  export_button_->setObjectName("exportButton");
  export_button_->setPopupMode(QToolButton::InstantPopup);
  auto* export_menu = new QMenu(export_button_);
  export_menu->setToolTipsVisible(true);
  png_action_ = export_menu->addAction(QString());
  pdf_action_ = export_menu->addAction(QString());
  export_button_->setMenu(export_menu);
  status_->setObjectName("status");
  retranslateUi();

  auto* controls = new QHBoxLayout;
  controls->addWidget(log_box_);
  controls->addWidget(smoothing_box_);
  controls->addWidget(fit_button_);
  controls->addWidget(export_button_);
  controls->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addLayout(controls);
  layout->addWidget(status_);

  connect(log_box_, &QCheckBox::toggled, this, &LossPlot::setLogScale);
  connect(smoothing_box_, &QDoubleSpinBox::valueChanged, this, &LossPlot::setSmoothing);
  connect(fit_button_, &QToolButton::clicked, this, [this] {
    auto_range_ = true;
    refreshPlot();
  });
  connect(png_action_, &QAction::triggered, this, [this] { exportWithDialog(false); });
  connect(pdf_action_, &QAction::triggered, this, [this] { exportWithDialog(true); });
  // Once the user pans or zooms, new points no longer rescale the axes (until Fit).
  connect(plot_, &QCustomPlot::mousePress, this, [this] { auto_range_ = false; });
  connect(plot_, &QCustomPlot::mouseWheel, this, [this] { auto_range_ = false; });
  connect(follower_, &FileFollower::changed, this, &LossPlot::readFollowedFile);
  rebuildSmoothed();
  refreshPlot();
  updateStatus();
}

void LossPlot::setSeries(const QVector<double>& steps, const QVector<double>& losses) {
  steps_.clear();
  losses_.clear();
  skipped_ = 0;
  addPoints(steps, losses);
  rebuildSmoothed();
  refreshPlot();
  updateStatus();
  Q_EMIT updated(pointCount());
}

void LossPlot::appendPoints(const QVector<double>& steps, const QVector<double>& losses) {
  const int before = pointCount();
  addPoints(steps, losses);
  if (pointCount() == before) {
    updateStatus();
    return;
  }
  // Extend the moving average from where it stopped.
  for (qsizetype i = smoothed_.size(); i < losses_.size(); ++i)
    smoothed_ << (i == 0 ? losses_[i] : smoothing_ * smoothed_.back() + (1.0 - smoothing_) * losses_[i]);
  refreshPlot();
  updateStatus();
  Q_EMIT updated(pointCount());
}

void LossPlot::clear() { setSeries({}, {}); }

void LossPlot::addPoints(const QVector<double>& steps, const QVector<double>& losses) {
  const qsizetype n = std::min(steps.size(), losses.size());
  skipped_ += static_cast<int>(std::max(steps.size(), losses.size()) - n);
  for (qsizetype i = 0; i < n; ++i) {
    if (!std::isfinite(steps[i]) || !std::isfinite(losses[i])) {
      ++skipped_;
      continue;
    }
    steps_ << steps[i];
    losses_ << losses[i];
  }
}

void LossPlot::rebuildSmoothed() {
  smoothed_.clear();
  smoothed_.reserve(losses_.size());
  for (qsizetype i = 0; i < losses_.size(); ++i)
    smoothed_ << (i == 0 ? losses_[i] : smoothing_ * smoothed_.back() + (1.0 - smoothing_) * losses_[i]);
}

void LossPlot::setSmoothing(double smoothing) {
  if (!std::isfinite(smoothing)) return;
  smoothing = std::clamp(smoothing, 0.0, 0.999);
  if (smoothing == smoothing_) return;
  smoothing_ = smoothing;
  {
    const QSignalBlocker blocker(smoothing_box_);
    smoothing_box_->setValue(smoothing_);
  }
  rebuildSmoothed();
  refreshPlot();
}

void LossPlot::setLogScale(bool log_scale) {
  if (log_scale == logScale()) return;
  {
    const QSignalBlocker blocker(log_box_);
    log_box_->setChecked(log_scale);
  }
  if (log_scale) {
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  } else {
    plot_->yAxis->setScaleType(QCPAxis::stLinear);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  }
  auto_range_ = true;
  refreshPlot();
}

void LossPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    refreshPlot();  // the smoothed curve's name
    updateStatus();
  }
  QWidget::changeEvent(event);
}

void LossPlot::retranslateUi() {
  plot_->graph(0)->setName(tr("loss"));
  plot_->xAxis->setLabel(tr("step"));
  plot_->yAxis->setLabel(tr("loss"));
  plot_->setToolTip(tr("Training loss per step and its moving average; drag to pan, wheel to zoom"));
  log_box_->setText(tr("Log scale"));
  log_box_->setToolTip(tr("Logarithmic loss axis"));
  smoothing_box_->setPrefix(tr("Smoothing "));
  smoothing_box_->setToolTip(tr("Weight of the past in the moving average (0: none, closer to 1: smoother)"));
  fit_button_->setText(tr("Fit"));
  fit_button_->setToolTip(tr("Show every point and follow new ones again"));
  export_button_->setText(tr("Export"));
  export_button_->setToolTip(tr("Save the plot as a PNG image or a PDF file"));
  png_action_->setText(tr("PNG image..."));
  png_action_->setToolTip(tr("Save the plot as a PNG image"));
  pdf_action_->setText(tr("PDF file..."));
  pdf_action_->setToolTip(tr("Save the plot as a vector PDF file"));
  status_->setToolTip(tr("Number of points, the last loss, and lines of the file that could not be read"));
}

bool LossPlot::logScale() const { return plot_->yAxis->scaleType() == QCPAxis::stLogarithmic; }

void LossPlot::refreshPlot() {
  plot_->graph(0)->setData(steps_, losses_);
  plot_->graph(1)->setData(steps_, smoothed_);
  plot_->graph(1)->setName(tr("smoothed (EMA %1)").arg(smoothing_, 0, 'f', 3));
  if (auto_range_ && !steps_.isEmpty()) {
    plot_->rescaleAxes();
    // A single point (or a flat curve) gives an empty range; widen it so the point is visible.
    if (plot_->xAxis->range().size() <= 0)
      plot_->xAxis->setRange(plot_->xAxis->range().lower - 1, plot_->xAxis->range().upper + 1);
    if (plot_->yAxis->range().size() <= 0) {
      const double y = plot_->yAxis->range().lower;
      if (logScale())
        plot_->yAxis->setRange(y / 2, y * 2);
      else
        plot_->yAxis->setRange(y - 0.5, y + 0.5);
    }
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossPlot::updateStatus() {
  QStringList parts;
  parts << tr("%n point(s)", "", pointCount());
  if (!steps_.isEmpty())
    parts << tr("last loss %1 at step %2").arg(losses_.back(), 0, 'g', 5).arg(steps_.back());
  if (skipped_ > 0) parts << tr("%n value(s) skipped", "", skipped_);
  if (!follower_->path().isEmpty()) parts << tr("following %1").arg(QFileInfo(follower_->path()).fileName());
  if (!last_error_.isEmpty()) parts << last_error_;
  status_->setText(parts.join(QStringLiteral(" \u00b7 ")));
}

qint64 LossPlot::parseCsv(const QByteArray& bytes, bool take_unterminated, CsvState& state,
                          QVector<double>& steps, QVector<double>& losses, int& bad_lines) {
  qsizetype pos = 0;
  while (pos < bytes.size()) {
    const qsizetype newline = bytes.indexOf('\n', pos);
    const bool terminated = newline >= 0;
    if (!terminated && !take_unterminated) break;
    const qsizetype end = terminated ? newline + 1 : bytes.size();
    QByteArray line = bytes.mid(pos, (terminated ? newline : bytes.size()) - pos);
    if (line.endsWith('\r')) line.chop(1);
    if (state.columns == 0) {
      if (line.startsWith("\xEF\xBB\xBF")) line.remove(0, 3);  // UTF-8 byte order mark
      if (line.trimmed().isEmpty()) {
        pos = end;
        continue;
      }
      state.delimiter = line.contains(',')    ? ','
                        : line.contains('\t') ? '\t'
                        : line.contains(';')  ? ';'
                                              : ',';
      const QList<QByteArray> names = splitCsvLine(line, state.delimiter);
      for (int i = 0; i < names.size(); ++i) {
        const QByteArray name = names[i].toLower();
        if (name == "step" && state.step_column < 0) state.step_column = i;
        if (name == "loss" && state.loss_column < 0) state.loss_column = i;
      }
      state.columns = static_cast<int>(names.size());
      state.header = bytes.left(end);
      if (state.step_column < 0 || state.loss_column < 0) return -1;
    } else if (!line.trimmed().isEmpty()) {
      const QList<QByteArray> fields = splitCsvLine(line, state.delimiter);
      double step = 0, loss = 0;
      const bool complete = fields.size() >= state.columns;
      const bool parsed = fields.size() > std::max(state.step_column, state.loss_column) &&
                          parseNumber(fields[state.step_column], &step) &&
                          parseNumber(fields[state.loss_column], &loss);
      if (terminated) {
        if (parsed) {
          steps << step;
          losses << loss;
        } else {
          ++bad_lines;
        }
      } else if (parsed && complete) {
        // An unterminated last line is trusted only when it has every column.
        steps << step;
        losses << loss;
      }
    }
    pos = end;
  }
  return pos;
}

bool LossPlot::loadCsv(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    last_error_ = tr("Cannot read %1: %2").arg(path, file.errorString());
    updateStatus();
    return false;
  }
  CsvState state;
  QVector<double> steps, losses;
  int bad_lines = 0;
  const qint64 consumed = parseCsv(file.readAll(), true, state, steps, losses, bad_lines);
  if (consumed < 0 || state.columns == 0) {
    last_error_ = state.columns == 0 ? tr("%1 is empty").arg(path)
                                     : tr("%1: the header has no \"step\" and \"loss\" columns").arg(path);
    updateStatus();
    return false;
  }
  stopFollowing();  // the loaded file replaces a followed one
  last_error_.clear();
  setSeries(steps, losses);
  skipped_ += bad_lines;
  updateStatus();
  return true;
}

void LossPlot::followCsv(const QString& path, int interval_ms) {
  stopFollowing();
  follow_state_ = {};
  last_error_.clear();
  clear();
  follower_->follow(path, interval_ms);
  updateStatus();  // "following ..." even before the file exists
}

void LossPlot::stopFollowing() {
  follower_->stop();
  updateStatus();
}

bool LossPlot::isFollowing() const { return follower_->isFollowing(); }

QString LossPlot::followedPath() const { return follower_->path(); }

void LossPlot::readFollowedFile() {
  QFile file(follower_->path());
  if (!file.open(QIODevice::ReadOnly)) {
    last_error_ = tr("Cannot read %1: %2").arg(follower_->path(), file.errorString());
    updateStatus();
    return;
  }
  const qint64 size = file.size();
  bool restart = size < follow_state_.offset;
  if (!restart && !follow_state_.header.isEmpty())
    restart = file.read(follow_state_.header.size()) != follow_state_.header;
  if (restart) {
    follow_state_ = {};
    last_error_.clear();
    setSeries({}, {});
  }
  if (follow_state_.columns > 0 && (follow_state_.step_column < 0 || follow_state_.loss_column < 0))
    return;  // a header without the needed columns: wait for the file to be rewritten
  if (size <= follow_state_.offset) return;
  if (!file.seek(follow_state_.offset)) return;
  const QByteArray bytes = file.read(std::min(size - follow_state_.offset, kMaxReadPerTick));
  QVector<double> steps, losses;
  int bad_lines = 0;
  const qint64 consumed = parseCsv(bytes, false, follow_state_, steps, losses, bad_lines);
  if (consumed < 0) {
    last_error_ = tr("%1: the header has no \"step\" and \"loss\" columns").arg(follower_->path());
    updateStatus();
    return;
  }
  follow_state_.offset += consumed;
  last_error_.clear();
  skipped_ += bad_lines;
  if (!steps.isEmpty())
    appendPoints(steps, losses);
  else
    updateStatus();
}

bool LossPlot::exportPng(const QString& path, int width, int height) {
  if (width <= 0) width = std::max(plot_->width(), 800);
  if (height <= 0) height = std::max(plot_->height(), 500);
  return plot_->savePng(path, width, height);
}

bool LossPlot::exportPdf(const QString& path, int width, int height) {
  if (width <= 0) width = std::max(plot_->width(), 800);
  if (height <= 0) height = std::max(plot_->height(), 500);
  return plot_->savePdf(path, width, height);
}

void LossPlot::exportWithDialog(bool pdf) {
  const QString path = QFileDialog::getSaveFileName(
      this, pdf ? tr("Export the loss plot as PDF") : tr("Export the loss plot as PNG"),
      pdf ? "loss.pdf" : "loss.png", pdf ? tr("PDF files (*.pdf)") : tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  const bool ok = pdf ? exportPdf(path) : exportPng(path);
  if (!ok) {
    last_error_ = tr("Cannot write %1").arg(path);
    updateStatus();
  }
}
