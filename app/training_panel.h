#pragma once
// The Training view: starts `aicl train` / `aicl train-backbone` as a child process (QProcess) and shows its
// loss curve (OUT/loss.csv, followed live), its validation curves beside it (OUT/validation.csv), its
// progress (parsed from the progress-bar lines the trainer prints on stderr), its state and, when it fails,
// its error line; Stop ends the process, Resume starts the same command again with --resume (the trainer
// continues from OUT/checkpoint). "Follow run folder..." shows a run started elsewhere (e.g. from a
// terminal): its loss and validation curves and the step of its last checkpoint (OUT/checkpoint/state.json).
// No engine or torch headers: the training runs in the `aicl` program.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QWidget>

class LossPlot;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class ValidationPlot;

class TrainingPanel : public QWidget {
  Q_OBJECT
 public:
  enum class Trainer { Adapter, Backbone };  // `aicl train` (AICL adapter), `aicl train-backbone`
  enum class State { Idle, Running, Stopped, Finished, Failed };
  Q_ENUM(State)

  explicit TrainingPanel(QWidget* parent = nullptr);
  // A run still going is ended (terminate, then kill): its last checkpoint stays and Resume can continue it.
  ~TrainingPanel() override;

  // The `aicl` program to run. Empty (the default): defaultAiclProgram().
  void setAiclProgram(const QString& program);
  QString aiclProgram() const;
  // `aicl` next to the application, else in the build tree's cli/ folder beside app/, else found in PATH;
  // "aicl" when none is found (starting then fails with a message).
  static QString defaultAiclProgram();

  // The fields (the same as typing in the controls).
  void setTrainer(Trainer trainer);
  Trainer trainer() const;
  void setModelFolder(const QString& folder);  // adapter: --model (the frozen backbone)
  void setVaeFolder(const QString& folder);    // backbone: --vae
  void setDataFolder(const QString& folder);   // --data
  // --config (adapter: aicl.json, backbone: the recipe folder); left out when empty.
  void setConfigPath(const QString& path);
  void setOutputFolder(const QString& folder);  // --out
  QString outputFolder() const;
  void setSteps(int steps);                          // --steps
  void setBatch(int batch);                          // --batch
  void setResume(bool resume);                       // --resume
  void setExtraArguments(const QString& arguments);  // split like a shell command line (quotes group words)

  // The arguments (after the program) that Start would run with the current fields.
  QStringList commandLine() const;
  // Empty when the fields can be run; otherwise why not (a required folder is missing).
  QString validate() const;
  // The arguments of the current or last run (Resume runs these with --resume).
  QStringList runArguments() const { return run_arguments_; }

  bool isRunning() const;
  State state() const { return state_; }
  static QString stateName(State state);
  // The process's last error line after a failure (empty otherwise).
  QString errorText() const { return error_text_; }
  // The progress line under the bar, e.g. "812 / 4000 steps, 15.0 steps/s, 3:32 left".
  QString progressText() const;
  int step() const { return step_; }
  int totalSteps() const { return total_steps_; }
  // The run folder whose loss.csv, validation.csv and checkpoint are shown (ours while running, or a
  // followed one).
  QString followedFolder() const { return followed_folder_; }
  LossPlot* lossPlot() const { return loss_plot_; }
  ValidationPlot* validationPlot() const { return validation_plot_; }

  // How long Stop waits after terminating before it kills the process.
  void setStopTimeout(int milliseconds) { stop_timeout_ms_ = milliseconds; }

 public Q_SLOTS:
  // Runs commandLine() (runStarted() at once; runFinished() when the process ends or cannot start); false
  // (and the reason shown) when the fields are incomplete or a run is going.
  bool start();
  // Terminates the running process, and kills it when it has not exited after the stop timeout.
  void stop();
  // Starts the last run's command again with --resume; false when there is none or a run is going.
  bool resume();
  // Shows a run folder's loss and validation curves and last checkpoint step; false while our own run is
  // going.
  bool followRunFolder(const QString& folder);
  // Asks for a run folder, then followRunFolder().
  void chooseRunFolder();

 Q_SIGNALS:
  void runStarted();
  // ok: the process exited with code 0. message: its summary line, the error line, or why it stopped.
  void runFinished(bool ok, const QString& message);
  // steps 0: unknown (a followed run); eta_seconds < 0: unknown.
  void progressChanged(int step, int steps, double eta_seconds);
  void stateChanged(TrainingPanel::State state);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QWidget* buildSettings();
  // A line edit and its browse button as a row of `form`; retranslateUi() names it (namePathField).
  QLineEdit* addPathField(QFormLayout* form, bool folder, const QString& object_name);
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  // The tooltip of `field` and the text and tooltip of its label in the settings form.
  void nameField(QWidget* field, const QString& label, const QString& tooltip);
  // The same for a path field's row, and its browse button's tooltip.
  void namePathField(QLineEdit* edit, const QString& label, const QString& tooltip);
  bool startProcess(const QStringList& arguments);
  void setState(State state);
  void updateControls();
  void updateCommandPreview();
  void readOutput(QProcess::ProcessChannel channel);
  void handleStderrLine(const QString& line);
  void processFinished(int exit_code, QProcess::ExitStatus status);
  void processError(QProcess::ProcessError error);
  void finishRun(State state, const QString& message);
  QString failureMessage(int exit_code, QProcess::ExitStatus status) const;
  void showError(const QString& message);
  void pollFollowedFolder();
  void updateFollowedProgress();

  QString program_;
  QProcess* process_ = nullptr;
  QStringList run_arguments_;
  State state_ = State::Idle;
  bool stop_requested_ = false;
  int stop_timeout_ms_ = 5000;
  QByteArray stderr_buffer_, stdout_buffer_;
  QStringList stderr_tail_;  // the last lines of stderr that are not progress lines
  QString last_stdout_line_;
  QString error_text_;
  int step_ = 0, total_steps_ = 0;
  QString followed_folder_;
  bool following_ = false;    // followed_folder_ is a run folder picked to follow, not our run's
  int checkpoint_step_ = -1;  // a followed run's OUT/checkpoint/state.json step (-1: none)
  bool followed_model_written_ = false;

  QComboBox* trainer_box_;
  QLineEdit* model_edit_ = nullptr;
  QLineEdit* vae_edit_ = nullptr;
  QLineEdit* data_edit_ = nullptr;
  QLineEdit* config_edit_ = nullptr;
  QLineEdit* out_edit_ = nullptr;
  QSpinBox* steps_box_ = nullptr;
  QSpinBox* batch_box_ = nullptr;
  QCheckBox* resume_box_ = nullptr;
  QLineEdit* extra_edit_ = nullptr;
  QLineEdit* command_preview_ = nullptr;
  QFormLayout* form_ = nullptr;
  QWidget* settings_ = nullptr;
  QPushButton* start_button_;
  QPushButton* stop_button_;
  QPushButton* resume_button_;
  QPushButton* follow_button_;
  QLabel* state_label_;
  QLabel* folder_label_;
  QProgressBar* progress_bar_;
  QLabel* progress_label_;
  QLabel* error_label_;
  QLabel* steps_label_ = nullptr;
  QLabel* batch_label_ = nullptr;
  LossPlot* loss_plot_;
  ValidationPlot* validation_plot_;
  QTimer* kill_timer_;
  QTimer* poll_timer_;
};
