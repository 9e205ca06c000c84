#include "main_window.h"

#include <QApplication>
#include <QtConcurrent>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include "aicl/logging.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "aicl/video_io.h"
#include "comparison_view.h"
#include "motion_presenter.h"
#include "controller.h"
#include "drop_zone.h"
#include "feature_plot.h"
#include "frame_image.h"
#include "gallery.h"
#include "job_list.h"
#include "log_panel.h"
#include "prompt_token_label.h"
#include "qt_log_sink.h"
#include "reference_list.h"
#include "settings_dialog.h"
#include "training_panel.h"
#include "video_player.h"

namespace {

constexpr int kSaveDelayMs = 200;
constexpr int kFeaturesDelayMs = 400;
const QColor kGeneratedColour(20, 20, 20);
const QColor kBaselineColour(140, 140, 140);


QComboBox* comboOf(const QStringList& labels, const QStringList& values, const QString& tooltip) {
  auto* box = new QComboBox;
  for (int i = 0; i < labels.size(); ++i) box->addItem(labels[i], values[i]);
  box->setToolTip(tooltip);
  return box;
}

void selectValue(QComboBox* box, const QString& value) {
  const int index = box->findData(value);
  if (index >= 0) box->setCurrentIndex(index);
}

// Tall panels scroll inside their dock, so no panel's height forces the window past a small screen's.
enum class DockContent { Fixed, Scrolling };

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content,
                  Qt::DockWidgetArea area, DockContent kind = DockContent::Fixed) {
  auto* widget = new QDockWidget(title, window);
  widget->setObjectName(name);
  if (kind == DockContent::Scrolling) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    widget->setWidget(scroll);
  } else {
    widget->setWidget(content);
  }
  window->addDockWidget(area, widget);
  return widget;
}

}  // namespace

MainWindow::MainWindow(const AppSettings& settings, QWidget* parent)
    : QMainWindow(parent), app_settings_(settings), controller_(new Controller(this)) {
  setWindowTitle(tr("AICL Studio"));
  resize(1500, 950);
  store_ = std::make_unique<ProjectStore>(settings.projectFolderOrDefault());
  save_timer_ = new QTimer(this);
  save_timer_->setSingleShot(true);
  save_timer_->setInterval(kSaveDelayMs);
  connect(save_timer_, &QTimer::timeout, this, &MainWindow::saveSession);
  opening_ = new QFutureWatcher<LoadedResult>(this);
  exporting_ = new QFutureWatcher<QString>(this);
  features_timer_ = new QTimer(this);
  features_timer_->setSingleShot(true);
  features_timer_->setInterval(kFeaturesDelayMs);
  connect(features_timer_, &QTimer::timeout, this, &MainWindow::updateFeatures);

  setCentralWidget(buildResultsArea());
  buildDocks();
  buildMenus();

  log_sink_ = std::make_shared<QtLogSink>();
  connect(log_sink_->relay(), &LogRelay::message, log_panel_, &LogPanel::appendLine, Qt::QueuedConnection);
  aicl::addLogSink(log_sink_);

  connectController();

  const aicl::RuntimeInfo& runtime = aicl::runtimeInfo();
  auto* runtime_label = new QLabel(tr("%1 threads | %2 | %3")
                                       .arg(runtime.threads)
                                       .arg(QString::fromStdString(runtime.blas).section(' ', 0, 1))
                                       .arg(runtime.cuda_available ? tr("CUDA") : tr("CPU")));
  runtime_label->setToolTip(QString::fromStdString(runtime.blas + "\nallocator: " + runtime.allocator));
  model_label_ = new QLabel;
  statusBar()->addPermanentWidget(model_label_);
  statusBar()->addPermanentWidget(runtime_label);
  if (!runtime.cuda_available) {
    // Without CUDA, CUDA and its half precision are not offered.
    device_->setItemData(device_->findData("cuda"), 0, Qt::UserRole - 1);
    dtype_->setItemData(dtype_->findData("f16"), 0, Qt::UserRole - 1);
  }

  applyAppSettings(settings);
  GenerationSettings session;
  session.device = settings.device;
  session.dtype = settings.dtype;
  store_->loadSession(session);
  applySettings(session);
  reloadGallery();
}

MainWindow::~MainWindow() {
  // An export in flight finishes (its file is atomic either way); an open in flight has nothing to show.
  exporting_->waitForFinished();
  opening_->waitForFinished();
  if (save_timer_->isActive()) saveSession();
  aicl::removeLogSink(log_sink_);
}

QWidget* MainWindow::buildSettingsPanel() {
  auto* panel = new QWidget;
  auto* form = new QFormLayout(panel);
  prompt_ = new QPlainTextEdit;
  prompt_->setObjectName("prompt");
  prompt_->setPlaceholderText(tr("a red circle zigzagging on a black background"));
  prompt_->setMaximumHeight(70);
  prompt_->setToolTip(tr("What the generated video shows"));
  prompt_tokens_ = new PromptTokenLabel;
  auto* prompt_column = new QVBoxLayout;
  prompt_column->setSpacing(0);
  prompt_column->addWidget(prompt_);
  prompt_column->addWidget(prompt_tokens_);
  negative_ = new QLineEdit;
  negative_->setToolTip(tr("What the video should not show"));
  negative_->setMaxLength(kMaxPromptCharacters);

  seed_ = new QSpinBox;
  seed_->setRange(0, 2147483647);
  seed_->setToolTip(tr("Seed of the initial noise: the same seed gives the same video"));
  auto* random_seed = new QPushButton(tr("Random"));
  random_seed->setToolTip(tr("Draw a new seed"));
  connect(random_seed, &QPushButton::clicked, this, &MainWindow::drawSeed);
  seed_lock_ = new QCheckBox(tr("Lock"));
  seed_lock_->setToolTip(tr("Keep this seed for the next generations (unlocked: every job draws a new seed)"));
  auto* seed_row = new QHBoxLayout;
  seed_row->addWidget(seed_, 1);
  seed_row->addWidget(random_seed);
  seed_row->addWidget(seed_lock_);

  steps_ = new QSpinBox;
  steps_->setRange(1, 1000);
  steps_->setToolTip(tr("Denoising steps"));
  guidance_ = new QDoubleSpinBox;
  guidance_->setRange(0, 50);
  guidance_->setSingleStep(0.5);
  guidance_->setToolTip(tr("Classifier-free guidance scale (1 or less: no guidance)"));
  frames_ = new QSpinBox;
  frames_->setRange(1, 64);
  frames_->setToolTip(tr("Frames to generate"));
  width_ = new QSpinBox;
  height_ = new QSpinBox;
  for (QSpinBox* box : {width_, height_}) {
    box->setRange(0, 4096);
    box->setSingleStep(8);
    box->setSpecialValueText(tr("native"));
    box->setToolTip(tr("Size in pixels; \"native\": the model's own size"));
  }
  auto* size_row = new QHBoxLayout;
  size_row->addWidget(width_);
  size_row->addWidget(new QLabel("x"));
  size_row->addWidget(height_);
  scheduler_ = comboOf({tr("DDIM"), tr("DPM-Solver++ (2M)")}, {"ddim", "dpm++"}, tr("The sampler"));
  aicl_scale_ = new QDoubleSpinBox;
  aicl_scale_->setRange(0, 5);
  aicl_scale_->setSingleStep(0.1);
  aicl_scale_->setToolTip(tr("Strength of the Action Integration: 0 is the baseline, 1 as trained"));
  mode_ = comboOf({tr("Both (side by side)"), tr("AICL"), tr("Baseline")}, {"both", "aicl", "baseline"},
                  tr("Generate with AICL, with the base model alone, or both from the same seed and noise"));
  device_ = comboOf({tr("CPU"), tr("CUDA")}, {"cpu", "cuda"}, tr("Where the model runs"));
  dtype_ = comboOf({tr("float32"), tr("bfloat16"), tr("float16 (CUDA)")}, {"f32", "bf16", "f16"},
                   tr("Precision of the weights and activations"));
  auto* device_row = new QHBoxLayout;
  device_row->addWidget(device_);
  device_row->addWidget(dtype_);

  generate_button_ = new QPushButton(tr("Generate"));
  generate_button_->setToolTip(tr("Queue a generation with these settings (Ctrl+Enter)"));
  generate_button_->setDefault(true);
  connect(generate_button_, &QPushButton::clicked, this, [this] { generate(); });
  cancel_button_ = new QPushButton(tr("Cancel"));
  cancel_button_->setToolTip(tr("Stop the running generation within one step (Esc)"));
  cancel_button_->setEnabled(false);
  connect(cancel_button_, &QPushButton::clicked, this, &MainWindow::cancelGeneration);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(generate_button_, 1);
  buttons->addWidget(cancel_button_);
  generate_message_ = new QLabel;
  generate_message_->setWordWrap(true);

  form->addRow(tr("Prompt"), prompt_column);
  form->addRow(tr("Negative"), negative_);
  form->addRow(tr("Seed"), seed_row);
  form->addRow(tr("Steps"), steps_);
  form->addRow(tr("Guidance"), guidance_);
  form->addRow(tr("Frames"), frames_);
  form->addRow(tr("Size"), size_row);
  form->addRow(tr("Scheduler"), scheduler_);
  form->addRow(tr("AICL strength"), aicl_scale_);
  form->addRow(tr("Mode"), mode_);
  form->addRow(tr("Device"), device_row);

  // Every edit is saved (and may change the features).
  connect(prompt_, &QPlainTextEdit::textChanged, this, [this] {
    prompt_tokens_->setPrompt(prompt_->toPlainText());
    settingsChanged();
    features_timer_->start();
  });
  connect(negative_, &QLineEdit::textChanged, this, &MainWindow::settingsChanged);
  for (QSpinBox* box : {seed_, steps_, width_, height_})
    connect(box, &QSpinBox::valueChanged, this, &MainWindow::settingsChanged);
  connect(frames_, &QSpinBox::valueChanged, this, [this] {
    settingsChanged();
    features_timer_->start();
  });
  for (QDoubleSpinBox* box : {guidance_, aicl_scale_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &MainWindow::settingsChanged);
  for (QComboBox* box : {scheduler_, mode_, device_, dtype_})
    connect(box, &QComboBox::currentIndexChanged, this, &MainWindow::settingsChanged);
  connect(seed_lock_, &QCheckBox::toggled, this, &MainWindow::settingsChanged);

  // The settings scroll when the dock is short; Generate and its message stay in sight below them.
  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* dock_content = new QWidget;
  auto* column = new QVBoxLayout(dock_content);
  column->setContentsMargins(0, 0, 0, 0);
  column->addWidget(scroll, 1);
  auto* footer = new QVBoxLayout;
  footer->setContentsMargins(9, 0, 9, 6);
  footer->addLayout(buttons);
  footer->addWidget(generate_message_);
  column->addLayout(footer);
  return dock_content;
}

QWidget* MainWindow::buildResultsArea() {
  result_tabs_ = new QTabWidget;
  player_ = new VideoPlayer;
  player_->setToolTip(tr("The live preview while a job runs, then the result"));
  comparison_ = new ComparisonView;
  comparison_->setToolTip(tr("Baseline and AICL from the same seed and initial noise"));
  result_tabs_->addTab(player_, tr("Preview"));
  result_tabs_->addTab(comparison_, tr("Comparison"));
  return result_tabs_;
}

void MainWindow::buildDocks() {
  auto* references_panel = new QWidget;
  auto* references_layout = new QVBoxLayout(references_panel);
  drop_zone_ = new DropZone;
  references_ = new ReferenceListWidget;
  references_layout->addWidget(drop_zone_);
  references_layout->addWidget(references_, 1);
  QDockWidget* references_dock = dock(this, tr("References"), "references", references_panel, Qt::LeftDockWidgetArea);
  QDockWidget* settings_dock =
      dock(this, tr("Prompt & settings"), "settings", buildSettingsPanel(), Qt::LeftDockWidgetArea);

  feature_plot_ = new FeaturePlot;
  feature_plot_->showEmpty(tr("Add reference videos to see the motion the Action Prism extracts."));
  QDockWidget* features_dock = dock(this, tr("Action features"), "features", feature_plot_, Qt::RightDockWidgetArea);
  gallery_ = new GalleryWidget;
  QDockWidget* gallery_dock = dock(this, tr("History"), "history", gallery_, Qt::RightDockWidgetArea);
  tabifyDockWidget(features_dock, gallery_dock);
  features_dock->raise();

  jobs_ = new JobListWidget;
  QDockWidget* jobs_dock = dock(this, tr("Jobs"), "jobs", jobs_, Qt::BottomDockWidgetArea);
  training_ = new TrainingPanel;
  QDockWidget* training_dock =
      dock(this, tr("Training"), "training", training_, Qt::BottomDockWidgetArea, DockContent::Scrolling);
  log_panel_ = new LogPanel;
  QDockWidget* log_dock = dock(this, tr("Log"), "log", log_panel_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(jobs_dock, training_dock);
  tabifyDockWidget(training_dock, log_dock);
  jobs_dock->raise();
  // Dock sizes take effect once the window has its own size: after the first layout.
  QTimer::singleShot(0, this, [=] {
    resizeDocks({references_dock, features_dock}, {420, 460}, Qt::Horizontal);
    resizeDocks({references_dock, settings_dock}, {560, 380}, Qt::Vertical);
    resizeDocks({jobs_dock}, {130}, Qt::Vertical);
  });

  connect(drop_zone_, &DropZone::filesDropped, this, &MainWindow::addReferences);
  connect(references_, &ReferenceListWidget::exampleRequested, this, [this] { loadExample(0); });
  connect(references_, &ReferenceListWidget::referencesChanged, this, [this] {
    settingsChanged();
    features_timer_->start();
  });
  connect(jobs_, &JobListWidget::cancelRequested, controller_, &Controller::cancelJob);
  connect(jobs_, &JobListWidget::removeRequested, jobs_, &JobListWidget::removeJob);
  connect(gallery_, &GalleryWidget::openRequested, this, &MainWindow::openResult);
  connect(gallery_, &GalleryWidget::reuseRequested, this, &MainWindow::reuseResult);
  connect(gallery_, &GalleryWidget::deleteRequested, this, &MainWindow::deleteResult);
  connect(gallery_, &GalleryWidget::revealRequested, this, [this](const QString& id) {
    QDesktopServices::openUrl(QUrl::fromLocalFile(QDir(store_->folder()).filePath("results/" + id)));
  });
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* add = file->addAction(tr("&Add reference videos..."), this, [this] {
    const QString filter = tr("Videos (%1)").arg("*." + DropZone::videoExtensions().join(" *."));
    addReferences(QFileDialog::getOpenFileNames(this, tr("Add reference videos"), QString(), filter));
  });
  add->setShortcut(QKeySequence::Open);
  add->setToolTip(tr("Choose reference videos of the action"));
  QAction* export_action = file->addAction(tr("&Export result..."), this, &MainWindow::chooseExport);
  export_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addAction(tr("Open project &folder"), this, [this] {
    QDesktopServices::openUrl(QUrl::fromLocalFile(store_->folder()));
  });
  file->addSeparator();
  QAction* preferences = file->addAction(tr("&Settings..."), this, &MainWindow::showPreferences);
  preferences->setShortcut(QKeySequence::Preferences);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* run = menuBar()->addMenu(tr("&Generate"));
  QAction* generate_action = run->addAction(tr("&Generate"), this, [this] { generate(); });
  generate_action->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  QAction* cancel_action = run->addAction(tr("&Cancel"), this, &MainWindow::cancelGeneration);
  cancel_action->setShortcut(QKeySequence(Qt::Key_Escape));
  QAction* seed_action = run->addAction(tr("New &random seed"), this, &MainWindow::drawSeed);
  seed_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* widget : findChildren<QDockWidget*>()) view->addAction(widget->toggleViewAction());
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QMenu* examples = help->addMenu(tr("&Examples"));
  examples->setObjectName("examplesMenu");
  examples->setToolTipsVisible(true);
  QString examples_error;
  examples_ = loadExamples(&examples_error);
  for (int i = 0; i < examples_.size(); ++i) {
    QAction* action = examples->addAction(examples_[i].title, this, [this, i] { loadExample(i); });
    action->setObjectName("example_" + examples_[i].name);
    action->setToolTip(tr("Three reference videos and the prompt \"%1\"").arg(examples_[i].prompt));
  }
  if (examples_.isEmpty()) {
    examples->setEnabled(false);
    aicl::logger()->warn("no examples: {}", examples_error.toStdString());
  }
  help->addAction(tr("&About AICL Studio"), this, &MainWindow::showAbout);
}

void MainWindow::connectController() {
  Controller* c = controller_;
  motion_ = new MotionPresenter(c, player_, comparison_, this);
  connect(c, &Controller::referenceProbed, references_, &ReferenceListWidget::setProbed);
  connect(c, &Controller::referencePreview, references_, &ReferenceListWidget::setPreviewFrames);
  connect(c, &Controller::referenceFailed, references_, &ReferenceListWidget::setFailed);
  connect(c, &Controller::jobQueued, jobs_, &JobListWidget::addJob);
  connect(c, &Controller::jobStateChanged, this, [this](int id, JobState state, const QString& message) {
    jobs_->setState(id, state, message);
    if (state == JobState::Running) {
      player_->clear();
      result_tabs_->setCurrentWidget(player_);
      statusBar()->showMessage(tr("Job %1 running").arg(id));
    } else if (state == JobState::Cancelled) {
      QDir(controller_->jobFolder(id)).removeRecursively();  // nothing was written worth keeping
      statusBar()->showMessage(tr("Job %1 cancelled").arg(id), 5000);
    } else if (state == JobState::Failed) {
      QDir(controller_->jobFolder(id)).removeRecursively();
      statusBar()->showMessage(tr("Job %1 failed: %2").arg(id).arg(message), 10000);
    }
  });
  connect(c, &Controller::jobProgress, this, [this](int id, int step, int steps, double eta) {
    jobs_->setProgress(id, step, steps, eta);
    statusBar()->showMessage(tr("Job %1: step %2 of %3, %4 left").arg(id).arg(step).arg(steps).arg(JobListWidget::formatEta(eta)));
  });
  connect(c, &Controller::jobPreview, this, [this](int, int, const QVector<QImage>& frames) {
    player_->setClip(frames, 8.0);
  });
  connect(c, &Controller::jobDone, this, &MainWindow::jobDone);
  connect(c, &Controller::busyChanged, this, [this](bool busy) { cancel_button_->setEnabled(busy); });
  connect(c, &Controller::featuresReady, this, [this](int, const FeatureOutput& output) { showFeatures(output); });
  connect(c, &Controller::featuresFailed, this,
          [this](int, const QString& error) { feature_plot_->showEmpty(tr("No features: %1").arg(error)); });
}

void MainWindow::applyAppSettings(const AppSettings& settings) {
  app_settings_ = settings;
  controller_->setEngineConfig(EngineConfig{settings.model_folder, settings.adapter_folder, settings.threads});
  const QString project = settings.projectFolderOrDefault();
  if (project != store_->folder()) {
    saveSession();
    store_ = std::make_unique<ProjectStore>(project);
    reloadGallery();
  }
  const QString model_folder = settings.model_folder.isEmpty()
                                   ? QString::fromStdString(aicl::defaultModelFolder().string())
                                   : settings.model_folder;
  training_->setModelFolder(model_folder);
  prompt_tokens_->setModelFolder(model_folder);
  updateModelLabel();
  features_timer_->start();
}

void MainWindow::updateModelLabel() {
  bool ok = false;
  const QString description =
      EngineWorker::describeModel(app_settings_.model_folder, app_settings_.adapter_folder, &ok);
  const QString model = app_settings_.model_folder.isEmpty()
                            ? QString::fromStdString(aicl::defaultModelFolder().string())
                            : app_settings_.model_folder;
  model_label_->setText(ok ? tr("Model: %1").arg(QFileInfo(model).fileName()) : tr("Model error"));
  model_label_->setToolTip(description);
  if (!ok) aicl::logger()->error("{}", description.toStdString());
}

void MainWindow::showPreferences() {
  SettingsDialog dialog(this);
  dialog.setCudaAvailable(aicl::runtimeInfo().cuda_available);
  dialog.setSettings(app_settings_);
  auto describe = [&dialog](const QString& model, const QString& adapter) {
    bool ok = false;
    const QString text = EngineWorker::describeModel(model, adapter, &ok);
    dialog.setModelDescription(text, ok);
  };
  describe(app_settings_.model_folder, app_settings_.adapter_folder);
  connect(&dialog, &SettingsDialog::modelFolderChanged, &dialog,
          [&](const QString& folder) { describe(folder, dialog.settings().adapter_folder); });
  connect(&dialog, &SettingsDialog::adapterFolderChanged, &dialog,
          [&](const QString& folder) { describe(dialog.settings().model_folder, folder); });
  if (dialog.exec() != QDialog::Accepted) return;
  const AppSettings chosen = dialog.settings();
  chosen.saveToQSettings();
  if (chosen.language != app_settings_.language)
    QMessageBox::information(this, tr("Language"), tr("The new language is used from the next start."));
  // The device and precision chosen here apply to the next generations.
  if (chosen.device != app_settings_.device) selectValue(device_, chosen.device);
  if (chosen.dtype != app_settings_.dtype) selectValue(dtype_, chosen.dtype);
  applyAppSettings(chosen);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About AICL Studio"),
                     tr("<b>AICL Studio %1</b><p>Action in-context learning for video diffusion models.</p>"
                        "<p>GPL-3.0-or-later.</p>")
                         .arg(QApplication::applicationVersion()));
}

void MainWindow::loadExample(int index) {
  if (index < 0 || index >= examples_.size()) return;
  const Example& example = examples_[index];
  GenerationSettings settings = currentSettings();
  settings.references = example.references;
  settings.prompt = example.prompt;
  settings.mode = "both";
  applySettings(settings);
  setGenerateMessage(example.held_out
                         ? tr("Example loaded: the base model never learned this action; press Ctrl+Enter to "
                              "see what AICL makes of the references.")
                         : tr("Example loaded: press Ctrl+Enter to generate."),
                     false);
}

void MainWindow::addReferences(const QStringList& paths) {
  QStringList added;
  for (const QString& path : paths)
    if (references_->addPending(path)) added << path;
  controller_->probeReferences(added);
}

GenerationSettings MainWindow::currentSettings() const {
  GenerationSettings s;
  s.prompt = prompt_->toPlainText();
  s.negative_prompt = negative_->text();
  s.seed = static_cast<quint64>(seed_->value());
  s.seed_locked = seed_lock_->isChecked();
  s.steps = steps_->value();
  s.guidance = guidance_->value();
  s.frames = frames_->value();
  s.width = width_->value();
  s.height = height_->value();
  s.scheduler = scheduler_->currentData().toString();
  s.aicl_scale = aicl_scale_->value();
  s.mode = mode_->currentData().toString();
  s.device = device_->currentData().toString();
  s.dtype = dtype_->currentData().toString();
  s.references = references_->entries();
  return s;
}

void MainWindow::applySettings(const GenerationSettings& s) {
  restoring_ = true;
  prompt_->setPlainText(s.prompt);
  negative_->setText(s.negative_prompt);
  seed_->setValue(static_cast<int>(std::min<quint64>(s.seed, 2147483647)));
  seed_lock_->setChecked(s.seed_locked);
  steps_->setValue(s.steps);
  guidance_->setValue(s.guidance);
  frames_->setValue(s.frames);
  width_->setValue(s.width);
  height_->setValue(s.height);
  selectValue(scheduler_, s.scheduler);
  aicl_scale_->setValue(s.aicl_scale);
  selectValue(mode_, s.mode);
  selectValue(device_, s.device);
  selectValue(dtype_, s.dtype);
  if (references_->entries() != s.references) {
    references_->setEntries(s.references);
    QStringList paths;
    for (const ReferenceEntry& entry : s.references) paths << entry.path;
    controller_->probeReferences(paths);
  }
  restoring_ = false;
  settingsChanged();
  features_timer_->start();
}

void MainWindow::settingsChanged() {
  if (!restoring_) save_timer_->start();
}

void MainWindow::saveSession() {
  save_timer_->stop();
  if (!store_->saveSession(currentSettings()))
    statusBar()->showMessage(tr("Could not save the session: %1").arg(store_->lastError()), 10000);
}

void MainWindow::setGenerateMessage(const QString& text, bool error) {
  generate_message_->setText(text);
  generate_message_->setStyleSheet(error ? "QLabel { color: #d04040; }" : QString());
}

QString MainWindow::generateMessage() const { return generate_message_->text(); }

void MainWindow::drawSeed() { seed_->setValue(static_cast<int>(QRandomGenerator::global()->bounded(2147483647))); }

int MainWindow::generate() {
  if (!seed_lock_->isChecked()) drawSeed();
  GenerationSettings settings = currentSettings();
  settings.references = references_->usableEntries();
  const QString error = validationError(settings);
  if (!error.isEmpty()) {
    setGenerateMessage(error, true);
    return 0;
  }
  const int id = controller_->submitGeneration(settings, store_->newResultFolder());
  setGenerateMessage(tr("Job %1 queued (seed %2).").arg(id).arg(settings.seed), false);
  saveSession();
  return id;
}

void MainWindow::cancelGeneration() {
  const int selected = jobs_->selectedJobId();
  if (selected > 0 && isJobCancellable(controller_->jobState(selected)) && selected != controller_->runningJob())
    controller_->cancelJob(selected);
  else if (controller_->runningJob())
    controller_->cancelJob(controller_->runningJob());
}

void MainWindow::jobDone(int id, const GenerationOutput& output) {
  ResultRecord record;
  record.folder = controller_->jobFolder(id);
  record.created = QDateTime::currentDateTime();
  record.settings = controller_->jobSettings(id);
  record.engine_settings = output.engine_settings;
  record.video = QDir(record.folder).filePath(output.video);
  record.baseline_video = output.baseline_video.isEmpty() ? QString() : QDir(record.folder).filePath(output.baseline_video);
  record.seconds = output.seconds;
  record.fps = output.fps;
  const QImage thumbnail = output.frames.isEmpty() ? QImage() : output.frames[output.frames.size() / 2];
  if (!store_->saveResult(record, thumbnail))
    statusBar()->showMessage(tr("Could not save the result: %1").arg(store_->lastError()), 10000);
  reloadGallery();
  showResult(record, output.frames, output.baseline_frames);
  statusBar()->showMessage(tr("Job %1 done in %2 s").arg(id).arg(output.seconds, 0, 'f', 1), 5000);
}

void MainWindow::showResult(const ResultRecord& record, const QVector<QImage>& frames, const QVector<QImage>& baseline) {
  shown_result_ = record;
  shown_frames_ = frames;
  shown_baseline_ = baseline;
  player_->setClip(frames, record.fps);
  if (!baseline.isEmpty()) {
    comparison_->setClips(baseline, frames, record.fps, tr("Baseline"), tr("AICL"));
    result_tabs_->setCurrentWidget(comparison_);
  } else {
    comparison_->clear();
    result_tabs_->setCurrentWidget(player_);
  }
  motion_->setResult(record.video, baseline.isEmpty() ? QString() : record.baseline_video);
  updateFeatures();
}

bool MainWindow::openResult(const QString& id) {
  const auto record = store_->result(id);
  if (!record) return false;
  if (opening_->isRunning()) opening_->waitForFinished();  // the newer request wins
  statusBar()->showMessage(tr("Opening %1...").arg(id));
  const QString video = record->video, baseline = record->baseline_video;
  opening_->disconnect(this);
  connect(opening_, &QFutureWatcher<LoadedResult>::finished, this, [this, record = *record] {
    const LoadedResult loaded = opening_->result();
    if (!loaded.error.isEmpty()) {
      statusBar()->showMessage(tr("Cannot open the result: %1").arg(loaded.error), 10000);
      Q_EMIT resultOpenFailed(record.id, loaded.error);
      return;
    }
    statusBar()->clearMessage();
    showResult(record, loaded.frames, loaded.baseline);
    Q_EMIT resultOpened(record.id);
  });
  opening_->setFuture(QtConcurrent::run([video, baseline] { return loadResultFrames(video, baseline); }));
  return true;
}

void MainWindow::reuseResult(const QString& id) {
  const auto record = store_->result(id);
  if (!record) return;
  GenerationSettings settings = record->settings;
  settings.seed_locked = true;  // the same seed makes the same video
  applySettings(settings);
  setGenerateMessage(tr("Settings of %1 restored.").arg(id), false);
}

void MainWindow::deleteResult(const QString& id) {
  store_->removeResult(id);
  if (shown_result_.id == id) {
    shown_result_ = {};
    shown_frames_.clear();
    shown_baseline_.clear();
    player_->clear();
    comparison_->clear();
  }
  reloadGallery();
}

void MainWindow::reloadGallery() {
  QVector<GalleryEntry> entries;
  for (const ResultRecord& record : store_->results()) {
    GalleryEntry entry;
    entry.id = record.id;
    entry.title = record.settings.prompt;
    entry.details = tr("%1, seed %2, %3 steps, %4 s")
                        .arg(record.settings.mode)
                        .arg(record.settings.seed)
                        .arg(record.settings.steps)
                        .arg(record.seconds, 0, 'f', 1);
    entry.created = record.created;
    entry.thumbnail = QImage(ProjectStore::thumbnailPath(record));
    entry.has_baseline = !record.baseline_video.isEmpty();
    entries.append(entry);
  }
  gallery_->setEntries(entries);
}

void MainWindow::updateFeatures() {
  const GenerationSettings settings = currentSettings();
  GenerationSettings request = settings;
  request.references = references_->usableEntries();
  QStringList generated;
  if (!shown_result_.video.isEmpty() && shown_result_.settings.mode != "baseline")
    generated << bestSourceOf(shown_result_.video);
  if (!shown_result_.baseline_video.isEmpty()) generated << bestSourceOf(shown_result_.baseline_video);
  if (request.references.isEmpty() && generated.isEmpty()) {
    feature_plot_->showEmpty(tr("Add reference videos to see the motion the Action Prism extracts."));
    return;
  }
  feature_paths_.clear();
  for (const ReferenceEntry& entry : request.references) feature_paths_ << entry.path;
  motion_->setReferences(feature_paths_);
  controller_->requestFeatures(request, generated);
}

void MainWindow::showFeatures(const FeatureOutput& output) {
  QVector<FeatureTrajectory> trajectories = output.trajectories;
  int reference = 0;
  for (FeatureTrajectory& trajectory : trajectories) {
    if (!trajectory.generated) {
      // The colour of the reference's row (its position among all rows, failed ones included).
      const int index = reference++;
      trajectory.colour = index < feature_paths_.size() ? references_->rowColour(feature_paths_[index])
                                                        : ReferenceListWidget::colourFor(index);
    } else {
      const bool baseline = trajectory.label.contains("baseline");
      trajectory.colour = baseline ? kBaselineColour : kGeneratedColour;
      trajectory.label = baseline ? tr("baseline") : tr("AICL result");
    }
  }
  feature_plot_->setTrajectories(trajectories, output.explained_pc1, output.explained_pc2);
}

void MainWindow::exportResult(const QString& path) {
  if (exporting_->isRunning()) exporting_->waitForFinished();
  ExportRequest request;
  request.path = path;
  request.frames = shown_frames_;  // implicitly shared: the copy is free and the worker owns it
  request.baseline = shown_baseline_;
  request.fps = shown_result_.fps;
  request.metadata_json = shown_result_.engine_settings;
  statusBar()->showMessage(tr("Exporting %1...").arg(path));
  exporting_->disconnect(this);
  connect(exporting_, &QFutureWatcher<QString>::finished, this, [this, path] {
    const QString error = exporting_->result();
    if (error.isEmpty())
      statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    else
      statusBar()->showMessage(tr("Export failed: %1").arg(error), 10000);
    Q_EMIT exportFinished(path, error);
  });
  exporting_->setFuture(QtConcurrent::run([request] { return exportResultFiles(request); }));
}

bool MainWindow::busyWithFiles() const { return opening_->isRunning() || exporting_->isRunning(); }

void MainWindow::chooseExport() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export result"), QDir(store_->folder()).filePath("result.mp4"),
      tr("MP4 video (*.mp4);;WebM video (*.webm);;GIF animation (*.gif);;PNG frames (folder, no extension) (*)"));
  if (path.isEmpty()) return;
  // A failure also gets a message box: the user asked for this file and is waiting for it.
  auto* once = new QObject(this);
  connect(this, &MainWindow::exportFinished, once, [this, once](const QString&, const QString& error) {
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
    once->deleteLater();
  });
  exportResult(path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (controller_->busy()) {
    const auto answer = QMessageBox::question(
        this, tr("Quit AICL Studio"), tr("A generation is running. Cancel it and quit?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    controller_->cancelAll();
  }
  saveSession();
  saveLayout();
  event->accept();
}

namespace {
const char* const kGeometryKey = "window/geometry";
const char* const kDockStateKey = "window/state";
// Bumped when the docks change, so an old layout does not hide a new dock.
constexpr int kDockStateVersion = 1;
}  // namespace

void MainWindow::showWithSavedLayout() {
  QSettings settings;
  const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
  if (geometry.isEmpty() || !restoreGeometry(geometry)) {
    showMaximized();
    return;
  }
  restoreState(settings.value(kDockStateKey).toByteArray(), kDockStateVersion);
  show();
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kDockStateKey, saveState(kDockStateVersion));
}
