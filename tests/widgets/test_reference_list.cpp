#include <QSignalSpy>
#include <QtTest>

#include "reference_list.h"

class TestReferenceList : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rowsGoFromPendingToProbedOrFailed() {
    ReferenceListWidget list;
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);
    QVERIFY(list.addPending("/videos/a.mp4"));
    QVERIFY(list.addPending("/videos/b.mp4"));
    QVERIFY(!list.addPending("/videos/a.mp4"));  // listed once
    QCOMPARE(list.count(), 2);
    QVERIFY(list.rowText("/videos/a.mp4").contains("probing"));

    QImage thumbnail(64, 48, QImage::Format_RGB888);
    thumbnail.fill(Qt::red);
    list.setProbed("/videos/a.mp4", "340x256, 28 fps, 280 frames, 10.0 s, h264", thumbnail);
    list.setFailed("/videos/b.mp4", "b.mp4: Invalid data found when processing input");
    QVERIFY(list.rowText("/videos/a.mp4").contains("340x256"));
    QVERIFY(!list.rowFailed("/videos/a.mp4"));
    QVERIFY(list.rowFailed("/videos/b.mp4"));
    QVERIFY(list.rowText("/videos/b.mp4").contains("Invalid data"));
    QCOMPARE(list.paths(), QStringList({"/videos/a.mp4", "/videos/b.mp4"}));
    QCOMPARE(list.usablePaths(), QStringList({"/videos/a.mp4"}));
    QCOMPARE(changed.count(), 4);
  }

  void removeDropsOnlyThatRow() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    list.addPending("/v/b.mp4");
    list.remove("/v/a.mp4");
    QCOMPARE(list.paths(), QStringList({"/v/b.mp4"}));
    list.setProbed("/v/a.mp4", "ignored for a removed row", QImage());
    QCOMPARE(list.count(), 1);
  }
};

QTEST_MAIN(TestReferenceList)
#include "test_reference_list.moc"
