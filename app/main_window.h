#pragma once
// The main window: references and generation settings on the left, the result (live preview, player and
// baseline/AICL comparison) in the middle, the Action Prism's features and the history on the right, jobs,
// training and the log below. The session (references, prompt, settings) is saved to the project folder as it
// changes and restored at start.
#include <QFutureWatcher>
#include <QMainWindow>
#include <QVector>
#include <memory>

#include "app_settings.h"
#include "generation_settings.h"
#include "project_store.h"
#include "examples.h"
#include "result_files.h"

class ComparisonView;
class Controller;
class MotionPresenter;
class DropZone;
class FeaturePlot;
class GalleryWidget;
class JobListWidget;
class LogPanel;
class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QFormLayout;
class QMenu;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;
class PromptTokenLabel;
class QtLogSink;
class ReferenceListWidget;
class TrainingPanel;
class VideoPlayer;
struct FeatureOutput;
struct GenerationOutput;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `settings` come from QSettings at start (tests pass their own project folder and model).
  explicit MainWindow(const AppSettings& settings = AppSettings::fromQSettings(), QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds reference videos: rows appear at once, probing runs on the worker thread.
  void addReferences(const QStringList& paths);
  // The settings the controls show now (references included).
  GenerationSettings currentSettings() const;
  // Shows `settings` in the controls (and their references in the list).
  void applySettings(const GenerationSettings& settings);
  // The model, adapter, threads and project folder to use from now on. A newly chosen model that recommends its
  // own sampling (EchoReel: 50 steps, guidance 12) sets the steps and guidance to it.
  void applyAppSettings(const AppSettings& settings);
  // Queues a generation of the current settings; returns the job id, or 0 when the settings cannot run (the
  // reason is shown under the Generate button).
  int generate();
  // Cancels the running generation (or the selected queued job).
  void cancelGeneration();
  // Writes the shown result (and its baseline beside it as NAME.baseline.EXT) in the format of the extension:
  // .mp4, .webm, .gif, or a folder of PNG frames; the generation settings are embedded. Encodes on a thread
  // pool; exportFinished says how it went (and the status bar or a message box tells the user).
  void exportResult(const QString& path);
  // Shows the window as the user left it (geometry and docks, from QSettings), or maximised on a first start.
  void showWithSavedLayout();
  // Saved by closeEvent; public so tests can save without closing.
  void saveLayout() const;

  // Loads example set `index` of examples(): its references, its prompt and mode "Both"; Generate is then one
  // key press.
  void loadExample(int index);
  const QVector<Example>& examples() const { return examples_; }
  // Reopens a stored result (player, comparison and features), decoding it on a thread pool; false when there
  // is no such result. resultOpened or resultOpenFailed follows.
  bool openResult(const QString& id);

 Q_SIGNALS:
  void exportFinished(const QString& path, const QString& error);  // error empty on success
  void resultOpened(const QString& id);
  void resultOpenFailed(const QString& id, const QString& error);

 public:

  DropZone* dropZone() const { return drop_zone_; }
  ReferenceListWidget* referenceList() const { return references_; }
  Controller* controller() const { return controller_; }
  LogPanel* logPanel() const { return log_panel_; }
  FeaturePlot* featurePlot() const { return feature_plot_; }
  ComparisonView* comparisonView() const { return comparison_; }
  VideoPlayer* player() const { return player_; }
  JobListWidget* jobList() const { return jobs_; }
  GalleryWidget* gallery() const { return gallery_; }
  TrainingPanel* trainingPanel() const { return training_; }
  PromptTokenLabel* promptTokens() const { return prompt_tokens_; }
  ProjectStore& project() { return *store_; }
  QString generateMessage() const;
  // The id of the result shown (empty when none).
  QString shownResult() const { return shown_result_.id; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QWidget* buildSettingsPanel();
  QWidget* buildResultsArea();
  void buildDocks();
  void buildMenus();
  // Sets every fixed text (titles, labels, tooltips, item names) in the current language: at construction and on
  // QEvent::LanguageChange.
  void retranslateUi();
  void connectController();
  void updateModelLabel();
  void showPreferences();
  void showAbout();
  void settingsChanged();
  void drawSeed();
  void saveSession();
  void updateFeatures();
  void showFeatures(const FeatureOutput& output);
  void jobDone(int id, const GenerationOutput& output);
  void showResult(const ResultRecord& record, const QVector<QImage>& frames, const QVector<QImage>& baseline);
  void reloadGallery();
  void reuseResult(const QString& id);
  void deleteResult(const QString& id);
  void chooseExport();
  void setGenerateMessage(const QString& text, bool error);

  AppSettings app_settings_;
  std::unique_ptr<ProjectStore> store_;
  Controller* controller_;
  bool restoring_ = false;

  DropZone* drop_zone_ = nullptr;
  ReferenceListWidget* references_ = nullptr;
  QPlainTextEdit* prompt_ = nullptr;
  PromptTokenLabel* prompt_tokens_ = nullptr;
  QLineEdit* negative_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QCheckBox* seed_lock_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QDoubleSpinBox* guidance_ = nullptr;
  QSpinBox* frames_ = nullptr;
  QSpinBox* width_ = nullptr;
  QSpinBox* height_ = nullptr;
  QComboBox* scheduler_ = nullptr;
  QDoubleSpinBox* aicl_scale_ = nullptr;
  QComboBox* mode_ = nullptr;
  QComboBox* device_ = nullptr;
  QComboBox* dtype_ = nullptr;
  QPushButton* generate_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QLabel* generate_message_ = nullptr;
  QFormLayout* settings_form_ = nullptr;
  QPushButton* random_seed_button_ = nullptr;
  QLabel* runtime_label_ = nullptr;

  QDockWidget* references_dock_ = nullptr;
  QDockWidget* settings_dock_ = nullptr;
  QDockWidget* features_dock_ = nullptr;
  QDockWidget* gallery_dock_ = nullptr;
  QDockWidget* jobs_dock_ = nullptr;
  QDockWidget* training_dock_ = nullptr;
  QDockWidget* log_dock_ = nullptr;

  QMenu* file_menu_ = nullptr;
  QMenu* generate_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QMenu* help_menu_ = nullptr;
  QMenu* examples_menu_ = nullptr;
  QAction* add_action_ = nullptr;
  QAction* export_action_ = nullptr;
  QAction* open_folder_action_ = nullptr;
  QAction* preferences_action_ = nullptr;
  QAction* quit_action_ = nullptr;
  QAction* generate_action_ = nullptr;
  QAction* cancel_action_ = nullptr;
  QAction* seed_action_ = nullptr;
  QAction* about_action_ = nullptr;
  QVector<QAction*> example_actions_;  // in the order of examples_

  QTabWidget* result_tabs_ = nullptr;
  VideoPlayer* player_ = nullptr;
  ComparisonView* comparison_ = nullptr;
  MotionPresenter* motion_ = nullptr;  // the optical-flow trail and plots of the videos shown
  FeaturePlot* feature_plot_ = nullptr;
  GalleryWidget* gallery_ = nullptr;
  JobListWidget* jobs_ = nullptr;
  TrainingPanel* training_ = nullptr;
  LogPanel* log_panel_ = nullptr;
  QLabel* model_label_ = nullptr;

  QTimer* save_timer_ = nullptr;
  QTimer* features_timer_ = nullptr;
  QVector<Example> examples_;
  // Opening runs off the GUI thread (the latest request is shown); exports have a watcher each.
  QFutureWatcher<LoadedResult>* opening_ = nullptr;
  ResultRecord shown_result_;
  QVector<QImage> shown_frames_;
  QVector<QImage> shown_baseline_;
  QStringList feature_paths_;  // the references of the latest feature request, in its order
  std::shared_ptr<QtLogSink> log_sink_;
};
