// The window end to end: a real drop of files from ../shared/media on the drop zone, probing on the worker
// thread, the rows in the reference list, and a screenshot kept as a test artifact.
#include <QDropEvent>
#include <QMimeData>
#include <QtTest>

#include "drop_zone.h"
#include "main_window.h"
#include "reference_list.h"
#include "test_paths.h"

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void droppedFilesAreProbedAndListed() {
    const auto media = aicl::test::mediaDir();
    if (!std::filesystem::exists(media / "MANIFEST.tsv")) QSKIP("../shared/media is absent");
    MainWindow window;
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

    const QString artifacts = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(artifacts);
    const QString screenshot = artifacts + "/main_window.png";
    QVERIFY(window.grab().save(screenshot));
    QVERIFY(QFileInfo(screenshot).size() > 10000);
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
