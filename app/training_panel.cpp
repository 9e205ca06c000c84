#include "training_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "loss_plot.h"
#include "text_setters.h"
#include "validation_plot.h"

namespace {

// How often the loss.csv, validation.csv and state.json of a run are read.
constexpr int kFollowIntervalMs = 500;
constexpr int kStderrTailLines = 50;

// One line of the trainer's progress bar (cli/progress_bar.h), e.g.
// `train [######....] 812/4000  54.1 s  15.00/s  ETA 212.5 s`; the label is `preparing` while the data is
// read.
struct ProgressLine {
  QString label;
  int done = 0, total = 0;
  double rate = 0.0, eta = 0.0;
};

bool parseProgressLine(const QString& line, ProgressLine& progress) {
  static const QRegularExpression pattern(
      QStringLiteral(R"(^(\S+) \[[#.]*\] (\d+)/(\d+)\s+\S+ s\s+(\S+)/s\s+ETA (\S+) s\s*$)"));
  const auto match = pattern.match(line);
  if (!match.hasMatch()) return false;
  bool ok_done = false, ok_total = false, ok_rate = false, ok_eta = false;
  progress.label = match.captured(1);
  progress.done = match.captured(2).toInt(&ok_done);
  progress.total = match.captured(3).toInt(&ok_total);
  progress.rate = match.captured(4).toDouble(&ok_rate);
  progress.eta = match.captured(5).toDouble(&ok_eta);
  if (!ok_rate || !std::isfinite(progress.rate)) progress.rate = 0.0;
  if (!ok_eta || !std::isfinite(progress.eta)) progress.eta = -1.0;
  return ok_done && ok_total;
}

// 212.5 -> "3:32", 3725 -> "1:02:05".
QString formatDuration(double seconds) {
  const qint64 total = static_cast<qint64>(std::floor(std::max(0.0, seconds)));
  const qint64 hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  if (hours > 0)
    return QStringLiteral("%1:%2:%3")
        .arg(hours)
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(secs, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

// A command as a shell would read it (arguments with spaces or quotes in single quotes).
QString commandText(const QString& program, const QStringList& arguments) {
  static const QRegularExpression special(QStringLiteral("[\\s\"'\\\\$`;&|<>*?()]"));
  QStringList words;
  for (const QString& word : QStringList{program} + arguments) {
    if (!word.isEmpty() && !word.contains(special)) {
      words << word;
      continue;
    }
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    words << QLatin1Char('\'') + quoted + QLatin1Char('\'');
  }
  return words.join(QLatin1Char(' '));
}

// The step of a run folder's last checkpoint (a checkpoint being swapped in leaves checkpoint.old); -1: none.
int readCheckpointStep(const QString& folder) {
  for (const char* name : {"checkpoint/state.json", "checkpoint.old/state.json"}) {
    QFile file(QDir(folder).filePath(QString::fromLatin1(name)));
    if (!file.open(QIODevice::ReadOnly)) continue;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    const QJsonValue step = document.object().value(QStringLiteral("step"));
    if (step.isDouble()) return step.toInt();
  }
  return -1;
}

// The dynamic property of a path field's line edit: whether its browse button picks a folder (else a file).
const char* const kPicksFolder = "picksFolder";

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent),
      trainer_box_(new QComboBox(this)),
      start_button_(new QPushButton(this)),
      stop_button_(new QPushButton(this)),
      resume_button_(new QPushButton(this)),
      follow_button_(new QPushButton(this)),
      state_label_(new QLabel(this)),
      folder_label_(new QLabel(this)),
      progress_bar_(new QProgressBar(this)),
      progress_label_(new QLabel(this)),
      error_label_(new QLabel(this)),
      loss_plot_(new LossPlot(this)),
      validation_plot_(new ValidationPlot(this)),
      kill_timer_(new QTimer(this)),
      poll_timer_(new QTimer(this)) {
  settings_ = buildSettings();

  start_button_->setObjectName(QStringLiteral("start"));
  stop_button_->setObjectName(QStringLiteral("stop"));
  resume_button_->setObjectName(QStringLiteral("resume"));
  follow_button_->setObjectName(QStringLiteral("follow"));
  connect(start_button_, &QPushButton::clicked, this, [this] { start(); });
  connect(stop_button_, &QPushButton::clicked, this, &TrainingPanel::stop);
  connect(resume_button_, &QPushButton::clicked, this, [this] { resume(); });
  connect(follow_button_, &QPushButton::clicked, this, &TrainingPanel::chooseRunFolder);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_button_);
  buttons->addWidget(stop_button_);
  buttons->addWidget(resume_button_);
  buttons->addStretch();
  buttons->addWidget(follow_button_);

  state_label_->setObjectName(QStringLiteral("state"));
  QFont state_font = state_label_->font();
  state_font.setBold(true);
  state_label_->setFont(state_font);
  folder_label_->setObjectName(QStringLiteral("folder"));
  folder_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  folder_label_->setWordWrap(true);
  progress_bar_->setObjectName(QStringLiteral("progress"));
  progress_bar_->setRange(0, 1);
  progress_bar_->setValue(0);
  progress_label_->setObjectName(QStringLiteral("progressText"));
  error_label_->setObjectName(QStringLiteral("error"));
  error_label_->setStyleSheet(QStringLiteral("color: #c62828;"));
  error_label_->setWordWrap(true);
  error_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_label_->hide();
  validation_plot_->setObjectName(QStringLiteral("validationPlot"));

  auto* left = new QWidget(this);
  auto* left_layout = new QVBoxLayout(left);
  left_layout->setContentsMargins(0, 0, 0, 0);
  left_layout->addWidget(settings_);
  left_layout->addLayout(buttons);
  left_layout->addWidget(state_label_);
  left_layout->addWidget(folder_label_);
  left_layout->addWidget(progress_bar_);
  left_layout->addWidget(progress_label_);
  left_layout->addWidget(error_label_);
  left_layout->addStretch();
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(left);
  splitter->addWidget(loss_plot_);
  splitter->addWidget(validation_plot_);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setStretchFactor(2, 1);
  splitter->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  kill_timer_->setSingleShot(true);
  connect(kill_timer_, &QTimer::timeout, this, [this] {
    if (isRunning()) process_->kill();
  });
  poll_timer_->setInterval(kFollowIntervalMs);
  connect(poll_timer_, &QTimer::timeout, this, &TrainingPanel::pollFollowedFolder);
  connect(loss_plot_, &LossPlot::updated, this, [this] {
    if (following_) updateFollowedProgress();
  });

  retranslateUi();
  setState(State::Idle);
  updateCommandPreview();
}

void TrainingPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    state_label_->setText(stateName(state_));
  }
  QWidget::changeEvent(event);
}

void TrainingPanel::retranslateUi() {
  start_button_->setText(tr("Start"));
  start_button_->setToolTip(tr("Run the trainer with these settings (the command is shown above)"));
  stop_button_->setText(tr("Stop"));
  stop_button_->setToolTip(tr("End the running trainer; its last checkpoint stays, so Resume can continue"));
  resume_button_->setText(tr("Resume"));
  resume_button_->setToolTip(
      tr("Run the last command again with --resume: the trainer continues from the run folder's last "
         "checkpoint"));
  follow_button_->setText(tr("Follow run folder..."));
  follow_button_->setToolTip(
      tr("Show the loss and validation curves and last checkpoint of a run folder, e.g. of a run started "
         "from the command line"));
  state_label_->setToolTip(tr("Idle, Running, Stopped, Finished or Failed"));
  folder_label_->setToolTip(tr("The run folder whose curves and checkpoint are shown"));
  progress_bar_->setToolTip(tr("Training steps done of the run's total"));
  progress_label_->setToolTip(tr("Steps done, speed and the estimated time left"));
  error_label_->setToolTip(tr("Why the last run failed (the trainer's error line)"));
  loss_plot_->setToolTip(
      tr("The training loss of the run folder's loss.csv, updated while the trainer writes it"));
  validation_plot_->setToolTip(
      tr("The run folder's validation.csv per timestep bucket: the reference gain of an adapter run, the "
         "validation loss of a backbone run; held-out actions solid, seen actions dashed"));

  setItemTexts(trainer_box_, {tr("AICL adapter (aicl train)"), tr("Backbone (aicl train-backbone)")});
  nameField(trainer_box_, tr("Trainer"),
            tr("What to train: the AICL adapter on a frozen backbone model, or the text-to-video "
               "backbone itself"));
  namePathField(model_edit_, tr("Model folder"),
                tr("--model: the backbone model folder the adapter is trained on (kept frozen)"));
  namePathField(vae_edit_, tr("VAE folder"), tr("--vae: the trained VAE folder the backbone encodes with"));
  namePathField(data_edit_, tr("Data folder"),
                tr("--data: a folder of videos with index.csv or index.json (path, caption, action)"));
  namePathField(config_edit_, tr("Config"),
                tr("--config: the adapter recipe (aicl.json), or for the backbone the recipe folder "
                   "(unet.json, text_encoder.json, scheduler.json); left out when empty"));
  namePathField(out_edit_, tr("Output folder"),
                tr("--out: the run folder; the trainer writes checkpoint/, loss.csv and, when done, model/ "
                   "there"));
  steps_box_->setToolTip(tr("--steps: the step the run ends at (a resumed run counts from its checkpoint)"));
  steps_label_->setText(tr("Steps"));
  steps_label_->setToolTip(steps_box_->toolTip());
  batch_box_->setToolTip(tr("--batch: videos per training step"));
  batch_label_->setText(tr("Batch"));
  batch_label_->setToolTip(batch_box_->toolTip());
  resume_box_->setText(tr("Resume from the output folder's checkpoint"));
  resume_box_->setToolTip(tr("--resume: continue the run in the output folder from its last checkpoint"));
  nameField(extra_edit_, tr("Extra arguments"),
            tr("More trainer flags, as on the command line (e.g. --lr, --warmup, --checkpoint-every, "
               "--seed, --bf16); quotes group words"));
  nameField(command_preview_, tr("Command"), tr("The command Start runs (it can be copied into a terminal)"));
}

void TrainingPanel::nameField(QWidget* field, const QString& label, const QString& tooltip) {
  field->setToolTip(tooltip);
  if (auto* label_widget = qobject_cast<QLabel*>(form_->labelForField(field))) {
    label_widget->setText(label);
    label_widget->setToolTip(tooltip);
  }
}

void TrainingPanel::namePathField(QLineEdit* edit, const QString& label, const QString& tooltip) {
  QWidget* row = edit->parentWidget();
  edit->setToolTip(tooltip);
  if (auto* label_widget = qobject_cast<QLabel*>(form_->labelForField(row))) {
    label_widget->setText(label);
    label_widget->setToolTip(tooltip);
  }
  if (auto* browse = row->findChild<QToolButton*>())
    browse->setToolTip(edit->property(kPicksFolder).toBool() ? tr("Choose a folder") : tr("Choose a file"));
}

TrainingPanel::~TrainingPanel() {
  if (!isRunning()) return;
  process_->disconnect(this);
  process_->terminate();
  if (!process_->waitForFinished(std::max(0, stop_timeout_ms_))) {
    process_->kill();
    process_->waitForFinished(2000);
  }
}

QLineEdit* TrainingPanel::addPathField(QFormLayout* form, bool folder, const QString& object_name) {
  auto* row = new QWidget(this);
  auto* row_layout = new QHBoxLayout(row);
  row_layout->setContentsMargins(0, 0, 0, 0);
  auto* edit = new QLineEdit(row);
  edit->setObjectName(object_name);
  edit->setProperty(kPicksFolder, folder);
  edit->setClearButtonEnabled(true);
  auto* browse = new QToolButton(row);
  browse->setText(QStringLiteral("..."));
  row_layout->addWidget(edit, 1);
  row_layout->addWidget(browse);
  auto* label_widget = new QLabel(this);  // named by retranslateUi()
  connect(browse, &QToolButton::clicked, this, [this, edit, label_widget, folder, object_name] {
    const QString label = label_widget->text();  // the dialog's title, in the current language
    // The config is a file for the adapter (aicl.json) and a recipe folder for the backbone.
    const bool pick_folder = object_name == QLatin1String("config") ? trainer() == Trainer::Backbone : folder;
    const QString start_dir = edit->text().isEmpty() ? QDir::currentPath() : edit->text();
    const QString chosen =
        pick_folder
            ? QFileDialog::getExistingDirectory(this, label, start_dir)
            : QFileDialog::getOpenFileName(this, label, start_dir, tr("JSON files (*.json);;All files (*)"));
    if (!chosen.isEmpty()) edit->setText(chosen);
  });
  connect(edit, &QLineEdit::textChanged, this, &TrainingPanel::updateCommandPreview);
  form->addRow(label_widget, row);
  return edit;
}

QWidget* TrainingPanel::buildSettings() {
  auto* box = new QWidget(this);
  form_ = new QFormLayout(box);
  form_->setContentsMargins(0, 0, 0, 0);

  trainer_box_->setObjectName(QStringLiteral("trainer"));
  // Items, labels and tooltips are named by retranslateUi().
  trainer_box_->addItem(QString(), static_cast<int>(Trainer::Adapter));
  trainer_box_->addItem(QString(), static_cast<int>(Trainer::Backbone));
  form_->addRow(new QLabel(box), trainer_box_);

  model_edit_ = addPathField(form_, true, QStringLiteral("model"));
  vae_edit_ = addPathField(form_, true, QStringLiteral("vae"));
  data_edit_ = addPathField(form_, true, QStringLiteral("data"));
  config_edit_ = addPathField(form_, false, QStringLiteral("config"));
  out_edit_ = addPathField(form_, true, QStringLiteral("out"));

  steps_box_ = new QSpinBox(box);
  steps_box_->setObjectName(QStringLiteral("steps"));
  steps_box_->setRange(1, 100000000);
  steps_box_->setValue(1000);
  batch_box_ = new QSpinBox(box);
  batch_box_->setObjectName(QStringLiteral("batch"));
  batch_box_->setRange(1, 100000);
  batch_box_->setValue(8);
  auto* numbers = new QHBoxLayout;
  numbers->addWidget(steps_box_, 1);
  batch_label_ = new QLabel(box);
  numbers->addWidget(batch_label_);
  numbers->addWidget(batch_box_, 1);
  steps_label_ = new QLabel(box);
  form_->addRow(steps_label_, numbers);

  resume_box_ = new QCheckBox(box);
  resume_box_->setObjectName(QStringLiteral("resumeCheck"));
  form_->addRow(QString(), resume_box_);

  extra_edit_ = new QLineEdit(box);
  extra_edit_->setObjectName(QStringLiteral("extra"));
  extra_edit_->setPlaceholderText(QStringLiteral("--lr 1e-4 --warmup 50 --checkpoint-every 100"));
  extra_edit_->setClearButtonEnabled(true);
  form_->addRow(new QLabel(box), extra_edit_);

  command_preview_ = new QLineEdit(box);
  command_preview_->setObjectName(QStringLiteral("command"));
  command_preview_->setReadOnly(true);
  form_->addRow(new QLabel(box), command_preview_);

  connect(trainer_box_, &QComboBox::currentIndexChanged, this, [this] {
    const bool adapter = trainer() == Trainer::Adapter;
    form_->setRowVisible(model_edit_->parentWidget(), adapter);
    form_->setRowVisible(vae_edit_->parentWidget(), !adapter);
    updateCommandPreview();
  });
  form_->setRowVisible(vae_edit_->parentWidget(), false);
  connect(steps_box_, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommandPreview);
  connect(batch_box_, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommandPreview);
  connect(resume_box_, &QCheckBox::toggled, this, &TrainingPanel::updateCommandPreview);
  connect(extra_edit_, &QLineEdit::textChanged, this, &TrainingPanel::updateCommandPreview);
  return box;
}

void TrainingPanel::setAiclProgram(const QString& program) {
  program_ = program;
  updateCommandPreview();
}

QString TrainingPanel::aiclProgram() const { return program_.isEmpty() ? defaultAiclProgram() : program_; }

QString TrainingPanel::defaultAiclProgram() {
  const QDir app_dir(QCoreApplication::applicationDirPath());
  for (const QString& candidate :
       {app_dir.filePath(QStringLiteral("aicl")), app_dir.filePath(QStringLiteral("../cli/aicl"))}) {
    const QFileInfo info(candidate);
    if (info.isFile() && info.isExecutable()) return info.canonicalFilePath();
  }
  const QString found = QStandardPaths::findExecutable(QStringLiteral("aicl"));
  return found.isEmpty() ? QStringLiteral("aicl") : found;
}

void TrainingPanel::setTrainer(Trainer trainer) {
  trainer_box_->setCurrentIndex(trainer_box_->findData(static_cast<int>(trainer)));
}

TrainingPanel::Trainer TrainingPanel::trainer() const {
  return static_cast<Trainer>(trainer_box_->currentData().toInt());
}

void TrainingPanel::setModelFolder(const QString& folder) { model_edit_->setText(folder); }
void TrainingPanel::setVaeFolder(const QString& folder) { vae_edit_->setText(folder); }
void TrainingPanel::setDataFolder(const QString& folder) { data_edit_->setText(folder); }
void TrainingPanel::setConfigPath(const QString& path) { config_edit_->setText(path); }
void TrainingPanel::setOutputFolder(const QString& folder) { out_edit_->setText(folder); }
QString TrainingPanel::outputFolder() const { return out_edit_->text().trimmed(); }
void TrainingPanel::setSteps(int steps) { steps_box_->setValue(steps); }
void TrainingPanel::setBatch(int batch) { batch_box_->setValue(batch); }
void TrainingPanel::setResume(bool resume) { resume_box_->setChecked(resume); }
void TrainingPanel::setExtraArguments(const QString& arguments) { extra_edit_->setText(arguments); }

QStringList TrainingPanel::commandLine() const {
  const bool adapter = trainer() == Trainer::Adapter;
  QStringList arguments{adapter ? QStringLiteral("train") : QStringLiteral("train-backbone")};
  auto add = [&arguments](const char* flag, const QString& value) {
    if (value.isEmpty()) return;
    arguments << QString::fromLatin1(flag) << value;
  };
  if (adapter)
    add("--model", model_edit_->text().trimmed());
  else
    add("--vae", vae_edit_->text().trimmed());
  add("--data", data_edit_->text().trimmed());
  add("--config", config_edit_->text().trimmed());
  add("--out", out_edit_->text().trimmed());
  add("--steps", QString::number(steps_box_->value()));
  add("--batch", QString::number(batch_box_->value()));
  if (resume_box_->isChecked()) arguments << QStringLiteral("--resume");
  arguments << QProcess::splitCommand(extra_edit_->text());
  return arguments;
}

QString TrainingPanel::validate() const {
  if (trainer() == Trainer::Adapter && model_edit_->text().trimmed().isEmpty())
    return tr("Choose the model folder the adapter is trained on.");
  if (trainer() == Trainer::Backbone && vae_edit_->text().trimmed().isEmpty())
    return tr("Choose the VAE folder the backbone is trained with.");
  if (data_edit_->text().trimmed().isEmpty()) return tr("Choose the data folder.");
  if (out_edit_->text().trimmed().isEmpty()) return tr("Choose the output folder.");
  return {};
}

bool TrainingPanel::isRunning() const { return process_ && process_->state() != QProcess::NotRunning; }

QString TrainingPanel::stateName(State state) {
  switch (state) {
    case State::Idle:
      return tr("Idle");
    case State::Running:
      return tr("Running");
    case State::Stopped:
      return tr("Stopped");
    case State::Finished:
      return tr("Finished");
    case State::Failed:
      return tr("Failed");
  }
  return {};
}

QString TrainingPanel::progressText() const { return progress_label_->text(); }

bool TrainingPanel::start() {
  if (isRunning()) return false;
  const QString problem = validate();
  if (!problem.isEmpty()) {
    showError(problem);
    return false;
  }
  return startProcess(commandLine());
}

bool TrainingPanel::resume() {
  if (isRunning() || run_arguments_.isEmpty()) return false;
  QStringList arguments = run_arguments_;
  if (!arguments.contains(QStringLiteral("--resume"))) arguments << QStringLiteral("--resume");
  return startProcess(arguments);
}

bool TrainingPanel::startProcess(const QStringList& arguments) {
  // The run folder is the --out value (also when it came from the extra arguments).
  const qsizetype out_index = arguments.lastIndexOf(QStringLiteral("--out"));
  const QString out =
      out_index >= 0 && out_index + 1 < arguments.size() ? arguments.at(out_index + 1) : QString();
  if (process_) {
    process_->disconnect(this);
    process_->deleteLater();
  }
  process_ = new QProcess(this);
  process_->setProcessChannelMode(QProcess::SeparateChannels);
  process_->setStandardInputFile(QProcess::nullDevice());  // the trainer reads no input
  connect(process_, &QProcess::readyReadStandardError, this, [this] { readOutput(QProcess::StandardError); });
  connect(process_, &QProcess::readyReadStandardOutput, this,
          [this] { readOutput(QProcess::StandardOutput); });
  connect(process_, &QProcess::finished, this, &TrainingPanel::processFinished);
  connect(process_, &QProcess::errorOccurred, this, &TrainingPanel::processError);

  run_arguments_ = arguments;
  stop_requested_ = false;
  stderr_buffer_.clear();
  stdout_buffer_.clear();
  stderr_tail_.clear();
  last_stdout_line_.clear();
  error_text_.clear();
  error_label_->clear();
  error_label_->hide();
  step_ = 0;
  total_steps_ = 0;
  checkpoint_step_ = -1;
  followed_model_written_ = false;
  following_ = false;
  poll_timer_->stop();
  progress_bar_->setRange(0, 0);  // busy until the first progress line
  progress_bar_->show();
  progress_label_->setText(tr("Starting..."));
  if (!out.isEmpty()) {
    followed_folder_ = QFileInfo(out).absoluteFilePath();
    folder_label_->setText(tr("Run folder: %1").arg(QDir::toNativeSeparators(followed_folder_)));
    loss_plot_->followCsv(QDir(followed_folder_).filePath(QStringLiteral("loss.csv")), kFollowIntervalMs);
    validation_plot_->followCsv(QDir(followed_folder_).filePath(QStringLiteral("validation.csv")),
                                kFollowIntervalMs);
  } else {
    followed_folder_.clear();
    folder_label_->clear();
    loss_plot_->stopFollowing();
    loss_plot_->clear();
    validation_plot_->stopFollowing();
    validation_plot_->clear();
  }
  const QString program = aiclProgram();
  command_preview_->setText(commandText(program, arguments));
  command_preview_->setCursorPosition(0);
  setState(State::Running);
  Q_EMIT runStarted();
  process_->start(program, arguments);
  return true;
}

void TrainingPanel::stop() {
  if (!isRunning()) return;
  stop_requested_ = true;
  progress_label_->setText(tr("Stopping..."));
  process_->terminate();
  kill_timer_->start(std::max(0, stop_timeout_ms_));
}

void TrainingPanel::readOutput(QProcess::ProcessChannel channel) {
  const bool is_stderr = channel == QProcess::StandardError;
  QByteArray& buffer = is_stderr ? stderr_buffer_ : stdout_buffer_;
  buffer += is_stderr ? process_->readAllStandardError() : process_->readAllStandardOutput();
  // A terminal-style progress bar redraws with '\r'; a pipe gets one line per update ('\n').
  qsizetype start = 0;
  for (qsizetype i = 0; i < buffer.size(); ++i) {
    if (buffer.at(i) != '\n' && buffer.at(i) != '\r') continue;
    const QString line = QString::fromUtf8(buffer.constData() + start, i - start).trimmed();
    start = i + 1;
    if (line.isEmpty()) continue;
    if (is_stderr)
      handleStderrLine(line);
    else
      last_stdout_line_ = line;
  }
  buffer.remove(0, start);
}

void TrainingPanel::handleStderrLine(const QString& line) {
  ProgressLine progress;
  if (!parseProgressLine(line, progress)) {
    stderr_tail_ << line;
    if (stderr_tail_.size() > kStderrTailLines) stderr_tail_.removeFirst();
    return;
  }
  const int total = std::max(progress.total, 1);
  progress_bar_->setRange(0, total);
  progress_bar_->setValue(std::clamp(progress.done, 0, total));
  if (progress.label == QLatin1String("preparing")) {
    progress_label_->setText(tr("Preparing the data: %1 / %2").arg(progress.done).arg(progress.total));
    return;
  }
  step_ = progress.done;
  total_steps_ = progress.total;
  // The trainer prints the rate with two decimals: a slow run (minutes per step) shows 0.00/s with a real
  // ETA, so the rate is taken from the ETA then. The first line (no rate yet) has neither.
  const int remaining = std::max(progress.total - progress.done, 0);
  double rate = progress.rate;
  if (rate <= 0 && progress.eta > 0 && remaining > 0) rate = remaining / progress.eta;
  const double eta = remaining == 0 ? 0.0 : rate > 0 && progress.eta >= 0 ? progress.eta : -1.0;
  QString text = tr("%1 / %2 steps").arg(step_).arg(total_steps_);
  if (rate >= 0.1)
    text += tr(", %1 steps/s").arg(rate, 0, 'f', 1);
  else if (rate > 0)
    text += tr(", %1 s/step").arg(1.0 / rate, 0, 'f', 0);
  if (eta >= 0) text += tr(", %1 left").arg(formatDuration(eta));
  progress_label_->setText(text);
  Q_EMIT progressChanged(step_, total_steps_, eta);
}

void TrainingPanel::processFinished(int exit_code, QProcess::ExitStatus status) {
  kill_timer_->stop();
  // What is left in the pipes and a last line without a line end.
  readOutput(QProcess::StandardError);
  readOutput(QProcess::StandardOutput);
  for (QByteArray* buffer : {&stderr_buffer_, &stdout_buffer_}) {
    const QString rest = QString::fromUtf8(*buffer).trimmed();
    buffer->clear();
    if (rest.isEmpty()) continue;
    if (buffer == &stderr_buffer_)
      handleStderrLine(rest);
    else
      last_stdout_line_ = rest;
  }
  if (status == QProcess::NormalExit && exit_code == 0)
    finishRun(State::Finished, last_stdout_line_.isEmpty() ? tr("Training finished") : last_stdout_line_);
  else if (stop_requested_)
    finishRun(State::Stopped, step_ > 0 ? tr("Stopped at step %1").arg(step_) : tr("Stopped"));
  else
    finishRun(State::Failed, failureMessage(exit_code, status));
}

void TrainingPanel::processError(QProcess::ProcessError error) {
  // Only a failed start comes without finished(); crashes and kills are handled there.
  if (error != QProcess::FailedToStart) return;
  finishRun(State::Failed, tr("Cannot start %1: %2").arg(aiclProgram(), process_->errorString()));
}

QString TrainingPanel::failureMessage(int exit_code, QProcess::ExitStatus status) const {
  // The trainer's own error line (`aicl train: <error>`) is the message; else a logged error; else the last
  // line.
  static const QRegularExpression cli_error(QStringLiteral(R"(^aicl [\w-]+: )"));
  static const QRegularExpression logged_error(QStringLiteral(R"(\[(error|critical)\])"));
  QString line;
  for (auto it = stderr_tail_.crbegin(); it != stderr_tail_.crend() && line.isEmpty(); ++it)
    if (cli_error.match(*it).hasMatch()) line = *it;
  for (auto it = stderr_tail_.crbegin(); it != stderr_tail_.crend() && line.isEmpty(); ++it)
    if (logged_error.match(*it).hasMatch()) line = *it;
  if (line.isEmpty() && !stderr_tail_.isEmpty()) line = stderr_tail_.last();
  if (status == QProcess::CrashExit) {
    const QString crash = tr("The trainer crashed");
    return line.isEmpty() ? crash : crash + QStringLiteral(": ") + line;
  }
  return line.isEmpty() ? tr("The trainer exited with code %1").arg(exit_code) : line;
}

void TrainingPanel::finishRun(State state, const QString& message) {
  // The bar keeps the last step (full when finished); the label keeps the last progress line.
  const int total = std::max(total_steps_, 1);
  progress_bar_->setRange(0, total);
  progress_bar_->setValue(state == State::Finished ? total : std::clamp(step_, 0, total));
  if (state == State::Stopped)
    progress_label_->setText(message);
  else if (total_steps_ == 0)
    progress_label_->clear();  // no training step was reported ("Starting..." is over)
  if (state == State::Failed) {
    error_text_ = message;
    showError(message);
  }
  setState(state);
  Q_EMIT runFinished(state == State::Finished, message);
}

void TrainingPanel::showError(const QString& message) {
  error_label_->setText(message);
  error_label_->setVisible(!message.isEmpty());
}

void TrainingPanel::setState(State state) {
  const bool changed = state != state_;
  state_ = state;
  state_label_->setText(stateName(state));
  updateControls();
  if (changed) Q_EMIT stateChanged(state);
}

void TrainingPanel::updateControls() {
  const bool running = state_ == State::Running;
  settings_->setEnabled(!running);
  start_button_->setEnabled(!running);
  stop_button_->setEnabled(running);
  resume_button_->setEnabled(!running && !run_arguments_.isEmpty() &&
                             (state_ == State::Stopped || state_ == State::Failed));
  follow_button_->setEnabled(!running);
}

void TrainingPanel::updateCommandPreview() {
  if (!command_preview_ || state_ == State::Running) return;
  command_preview_->setText(commandText(aiclProgram(), commandLine()));
  command_preview_->setCursorPosition(0);
}

void TrainingPanel::chooseRunFolder() {
  const QString start_dir = followed_folder_.isEmpty() ? outputFolder() : followed_folder_;
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Follow run folder"), start_dir);
  if (!folder.isEmpty()) followRunFolder(folder);
}

bool TrainingPanel::followRunFolder(const QString& folder) {
  if (isRunning() || folder.isEmpty()) return false;
  followed_folder_ = QFileInfo(folder).absoluteFilePath();
  following_ = true;
  folder_label_->setText(tr("Following: %1").arg(QDir::toNativeSeparators(followed_folder_)));
  error_text_.clear();
  showError({});
  setState(State::Idle);
  step_ = 0;
  total_steps_ = 0;
  checkpoint_step_ = -1;
  followed_model_written_ = false;
  loss_plot_->followCsv(QDir(followed_folder_).filePath(QStringLiteral("loss.csv")), kFollowIntervalMs);
  validation_plot_->followCsv(QDir(followed_folder_).filePath(QStringLiteral("validation.csv")),
                              kFollowIntervalMs);
  pollFollowedFolder();
  updateFollowedProgress();
  poll_timer_->start();
  return true;
}

void TrainingPanel::pollFollowedFolder() {
  if (!following_ || isRunning()) {
    poll_timer_->stop();
    return;
  }
  const int step = readCheckpointStep(followed_folder_);
  const bool model_written = QFileInfo(QDir(followed_folder_).filePath(QStringLiteral("model"))).isDir();
  if (step == checkpoint_step_ && model_written == followed_model_written_) return;
  checkpoint_step_ = step;
  followed_model_written_ = model_written;
  updateFollowedProgress();
  if (step >= 0) {
    step_ = step;
    Q_EMIT progressChanged(step, 0, -1.0);
  }
}

void TrainingPanel::updateFollowedProgress() {
  // The total steps of a run started elsewhere are unknown (and a model/ folder may be an intermediate
  // export): no bar, only the steps.
  progress_bar_->hide();
  QStringList parts;
  if (loss_plot_->pointCount() > 0)
    parts << tr("step %1 logged").arg(static_cast<qint64>(loss_plot_->steps().constLast()));
  if (checkpoint_step_ >= 0)
    parts << tr("last checkpoint at step %1").arg(checkpoint_step_);
  else
    parts << tr("no checkpoint yet");
  if (followed_model_written_) parts << tr("model written");
  progress_label_->setText(parts.join(QStringLiteral(", ")));
}
