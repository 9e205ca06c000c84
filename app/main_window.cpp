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
#include "language.h"
#include "log_panel.h"
#include "prompt_token_label.h"
#include "qt_log_sink.h"
#include "reference_list.h"
#include "settings_dialog.h"
#include "text_setters.h"
#include "training_panel.h"
#include "video_player.h"

namespace {

constexpr int kSaveDelayMs = 200;
constexpr int kFeaturesDelayMs = 400;
const QColor kGeneratedColour(20, 20, 20);
const QColor kBaselineColour(140, 140, 140);


// A combo box over `values`; retranslateUi() names the items.
QComboBox* comboOf(const QStringList& values) {
  auto* box = new QComboBox;
  for (const QString& value : values) box->addItem(QString(), value);
  return box;
}

void selectValue(QComboBox* box, const QString& value) {
  const int index = box->findData(value);
  if (index >= 0) box->setCurrentIndex(index);
}

// Tall panels scroll inside their dock, so no panel's height forces the window past a small screen's.
enum class DockContent { Fixed, Scrolling };

// A dock; retranslateUi() gives it its title.
QDockWidget* dock(QMainWindow* window, const QString& name, QWidget* content, Qt::DockWidgetArea area,
                  DockContent kind = DockContent::Fixed) {
  auto* widget = new QDockWidget(window);
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
  resize(1500, 950);
  store_ = std::make_unique<ProjectStore>(settings.projectFolderOrDefault());
  save_timer_ = new QTimer(this);
  save_timer_->setSingleShot(true);
  save_timer_->setInterval(kSaveDelayMs);
  connect(save_timer_, &QTimer::timeout, this, &MainWindow::saveSession);
  opening_ = new QFutureWatcher<LoadedResult>(this);
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
  runtime_label_ = new QLabel;
  runtime_label_->setToolTip(QString::fromStdString(runtime.blas + "\nallocator: " + runtime.allocator));
  model_label_ = new QLabel;
  statusBar()->addPermanentWidget(model_label_);
  statusBar()->addPermanentWidget(runtime_label_);
  if (!runtime.cuda_available) {
    // Without CUDA, CUDA and its half precision are not offered.
    device_->setItemData(device_->findData("cuda"), 0, Qt::UserRole - 1);
    dtype_->setItemData(dtype_->findData("f16"), 0, Qt::UserRole - 1);
  }

  retranslateUi();
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
  for (auto* exporting : findChildren<QFutureWatcher<QString>*>()) exporting->waitForFinished();
  opening_->waitForFinished();
  if (save_timer_->isActive()) saveSession();
  aicl::removeLogSink(log_sink_);
}

QWidget* MainWindow::buildSettingsPanel() {
  auto* panel = new QWidget;
  settings_form_ = new QFormLayout(panel);
  QFormLayout* form = settings_form_;
  prompt_ = new QPlainTextEdit;
  prompt_->setObjectName("prompt");
  prompt_->setMaximumHeight(70);
  prompt_tokens_ = new PromptTokenLabel;
  auto* prompt_column = new QVBoxLayout;
  prompt_column->setSpacing(0);
  prompt_column->addWidget(prompt_);
  prompt_column->addWidget(prompt_tokens_);
  negative_ = new QLineEdit;
  negative_->setMaxLength(kMaxPromptCharacters);

  seed_ = new QSpinBox;
  seed_->setRange(0, 2147483647);
  random_seed_button_ = new QPushButton;
  connect(random_seed_button_, &QPushButton::clicked, this, &MainWindow::drawSeed);
  seed_lock_ = new QCheckBox;
  auto* seed_row = new QHBoxLayout;
  seed_row->addWidget(seed_, 1);
  seed_row->addWidget(random_seed_button_);
  seed_row->addWidget(seed_lock_);

  steps_ = new QSpinBox;
  steps_->setRange(1, 1000);
  guidance_ = new QDoubleSpinBox;
  guidance_->setRange(0, 50);
  guidance_->setSingleStep(0.5);
  frames_ = new QSpinBox;
  frames_->setRange(1, 64);
  width_ = new QSpinBox;
  height_ = new QSpinBox;
  for (QSpinBox* box : {width_, height_}) {
    box->setRange(0, 4096);
    box->setSingleStep(8);
  }
  auto* size_row = new QHBoxLayout;
  size_row->addWidget(width_);
  size_row->addWidget(new QLabel("x"));
  size_row->addWidget(height_);
  scheduler_ = comboOf({"ddim", "dpm++"});
  aicl_scale_ = new QDoubleSpinBox;
  aicl_scale_->setRange(0, 5);
  aicl_scale_->setSingleStep(0.1);
  mode_ = comboOf({"both", "aicl", "baseline"});
  mode_->setObjectName("mode");
  device_ = comboOf({"cpu", "cuda"});
  dtype_ = comboOf({"f32", "bf16", "f16"});
  auto* device_row = new QHBoxLayout;
  device_row->addWidget(device_);
  device_row->addWidget(dtype_);

  generate_button_ = new QPushButton;
  generate_button_->setObjectName("generateButton");
  generate_button_->setDefault(true);
  connect(generate_button_, &QPushButton::clicked, this, [this] { generate(); });
  cancel_button_ = new QPushButton;
  cancel_button_->setEnabled(false);
  connect(cancel_button_, &QPushButton::clicked, this, &MainWindow::cancelGeneration);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(generate_button_, 1);
  buttons->addWidget(cancel_button_);
  generate_message_ = new QLabel;
  generate_message_->setWordWrap(true);

  // The labels are named by retranslateUi(), in this order.
  form->addRow(new QLabel, prompt_column);
  form->addRow(new QLabel, negative_);
  form->addRow(new QLabel, seed_row);
  form->addRow(new QLabel, steps_);
  form->addRow(new QLabel, guidance_);
  form->addRow(new QLabel, frames_);
  form->addRow(new QLabel, size_row);
  form->addRow(new QLabel, scheduler_);
  form->addRow(new QLabel, aicl_scale_);
  form->addRow(new QLabel, mode_);
  form->addRow(new QLabel, device_row);

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
  comparison_ = new ComparisonView;
  result_tabs_->addTab(player_, QString());
  result_tabs_->addTab(comparison_, QString());
  return result_tabs_;
}

void MainWindow::buildDocks() {
  auto* references_panel = new QWidget;
  auto* references_layout = new QVBoxLayout(references_panel);
  drop_zone_ = new DropZone;
  references_ = new ReferenceListWidget;
  references_layout->addWidget(drop_zone_);
  references_layout->addWidget(references_, 1);
  references_dock_ = dock(this, "references", references_panel, Qt::LeftDockWidgetArea);
  settings_dock_ = dock(this, "settings", buildSettingsPanel(), Qt::LeftDockWidgetArea);

  feature_plot_ = new FeaturePlot;
  feature_plot_->showEmpty(tr("Add reference videos to see the motion the Action Prism extracts."));
  features_dock_ = dock(this, "features", feature_plot_, Qt::RightDockWidgetArea);
  gallery_ = new GalleryWidget;
  gallery_dock_ = dock(this, "history", gallery_, Qt::RightDockWidgetArea);
  tabifyDockWidget(features_dock_, gallery_dock_);
  features_dock_->raise();

  jobs_ = new JobListWidget;
  jobs_dock_ = dock(this, "jobs", jobs_, Qt::BottomDockWidgetArea);
  training_ = new TrainingPanel;
  training_dock_ = dock(this, "training", training_, Qt::BottomDockWidgetArea, DockContent::Scrolling);
  log_panel_ = new LogPanel;
  log_dock_ = dock(this, "log", log_panel_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(jobs_dock_, training_dock_);
  tabifyDockWidget(training_dock_, log_dock_);
  jobs_dock_->raise();
  // Dock sizes take effect once the window has its own size: after the first layout.
  QTimer::singleShot(0, this, [this] {
    resizeDocks({references_dock_, features_dock_}, {420, 460}, Qt::Horizontal);
    resizeDocks({references_dock_, settings_dock_}, {560, 380}, Qt::Vertical);
    resizeDocks({jobs_dock_}, {130}, Qt::Vertical);
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
  // Menus and actions get their texts from retranslateUi().
  file_menu_ = menuBar()->addMenu(QString());
  file_menu_->setObjectName("fileMenu");
  add_action_ = file_menu_->addAction(QString(), this, [this] {
    const QString filter = tr("Videos (%1)").arg("*." + DropZone::videoExtensions().join(" *."));
    addReferences(QFileDialog::getOpenFileNames(this, tr("Add reference videos"), QString(), filter));
  });
  add_action_->setShortcut(QKeySequence::Open);
  export_action_ = file_menu_->addAction(QString(), this, &MainWindow::chooseExport);
  export_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  open_folder_action_ = file_menu_->addAction(QString(), this, [this] {
    QDesktopServices::openUrl(QUrl::fromLocalFile(store_->folder()));
  });
  file_menu_->addSeparator();
  preferences_action_ = file_menu_->addAction(QString(), this, &MainWindow::showPreferences);
  preferences_action_->setShortcut(QKeySequence::Preferences);
  file_menu_->addSeparator();
  quit_action_ = file_menu_->addAction(QString(), this, &QWidget::close);
  quit_action_->setShortcut(QKeySequence::Quit);

  generate_menu_ = menuBar()->addMenu(QString());
  generate_action_ = generate_menu_->addAction(QString(), this, [this] { generate(); });
  generate_action_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  cancel_action_ = generate_menu_->addAction(QString(), this, &MainWindow::cancelGeneration);
  cancel_action_->setShortcut(QKeySequence(Qt::Key_Escape));
  seed_action_ = generate_menu_->addAction(QString(), this, &MainWindow::drawSeed);
  seed_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));

  view_menu_ = menuBar()->addMenu(QString());
  for (QDockWidget* widget : findChildren<QDockWidget*>()) view_menu_->addAction(widget->toggleViewAction());
  help_menu_ = menuBar()->addMenu(QString());
  examples_menu_ = help_menu_->addMenu(QString());
  QMenu* examples = examples_menu_;
  examples->setObjectName("examplesMenu");
  examples->setToolTipsVisible(true);
  QString examples_error;
  examples_ = loadExamples(&examples_error);
  for (int i = 0; i < examples_.size(); ++i) {
    QAction* action = examples->addAction(QString(), this, [this, i] { loadExample(i); });
    action->setObjectName("example_" + examples_[i].name);
    example_actions_ << action;
  }
  if (examples_.isEmpty()) {
    examples->setEnabled(false);
    aicl::logger()->warn("no examples: {}", examples_error.toStdString());
  }
  about_action_ = help_menu_->addAction(QString(), this, &MainWindow::showAbout);
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    updateModelLabel();      // its text depends on the model found, set with the settings
    features_timer_->start();  // the feature plot's message or legend
  }
  QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
  setWindowTitle(tr("AICL Studio"));

  file_menu_->setTitle(tr("&File"));
  add_action_->setText(tr("&Add reference videos..."));
  add_action_->setToolTip(tr("Choose reference videos of the action"));
  export_action_->setText(tr("&Export result..."));
  open_folder_action_->setText(tr("Open project &folder"));
  preferences_action_->setText(tr("&Settings..."));
  quit_action_->setText(tr("&Quit"));
  generate_menu_->setTitle(tr("&Generate"));
  generate_action_->setText(tr("&Generate"));
  cancel_action_->setText(tr("&Cancel"));
  seed_action_->setText(tr("New &random seed"));
  view_menu_->setTitle(tr("&View"));
  help_menu_->setTitle(tr("&Help"));
  examples_menu_->setTitle(tr("&Examples"));
  for (int i = 0; i < example_actions_.size(); ++i) {
    examples_[i].title = exampleTitle(examples_[i]);
    example_actions_[i]->setText(examples_[i].title);
    example_actions_[i]->setToolTip(tr("Three reference videos and the prompt \"%1\"").arg(examples_[i].prompt));
  }
  about_action_->setText(tr("&About AICL Studio"));

  // The dock titles also name the View menu's actions.
  references_dock_->setWindowTitle(tr("References"));
  settings_dock_->setWindowTitle(tr("Prompt & settings"));
  features_dock_->setWindowTitle(tr("Action features"));
  gallery_dock_->setWindowTitle(tr("History"));
  jobs_dock_->setWindowTitle(tr("Jobs"));
  training_dock_->setWindowTitle(tr("Training"));
  log_dock_->setWindowTitle(tr("Log"));

  result_tabs_->setTabText(result_tabs_->indexOf(player_), tr("Preview"));
  result_tabs_->setTabText(result_tabs_->indexOf(comparison_), tr("Comparison"));
  player_->setToolTip(tr("The live preview while a job runs, then the result"));
  comparison_->setToolTip(tr("Baseline and AICL from the same seed and initial noise"));

  setRowLabels(settings_form_, {tr("Prompt"), tr("Negative"), tr("Seed"), tr("Steps"), tr("Guidance"), tr("Frames"),
                                tr("Size"), tr("Scheduler"), tr("AICL strength"), tr("Mode"), tr("Device")});
  prompt_->setPlaceholderText(tr("a red circle zigzagging on a black background"));
  prompt_->setToolTip(tr("What the generated video shows"));
  negative_->setToolTip(tr("What the video should not show"));
  seed_->setToolTip(tr("Seed of the initial noise: the same seed gives the same video"));
  random_seed_button_->setText(tr("Random"));
  random_seed_button_->setToolTip(tr("Draw a new seed"));
  seed_lock_->setText(tr("Lock"));
  seed_lock_->setToolTip(tr("Keep this seed for the next generations (unlocked: every job draws a new seed)"));
  steps_->setToolTip(tr("Denoising steps"));
  guidance_->setToolTip(tr("Classifier-free guidance scale (1 or less: no guidance)"));
  frames_->setToolTip(tr("Frames to generate"));
  for (QSpinBox* box : {width_, height_}) {
    box->setSpecialValueText(tr("native"));
    box->setToolTip(tr("Size in pixels; \"native\": the model's own size"));
  }
  setItemTexts(scheduler_, {tr("DDIM"), tr("DPM-Solver++ (2M)")});
  scheduler_->setToolTip(tr("The sampler"));
  aicl_scale_->setToolTip(tr("Strength of the Action Integration: 0 is the baseline, 1 as trained"));
  setItemTexts(mode_, {tr("Both (side by side)"), tr("AICL"), tr("Baseline")});
  mode_->setToolTip(tr("Generate with AICL, with the base model alone, or both from the same seed and noise"));
  setItemTexts(device_, {tr("CPU"), tr("CUDA")});
  device_->setToolTip(tr("Where the model runs"));
  setItemTexts(dtype_, {tr("float32"), tr("bfloat16"), tr("float16 (CUDA)")});
  dtype_->setToolTip(tr("Precision of the weights and activations"));
  generate_button_->setText(tr("Generate"));
  generate_button_->setToolTip(tr("Queue a generation with these settings (Ctrl+Enter)"));
  cancel_button_->setText(tr("Cancel"));
  cancel_button_->setToolTip(tr("Stop the running generation within one step (Esc)"));

  const aicl::RuntimeInfo& runtime = aicl::runtimeInfo();
  runtime_label_->setText(tr("%1 threads | %2 | %3")
                              .arg(runtime.threads)
                              .arg(QString::fromStdString(runtime.blas).section(' ', 0, 1))
                              .arg(runtime.cuda_available ? tr("CUDA") : tr("CPU")));
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
  const bool model_changed = settings.model_folder != app_settings_.model_folder;
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
  int steps = 0;
  double guidance = 0.0;
  if (model_changed && EngineWorker::recommendedSampling(settings.model_folder, &steps, &guidance)) {
    GenerationSettings s = currentSettings();
    if (steps > 0) s.steps = steps;
    if (guidance > 0) s.guidance = guidance;
    applySettings(s);
    statusBar()->showMessage(tr("This model samples best with %1 steps and guidance %2").arg(steps).arg(guidance), 10000);
  }
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
  // Every widget re-applies its texts on the LanguageChange that installing the translators sends.
  if (chosen.language != app_settings_.language) switchLanguage(interfaceLanguage());
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
  statusBar()->showMessage(tr("Opening %1...").arg(id));
  const QString video = record->video, baseline = record->baseline_video;
  // The newer request wins: setFuture drops the watcher's previous future, whose decode ends unseen.
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
  ExportRequest request;
  request.path = path;
  request.frames = shown_frames_;  // implicitly shared: the copy is free and the worker owns it
  request.baseline = shown_baseline_;
  request.fps = shown_result_.fps;
  request.metadata_json = shown_result_.engine_settings;
  statusBar()->showMessage(tr("Exporting %1...").arg(path));
  // One watcher per export, so a second export never waits on the GUI thread for the first.
  auto* exporting = new QFutureWatcher<QString>(this);
  connect(exporting, &QFutureWatcher<QString>::finished, this, [this, path, exporting] {
    const QString error = exporting->result();
    exporting->deleteLater();
    if (error.isEmpty())
      statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    else
      statusBar()->showMessage(tr("Export failed: %1").arg(error), 10000);
    Q_EMIT exportFinished(path, error);
  });
  exporting->setFuture(QtConcurrent::run([request] { return exportResultFiles(request); }));
}

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
