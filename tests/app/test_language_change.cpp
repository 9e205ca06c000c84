// A language change applies at once: switching the translators while the window is open re-texts the menus,
// docks, buttons, combo items and the widgets inside (QEvent::LanguageChange), keeps what the controls hold,
// and switching back gives the English texts again. The expected German texts are those of
// translations/aicl_studio_de.ts.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "drop_zone.h"
#include "job_list.h"
#include "language.h"
#include "main_window.h"
#include "reference_list.h"
#include "settings_dialog.h"

namespace {

struct ShownTexts {
  QString file_menu, settings_dock, generate_button, mode_item, drop_zone, job_header, empty_references,
      example;
};

ShownTexts shownTexts(const MainWindow& window) {
  ShownTexts texts;
  texts.file_menu = window.findChild<QMenu*>("fileMenu")->title();
  texts.settings_dock = window.findChild<QDockWidget*>("settings")->windowTitle();
  texts.generate_button = window.findChild<QPushButton*>("generateButton")->text();
  auto* mode = window.findChild<QComboBox*>("mode");
  texts.mode_item = mode->itemText(mode->findData("both"));
  texts.drop_zone = window.dropZone()->findChild<QLabel*>()->text();
  texts.job_header = window.jobList()->findChild<QTreeWidget*>()->headerItem()->text(0);
  texts.empty_references = window.referenceList()->findChild<QLabel*>("emptyHint")->text();
  const auto* example = window.findChild<QAction*>("example_zigzagging");  // Help > Examples
  texts.example = example ? example->text() : QString();
  return texts;
}

}  // namespace

class TestLanguageChange : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void theWindowFollowsALanguageSwitch() {
    QTemporaryDir dir;
    AppSettings settings;
    settings.project_folder = dir.filePath("project");  // model: the embedded default model
    switchLanguage("en");
    MainWindow window(settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    GenerationSettings chosen = window.currentSettings();
    chosen.mode = "aicl";
    chosen.scheduler = "dpm++";
    window.applySettings(chosen);

    ShownTexts english = shownTexts(window);
    QCOMPARE(english.file_menu, QString("&File"));
    QCOMPARE(english.settings_dock, QString("Prompt & settings"));
    QCOMPARE(english.generate_button, QString("Generate"));
    QCOMPARE(english.mode_item, QString("Both (side by side)"));
    QCOMPARE(english.drop_zone, QString("Drop reference videos here\nor click to choose files"));
    QCOMPARE(english.job_header, QString("Job"));
    QVERIFY(english.empty_references.startsWith("No reference videos yet."));
    QCOMPARE(english.example, QString("Zigzagging (an action the model never learned)"));

    switchLanguage("de");
    QCOMPARE(currentLanguage(), QString("de"));
    QTRY_COMPARE(shownTexts(window).file_menu, QString("&Datei"));
    const ShownTexts german = shownTexts(window);
    QCOMPARE(german.settings_dock, QString("Prompt & Einstellungen"));
    QCOMPARE(german.generate_button, QString("Erzeugen"));
    QCOMPARE(german.mode_item, QString("Beide (nebeneinander)"));
    QCOMPARE(german.drop_zone, QString("Referenzvideos hier ablegen\noder klicken, um Dateien auszuwählen"));
    QCOMPARE(german.job_header, QString("Auftrag"));
    QVERIFY(german.empty_references.startsWith("Noch keine Referenzvideos."));
    QCOMPARE(german.example, QString("Zigzagging (eine Aktion, die das Modell nie gelernt hat)"));
    // Renaming the items keeps the choices.
    QCOMPARE(window.currentSettings().mode, QString("aicl"));
    QCOMPARE(window.currentSettings().scheduler, QString("dpm++"));
    // A dialog opened now is German from the start.
    SettingsDialog dialog;
    QCOMPARE(dialog.windowTitle(), QString("Einstellungen"));

    switchLanguage("en");
    QTRY_COMPARE(shownTexts(window).file_menu, english.file_menu);
    const ShownTexts back = shownTexts(window);
    QCOMPARE(back.settings_dock, english.settings_dock);
    QCOMPARE(back.generate_button, english.generate_button);
    QCOMPARE(back.mode_item, english.mode_item);
    QCOMPARE(back.drop_zone, english.drop_zone);
    QCOMPARE(back.job_header, english.job_header);
    QCOMPARE(back.empty_references, english.empty_references);
    QCOMPARE(back.example, english.example);
    QCOMPARE(dialog.windowTitle(), QString("Settings"));
    QCOMPARE(window.currentSettings().mode, QString("aicl"));
  }
};

QTEST_MAIN(TestLanguageChange)
#include "test_language_change.moc"
