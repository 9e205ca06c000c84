#include <QSignalSpy>
#include <QtTest>

#include "engine_worker.h"
#include "test_paths.h"

class TestEngineWorker : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() {
    if (!std::filesystem::exists(aicl::test::mediaDir() / "MANIFEST.tsv")) QSKIP("../shared/media is absent");
  }

  void probesGoodAndBrokenFiles() {
    EngineWorker worker;
    QSignalSpy probed(&worker, &EngineWorker::referenceProbed);
    QSignalSpy failed(&worker, &EngineWorker::referenceFailed);
    QSignalSpy finished(&worker, &EngineWorker::jobFinished);
    const QString good = media("h264_basketball_426x240.mp4");
    const QString broken = media("broken_random_bytes.mp4");
    const QString cut = media("broken_truncated_half.mov");
    worker.probeReferences({good, broken, cut});
    QCOMPARE(probed.count(), 2);
    QCOMPARE(probed.at(0).at(0).toString(), good);
    QVERIFY(probed.at(0).at(1).toString().startsWith("426x240"));
    QVERIFY(!probed.at(0).at(1).toString().contains("truncated"));
    // A cut-off file still opens, and its row says how much of it is really there.
    QCOMPARE(probed.at(1).at(0).toString(), cut);
    QVERIFY2(probed.at(1).at(1).toString().contains("truncated: only"), qPrintable(probed.at(1).at(1).toString()));
    const QImage thumbnail = probed.at(0).at(2).value<QImage>();
    QCOMPARE(thumbnail.size(), QSize(426, 240));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(1).toString().contains("broken_random_bytes.mp4"));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
  }

  void cancelStopsBeforeTheNextFile() {
    EngineWorker worker;
    QSignalSpy probed(&worker, &EngineWorker::referenceProbed);
    QSignalSpy finished(&worker, &EngineWorker::jobFinished);
    // Cancel from inside the job, as the GUI thread would while it runs.
    connect(&worker, &EngineWorker::progress, &worker, [&worker](int done, int) {
      if (done == 1) worker.cancel();
    });
    const QString good = media("h264_basketball_426x240.mp4");
    worker.probeReferences({good, media("gif_dancers_pose_overlay.gif"), media("mpeg4asp_rugby_5frames.mp4")});
    QCOMPARE(probed.count(), 1);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
  }

 private:
  static QString media(const char* name) { return QString::fromStdString((aicl::test::mediaDir() / name).string()); }
};

QTEST_MAIN(TestEngineWorker)
#include "test_engine_worker.moc"
