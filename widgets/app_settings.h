#pragma once
// The application's preferences as plain data, and how they are stored in a QSettings. Missing keys take the
// defaults below; a stored value that is not allowed (an unknown device, a negative thread count, ...) falls
// back to its default, so a damaged or older settings file never starts the app in a broken state.
//
// Keys: model/folder, model/adapter_folder, runtime/threads, runtime/device, runtime/dtype, project/folder,
// ui/language.
#include <QString>
#include <QStringList>

class QSettings;

struct AppSettings {
  QString model_folder;     // empty: the app's default model
  QString adapter_folder;   // empty: the model's own adapter (its aicl/ folder)
  int threads = 0;          // 0: automatic
  QString device = "cpu";   // one of devices()
  QString dtype = "f32";    // one of dtypes(); "f16" only with "cuda"
  QString project_folder;   // where results are saved; empty: defaultProjectFolder()
  QString language;  // one of languages() ("" follows the system); the main window switches to it at once

  static const QStringList& devices();    // "cpu", "cuda"
  static const QStringList& dtypes();     // "f32", "bf16", "f16"
  static const QStringList& languages();  // "" (the system's), "en", "zh_CN", "de"
  static constexpr int kMaxThreads = 1024;
  // "<Documents>/AICL Studio".
  static QString defaultProjectFolder();
  // project_folder, or the default when it is empty.
  QString projectFolderOrDefault() const;

  static AppSettings load(QSettings& store);
  void save(QSettings& store) const;
  // The same with the application's own QSettings (its organisation and application name).
  static AppSettings fromQSettings();
  void saveToQSettings() const;

  bool operator==(const AppSettings& other) const;
  bool operator!=(const AppSettings& other) const { return !(*this == other); }
};
