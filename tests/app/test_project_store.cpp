// The project folder: the session and results survive a restart (a new store on the same folder), results list
// newest first, a run that never finished and a damaged result.json are left out, removal is confined to the
// results folder.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "project_store.h"

class TestProjectStore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sessionSurvivesARestart() {
    QTemporaryDir dir;
    GenerationSettings s;
    s.prompt = "a green star circling on a brown background";
    s.seed = 42;
    ReferenceEntry entry;
    entry.path = "/videos/circle.mp4";
    entry.caption = "circling";
    s.references = {entry};
    QVERIFY(ProjectStore(dir.path()).saveSession(s));
    GenerationSettings loaded;
    QVERIFY(ProjectStore(dir.path()).loadSession(loaded));
    QVERIFY(loaded == s);
  }

  void aDamagedSessionIsReportedAndIgnored() {
    QTemporaryDir dir;
    QFile file(QDir(dir.path()).filePath("session.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ \"prompt\": ");
    file.close();
    GenerationSettings loaded;
    ProjectStore store(dir.path());
    QVERIFY(!store.loadSession(loaded));
    QVERIFY(store.lastError().contains("session.json"));
    QVERIFY(loaded.prompt.isEmpty());
  }

  void resultsListNewestFirstAndSkipUnfinishedRuns() {
    QTemporaryDir dir;
    ProjectStore store(dir.path());
    QStringList ids;
    for (int i = 0; i < 2; ++i) {
      ResultRecord record;
      record.folder = store.newResultFolder();
      record.created = QDateTime::currentDateTime();
      record.settings.prompt = QString("prompt %1").arg(i);
      record.engine_settings = "{\"seed\": 5}";
      record.video = QDir(record.folder).filePath("aicl.mp4");
      record.baseline_video = QDir(record.folder).filePath("baseline.mp4");
      record.seconds = 1.5;
      QImage thumbnail(8, 8, QImage::Format_RGB888);
      thumbnail.fill(Qt::red);
      QVERIFY(store.saveResult(record, thumbnail));
      ids << record.id;
      QTest::qWait(5);
    }
    store.newResultFolder();  // a run that never finished
    const QString damaged = store.newResultFolder();
    QFile file(QDir(damaged).filePath("result.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not json");
    file.close();

    const QVector<ResultRecord> results = ProjectStore(dir.path()).results();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].id, ids[1]);
    QCOMPARE(results[0].settings.prompt, QString("prompt 1"));
    QCOMPARE(results[0].baseline_video, QDir(results[0].folder).filePath("baseline.mp4"));
    QVERIFY(results[0].engine_settings.contains("\"seed\":5"));
    QCOMPARE(QImage(ProjectStore::thumbnailPath(results[0])).pixelColor(0, 0), QColor(Qt::red));

    QVERIFY(!store.removeResult("../.."));
    QVERIFY(store.removeResult(ids[0]));
    QCOMPARE(store.results().size(), 1);
    QVERIFY(QFileInfo::exists(dir.path()));
  }
};

QTEST_MAIN(TestProjectStore)
#include "test_project_store.moc"
