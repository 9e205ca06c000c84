// End to end on the embedded default model (ActionWorld), run under Xvfb by scripts/test.sh: three references of
// a held-out action are added, a "both" generation runs with the default settings, and the comparison, the
// history and the Action Prism plot show the result. Screenshots of the window, the comparison and the plot are
// kept in BUILD/test-artifacts.
#include <QTemporaryDir>
#include <QtTest>

#include "aicl/pipeline.h"
#include "app_test_support.h"
#include "comparison_view.h"
#include "feature_plot.h"
#include "gallery.h"
#include "main_window.h"
#include "reference_list.h"

class TestGuiEndToEnd : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void heldOutActionInBothModes() {
    const std::filesystem::path model = aicl::defaultModelFolder();
    if (!std::filesystem::exists(model / "model_index.json") || !std::filesystem::exists(model / "aicl" / "config.json"))
      QSKIP("the default model (with its AICL adapter) is not in assets/models/actionworld");
    const aicl::ModelInfo info = aicl::inspectModelFolder(model);
    QTemporaryDir dir;
    AppSettings settings;
    settings.project_folder = dir.filePath("project");
    MainWindow window(settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QStringList clips = app_test::writeReferenceClips(dir.path(), aicl::actionworld::Action::Zigzagging, 3,
                                                            info.native_width);
    window.addReferences(clips);
    QTRY_COMPARE_WITH_TIMEOUT(window.referenceList()->usableEntries().size(), 3, 60000);
    GenerationSettings s = window.currentSettings();
    s.prompt = "a red circle zigzagging on a black background";
    s.mode = "both";
    s.seed = 1;
    s.seed_locked = true;
    window.applySettings(s);
    QVERIFY(window.generate() > 0);

    QTRY_COMPARE_WITH_TIMEOUT(window.comparisonView()->clipCount(), 2, 600000);
    ComparisonView* comparison = window.comparisonView();
    QCOMPARE(comparison->frameCount(), s.frames);
    QVERIFY(comparison->notice().isEmpty());  // equal frame counts and sizes
    QCOMPARE(window.gallery()->count(), 1);
    // One trajectory per reference, plus the AICL result and its baseline.
    QTRY_COMPARE_WITH_TIMEOUT(window.featurePlot()->trajectoryCount(), 3 + 2, 120000);
    int generated = 0;
    for (const FeatureTrajectory& trajectory : window.featurePlot()->trajectories()) {
      QCOMPARE(trajectory.points.size(), s.frames);
      generated += trajectory.generated ? 1 : 0;
    }
    QCOMPARE(generated, 2);

    const QString artifacts = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(artifacts);
    QVERIFY(window.grab().save(artifacts + "/e2e_main_window.png"));
    comparison->setFrame(comparison->frameCount() / 2);
    QVERIFY(comparison->grab().save(artifacts + "/e2e_comparison.png"));
    QVERIFY(window.featurePlot()->exportPng(artifacts + "/e2e_features.png"));
    QVERIFY(QFileInfo(artifacts + "/e2e_features.png").size() > 10000);
  }
};

QTEST_MAIN(TestGuiEndToEnd)
#include "test_gui_e2e.moc"
