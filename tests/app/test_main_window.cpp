// The window end to end on the tiny fixture model: a real drop of files from ../shared/media, probing on the
// worker thread; a "both" generation that fills the comparison, the history and the feature plot; export with
// the settings embedded; "reuse settings"; the session restored by a new window; settings that cannot run.
#include <QDropEvent>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QtTest>

#include "app_test_support.h"
#include "comparison_view.h"
#include "controller.h"
#include "drop_zone.h"
#include "feature_plot.h"
#include "gallery.h"
#include "main_window.h"
#include "prompt_token_label.h"
#include "reference_list.h"
#include "result_files.h"
#include "test_paths.h"
#include "video_player.h"

namespace {

QString artifactsFolder() {
  const QString folder = QString(AICL_BINARY_DIR) + "/test-artifacts";
  QDir().mkpath(folder);
  return folder;
}

// The window's settings for a quick Both run: this prompt, two steps, a fixed seed.
GenerationSettings quickBoth(const MainWindow& window, const QString& prompt, quint64 seed) {
  GenerationSettings s = window.currentSettings();
  s.prompt = prompt;
  s.mode = "both";
  s.steps = 2;
  s.seed = seed;
  s.seed_locked = true;
  return s;
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    settings_ = AppSettings();
    settings_.project_folder = dir_->filePath("project");
    settings_.model_folder = AICL_TINY_MODEL_DIR;
    settings_.adapter_folder = AICL_TINY_ADAPTER_DIR;
  }

  void droppedFilesAreProbedAndListed() {
    const auto media = aicl::test::mediaDir();
    if (!std::filesystem::exists(media / "MANIFEST.tsv")) QSKIP("../shared/media is absent");
    MainWindow window(settings_);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The drop zone lists absolute, normalised paths.
    const QString good = QFileInfo(QString::fromStdString((media / "h264_basketball_426x240.mp4").string())).absoluteFilePath();
    const QString broken = QFileInfo(QString::fromStdString((media / "broken_header_zeroed.mp4").string())).absoluteFilePath();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(good), QUrl::fromLocalFile(broken)});
    DropZone* zone = window.dropZone();
    const QPointF centre(zone->width() / 2.0, zone->height() / 2.0);
    QDragEnterEvent enter(centre.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &enter);
    QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &drop);

    ReferenceListWidget* list = window.referenceList();
    QCOMPARE(list->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(list->rowText(good).contains("426x240"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(list->rowFailed(broken), 30000);
    QVERIFY(list->rowText(broken).contains("broken_header_zeroed.mp4"));
    QCOMPARE(list->usablePaths(), QStringList({good}));
  }

  void settingsThatCannotRunSayWhy() {
    MainWindow window(settings_);
    window.applySettings([] {
      GenerationSettings s;
      s.prompt = "a red circle bouncing on a black background";
      s.mode = "aicl";
      return s;
    }());
    QCOMPARE(window.generate(), 0);
    QVERIFY(window.generateMessage().contains("reference"));
    QVERIFY(!window.controller()->busy());
  }

  void aPromptPastTheTextWindowTurnsItsCountRed() {
    settings_.model_folder.clear();  // the embedded default model's tokenizer
    settings_.adapter_folder.clear();
    MainWindow window(settings_);
    PromptTokenLabel* count = window.promptTokens();
    auto* prompt = window.findChild<QPlainTextEdit*>("prompt");
    QVERIFY(prompt);
    prompt->setPlainText("a red circle zigzagging on a black background");
    QTRY_VERIFY_WITH_TIMEOUT(count->tokens() > 0, 10000);
    QVERIFY(!count->overLimit());
    QVERIFY(count->text().contains("/ 75"));
    QVERIFY(!count->styleSheet().contains("color"));
    QString long_prompt;
    for (int i = 0; i < 40; ++i) long_prompt += "a red circle ";
    prompt->setPlainText(long_prompt);  // 120 tokens
    QCOMPARE(count->tokens(), 120);
    QVERIFY(count->overLimit());
    QVERIFY(count->styleSheet().contains("color"));
    QVERIFY(count->toolTip().contains("ignored"));
  }

  void bothModeFillsComparisonHistoryAndFeatures() {
    if (!app_test::tinyModelAvailable()) QSKIP("tiny model or adapter absent (fixtures missing)");
    MainWindow window(settings_);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList clips =
        app_test::writeReferenceClips(dir_->path(), aicl::actionworld::Action::FigureEight, 2);
    window.addReferences(clips);
    QTRY_COMPARE_WITH_TIMEOUT(window.referenceList()->usableEntries().size(), 2, 30000);
    const GenerationSettings s = quickBoth(window, "a yellow star moving in a figure eight on a navy background", 9);
    window.applySettings(s);

    QVERIFY(window.generate() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(window.comparisonView()->clipCount(), 2, 120000);
    QCOMPARE(window.comparisonView()->frameCount(), 16);
    QCOMPARE(window.player()->frameCount(), 16);
    QCOMPARE(window.gallery()->count(), 1);
    // References plus the AICL result and its baseline.
    QTRY_COMPARE_WITH_TIMEOUT(window.featurePlot()->trajectoryCount(), 4, 60000);
    QCOMPARE(window.featurePlot()->trajectories()[0].colour, ReferenceListWidget::colourFor(0));
    QVERIFY(window.featurePlot()->trajectories()[3].generated);

    // Export: the AICL result and its baseline beside it, with the settings inside.
    // Export (on a thread pool): the AICL result and its baseline beside it, with the settings inside.
    const QString gif = dir_->filePath("export/result.gif");
    QDir().mkpath(QFileInfo(gif).path());
    auto exportAndWait = [&window](const QString& path) {
      QSignalSpy finished(&window, &MainWindow::exportFinished);
      window.exportResult(path);
      return finished.wait(60000) ? finished.at(0).at(1).toString() : QString("no exportFinished signal");
    };
    QString error = exportAndWait(gif);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QString::fromStdString(aicl::readVideoMetadata(gif.toStdString())).contains("\"seed\":9"));
    QVERIFY(QFileInfo::exists(dir_->filePath("export/result.baseline.gif")));
    QVERIFY(exportAndWait(dir_->filePath("export/frames")).isEmpty());
    QCOMPARE(aicl::probeVideo(dir_->filePath("export/frames").toStdString()).frame_count, 16);
    error = exportAndWait(dir_->filePath("export/result.avi"));
    QVERIFY(error.contains("result.avi"));

    // The result is kept without loss beside its H.264 preview: reopened (off the GUI thread), it shows the
    // very pixels the model made.
    window.player()->pause();
    window.player()->setFrame(0);
    const QImage made = window.player()->currentImage();
    const QString result_id = window.gallery()->entries().first().id;
    const auto record = window.project().result(result_id);
    QVERIFY(record.has_value());
    QCOMPARE(aicl::probeVideo(losslessFramesPath(record->video).toStdString()).frame_count, 16);
    QCOMPARE(aicl::probeVideo(losslessFramesPath(record->baseline_video).toStdString()).frame_count, 16);
    window.player()->clear();
    QSignalSpy opened(&window, &MainWindow::resultOpened);
    QVERIFY(window.openResult(result_id));
    QVERIFY(opened.wait(60000));
    QCOMPARE(window.player()->frameCount(), 16);
    QCOMPARE(window.player()->currentImage().convertToFormat(QImage::Format_RGB888),
             made.convertToFormat(QImage::Format_RGB888));
    QVERIFY(!window.openResult("no-such-result"));

    // Reuse: other settings in the controls, then the stored ones back exactly.
    const QString id = window.gallery()->entries().first().id;
    GenerationSettings other = window.currentSettings();
    other.prompt = "something else";
    other.steps = 7;
    window.applySettings(other);
    Q_EMIT window.gallery()->reuseRequested(id);
    QCOMPARE(window.currentSettings().prompt, s.prompt);
    QCOMPARE(window.currentSettings().steps, 2);
    QCOMPARE(window.currentSettings().seed, quint64(9));
    QCOMPARE(window.currentSettings().references.size(), 2);
    QVERIFY(window.grab().save(artifactsFolder() + "/main_window_tiny.png"));
  }

  // EchoReel's model (the tiny release converted by `aicl convert`) opens in the app like any model folder: its
  // description names it, Both runs with one reference, and the features come from its Action Prism.
  void anEchoReelModelGeneratesBoth() {
    const QString model = QString(AICL_TINY_ECHOREEL_DIR) + "/model";
    if (!QFileInfo::exists(model + "/model_index.json")) QSKIP("tiny EchoReel model absent (fixtures missing)");
    bool described = false;
    const QString description = EngineWorker::describeModel(model, QString(), &described);
    QVERIFY2(described, qPrintable(description));
    QVERIFY(description.contains("EchoReelUNetModel"));
    MainWindow window(settings_);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Choosing it sets the sampling its authors use.
    settings_.model_folder = model;
    settings_.adapter_folder.clear();
    window.applyAppSettings(settings_);
    QCOMPARE(window.currentSettings().steps, 50);
    QCOMPARE(window.currentSettings().guidance, 12.0);
    window.addReferences(app_test::writeReferenceClips(dir_->path(), aicl::actionworld::Action::Circling, 1, 16));
    QTRY_COMPARE_WITH_TIMEOUT(window.referenceList()->usableEntries().size(), 1, 30000);
    window.applySettings(quickBoth(window, "a yellow star circling on a navy background", 4));
    QVERIFY(window.generate() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(window.comparisonView()->clipCount(), 2, 120000);
    QCOMPARE(window.comparisonView()->frameCount(), 16);
    QTRY_COMPARE_WITH_TIMEOUT(window.featurePlot()->trajectoryCount(), 3, 60000);
  }

  void aNewWindowRestoresTheSession() {
    const QString clip =
        app_test::writeReferenceClips(dir_->path(), aicl::actionworld::Action::Pulsing, 1).first();
    GenerationSettings s;
    {
      MainWindow window(settings_);
      window.addReferences({clip});
      s = window.currentSettings();
      s.prompt = "a white cross pulsing on a gray background";
      s.negative_prompt = "noise";
      s.steps = 13;
      s.guidance = 4.5;
      s.mode = "aicl";
      s.references[0].caption = "pulsing";
      window.applySettings(s);
      // No explicit save: the window saves as things change (and when it closes).
    }
    MainWindow reopened(settings_);
    const GenerationSettings restored = reopened.currentSettings();
    QCOMPARE(restored.prompt, s.prompt);
    QCOMPARE(restored.negative_prompt, s.negative_prompt);
    QCOMPARE(restored.steps, 13);
    QCOMPARE(restored.guidance, 4.5);
    QCOMPARE(restored.mode, QString("aicl"));
    QCOMPARE(restored.references.size(), 1);
    QCOMPARE(restored.references[0].path, clip);
    QCOMPARE(restored.references[0].caption, QString("pulsing"));
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  AppSettings settings_;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
