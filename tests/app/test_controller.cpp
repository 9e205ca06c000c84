// The controller and its workers on the tiny fixture model (real generations on the worker thread): the job
// queue's states, cancelling a queued and a running job, a failing job that does not stop the queue, "both"
// mode writing two videos, and feature requests where only the latest is answered.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app_test_support.h"
#include "controller.h"

namespace {

GenerationSettings tinySettings(const QString& mode, int steps) {
  GenerationSettings s;
  s.prompt = "a yellow star zigzagging on a navy background";
  s.mode = mode;
  s.steps = steps;
  s.frames = 16;
  s.seed = 3;
  return s;
}

QVector<JobState> statesOf(const QSignalSpy& spy, int id) {
  QVector<JobState> states;
  for (const QList<QVariant>& call : spy)
    if (call.at(0).toInt() == id) states.append(call.at(1).value<JobState>());
  return states;
}

}  // namespace

class TestController : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() {
    if (!app_test::tinyModelAvailable()) QSKIP("tiny model or adapter absent (fixtures missing)");
    QVERIFY(dir_.isValid());
  }

  void jobsRunInOrderAndAQueuedJobCancelsAtOnce() {
    Controller controller;
    controller.setEngineConfig(app_test::tinyEngine());
    QSignalSpy states(&controller, &Controller::jobStateChanged);
    QSignalSpy done(&controller, &Controller::jobDone);
    QSignalSpy busy(&controller, &Controller::busyChanged);
    QSignalSpy progress(&controller, &Controller::jobProgress);
    QSignalSpy preview(&controller, &Controller::jobPreview);
    const int first = controller.submitGeneration(tinySettings("baseline", 2), dir_.filePath("first"));
    const int second = controller.submitGeneration(tinySettings("baseline", 2), dir_.filePath("second"));
    const int third = controller.submitGeneration(tinySettings("baseline", 2), dir_.filePath("third"));
    QCOMPARE(controller.jobState(third), JobState::Queued);
    controller.cancelJob(third);
    QCOMPARE(controller.jobState(third), JobState::Cancelled);
    QCOMPARE(statesOf(states, third), QVector<JobState>{JobState::Cancelled});

    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 120000);
    QCOMPARE(done.at(0).at(0).toInt(), first);
    QCOMPARE(done.at(1).at(0).toInt(), second);
    QCOMPARE(statesOf(states, first), (QVector<JobState>{JobState::Running, JobState::Done}));
    QCOMPARE(statesOf(states, second), (QVector<JobState>{JobState::Running, JobState::Done}));
    const auto output = done.at(0).at(1).value<GenerationOutput>();
    QCOMPARE(output.frames.size(), 16);
    QVERIFY(output.baseline_frames.isEmpty());
    QVERIFY(QFileInfo(QDir(dir_.filePath("first")).filePath(output.video)).size() > 0);
    QVERIFY(output.engine_settings.contains("\"seed\":3"));
    // Progress for every step of both jobs, previews, and busy from the first job to the end.
    QCOMPARE(progress.count(), 4);
    QVERIFY(preview.count() >= 1);
    QTRY_VERIFY(!controller.busy());
    QCOMPARE(busy.first().at(0).toBool(), true);
    QCOMPARE(busy.last().at(0).toBool(), false);
    // The same seed and settings make the same video.
    QCOMPARE(done.at(0).at(1).value<GenerationOutput>().frames, done.at(1).at(1).value<GenerationOutput>().frames);
  }

  void cancellingTheRunningJobStopsWithinAStep() {
    Controller controller;
    controller.setEngineConfig(app_test::tinyEngine());
    QSignalSpy states(&controller, &Controller::jobStateChanged);
    QSignalSpy done(&controller, &Controller::jobDone);
    int steps_after_cancel = -1;
    const int id = controller.submitGeneration(tinySettings("baseline", 500), dir_.filePath("long"));
    connect(&controller, &Controller::jobProgress, this, [&](int job, int step, int, double) {
      if (job != id) return;
      if (steps_after_cancel < 0 && step >= 2) {
        controller.cancelJob(id);
        steps_after_cancel = 0;
      } else if (steps_after_cancel >= 0) {
        ++steps_after_cancel;
      }
    });
    QTRY_COMPARE_WITH_TIMEOUT(controller.jobState(id), JobState::Cancelled, 120000);
    QCOMPARE(done.count(), 0);
    QVERIFY2(steps_after_cancel <= 1, qPrintable(QString("%1 steps after cancel").arg(steps_after_cancel)));
    QCOMPARE(statesOf(states, id).last(), JobState::Cancelled);
    QVERIFY(!controller.busy());
  }

  void aFailingJobNamesTheFileAndTheQueueGoesOn() {
    Controller controller;
    controller.setEngineConfig(app_test::tinyEngine());
    QSignalSpy states(&controller, &Controller::jobStateChanged);
    QSignalSpy done(&controller, &Controller::jobDone);
    GenerationSettings broken = tinySettings("aicl", 2);
    broken.references = app_test::entriesOf({dir_.filePath("missing.mp4")});
    const int failing = controller.submitGeneration(broken, dir_.filePath("failing"));
    const int next = controller.submitGeneration(tinySettings("baseline", 1), dir_.filePath("next"));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
    QCOMPARE(done.at(0).at(0).toInt(), next);
    QCOMPARE(controller.jobState(failing), JobState::Failed);
    for (const QList<QVariant>& call : states)
      if (call.at(0).toInt() == failing && call.at(1).value<JobState>() == JobState::Failed)
        QVERIFY(call.at(2).toString().contains("missing.mp4"));
  }

  void bothModeWritesBaselineAndAiclFromTheSameNoise() {
    Controller controller;
    controller.setEngineConfig(app_test::tinyEngine());
    QSignalSpy done(&controller, &Controller::jobDone);
    GenerationSettings settings = tinySettings("both", 2);
    settings.references = app_test::entriesOf(
        app_test::writeReferenceClips(dir_.path(), aicl::actionworld::Action::Zigzagging, 2));
    controller.submitGeneration(settings, dir_.filePath("both"));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
    const auto output = done.at(0).at(1).value<GenerationOutput>();
    QCOMPARE(output.frames.size(), 16);
    QCOMPARE(output.baseline_frames.size(), 16);
    QVERIFY(output.frames != output.baseline_frames);
    QCOMPARE(output.video, QString("aicl.mp4"));
    QCOMPARE(output.baseline_video, QString("baseline.mp4"));
    const QDir folder(dir_.filePath("both"));
    QCOMPARE(aicl::probeVideo(folder.filePath("aicl.mp4").toStdString()).frame_count, 16);
    QCOMPARE(aicl::probeVideo(folder.filePath("baseline.mp4").toStdString()).frame_count, 16);
    QVERIFY(QString::fromStdString(aicl::readVideoMetadata(folder.filePath("aicl.mp4").toStdString())).contains("references"));
  }

  void onlyTheLatestFeatureRequestIsAnswered() {
    Controller controller;
    controller.setEngineConfig(app_test::tinyEngine());
    QSignalSpy ready(&controller, &Controller::featuresReady);
    GenerationSettings settings = tinySettings("aicl", 2);
    const QStringList clips = app_test::writeReferenceClips(dir_.path(), aicl::actionworld::Action::Spiraling, 3);
    settings.references = app_test::entriesOf(clips.mid(0, 1));
    controller.requestFeatures(settings);
    settings.references = app_test::entriesOf(clips.mid(0, 2));
    controller.requestFeatures(settings);
    settings.references = app_test::entriesOf(clips);
    const int latest = controller.requestFeatures(settings);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
    QTest::qWait(200);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).toInt(), latest);
    const auto output = ready.at(0).at(1).value<FeatureOutput>();
    QCOMPARE(output.trajectories.size(), 3);
    QCOMPARE(output.trajectories[0].points.size(), 16);
    QVERIFY(output.explained_pc1 > 0 && output.explained_pc1 <= 1);
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestController)
#include "test_controller.moc"
