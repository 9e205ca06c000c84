#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "drop_zone.h"

class TestDropZone : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    for (const char* name : {"a.mp4", "b.WEBM", "notes.txt"}) {
      QFile file(dir_.filePath(name));
      QVERIFY(file.open(QIODevice::WriteOnly));
    }
  }

  void acceptsVideoFilesOnly() {
    const QList<QUrl> urls = {QUrl::fromLocalFile(dir_.filePath("a.mp4")), QUrl::fromLocalFile(dir_.filePath("b.WEBM")),
                              QUrl::fromLocalFile(dir_.filePath("notes.txt")),
                              QUrl::fromLocalFile(dir_.filePath("missing.mp4")), QUrl("https://example.invalid/c.mp4")};
    const QStringList accepted = DropZone::acceptedFiles(urls);
    QCOMPARE(accepted.size(), 2);
    QVERIFY(accepted[0].endsWith("a.mp4"));
    QVERIFY(accepted[1].endsWith("b.WEBM"));
  }

  void dropEmitsTheFiles() {
    DropZone zone;
    zone.show();
    QSignalSpy spy(&zone, &DropZone::filesDropped);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir_.filePath("a.mp4")), QUrl::fromLocalFile(dir_.filePath("notes.txt"))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&zone, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&zone, &drop);
    QCOMPARE(spy.count(), 1);
    const QStringList files = spy.at(0).at(0).toStringList();
    QCOMPARE(files.size(), 1);
    QVERIFY(files[0].endsWith("a.mp4"));
  }

  void rejectsDragsWithoutVideos() {
    DropZone zone;
    QSignalSpy spy(&zone, &DropZone::filesDropped);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir_.filePath("notes.txt"))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&zone, &enter);
    QVERIFY(!enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&zone, &drop);
    QCOMPARE(spy.count(), 0);
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestDropZone)
#include "test_drop_zone.moc"
