#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

#include "reference_list.h"

namespace {
template <typename T>
T* control(const ReferenceListWidget& list, const QString& path, const char* name) {
  QWidget* row = list.rowWidget(path);
  return row ? row->findChild<T*>(name) : nullptr;
}

QImage solid(const QColor& colour) {
  QImage image(64, 48, QImage::Format_RGB888);
  image.fill(colour);
  return image;
}

QColor centreOf(const QPixmap& pixmap) {
  const QImage image = pixmap.toImage();
  return image.pixelColor(image.width() / 2, image.height() / 2);
}

QColor thumbnailColour(const ReferenceListWidget& list, const QString& path) {
  return centreOf(control<QLabel>(list, path, "thumbnail")->pixmap());
}

// A drag of `mime` from entering the list to the drop at `y` (list-container coordinates).
bool dropAt(QWidget* container, const QMimeData& mime, int y) {
  const QPointF position(container->width() / 2.0, y);
  QDragEnterEvent enter(position.toPoint(), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(container, &enter);
  QDragMoveEvent move(position.toPoint(), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(container, &move);
  QDropEvent drop(position, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(container, &drop);
  return drop.isAccepted();
}
}  // namespace

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

    // The failed row keeps its place and its error; it has nothing to edit.
    QCOMPARE(list.entries().size(), 2);
    QCOMPARE(list.usableEntries().size(), 1);
    QCOMPARE(list.usableEntries()[0].path, QString("/videos/a.mp4"));
    QVERIFY(!control<QLineEdit>(list, "/videos/b.mp4", "caption")->isEnabled());
    QVERIFY(control<QLineEdit>(list, "/videos/a.mp4", "caption")->isEnabled());
    QVERIFY(control<QToolButton>(list, "/videos/b.mp4", "removeButton")->isEnabled());
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

  void removeButtonRemovesItsRow() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    list.addPending("/v/b.mp4");
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);
    QTest::mouseClick(control<QToolButton>(list, "/v/a.mp4", "removeButton"), Qt::LeftButton);
    QCOMPARE(list.paths(), QStringList({"/v/b.mp4"}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(list.rowColour("/v/b.mp4"),
             ReferenceListWidget::colourFor(0));  // b moved up to the first colour
  }

  void paletteIsDistinctAndWraps() {
    QSet<QRgb> colours;
    for (int i = 0; i < ReferenceListWidget::paletteSize(); ++i)
      colours << ReferenceListWidget::colourFor(i).rgb();
    QCOMPARE(colours.size(), ReferenceListWidget::paletteSize());
    QVERIFY(ReferenceListWidget::paletteSize() >= 8);
    QCOMPARE(ReferenceListWidget::colourFor(ReferenceListWidget::paletteSize() + 2),
             ReferenceListWidget::colourFor(2));
    QCOMPARE(ReferenceListWidget::colourFor(-1),
             ReferenceListWidget::colourFor(ReferenceListWidget::paletteSize() - 1));
  }

  void editingTheCaptionIsReported() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    list.addPending("/v/b.mp4");
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);
    QTest::keyClicks(control<QLineEdit>(list, "/v/b.mp4", "caption"), "a dog jumps");
    QCOMPARE(changed.count(), QString("a dog jumps").size());
    QCOMPARE(list.entries()[1].caption, QString("a dog jumps"));
    QVERIFY(list.entries()[0].caption.isEmpty());
  }

  void moveUpReordersAndTheSwatchFollows() {
    ReferenceListWidget list;
    for (const char* path : {"/v/a.mp4", "/v/b.mp4", "/v/c.mp4"}) list.addPending(path);
    list.resize(400, 700);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    auto swatchColour = [&](const QString& path) {
      return centreOf(control<QLabel>(list, path, "swatch")->grab());
    };
    QCOMPARE(swatchColour("/v/c.mp4"), ReferenceListWidget::colourFor(2));
    QVERIFY(!control<QToolButton>(list, "/v/a.mp4", "moveUpButton")->isEnabled());
    QVERIFY(!control<QToolButton>(list, "/v/c.mp4", "moveDownButton")->isEnabled());

    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);
    QTest::mouseClick(control<QToolButton>(list, "/v/c.mp4", "moveUpButton"), Qt::LeftButton);
    QCOMPARE(list.paths(), QStringList({"/v/a.mp4", "/v/c.mp4", "/v/b.mp4"}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(list.rowColour("/v/c.mp4"), ReferenceListWidget::colourFor(1));
    QCOMPARE(swatchColour("/v/c.mp4"), ReferenceListWidget::colourFor(1));
    QCOMPARE(swatchColour("/v/b.mp4"), ReferenceListWidget::colourFor(2));
    QVERIFY(!control<QToolButton>(list, "/v/b.mp4", "moveDownButton")->isEnabled());
    QVERIFY(control<QToolButton>(list, "/v/c.mp4", "moveDownButton")->isEnabled());
    // The rows are laid out in the new order too.
    QVERIFY(list.rowWidget("/v/c.mp4")->y() < list.rowWidget("/v/b.mp4")->y());

    QTest::mouseClick(control<QToolButton>(list, "/v/a.mp4", "moveDownButton"), Qt::LeftButton);
    QCOMPARE(list.paths(), QStringList({"/v/c.mp4", "/v/a.mp4", "/v/b.mp4"}));
    QVERIFY(!list.move("/v/c.mp4", 0));  // already there
    QVERIFY(!list.move("/v/missing.mp4", 0));
    QCOMPARE(changed.count(), 2);
  }

  void dragAndDropReorders() {
    ReferenceListWidget list;
    for (const char* path : {"/v/a.mp4", "/v/b.mp4", "/v/c.mp4"}) list.addPending(path);
    list.resize(400, 700);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QWidget* container = list.findChild<QWidget*>("referenceRows");
    QVERIFY(container);
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);

    // c onto the upper half of a: c goes first.
    std::unique_ptr<QMimeData> c(list.createDragData("/v/c.mp4"));
    QVERIFY(dropAt(container, *c, list.rowWidget("/v/a.mp4")->geometry().top() + 5));
    QCOMPARE(list.paths(), QStringList({"/v/c.mp4", "/v/a.mp4", "/v/b.mp4"}));
    QCOMPARE(list.rowColour("/v/c.mp4"), ReferenceListWidget::colourFor(0));
    // c below the last row: it goes last.
    QVERIFY(dropAt(container, *c, list.rowWidget("/v/b.mp4")->geometry().bottom() + 2));
    QCOMPARE(list.paths(), QStringList({"/v/a.mp4", "/v/b.mp4", "/v/c.mp4"}));
    QCOMPARE(changed.count(), 2);

    // Rows of another list and plain text are refused.
    ReferenceListWidget other;
    other.addPending("/v/a.mp4");
    std::unique_ptr<QMimeData> foreign(other.createDragData("/v/a.mp4"));
    QVERIFY(!dropAt(container, *foreign, 5));
    QMimeData text;
    text.setText("/v/c.mp4");
    QVERIFY(!dropAt(container, text, 5));
    QCOMPARE(list.paths(), QStringList({"/v/a.mp4", "/v/b.mp4", "/v/c.mp4"}));
    QCOMPARE(changed.count(), 2);
  }

  void trimEndStaysAfterTheStart() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    auto* start = control<QDoubleSpinBox>(list, "/v/a.mp4", "trimStart");
    auto* end = control<QDoubleSpinBox>(list, "/v/a.mp4", "trimEnd");
    QCOMPARE(end->text(), QString("end"));
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);

    start->setValue(2.0);
    QCOMPARE(list.entries()[0].start, 2.0);
    QCOMPARE(list.entries()[0].end, -1.0);
    end->stepUp();  // leaving "end" lands just after the start
    QCOMPARE(list.entries()[0].end, 2.1);
    end->setValue(4.5);
    QCOMPARE(list.entries()[0].end, 4.5);
    start->setValue(5.0);  // past the end: the end moves along
    QCOMPARE(list.entries()[0].end, 5.1);
    end->stepDown();  // at the start: wraps to "to the end"
    QCOMPARE(list.entries()[0].end, -1.0);
    QCOMPARE(end->text(), QString("end"));
    QCOMPARE(changed.count(), 5);
  }

  void samplingModeAndValue() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    auto* mode = control<QComboBox>(list, "/v/a.mp4", "samplingMode");
    auto* value = control<QSpinBox>(list, "/v/a.mp4", "samplingValue");
    QCOMPARE(list.entries()[0].sampling, ReferenceEntry::Count);
    QCOMPARE(list.entries()[0].sampling_value, 0);  // as many as the generation
    QVERIFY(value->text().contains("generated"));
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);

    value->setValue(16);
    mode->setCurrentIndex(mode->findData(static_cast<int>(ReferenceEntry::Stride)));
    QCOMPARE(list.entries()[0].sampling, ReferenceEntry::Stride);
    QCOMPARE(list.entries()[0].sampling_value, 1);
    QCOMPARE(value->minimum(), 1);
    value->setValue(3);
    QCOMPARE(list.entries()[0].sampling_value, 3);
    // Each mode remembers its value.
    mode->setCurrentIndex(mode->findData(static_cast<int>(ReferenceEntry::Count)));
    QCOMPARE(list.entries()[0].sampling_value, 16);
    QCOMPARE(changed.count(), 4);
  }

  void setEntriesRoundTrips() {
    ReferenceListWidget list;
    list.addPending("/v/old.mp4");
    QVector<ReferenceEntry> saved(3);
    saved[0].path = "/v/a.mp4";
    saved[0].caption = "a person waves";
    saved[0].start = 1.5;
    saved[0].end = 4.25;
    saved[1].path = "/v/b.mp4";
    saved[1].sampling = ReferenceEntry::Stride;
    saved[1].sampling_value = 4;
    saved[2].path = "/v/c.mp4";
    saved[2].sampling_value = 24;
    QSignalSpy changed(&list, &ReferenceListWidget::referencesChanged);
    list.setEntries(saved);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(list.entries(), saved);
    QCOMPARE(list.paths(), QStringList({"/v/a.mp4", "/v/b.mp4", "/v/c.mp4"}));
    QVERIFY(list.rowText("/v/b.mp4").contains("probing"));  // pending until probed again
    QVERIFY(list.usableEntries().isEmpty());
    QCOMPARE(control<QLineEdit>(list, "/v/a.mp4", "caption")->text(), QString("a person waves"));
    list.setProbed("/v/b.mp4", "ok", QImage());
    QCOMPARE(list.usableEntries(), QVector<ReferenceEntry>({saved[1]}));

    // Bad values are repaired, duplicates dropped.
    QVector<ReferenceEntry> bad(3);
    bad[0].path = "/v/a.mp4";
    bad[0].start = 3;
    bad[0].end = 2;  // before the start
    bad[1].path = "/v/a.mp4";
    bad[2].path = "/v/b.mp4";
    bad[2].sampling = ReferenceEntry::Stride;
    bad[2].sampling_value = 0;
    list.setEntries(bad);
    QCOMPARE(list.count(), 2);
    QCOMPARE(list.entries()[0].end, -1.0);
    QCOMPARE(list.entries()[1].sampling_value, 1);
  }

  void thumbnailPlaysItsPreviewWhileHovered() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    list.setProbed("/v/a.mp4", "ok", solid(Qt::red));
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    auto* thumbnail = control<QLabel>(list, "/v/a.mp4", "thumbnail");
    QCOMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::red));
    const QString still_tip = thumbnail->toolTip();

    // Without frames, hovering keeps the still.
    QEnterEvent enter(QPointF(5, 5), QPointF(5, 5), thumbnail->mapToGlobal(QPointF(5, 5)));
    QApplication::sendEvent(thumbnail, &enter);
    QTest::qWait(250);
    QCOMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::red));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(thumbnail, &leave);

    list.setPreviewFrames("/v/a.mp4", {solid(Qt::green), solid(Qt::blue)});
    QVERIFY(thumbnail->toolTip() != still_tip);
    QCOMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::red));  // not hovered yet
    QApplication::sendEvent(thumbnail, &enter);
    QCOMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::green));
    QTRY_COMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::blue));
    QTRY_COMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::green));  // it loops
    QApplication::sendEvent(thumbnail, &leave);
    QCOMPARE(thumbnailColour(list, "/v/a.mp4"), QColor(Qt::red));
  }

  // A picture of the list for people to look at (kept as a test artifact).
  void screenshot() {
    ReferenceListWidget list;
    list.addPending("/videos/jumping_jacks_front.mp4");
    list.addPending("/videos/jumping_jacks_side_view_long_file_name.mp4");
    list.addPending("/videos/broken.mp4");
    list.addPending("/videos/pending.mp4");
    list.setProbed("/videos/jumping_jacks_front.mp4", "426x240, 25 fps, 125 frames, 5.0 s, h264",
                   solid(Qt::darkCyan));
    list.setProbed("/videos/jumping_jacks_side_view_long_file_name.mp4",
                   "340x256, 30 fps, 90 frames, 3.0 s, vp9", solid(Qt::darkYellow));
    list.setFailed("/videos/broken.mp4", "broken.mp4: Invalid data found when processing input");
    list.resize(380, 720);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    const QString artifacts = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(artifacts);
    QVERIFY(list.grab().save(artifacts + "/reference_list.png"));
  }

  void everyControlHasATooltip() {
    ReferenceListWidget list;
    list.addPending("/v/a.mp4");
    QWidget* row = list.rowWidget("/v/a.mp4");
    QVERIFY(row);
    int checked = 0;
    for (QWidget* child : row->findChildren<QWidget*>()) {
      // The parts of a compound control (a spin box's line edit, a line edit's clear button) are not counted.
      QObject* parent = child->parent();
      if (qobject_cast<QLineEdit*>(parent) || qobject_cast<QAbstractSpinBox*>(parent) ||
          qobject_cast<QComboBox*>(parent))
        continue;
      const bool is_control = qobject_cast<QAbstractButton*>(child) ||
                              qobject_cast<QAbstractSpinBox*>(child) || qobject_cast<QComboBox*>(child) ||
                              qobject_cast<QLineEdit*>(child);
      if (!is_control) continue;
      ++checked;
      QVERIFY2(!child->toolTip().isEmpty(), qPrintable(child->objectName()));
    }
    QVERIFY(checked >= 8);  // caption, trim start/end, sampling mode/value, up, down, remove
    for (const char* name : {"swatch", "thumbnail", "status"})
      QVERIFY2(!control<QLabel>(list, "/v/a.mp4", name)->toolTip().isEmpty(), name);
  }
};

QTEST_MAIN(TestReferenceList)
#include "test_reference_list.moc"
