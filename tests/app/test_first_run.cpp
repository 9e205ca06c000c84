// A new user's first run on the embedded default model: the window opens maximised, Help > Examples loads a
// set of three references of an action the model never learned with a prompt and mode "Both", Generate makes
// the side-by-side pair, and the screenshot the README shows is saved. Then the layout is remembered.
#include <QAction>
#include <QDockWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "aicl/pipeline.h"
#include "comparison_view.h"
#include "controller.h"
#include "feature_plot.h"
#include "main_window.h"
#include "reference_list.h"

class TestFirstRun : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();  // a first start
  }

  void anExampleThroughTheMenuGeneratesBoth() {
    QTemporaryDir dir;
    AppSettings settings;
    settings.project_folder = dir.filePath("project");  // model and adapter: the embedded default model
    MainWindow window(settings);
    window.showWithSavedLayout();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isMaximized());
    QVERIFY(!window.examples().isEmpty());

    auto* action = window.findChild<QAction*>("example_zigzagging");
    QVERIFY2(action, "Help > Examples has no zigzagging set");
    QVERIFY(action->isEnabled());
    action->trigger();
    const Example& example = window.examples().first();
    QCOMPARE(example.name, QString("zigzagging"));
    QVERIFY(example.held_out);
    QTRY_COMPARE_WITH_TIMEOUT(window.referenceList()->usableEntries().size(), 3, 30000);
    QCOMPARE(window.currentSettings().prompt, example.prompt);
    QCOMPARE(window.currentSettings().mode, QString("both"));
    QVERIFY(window.currentSettings().references[0].caption.contains("zigzagging"));
    // First-run layout: the three references are on screen without scrolling.
    QTRY_COMPARE_WITH_TIMEOUT(window.referenceList()->fullyVisibleRows(), 3, 5000);

    QVERIFY(window.generate() > 0);  // default steps (25), frames (16) and guidance
    QTRY_COMPARE_WITH_TIMEOUT(window.comparisonView()->clipCount(), 2, 300000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->busy(), 60000);
    // The feature plot: three references, the AICL result and its baseline.
    QTRY_COMPARE_WITH_TIMEOUT(window.featurePlot()->trajectoryCount(), 5, 120000);
    QTest::qWait(500);  // the motion view settles
    const QString folder = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(folder);
    QVERIFY(window.grab().save(folder + "/first_run_example.png"));
    window.close();
    QVERIFY(QSettings().contains("window/geometry"));
  }

  void theLayoutIsRemembered() {
    QTemporaryDir dir;
    AppSettings settings;
    settings.project_folder = dir.filePath("project");
    {
      MainWindow window(settings);
      window.showNormal();
      window.setGeometry(60, 60, 1100, 760);
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      window.findChild<QDockWidget*>("training")->raise();
      window.saveLayout();
    }
    MainWindow again(settings);
    again.showWithSavedLayout();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(!again.isMaximized());
    QCOMPARE(again.size(), QSize(1100, 760));
  }
};

QTEST_MAIN(TestFirstRun)
#include "test_first_run.moc"
