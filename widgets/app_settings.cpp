#include "app_settings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace {
const char* const kModelFolderKey = "model/folder";
const char* const kAdapterFolderKey = "model/adapter_folder";
const char* const kThreadsKey = "runtime/threads";
const char* const kDeviceKey = "runtime/device";
const char* const kDtypeKey = "runtime/dtype";
const char* const kProjectFolderKey = "project/folder";
const char* const kLanguageKey = "ui/language";

// The stored string when it is one of `allowed`, else `fallback`.
QString oneOf(const QSettings& store, const char* key, const QStringList& allowed, const QString& fallback) {
  const QString value = store.value(key).toString().trimmed();
  return allowed.contains(value) ? value : fallback;
}
}  // namespace

const QStringList& AppSettings::devices() {
  static const QStringList values = {"cpu", "cuda"};
  return values;
}

const QStringList& AppSettings::dtypes() {
  static const QStringList values = {"f32", "bf16", "f16"};
  return values;
}

const QStringList& AppSettings::languages() {
  static const QStringList values = {"", "en", "zh_CN", "de"};
  return values;
}

QString AppSettings::defaultProjectFolder() {
  QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  if (documents.isEmpty()) documents = QDir::homePath();
  return QDir(documents).filePath("AICL Studio");
}

QString AppSettings::projectFolderOrDefault() const {
  return project_folder.isEmpty() ? defaultProjectFolder() : project_folder;
}

AppSettings AppSettings::load(QSettings& store) {
  const AppSettings defaults;
  AppSettings loaded;
  loaded.model_folder = store.value(kModelFolderKey).toString().trimmed();
  loaded.adapter_folder = store.value(kAdapterFolderKey).toString().trimmed();
  bool is_number = false;
  const int threads = store.value(kThreadsKey, defaults.threads).toInt(&is_number);
  loaded.threads = is_number && threads >= 0 && threads <= kMaxThreads ? threads : defaults.threads;
  loaded.device = oneOf(store, kDeviceKey, devices(), defaults.device);
  loaded.dtype = oneOf(store, kDtypeKey, dtypes(), defaults.dtype);
  // Half precision runs on CUDA only; on the CPU it would fail at the first generation.
  if (loaded.dtype == "f16" && loaded.device != "cuda") loaded.dtype = defaults.dtype;
  loaded.project_folder = store.value(kProjectFolderKey).toString().trimmed();
  loaded.language = oneOf(store, kLanguageKey, languages(), defaults.language);
  return loaded;
}

void AppSettings::save(QSettings& store) const {
  store.setValue(kModelFolderKey, model_folder);
  store.setValue(kAdapterFolderKey, adapter_folder);
  store.setValue(kThreadsKey, threads);
  store.setValue(kDeviceKey, device);
  store.setValue(kDtypeKey, dtype);
  store.setValue(kProjectFolderKey, project_folder);
  store.setValue(kLanguageKey, language);
}

AppSettings AppSettings::fromQSettings() {
  QSettings store;
  return load(store);
}

void AppSettings::saveToQSettings() const {
  QSettings store;
  save(store);
}

bool AppSettings::operator==(const AppSettings& other) const {
  return model_folder == other.model_folder && adapter_folder == other.adapter_folder &&
         threads == other.threads && device == other.device && dtype == other.dtype &&
         project_folder == other.project_folder && language == other.language;
}
