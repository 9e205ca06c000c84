#include "main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "aicl/logging.h"
#include "aicl/runtime.h"
#include "controller.h"
#include "drop_zone.h"
#include "feature_plot.h"
#include "log_panel.h"
#include "qt_log_sink.h"
#include "reference_list.h"

namespace {

QLabel* placeholderLabel(const QString& text) {
  auto* label = new QLabel(text);
  label->setAlignment(Qt::AlignCenter);
  label->setMinimumSize(240, 180);
  label->setStyleSheet("QLabel { background: #202020; color: #a0a0a0; }");
  return label;
}

QGroupBox* group(const QString& title, QWidget* content) {
  auto* box = new QGroupBox(title);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(content);
  return box;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), controller_(new Controller(this)) {
  setWindowTitle(tr("AICL Studio"));
  resize(1400, 900);

  // References (left)
  auto* references_panel = new QWidget;
  auto* references_layout = new QVBoxLayout(references_panel);
  drop_zone_ = new DropZone;
  references_ = new ReferenceListWidget;
  references_layout->addWidget(drop_zone_);
  references_layout->addWidget(references_, 1);
  auto* references_dock = new QDockWidget(tr("References"), this);
  references_dock->setObjectName("references");
  references_dock->setWidget(references_panel);
  addDockWidget(Qt::LeftDockWidgetArea, references_dock);

  auto* settings_dock = new QDockWidget(tr("Prompt & settings"), this);
  settings_dock->setObjectName("settings");
  settings_dock->setWidget(buildSettingsPanel());
  addDockWidget(Qt::LeftDockWidgetArea, settings_dock);

  // Action features (right)
  feature_plot_ = new FeaturePlot;
  feature_plot_->showEmpty(tr("The Action Prism's features appear here once AICL is available."));
  auto* features_dock = new QDockWidget(tr("Action features"), this);
  features_dock->setObjectName("features");
  features_dock->setWidget(feature_plot_);
  addDockWidget(Qt::RightDockWidgetArea, features_dock);

  // Log (bottom)
  log_panel_ = new LogPanel;
  auto* log_dock = new QDockWidget(tr("Log"), this);
  log_dock->setObjectName("log");
  log_dock->setWidget(log_panel_);
  addDockWidget(Qt::BottomDockWidgetArea, log_dock);
  resizeDocks({references_dock, features_dock}, {380, 380}, Qt::Horizontal);
  resizeDocks({log_dock}, {160}, Qt::Vertical);

  setCentralWidget(buildResultsArea());
  buildMenus();

  log_sink_ = std::make_shared<QtLogSink>();
  connect(log_sink_->relay(), &LogRelay::message, log_panel_, &LogPanel::appendLine, Qt::QueuedConnection);
  aicl::addLogSink(log_sink_);

  connect(drop_zone_, &DropZone::filesDropped, this, &MainWindow::addReferences);
  EngineWorker* worker = controller_->worker();
  connect(worker, &EngineWorker::referenceProbed, references_, &ReferenceListWidget::setProbed);
  connect(worker, &EngineWorker::referenceFailed, references_, &ReferenceListWidget::setFailed);
  connect(controller_, &Controller::busyChanged, this, [this](bool busy) {
    statusBar()->showMessage(busy ? tr("Probing reference videos...") : tr("Ready"), busy ? 0 : 3000);
  });

  const aicl::RuntimeInfo& runtime = aicl::runtimeInfo();
  auto* runtime_label = new QLabel(tr("%1 threads | %2 | %3")
                                       .arg(runtime.threads)
                                       .arg(QString::fromStdString(runtime.blas).section(' ', 0, 1))
                                       .arg(runtime.cuda_available ? tr("CUDA") : tr("CPU")));
  runtime_label->setToolTip(QString::fromStdString(runtime.blas + "\nallocator: " + runtime.allocator));
  statusBar()->addPermanentWidget(runtime_label);
}

MainWindow::~MainWindow() { aicl::removeLogSink(log_sink_); }

void MainWindow::addReferences(const QStringList& paths) {
  QStringList added;
  for (const QString& path : paths)
    if (references_->addPending(path)) added << path;
  controller_->probeReferences(added);
}

QWidget* MainWindow::buildSettingsPanel() {
  auto* panel = new QWidget;
  auto* form = new QFormLayout(panel);
  auto* prompt = new QPlainTextEdit;
  prompt->setPlaceholderText(tr("a red circle zigzagging on a black background"));
  prompt->setMaximumHeight(70);
  prompt->setToolTip(tr("What the generated video shows"));
  auto* negative = new QLineEdit;
  negative->setToolTip(tr("What the video should not show"));
  auto* seed = new QSpinBox;
  seed->setRange(0, 2147483647);
  seed->setToolTip(tr("Seed of the initial noise: the same seed gives the same video"));
  auto* steps = new QSpinBox;
  steps->setRange(1, 1000);
  steps->setValue(25);
  steps->setToolTip(tr("Denoising steps"));
  auto* guidance = new QDoubleSpinBox;
  guidance->setRange(0, 50);
  guidance->setValue(9.0);
  guidance->setToolTip(tr("Classifier-free guidance scale"));
  auto* frames = new QSpinBox;
  frames->setRange(1, 64);
  frames->setValue(16);
  frames->setToolTip(tr("Frames to generate"));
  auto* mode = new QComboBox;
  mode->addItems({tr("Both (side by side)"), tr("AICL"), tr("Baseline")});
  mode->setToolTip(tr("Generate with AICL, with the base model alone, or both from the same noise"));
  generate_button_ = new QPushButton(tr("Generate"));
  generate_button_->setEnabled(false);
  generate_button_->setToolTip(tr("The generation engine is not available in this build yet"));
  form->addRow(tr("Prompt"), prompt);
  form->addRow(tr("Negative"), negative);
  form->addRow(tr("Seed"), seed);
  form->addRow(tr("Steps"), steps);
  form->addRow(tr("Guidance"), guidance);
  form->addRow(tr("Frames"), frames);
  form->addRow(tr("Mode"), mode);
  form->addRow(generate_button_);
  return panel;
}

QWidget* MainWindow::buildResultsArea() {
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(group(tr("Preview"), placeholderLabel(tr("No result yet"))));
  auto* comparison = new QWidget;
  auto* comparison_layout = new QHBoxLayout(comparison);
  comparison_layout->addWidget(group(tr("Baseline"), placeholderLabel(tr("No result yet"))));
  comparison_layout->addWidget(group(tr("AICL"), placeholderLabel(tr("No result yet"))));
  splitter->addWidget(group(tr("Comparison"), comparison));
  splitter->setSizes({300, 400});
  return splitter;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* add = file->addAction(tr("&Add reference videos..."), this, [this] {
    const QString filter = tr("Videos (%1)").arg("*." + DropZone::videoExtensions().join(" *."));
    addReferences(QFileDialog::getOpenFileNames(this, tr("Add reference videos"), QString(), filter));
  });
  add->setShortcut(QKeySequence::Open);
  add->setToolTip(tr("Choose reference videos of the action"));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About AICL Studio"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About AICL Studio"),
                     tr("<b>AICL Studio %1</b><p>Action in-context learning for video diffusion models.</p>"
                        "<p>GPL-3.0-or-later.</p>")
                         .arg(QApplication::applicationVersion()));
}
