#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {
// Marks the translators switchLanguage() installed (and the application property naming their language), so a
// later switch finds them without global state.
const char* const kTranslatorName = "aiclTranslator";
const char* const kLanguageProperty = "aiclLanguage";

void installFrom(const QString& file, const QString& folder) {
  auto* translator = new QTranslator(QCoreApplication::instance());
  translator->setObjectName(kTranslatorName);
  if (translator->load(file, folder))
    QCoreApplication::installTranslator(translator);
  else
    delete translator;
}
}  // namespace

QString interfaceLanguage() {
  const QSettings settings;
  for (const char* key : {"ui/language", "language"}) {
    const QString chosen = settings.value(key).toString().trimmed();
    if (chosen == "en" || chosen == "zh_CN" || chosen == "de") return chosen;
  }
  for (const QString& name : QLocale::system().uiLanguages()) {
    const QLocale locale(name);
    if (locale.language() == QLocale::English) return "en";
    if (locale.language() == QLocale::German) return "de";
    if (locale.language() == QLocale::Chinese && locale.script() == QLocale::SimplifiedHanScript)
      return "zh_CN";
  }
  return "en";
}

void switchLanguage(const QString& language) {
  QCoreApplication* app = QCoreApplication::instance();
  if (!app || language == currentLanguage()) return;
  for (QTranslator* old : app->findChildren<QTranslator*>(kTranslatorName, Qt::FindDirectChildrenOnly)) {
    QCoreApplication::removeTranslator(old);
    delete old;
  }
  installFrom("aicl_studio_" + language, ":/i18n");
  installFrom("qtbase_" + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath));
  app->setProperty(kLanguageProperty, language);
}

QString currentLanguage() {
  const QCoreApplication* app = QCoreApplication::instance();
  return app ? app->property(kLanguageProperty).toString() : QString();
}
