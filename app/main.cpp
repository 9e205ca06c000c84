// aicl-studio: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>

#include "aicl/logging.h"
#include "aicl/runtime.h"
#include "language.h"
#include "main_window.h"

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
  switchLanguage(interfaceLanguage());
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
