#pragma once
// The preferences dialog over AppSettings: the model and adapter folders (with what the owner found in them),
// the runtime (threads, device, precision), the folder where results are saved, and the interface language.
// It only edits a copy: the owner reads settings() after exec() returns Accepted.
//
// The owner inspects folders (that needs the engine): the dialog emits
// modelFolderChanged()/adapterFolderChanged() when the user types (after a pause) or chooses a folder, and
// the owner answers with setModelDescription().
#include <QDialog>
#include <QString>
#include <functional>

#include "app_settings.h"

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(QWidget* parent = nullptr);

  // Fills the controls (emits nothing: the owner knows what it set). Values that are not allowed show the
  // defaults.
  void setSettings(const AppSettings& settings);
  AppSettings settings() const;

  // What the model (and adapter) folder holds, e.g. the detected architecture; `ok` false shows it as an
  // error.
  void setModelDescription(const QString& text, bool ok);
  QString modelDescription() const;
  bool modelDescriptionOk() const { return description_ok_; }

  // Without CUDA the CUDA device cannot be chosen (a CUDA setting shows the CPU). f16 needs the CUDA device;
  // bf16 runs on both. Until told, CUDA counts as available.
  void setCudaAvailable(bool available);
  bool cudaAvailable() const { return cuda_available_; }

  // How long typing pauses before the folder counts as changed (milliseconds).
  static constexpr int kFolderPauseMs = 600;

 Q_SIGNALS:
  void modelFolderChanged(const QString& folder);
  void adapterFolderChanged(const QString& folder);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // A line edit with a browse button; `pause` reports the folder once typing stops. `title` names the folder
  // dialog (in the language of the moment it opens).
  QWidget* folderChooser(QLineEdit* edit, QPushButton* browse, QTimer* pause, const std::function<QString()>& title);
  // Sets every fixed text in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void reportModelFolder();
  void reportAdapterFolder();
  // Enables the device and precision choices that work here and moves off the ones that do not.
  void updateAvailability();

  QLineEdit* model_folder_;
  QLineEdit* adapter_folder_;
  QLineEdit* project_folder_;
  QPushButton* model_browse_;
  QPushButton* checkpoint_browse_;  // a checkpoint file as the model (e.g. EchoReel's checkpoint.pt)
  QPushButton* adapter_browse_;
  QPushButton* project_browse_;
  QTimer* model_pause_;
  QTimer* adapter_pause_;
  QLabel* model_description_;
  QSpinBox* threads_;
  QComboBox* device_;
  QComboBox* dtype_;
  QComboBox* language_;
  QGroupBox* model_group_;
  QGroupBox* runtime_group_;
  QGroupBox* results_group_;
  QGroupBox* interface_group_;
  QFormLayout* model_form_ = nullptr;
  QFormLayout* runtime_form_ = nullptr;
  QFormLayout* results_form_ = nullptr;
  QFormLayout* interface_form_ = nullptr;
  QDialogButtonBox* buttons_;
  bool description_ok_ = true;
  bool cuda_available_ = true;
  // The folders last reported (or set), so a folder is reported once per change.
  QString reported_model_folder_;
  QString reported_adapter_folder_;
};
