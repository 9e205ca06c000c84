#include "settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include "text_setters.h"

namespace {
const QColor kErrorColour(200, 40, 40);

void setItemEnabled(QComboBox* combo, const QString& value, bool enabled, const QString& tip) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  const int index = combo->findData(value);
  if (!model || index < 0) return;
  QStandardItem* item = model->item(index);
  item->setEnabled(enabled);
  item->setToolTip(tip);
}

// Selects `value`, or `fallback` when the combo box does not offer it.
void select(QComboBox* combo, const QString& value, const QString& fallback) {
  const int index = combo->findData(value);
  combo->setCurrentIndex(index >= 0 ? index : combo->findData(fallback));
}
}  // namespace

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent),
      model_folder_(new QLineEdit(this)),
      adapter_folder_(new QLineEdit(this)),
      project_folder_(new QLineEdit(this)),
      model_browse_(new QPushButton(this)),
      checkpoint_browse_(new QPushButton(this)),
      adapter_browse_(new QPushButton(this)),
      project_browse_(new QPushButton(this)),
      model_pause_(new QTimer(this)),
      adapter_pause_(new QTimer(this)),
      model_description_(new QLabel(this)),
      threads_(new QSpinBox(this)),
      device_(new QComboBox(this)),
      dtype_(new QComboBox(this)),
      language_(new QComboBox(this)),
      model_group_(new QGroupBox(this)),
      runtime_group_(new QGroupBox(this)),
      results_group_(new QGroupBox(this)),
      interface_group_(new QGroupBox(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  model_folder_->setObjectName("modelFolder");
  model_browse_->setObjectName("modelBrowse");
  checkpoint_browse_->setObjectName("checkpointBrowse");
  adapter_folder_->setObjectName("adapterFolder");
  adapter_browse_->setObjectName("adapterBrowse");
  model_description_->setObjectName("modelDescription");
  model_description_->setWordWrap(true);
  model_description_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  model_description_->hide();

  threads_->setObjectName("threads");
  threads_->setRange(0, AppSettings::kMaxThreads);
  device_->setObjectName("device");
  device_->addItem(QString(), "cpu");
  device_->addItem(QString(), "cuda");
  dtype_->setObjectName("dtype");
  dtype_->addItem(QString(), "f32");
  dtype_->addItem(QString(), "bf16");
  dtype_->addItem(QString(), "f16");

  project_folder_->setObjectName("projectFolder");
  project_folder_->setPlaceholderText(AppSettings::defaultProjectFolder());
  project_browse_->setObjectName("projectBrowse");

  language_->setObjectName("language");
  // Each language in its own words, so it can be found whatever the current language is.
  language_->addItem(QString(), QString());  // "System language", named by retranslateUi()
  language_->addItem(QStringLiteral("English"), "en");
  language_->addItem(QStringLiteral("\u7b80\u4f53\u4e2d\u6587"), "zh_CN");
  language_->addItem(QStringLiteral("Deutsch"), "de");

  for (QTimer* pause : {model_pause_, adapter_pause_}) {
    pause->setSingleShot(true);
    pause->setInterval(kFolderPauseMs);
  }

  // The form labels are named by retranslateUi(), in row order.
  model_form_ = new QFormLayout(model_group_);
  QWidget* model_chooser =
      folderChooser(model_folder_, model_browse_, model_pause_, [this] { return tr("Model folder"); });
  model_chooser->layout()->addWidget(checkpoint_browse_);
  connect(checkpoint_browse_, &QPushButton::clicked, this, [this] {
    QFileDialog dialog(this, tr("Model checkpoint"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setNameFilter(tr("Checkpoints (*.pt *.ckpt *.pth *.bin *.safetensors)"));
    const QString current = model_folder_->text().trimmed();
    dialog.setDirectory(!current.isEmpty() ? QFileInfo(current).path() : QDir::homePath());
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
    model_folder_->setText(QDir::toNativeSeparators(dialog.selectedFiles().first()));
    reportModelFolder();
  });
  model_form_->addRow(new QLabel(this), model_chooser);
  model_form_->addRow(new QLabel(this), folderChooser(adapter_folder_, adapter_browse_, adapter_pause_,
                                                      [this] { return tr("Adapter folder"); }));
  model_form_->addRow(model_description_);

  runtime_form_ = new QFormLayout(runtime_group_);
  runtime_form_->addRow(new QLabel(this), threads_);
  runtime_form_->addRow(new QLabel(this), device_);
  runtime_form_->addRow(new QLabel(this), dtype_);

  results_form_ = new QFormLayout(results_group_);
  results_form_->addRow(new QLabel(this), folderChooser(project_folder_, project_browse_, nullptr,
                                                        [this] { return tr("Folder for results"); }));

  interface_form_ = new QFormLayout(interface_group_);
  interface_form_->addRow(new QLabel(this), language_);

  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(model_group_);
  layout->addWidget(runtime_group_);
  layout->addWidget(results_group_);
  layout->addWidget(interface_group_);
  layout->addStretch(1);
  layout->addWidget(buttons_);
  setMinimumWidth(520);

  connect(model_pause_, &QTimer::timeout, this, &SettingsDialog::reportModelFolder);
  connect(adapter_pause_, &QTimer::timeout, this, &SettingsDialog::reportAdapterFolder);
  connect(model_folder_, &QLineEdit::editingFinished, this, &SettingsDialog::reportModelFolder);
  connect(adapter_folder_, &QLineEdit::editingFinished, this, &SettingsDialog::reportAdapterFolder);
  connect(device_, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateAvailability);
  retranslateUi();
  setSettings(AppSettings{});
}

void SettingsDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    updateAvailability();  // the tooltips of the items that cannot be chosen
  }
  QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi() {
  setWindowTitle(tr("Settings"));
  model_group_->setTitle(tr("Model"));
  setRowLabels(model_form_, {tr("Model folder:"), tr("Adapter folder:")});
  runtime_group_->setTitle(tr("Runtime"));
  setRowLabels(runtime_form_, {tr("Threads:"), tr("Device:"), tr("Precision:")});
  results_group_->setTitle(tr("Results"));
  setRowLabels(results_form_, {tr("Project folder:")});
  interface_group_->setTitle(tr("Interface"));
  setRowLabels(interface_form_, {tr("Language:")});

  for (QPushButton* browse : {model_browse_, adapter_browse_, project_browse_}) browse->setText(tr("Browse..."));
  model_folder_->setPlaceholderText(tr("the default model"));
  model_folder_->setToolTip(
      tr("Folder of the text-to-video model (with its unet, vae and text encoder), or a checkpoint file such as "
         "EchoReel's checkpoint.pt; empty: the default model"));
  model_browse_->setToolTip(tr("Choose the model folder"));
  checkpoint_browse_->setText(tr("Checkpoint..."));
  checkpoint_browse_->setToolTip(
      tr("Choose a checkpoint file (e.g. EchoReel's checkpoint.pt); it is converted into a model folder once, "
         "when first loaded"));
  adapter_folder_->setPlaceholderText(tr("the model's own (its aicl folder)"));
  adapter_folder_->setToolTip(
      tr("Folder of the AICL adapter (config.json and weights); empty: the adapter in the "
         "model's aicl folder"));
  adapter_browse_->setToolTip(tr("Choose the adapter folder"));
  model_description_->setToolTip(tr("What was found in the model and adapter folders"));

  threads_->setSpecialValueText(tr("automatic"));
  threads_->setToolTip(tr("CPU threads for generation; automatic uses the machine's cores (%1 here)")
                           .arg(QThread::idealThreadCount()));
  setItemTexts(device_, {tr("CPU"), tr("CUDA (GPU)")});
  device_->setToolTip(tr("Where the model runs"));
  setItemTexts(dtype_, {tr("f32: full precision"), tr("bf16: half the memory"), tr("f16: half the memory, CUDA only")});
  dtype_->setToolTip(
      tr("Number format of the model's weights and activations; lower precision is faster and "
         "smaller, results differ slightly"));

  project_folder_->setToolTip(tr("Where generated videos and their settings are saved; empty: %1")
                                  .arg(AppSettings::defaultProjectFolder()));
  project_browse_->setToolTip(tr("Choose the folder for results"));

  language_->setItemText(0, tr("System language"));
  language_->setToolTip(tr("Language of the interface"));

  buttons_->button(QDialogButtonBox::Ok)->setToolTip(tr("Use these settings"));
  buttons_->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without changing the settings"));
}

QWidget* SettingsDialog::folderChooser(QLineEdit* edit, QPushButton* browse, QTimer* pause,
                                       const std::function<QString()>& title) {
  auto* chooser = new QWidget(this);
  auto* row = new QHBoxLayout(chooser);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(edit, 1);
  row->addWidget(browse);
  edit->setClearButtonEnabled(true);
  if (pause) connect(edit, &QLineEdit::textEdited, pause, qOverload<>(&QTimer::start));
  connect(browse, &QPushButton::clicked, this, [this, edit, title] {
    QFileDialog dialog(this, title());
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    const QString current = edit->text().trimmed();
    dialog.setDirectory(!current.isEmpty() && QDir(current).exists() ? current : QDir::homePath());
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
    edit->setText(QDir::toNativeSeparators(dialog.selectedFiles().first()));
    if (edit == model_folder_)
      reportModelFolder();
    else if (edit == adapter_folder_)
      reportAdapterFolder();
  });
  return chooser;
}

void SettingsDialog::reportModelFolder() {
  model_pause_->stop();
  const QString folder = model_folder_->text().trimmed();
  if (folder == reported_model_folder_) return;
  reported_model_folder_ = folder;
  Q_EMIT modelFolderChanged(folder);
}

void SettingsDialog::reportAdapterFolder() {
  adapter_pause_->stop();
  const QString folder = adapter_folder_->text().trimmed();
  if (folder == reported_adapter_folder_) return;
  reported_adapter_folder_ = folder;
  Q_EMIT adapterFolderChanged(folder);
}

void SettingsDialog::setSettings(const AppSettings& settings) {
  const AppSettings defaults;
  model_folder_->setText(settings.model_folder);
  adapter_folder_->setText(settings.adapter_folder);
  project_folder_->setText(settings.project_folder);
  model_pause_->stop();
  adapter_pause_->stop();
  reported_model_folder_ = settings.model_folder.trimmed();
  reported_adapter_folder_ = settings.adapter_folder.trimmed();
  threads_->setValue(settings.threads >= 0 && settings.threads <= AppSettings::kMaxThreads
                         ? settings.threads
                         : defaults.threads);
  select(device_, settings.device, defaults.device);
  select(dtype_, settings.dtype, defaults.dtype);
  select(language_, settings.language, defaults.language);
  updateAvailability();
}

AppSettings SettingsDialog::settings() const {
  AppSettings edited;
  edited.model_folder = model_folder_->text().trimmed();
  edited.adapter_folder = adapter_folder_->text().trimmed();
  edited.threads = threads_->value();
  edited.device = device_->currentData().toString();
  edited.dtype = dtype_->currentData().toString();
  edited.project_folder = project_folder_->text().trimmed();
  edited.language = language_->currentData().toString();
  return edited;
}

void SettingsDialog::setModelDescription(const QString& text, bool ok) {
  description_ok_ = ok;
  model_description_->setText(text);
  model_description_->setStyleSheet(ok ? QString() : QString("color: %1;").arg(kErrorColour.name()));
  model_description_->setVisible(!text.isEmpty());
}

QString SettingsDialog::modelDescription() const { return model_description_->text(); }

void SettingsDialog::setCudaAvailable(bool available) {
  cuda_available_ = available;
  updateAvailability();
}

void SettingsDialog::updateAvailability() {
  setItemEnabled(device_, "cuda", cuda_available_,
                 cuda_available_ ? tr("An NVIDIA GPU") : tr("CUDA is not available on this machine"));
  if (!cuda_available_ && device_->currentData().toString() == "cuda")
    device_->setCurrentIndex(device_->findData("cpu"));
  const bool on_cuda = device_->currentData().toString() == "cuda";
  setItemEnabled(dtype_, "f16", on_cuda,
                 on_cuda ? tr("Half precision on the GPU") : tr("Needs the CUDA device"));
  if (!on_cuda && dtype_->currentData().toString() == "f16") dtype_->setCurrentIndex(dtype_->findData("f32"));
}
