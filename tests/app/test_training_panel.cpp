// TrainingPanel with real child processes: small shell scripts stand in for `aicl` and print what the trainer
// prints (progress-bar lines on stderr, loss.csv rows in --out, the summary on stdout, an error line and exit
// 1).
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "loss_plot.h"
#include "training_panel.h"
#include "validation_plot.h"

namespace {

// The trainer's stand-in: finds --out in its arguments, appends them (one per line) to OUT/args.txt, then
// runs `body` with $out set.
QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body) {
  const QString path = dir.filePath(name);
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return {};
  file.write(
      "#!/bin/sh\n"
      "out=\"\"\n"
      "prev=\"\"\n"
      "for a in \"$@\"; do\n"
      "  if [ \"$prev\" = \"--out\" ]; then out=\"$a\"; fi\n"
      "  prev=\"$a\"\n"
      "done\n"
      "mkdir -p \"$out\"\n"
      "printf '%s\\n' \"$@\" >> \"$out/args.txt\"\n"
      "printf -- '--\\n' >> \"$out/args.txt\"\n");
  file.write(body);
  file.close();
  file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
  return path;
}

// The arguments of each run of the script, as it received them.
QList<QStringList> recordedRuns(const QString& out) {
  QFile file(QDir(out).filePath(QStringLiteral("args.txt")));
  if (!file.open(QIODevice::ReadOnly)) return {};
  QList<QStringList> runs{{}};
  for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    if (line == QLatin1String("--"))
      runs << QStringList{};
    else
      runs.last() << line;
  }
  runs.removeLast();
  return runs;
}

void fillAdapterFields(TrainingPanel& panel, const QString& out) {
  panel.setTrainer(TrainingPanel::Trainer::Adapter);
  panel.setModelFolder(QStringLiteral("runs/backbone/model"));
  panel.setDataFolder(QStringLiteral("data/actionworld-seen"));
  panel.setOutputFolder(out);
  panel.setSteps(4);
  panel.setBatch(2);
}

bool writeFile(const QString& path, const QByteArray& bytes,
               QIODevice::OpenMode mode = QIODevice::WriteOnly) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile file(path);
  if (!file.open(mode)) return false;
  return file.write(bytes) == bytes.size();
}

}  // namespace

class TestTrainingPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { QVERIFY(dir_.isValid()); }

  void buildsTheArgumentListFromTheFields() {
    TrainingPanel panel;
    panel.setModelFolder(QStringLiteral("runs/backbone/model"));
    panel.setVaeFolder(QStringLiteral("runs/vae/model/vae"));
    panel.setDataFolder(QStringLiteral("data/actionworld-seen"));
    panel.setConfigPath(QStringLiteral("assets/recipes/actionworld/aicl.json"));
    panel.setOutputFolder(QStringLiteral("runs/aicl"));
    panel.setSteps(4000);
    panel.setBatch(8);
    panel.setExtraArguments(QStringLiteral("--lr 1e-4 --seed \"7\""));
    QCOMPARE(panel.trainer(), TrainingPanel::Trainer::Adapter);
    const QStringList adapter{"train",
                              "--model",
                              "runs/backbone/model",
                              "--data",
                              "data/actionworld-seen",
                              "--config",
                              "assets/recipes/actionworld/aicl.json",
                              "--out",
                              "runs/aicl",
                              "--steps",
                              "4000",
                              "--batch",
                              "8",
                              "--lr",
                              "1e-4",
                              "--seed",
                              "7"};
    QCOMPARE(panel.commandLine(), adapter);

    // Resume through the check box, as the user ticks it.
    auto* resume_box = panel.findChild<QCheckBox*>(QStringLiteral("resumeCheck"));
    QVERIFY(resume_box);
    resume_box->click();
    QStringList resumed = adapter;
    resumed.insert(resumed.indexOf(QStringLiteral("--lr")), QStringLiteral("--resume"));
    QCOMPARE(panel.commandLine(), resumed);

    // The backbone takes --vae instead of --model; an empty config and no extra arguments are left out.
    panel.setResume(false);
    panel.setTrainer(TrainingPanel::Trainer::Backbone);
    panel.setConfigPath(QString());
    panel.setExtraArguments(QString());
    panel.findChild<QSpinBox*>(QStringLiteral("steps"))->setValue(12);
    const QStringList backbone{"train-backbone",
                               "--vae",
                               "runs/vae/model/vae",
                               "--data",
                               "data/actionworld-seen",
                               "--out",
                               "runs/aicl",
                               "--steps",
                               "12",
                               "--batch",
                               "8"};
    QCOMPARE(panel.commandLine(), backbone);

    // Incomplete fields: Start refuses and says why.
    panel.setOutputFolder(QString());
    QSignalSpy started(&panel, &TrainingPanel::runStarted);
    QVERIFY(!panel.start());
    QCOMPARE(started.count(), 0);
    QVERIFY(panel.validate().contains(QStringLiteral("output folder")));
    QCOMPARE(panel.state(), TrainingPanel::State::Idle);
  }

  void parsesProgressAndFollowsTheLossOfARun() {
    const QString script =
        writeScript(dir_, QStringLiteral("aicl-ok"),
                    "echo \"[10:00:00.000] [info] loading the data\" >&2\n"
                    "echo \"preparing [##############################] 8/8  0.1 s  80.00/s  ETA 0.0 s\" >&2\n"
                    "echo \"step,loss,lr,seconds\" > \"$out/loss.csv\"\n"
                    "echo \"1,0.9,0.0001,0.1\" >> \"$out/loss.csv\"\n"
                    "echo \"train [#######.......................] 1/4  0.1 s  0.00/s  ETA 0.0 s\" >&2\n"
                    "sleep 0.2\n"
                    "echo \"2,0.7,0.0001,0.2\" >> \"$out/loss.csv\"\n"
                    "echo \"train [###############...............] 2/4  0.2 s  10.00/s  ETA 0.2 s\" >&2\n"
                    "sleep 0.2\n"
                    "echo \"3,0.6,0.0001,0.3\" >> \"$out/loss.csv\"\n"
                    "echo \"train [######################........] 3/4  0.3 s  15.00/s  ETA 212.5 s\" >&2\n"
                    "sleep 0.2\n"
                    "echo \"4,0.5,0.0001,0.4\" >> \"$out/loss.csv\"\n"
                    "v=\"$out/validation.csv\"\n"
                    "echo \"step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain\" > \"$v\"\n"
                    "echo \"4,held_out,0,250,0.5,0.45,0.1\" >> \"$v\"\n"
                    "echo \"train [##############################] 4/4  0.4 s  10.00/s  ETA 0.0 s\" >&2\n"
                    "echo \"[10:00:01.000] [info] step 4/4: loss 0.50000\" >&2\n"
                    "echo \"train: steps 0..4, final loss 0.50000, model $out/model\"\n");
    const QString out = dir_.filePath(QStringLiteral("run-ok"));
    TrainingPanel panel;
    panel.setAiclProgram(script);
    QCOMPARE(panel.aiclProgram(), script);
    fillAdapterFields(panel, out);
    QSignalSpy started(&panel, &TrainingPanel::runStarted);
    QSignalSpy progress(&panel, &TrainingPanel::progressChanged);
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QSignalSpy states(&panel, &TrainingPanel::stateChanged);
    QVERIFY(panel.start());
    QCOMPARE(started.count(), 1);
    QVERIFY(panel.isRunning());
    QCOMPARE(panel.state(), TrainingPanel::State::Running);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("state"))->text(), QStringLiteral("Running"));
    QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
    QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("stop"))->isEnabled());

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(finished.at(0).at(1).toString().contains(QStringLiteral("final loss 0.50000")),
             qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(panel.state(), TrainingPanel::State::Finished);
    QVERIFY(!panel.isRunning());
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("state"))->text(), QStringLiteral("Finished"));
    QVERIFY(panel.errorText().isEmpty());

    // One progressChanged per training line (the preparing line is not a training step); the first line has
    // no rate yet, so its time left is unknown (-1).
    QCOMPARE(progress.count(), 4);
    const QList<std::tuple<int, int, double>> expected{{1, 4, -1.0}, {2, 4, 0.2}, {3, 4, 212.5}, {4, 4, 0.0}};
    for (int i = 0; i < 4; ++i) {
      QCOMPARE(progress.at(i).at(0).toInt(), std::get<0>(expected[i]));
      QCOMPARE(progress.at(i).at(1).toInt(), std::get<1>(expected[i]));
      QCOMPARE(progress.at(i).at(2).toDouble(), std::get<2>(expected[i]));
    }
    QCOMPARE(panel.step(), 4);
    QCOMPARE(panel.totalSteps(), 4);
    auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("progress"));
    QCOMPARE(bar->maximum(), 4);
    QCOMPARE(bar->value(), 4);
    QCOMPARE(panel.progressText(), QStringLiteral("4 / 4 steps, 10.0 steps/s, 0:00 left"));
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(1).at(0).value<TrainingPanel::State>(), TrainingPanel::State::Finished);

    // The process got the fields' command line.
    const auto runs = recordedRuns(out);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0), panel.commandLine());
    QCOMPARE(panel.runArguments(), panel.commandLine());

    // The loss curve followed OUT/loss.csv, the validation curves OUT/validation.csv.
    QCOMPARE(panel.followedFolder(), QFileInfo(out).absoluteFilePath());
    QCOMPARE(panel.lossPlot()->followedPath(), QDir(QFileInfo(out).absoluteFilePath()).filePath("loss.csv"));
    QCOMPARE(panel.validationPlot()->followedPath(),
             QDir(QFileInfo(out).absoluteFilePath()).filePath("validation.csv"));
    QTRY_COMPARE(panel.validationPlot()->graphCount(), 1);
    QCOMPARE(panel.validationPlot()->metric(), ValidationMetric::ReferenceGain);
    QCOMPARE(panel.validationPlot()->series()[0].values, QVector<double>{0.1});
    QTRY_COMPARE(panel.lossPlot()->pointCount(), 4);
    QCOMPARE(panel.lossPlot()->steps(), (QVector<double>{1, 2, 3, 4}));
    QCOMPARE(panel.lossPlot()->losses(), (QVector<double>{0.9, 0.7, 0.6, 0.5}));
    // Later rows of the followed file leave the finished run's progress as it was.
    QVERIFY(writeFile(out + "/loss.csv", "5,0.45,0.0001,0.5\n", QIODevice::Append));
    QTRY_COMPARE(panel.lossPlot()->pointCount(), 5);
    QCOMPARE(panel.progressText(), QStringLiteral("4 / 4 steps, 10.0 steps/s, 0:00 left"));
    QCOMPARE(bar->value(), 4);
  }

  void showsTheProgressLabelWithRateAndTimeLeft() {
    // The trainer's line for step 812 of 4000: 15 steps/s and 212.5 s (3:32) left.
    const QString script = writeScript(
        dir_, QStringLiteral("aicl-812"),
        "printf 'train [######........................] 812/4000  54.1 s  15.00/s  ETA 212.5 s\\n' >&2\n"
        "printf 'train [######........................] 813/4000  54.2 s  0.05/s  ETA 3725.0 s\\n' >&2\n"
        // A slow run: the rate rounds to 0.00/s, the time left is real (4 steps of 240 s).
        "printf 'train [######........................] 3996/4000  960.0 s  0.00/s  ETA 960.0 s\\n' >&2\n"
        // The last line has no line end: it is still read when the process exits.
        "printf 'train [##############################] 4000/4000  999.0 s  0.00/s  ETA 0.0 s' >&2\n");
    TrainingPanel panel;
    panel.setAiclProgram(script);
    fillAdapterFields(panel, dir_.filePath(QStringLiteral("run-812")));
    QSignalSpy progress(&panel, &TrainingPanel::progressChanged);
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QStringList labels;
    connect(&panel, &TrainingPanel::progressChanged, this, [&] { labels << panel.progressText(); });
    QVERIFY(panel.start());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(progress.count(), 4);
    QCOMPARE(progress.at(0).at(0).toInt(), 812);
    QCOMPARE(progress.at(0).at(1).toInt(), 4000);
    QCOMPARE(progress.at(0).at(2).toDouble(), 212.5);
    QCOMPARE(progress.at(2).at(2).toDouble(), 960.0);
    QCOMPARE(progress.at(3).at(0).toInt(), 4000);
    QCOMPARE(progress.at(3).at(2).toDouble(), 0.0);
    QCOMPARE(labels, (QStringList{QStringLiteral("812 / 4000 steps, 15.0 steps/s, 3:32 left"),
                                  QStringLiteral("813 / 4000 steps, 20 s/step, 1:02:05 left"),
                                  QStringLiteral("3996 / 4000 steps, 240 s/step, 16:00 left"),
                                  QStringLiteral("4000 / 4000 steps, 0:00 left")}));
    // No summary line on stdout: a generic message.
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(panel.state(), TrainingPanel::State::Finished);
  }

  void aFailedRunShowsItsErrorLine() {
    const QString script = writeScript(dir_, QStringLiteral("aicl-fail"),
                                       "echo \"[10:00:00.000] [info] reading data/x\" >&2\n"
                                       "echo \"aicl train: data/x: no such folder\" >&2\n"
                                       "echo \"[10:00:00.001] [info] a later log line\" >&2\n"
                                       "exit 1\n");
    TrainingPanel panel;
    panel.setAiclProgram(script);
    fillAdapterFields(panel, dir_.filePath(QStringLiteral("run-fail")));
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QVERIFY(panel.start());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const QString message = finished.at(0).at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("aicl train: data/x: no such folder")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("later log line")), qPrintable(message));
    QCOMPARE(panel.state(), TrainingPanel::State::Failed);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("state"))->text(), QStringLiteral("Failed"));
    QCOMPARE(panel.errorText(), message);
    auto* error = panel.findChild<QLabel*>(QStringLiteral("error"));
    QCOMPARE(error->text(), message);
    QVERIFY(!error->isHidden());
    QVERIFY(error->styleSheet().contains(QStringLiteral("color")));
    // A failed run can be resumed; a new Start clears the error.
    QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("resume"))->isEnabled());
  }

  void aProgramThatCannotStartFails() {
    TrainingPanel panel;
    panel.setAiclProgram(dir_.filePath(QStringLiteral("no-such-aicl")));
    fillAdapterFields(panel, dir_.filePath(QStringLiteral("run-missing")));
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QVERIFY(panel.start());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(finished.at(0).at(1).toString().contains(QStringLiteral("no-such-aicl")),
             qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(panel.state(), TrainingPanel::State::Failed);
    QVERIFY(!panel.isRunning());
  }

  void stopEndsTheRunAndResumeContinuesIt() {
    // Runs until stopped; with --resume it finishes at once.
    const QString script =
        writeScript(dir_, QStringLiteral("aicl-long"),
                    "for a in \"$@\"; do\n"
                    "  if [ \"$a\" = \"--resume\" ]; then\n"
                    "    echo \"train [##############################] 4/4  0.1 s  10.00/s  ETA 0.0 s\" >&2\n"
                    "    echo \"train: steps 2..4, final loss 0.40000, model $out/model\"\n"
                    "    exit 0\n"
                    "  fi\n"
                    "done\n"
                    "echo \"step,loss,lr,seconds\" > \"$out/loss.csv\"\n"
                    "echo \"1,0.9,0.0001,0.1\" >> \"$out/loss.csv\"\n"
                    "echo \"train [#######.......................] 1/4  0.1 s  0.00/s  ETA 0.0 s\" >&2\n"
                    "while :; do sleep 0.1; done\n");
    const QString out = dir_.filePath(QStringLiteral("run-long"));
    TrainingPanel panel;
    panel.setAiclProgram(script);
    fillAdapterFields(panel, out);
    QSignalSpy started(&panel, &TrainingPanel::runStarted);
    QSignalSpy progress(&panel, &TrainingPanel::progressChanged);
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    auto* resume_button = panel.findChild<QPushButton*>(QStringLiteral("resume"));
    QVERIFY(!resume_button->isEnabled());
    QVERIFY(!panel.resume());  // nothing to resume yet
    QVERIFY(panel.start());
    QTRY_COMPARE_WITH_TIMEOUT(progress.count(), 1, 20000);
    QVERIFY(panel.isRunning());
    QVERIFY(!panel.start());  // one run at a time
    QTest::qWait(300);
    QVERIFY(panel.isRunning());
    QCOMPARE(finished.count(), 0);

    panel.findChild<QPushButton*>(QStringLiteral("stop"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Stopped at step 1"));
    QCOMPARE(panel.state(), TrainingPanel::State::Stopped);
    QVERIFY(!panel.isRunning());
    QVERIFY(panel.errorText().isEmpty());
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("state"))->text(), QStringLiteral("Stopped"));

    // Resume: the same command with --resume, even though the fields changed meanwhile.
    const QStringList first = panel.runArguments();
    QVERIFY(!first.contains(QStringLiteral("--resume")));
    panel.setSteps(99);
    QVERIFY(resume_button->isEnabled());
    resume_button->click();
    QCOMPARE(started.count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QCOMPARE(finished.at(1).at(0).toBool(), true);
    QVERIFY(finished.at(1).at(1).toString().contains(QStringLiteral("steps 2..4")));
    QCOMPARE(panel.state(), TrainingPanel::State::Finished);
    const auto runs = recordedRuns(out);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0), first);
    QCOMPARE(runs.at(1), first + QStringList{QStringLiteral("--resume")});
    QCOMPARE(panel.runArguments(), runs.at(1));
  }

  void stopKillsAProcessThatIgnoresTerminate() {
    const QString script =
        writeScript(dir_, QStringLiteral("aicl-stubborn"),
                    "trap '' TERM\n"
                    "echo \"train [#######.......................] 1/4  0.1 s  0.00/s  ETA 0.0 s\" >&2\n"
                    "while :; do sleep 0.1; done\n");
    TrainingPanel panel;
    panel.setAiclProgram(script);
    panel.setStopTimeout(500);
    fillAdapterFields(panel, dir_.filePath(QStringLiteral("run-stubborn")));
    QSignalSpy progress(&panel, &TrainingPanel::progressChanged);
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QVERIFY(panel.start());
    QTRY_COMPARE_WITH_TIMEOUT(progress.count(), 1, 20000);
    QElapsedTimer timer;
    timer.start();
    panel.stop();
    QTest::qWait(200);
    QVERIFY(panel.isRunning());                             // terminate is ignored...
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);  // ...and kill ends it
    QVERIFY(timer.elapsed() >= 450);
    QCOMPARE(panel.state(), TrainingPanel::State::Stopped);
  }

  void followsARunFolder() {
    const QString out = dir_.filePath(QStringLiteral("run-elsewhere"));
    QVERIFY(writeFile(out + "/loss.csv",
                      "step,loss,lr,seconds\n1,2.5,0.001,0.5\n2,2.0,0.001,1.0\n3,1.5,0.001,1.5\n"));
    QVERIFY(writeFile(out + "/checkpoint/state.json", "{\"step\": 2}\n"));
    QVERIFY(writeFile(out + "/validation.csv",
                      "step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain\n"
                      "2,seen,0,500,0.25,,\n2,held_out,0,500,0.5,,\n"));
    TrainingPanel panel;
    QSignalSpy progress(&panel, &TrainingPanel::progressChanged);
    QVERIFY(panel.followRunFolder(out));
    QCOMPARE(panel.followedFolder(), QFileInfo(out).absoluteFilePath());
    QCOMPARE(panel.lossPlot()->pointCount(), 3);
    QCOMPARE(panel.lossPlot()->steps(), (QVector<double>{1, 2, 3}));
    QCOMPARE(panel.lossPlot()->losses(), (QVector<double>{2.5, 2.0, 1.5}));
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.at(0).at(0).toInt(), 2);
    QCOMPARE(progress.at(0).at(1).toInt(), 0);  // the total of a run started elsewhere is unknown
    QCOMPARE(panel.step(), 2);
    QVERIFY2(panel.progressText().contains(QStringLiteral("last checkpoint at step 2")),
             qPrintable(panel.progressText()));
    QVERIFY2(panel.progressText().contains(QStringLiteral("step 3 logged")),
             qPrintable(panel.progressText()));
    QCOMPARE(panel.state(), TrainingPanel::State::Idle);
    // A backbone run's validation (no AICL columns): the backbone loss per split.
    ValidationPlot* validation = panel.validationPlot();
    QVERIFY(panel.findChild<ValidationPlot*>(QStringLiteral("validationPlot")) == validation);
    QCOMPARE(validation->graphCount(), 2);
    QCOMPARE(validation->metric(), ValidationMetric::BackboneLoss);
    QCOMPARE(validation->series()[0].split, QStringLiteral("held_out"));
    QCOMPARE(validation->series()[0].values, QVector<double>{0.5});

    // The run goes on: new rows and a new checkpoint show up.
    QVERIFY(writeFile(out + "/validation.csv", "4,held_out,0,500,0.4,,\n", QIODevice::Append));
    QTRY_COMPARE(validation->series()[0].values, (QVector<double>{0.5, 0.4}));
    QVERIFY(writeFile(out + "/loss.csv", "4,1.25,0.001,2.0\n", QIODevice::Append));
    QVERIFY(writeFile(out + "/checkpoint/state.json", "{\"step\": 4}\n"));
    QTRY_COMPARE(panel.lossPlot()->pointCount(), 4);
    QTRY_COMPARE(panel.step(), 4);
    QCOMPARE(progress.last().at(0).toInt(), 4);
    QTRY_VERIFY2(panel.progressText().contains(QStringLiteral("last checkpoint at step 4")),
                 qPrintable(panel.progressText()));
    QVERIFY(!panel.progressText().contains(QStringLiteral("model written")));
    QVERIFY(QDir().mkpath(out + "/model"));
    QTRY_VERIFY2(panel.progressText().contains(QStringLiteral("model written")),
                 qPrintable(panel.progressText()));
    QVERIFY(panel.findChild<QProgressBar*>(QStringLiteral("progress"))->isHidden());  // the total is unknown

    // Starting a run of our own ends following: the bar and the curve are the new run's.
    const QString script =
        writeScript(dir_, QStringLiteral("aicl-one"),
                    "echo \"step,loss,lr,seconds\" > \"$out/loss.csv\"\n"
                    "echo \"1,0.3,0.0001,0.1\" >> \"$out/loss.csv\"\n"
                    "echo \"train [##############################] 1/1  0.1 s  10.00/s  ETA 0.0 s\" >&2\n");
    panel.setAiclProgram(script);
    fillAdapterFields(panel, dir_.filePath(QStringLiteral("run-own")));
    QSignalSpy finished(&panel, &TrainingPanel::runFinished);
    QVERIFY(panel.start());
    QVERIFY(!panel.findChild<QProgressBar*>(QStringLiteral("progress"))->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(panel.followedFolder(), QFileInfo(dir_.filePath(QStringLiteral("run-own"))).absoluteFilePath());
    QTRY_COMPARE(panel.lossPlot()->pointCount(), 1);
    QCOMPARE(panel.progressText(), QStringLiteral("1 / 1 steps, 10.0 steps/s, 0:00 left"));
    QVERIFY(
        writeFile(out + "/checkpoint/state.json", "{\"step\": 5}\n"));  // the old folder is not read any more
    QTest::qWait(1200);
    QCOMPARE(panel.step(), 1);
    QCOMPARE(panel.progressText(), QStringLiteral("1 / 1 steps, 10.0 steps/s, 0:00 left"));
  }

  void everyControlHasATooltip() {
    TrainingPanel panel;
    const auto widgets = panel.findChildren<QWidget*>();
    for (QWidget* widget : widgets) {
      const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                           qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QComboBox*>(widget) ||
                           qobject_cast<QProgressBar*>(widget);
      if (!control || widget->objectName().startsWith(QLatin1String("qt_"))) continue;
      if (panel.lossPlot()->isAncestorOf(widget)) continue;  // LossPlot's own controls are its business
      // Line edits inside spin boxes and combo boxes are parts of those controls.
      if (qobject_cast<QLineEdit*>(widget) && qobject_cast<QAbstractSpinBox*>(widget->parentWidget()))
        continue;
      if (qobject_cast<QAbstractButton*>(widget) && qobject_cast<QLineEdit*>(widget->parentWidget()))
        continue;
      QVERIFY2(
          !widget->toolTip().isEmpty(),
          qPrintable(QStringLiteral("%1 (%2) has no tooltip")
                         .arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))));
    }
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
