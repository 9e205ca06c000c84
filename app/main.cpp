// aicl-studio: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <cstdio>

#include "aicl/logging.h"
#include "aicl/runtime.h"
#include "main_window.h"

namespace {

// The interface language: the stored setting (en, zh_CN or de: "ui/language", which the settings dialog writes, or
// "language") when it names one of those, else (also for "", the dialog's "System language") the first of the
// system's UI languages that is one of those, else English.
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
    if (locale.language() == QLocale::Chinese && locale.script() == QLocale::SimplifiedHanScript) return "zh_CN";
  }
  return "en";
}

// Installs the program's translation (compiled in as :/i18n/aicl_studio_<language>.qm; the English one carries the
// plural forms) and Qt's own (qtbase_<language>.qm, Debian's qt6-translations-l10n) when it is installed.
void installTranslators(QApplication& app, const QString& language) {
  auto* own = new QTranslator(&app);
  if (own->load(":/i18n/aicl_studio_" + language)) QCoreApplication::installTranslator(own);
  auto* qt = new QTranslator(&app);
  if (qt->load("qtbase_" + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
}

}  // namespace

int main(int argc, char** argv) {
  // --version must work without a display (packaging tests run it headless).
  for (int i = 1; i < argc; ++i) {
    if (QByteArray(argv[i]) == "--version" || QByteArray(argv[i]) == "-v") {
      std::printf("aicl-studio %s\n", AICL_VERSION);
      return 0;
    }
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("AICL Studio");
  QApplication::setOrganizationName("aicl-studio");
  QApplication::setApplicationVersion(AICL_VERSION);
  QGuiApplication::setDesktopFileName("aicl-studio");  // matches the window to its launcher icon
  installTranslators(app, interfaceLanguage());
  QCommandLineParser parser;
  parser.setApplicationDescription("Action in-context learning for video diffusion models");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("videos", "Reference videos to open", "[videos...]");
  parser.process(app);

  aicl::initLogging(aicl::defaultLoggingOptions());
  aicl::initRuntime(aicl::defaultRuntimeOptions());
  MainWindow window;
  window.showWithSavedLayout();
  if (!parser.positionalArguments().isEmpty()) window.addReferences(parser.positionalArguments());
  return app.exec();
}
