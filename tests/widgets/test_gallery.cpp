#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "context_menu.h"
#include "gallery.h"

namespace {
const QDateTime kMorning(QDate(2024, 5, 1), QTime(9, 0));

GalleryEntry entry(const QString& id, const QString& title, int minutes_after_nine,
                   bool has_baseline = false) {
  GalleryEntry made;
  made.id = id;
  made.title = title;
  made.details = QString("AICL, seed %1, 25 steps, 42 s").arg(minutes_after_nine);
  made.created = kMorning.addSecs(60 * minutes_after_nine);
  made.thumbnail = QImage(64, 36, QImage::Format_RGB888);
  made.thumbnail.fill(QColor::fromHsv(((minutes_after_nine * 40) % 360 + 360) % 360, 200, 200));
  made.has_baseline = has_baseline;
  return made;
}

QStringList ids(const QVector<GalleryEntry>& entries) {
  QStringList result;
  for (const GalleryEntry& listed : entries) result << listed.id;
  return result;
}

QPoint rowCentre(GalleryWidget& gallery, const QString& id) {
  QListWidget* list = gallery.list();
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->data(Qt::UserRole).toString() == id)
      return list->visualItemRect(list->item(i)).center();
  return {-1, -1};
}

QPushButton* button(GalleryWidget& gallery, const char* name) {
  return gallery.findChild<QPushButton*>(name);
}

// Clicks `answer` on the next message box.
void answerNextMessageBox(QObject* context, QMessageBox::StandardButton answer, int* asked) {
  auto* picker = new QTimer(context);
  picker->setInterval(10);
  QObject::connect(picker, &QTimer::timeout, context, [=] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    picker->stop();
    picker->deleteLater();
    ++*asked;
    box->button(answer)->click();
  });
  picker->start();
}
}  // namespace

class TestGallery : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void entriesAreNewestFirst() {
    GalleryWidget gallery;
    QCOMPARE(gallery.count(), 0);
    gallery.setEntries({entry("b", "a cat", 20), entry("a", "a dog jumps", 10), entry("c", "a horse", 30),
                        entry("a", "duplicate id", 40), entry("", "no id", 50)});
    QCOMPARE(ids(gallery.entries()), QStringList({"c", "b", "a"}));
    QCOMPARE(gallery.count(), 3);

    gallery.addEntry(entry("d", "newest", 60));
    gallery.addEntry(entry("e", "from yesterday", -600));
    gallery.addEntry(entry("f", "same time as b", 20));
    QCOMPARE(ids(gallery.entries()), QStringList({"d", "c", "f", "b", "a", "e"}));

    // The same id replaces, in its new place.
    gallery.addEntry(entry("a", "a dog jumps higher", 70, true));
    QCOMPARE(ids(gallery.entries()), QStringList({"a", "d", "c", "f", "b", "e"}));
    const GalleryEntry replaced = gallery.entries().first();
    QCOMPARE(replaced.title, QString("a dog jumps higher"));
    QCOMPARE(replaced.details, entry("a", "", 70).details);
    QCOMPARE(replaced.created, kMorning.addSecs(70 * 60));
    QCOMPARE(replaced.thumbnail, entry("a", "", 70).thumbnail);
    QVERIFY(replaced.has_baseline);

    QVERIFY(gallery.removeEntry("c"));
    QVERIFY(!gallery.removeEntry("c"));
    QVERIFY(!gallery.contains("c"));
    QCOMPARE(gallery.count(), 5);
    QVERIFY(gallery.list()->item(0)->text().contains("a dog jumps higher"));
    QVERIFY(gallery.list()->item(0)->text().contains("seed 70"));
    QVERIFY(gallery.list()->item(0)->toolTip().contains("baseline"));
  }

  void filterHidesResultsWhosePromptDoesNotMatch() {
    GalleryWidget gallery;
    gallery.setEntries({entry("a", "A dog jumps over a fence", 1), entry("b", "a cat jumps", 2),
                        entry("c", "a dog sleeps", 3)});
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    auto* hint = gallery.findChild<QLabel*>("emptyHint");
    QVERIFY(!hint->isVisible());
    gallery.setSelectedId("b");
    QCOMPARE(gallery.selectedId(), QString("b"));

    QSignalSpy selection(&gallery, &GalleryWidget::selectedIdChanged);
    QTest::keyClicks(gallery.findChild<QLineEdit*>("filter"), "DOG");
    QCOMPARE(gallery.visibleIds(), QStringList({"c", "a"}));
    QVERIFY(gallery.list()->item(1)->isHidden());  // b
    QVERIFY(!gallery.list()->item(0)->isHidden());
    // The selected result is hidden: nothing is selected and the actions are off.
    QCOMPARE(gallery.selectedId(), QString());
    QCOMPARE(selection.count(), 1);
    QCOMPARE(selection.at(0).at(0).toString(), QString());
    QVERIFY(!button(gallery, "deleteButton")->isEnabled());

    gallery.setFilterText("jumps dog");  // every word, in any order
    QCOMPARE(gallery.visibleIds(), QStringList({"a"}));
    gallery.setFilterText("horse");
    QVERIFY(gallery.visibleIds().isEmpty());
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains("filter"));
    gallery.setFilterText("");
    QCOMPARE(gallery.visibleIds(), QStringList({"c", "b", "a"}));
    QCOMPARE(gallery.count(), 3);
    gallery.setEntries({});
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains("No results"));
  }

  void actionsCarryTheSelectedId() {
    GalleryWidget gallery;
    gallery.setConfirmDeletes(false);
    gallery.setEntries({entry("first", "a dog jumps", 1), entry("second", "a cat jumps", 2)});
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    QSignalSpy opens(&gallery, &GalleryWidget::openRequested);
    QSignalSpy reuses(&gallery, &GalleryWidget::reuseRequested);
    QSignalSpy reveals(&gallery, &GalleryWidget::revealRequested);
    QSignalSpy deletes(&gallery, &GalleryWidget::deleteRequested);
    for (const char* name : {"openButton", "reuseButton", "revealButton", "deleteButton"})
      QVERIFY2(!button(gallery, name)->isEnabled(), name);  // nothing selected

    QTest::mouseClick(gallery.list()->viewport(), Qt::LeftButton, {}, rowCentre(gallery, "first"));
    QCOMPARE(gallery.selectedId(), QString("first"));
    QTest::mouseClick(button(gallery, "reuseButton"), Qt::LeftButton);
    QTest::mouseClick(button(gallery, "revealButton"), Qt::LeftButton);
    QTest::mouseClick(button(gallery, "openButton"), Qt::LeftButton);
    QTest::mouseClick(button(gallery, "deleteButton"), Qt::LeftButton);
    QCOMPARE(reuses.count(), 1);
    QCOMPARE(reuses.at(0).at(0).toString(), QString("first"));
    QCOMPARE(reveals.count(), 1);
    QCOMPARE(reveals.at(0).at(0).toString(), QString("first"));
    QCOMPARE(opens.count(), 1);
    QCOMPARE(opens.at(0).at(0).toString(), QString("first"));
    QCOMPARE(deletes.count(), 1);
    QCOMPARE(deletes.at(0).at(0).toString(), QString("first"));
    QCOMPARE(gallery.count(), 2);  // the owner removes entries

    gallery.list()->setFocus();
    QTest::keyClick(gallery.list(), Qt::Key_Delete);
    QCOMPARE(deletes.count(), 2);
    QTest::keyClick(gallery.list(), Qt::Key_Return);
    QCOMPARE(opens.count(), 2);
    QCOMPARE(opens.at(1).at(0).toString(), QString("first"));

    // A double-click as the window system delivers it: press, release, double-click, release.
    const QPoint second = rowCentre(gallery, "second");
    QTest::mouseClick(gallery.list()->viewport(), Qt::LeftButton, {}, second);
    QTest::mouseDClick(gallery.list()->viewport(), Qt::LeftButton, {}, second);
    QTest::mouseRelease(gallery.list()->viewport(), Qt::LeftButton, {}, second);
    QCOMPARE(opens.count(), 3);
    QCOMPARE(opens.at(2).at(0).toString(), QString("second"));
  }

  void deleteAsksFirst() {
    GalleryWidget gallery;
    QVERIFY(gallery.confirmDeletes());
    gallery.setEntries({entry("only", "a dog jumps", 1)});
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    gallery.setSelectedId("only");
    QSignalSpy deletes(&gallery, &GalleryWidget::deleteRequested);
    int asked = 0;
    answerNextMessageBox(this, QMessageBox::No, &asked);
    QTest::mouseClick(button(gallery, "deleteButton"), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QCOMPARE(deletes.count(), 0);
    answerNextMessageBox(this, QMessageBox::Yes, &asked);
    QTest::mouseClick(button(gallery, "deleteButton"), Qt::LeftButton);
    QCOMPARE(asked, 2);
    QCOMPARE(deletes.count(), 1);
    QCOMPARE(deletes.at(0).at(0).toString(), QString("only"));
  }

  void contextMenuOffersTheActions() {
    GalleryWidget gallery;
    gallery.setEntries({entry("x", "a dog jumps", 1), entry("y", "a cat jumps", 2)});
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    QSignalSpy reuses(&gallery, &GalleryWidget::reuseRequested);
    const QStringList entries = openContextMenuAndPick(gallery.list()->viewport(), rowCentre(gallery, "x"), "Reuse settings");
    QCOMPARE(entries, QStringList({"Open+", "Reuse settings+", "Show in folder+", "Delete...+"}));
    QCOMPARE(reuses.count(), 1);
    QCOMPARE(reuses.at(0).at(0).toString(), QString("x"));
    QCOMPARE(gallery.selectedId(), QString("x"));
  }

  void controlsHaveTooltips() {
    GalleryWidget gallery;
    gallery.setEntries({entry("x", "a dog jumps", 1, true)});
    QVERIFY(!gallery.findChild<QLineEdit*>("filter")->toolTip().isEmpty());
    for (const char* name : {"openButton", "reuseButton", "revealButton", "deleteButton"})
      QVERIFY2(!button(gallery, name)->toolTip().isEmpty(), name);
    QVERIFY(!gallery.list()->toolTip().isEmpty());
    QVERIFY(gallery.list()->item(0)->toolTip().contains("a dog jumps"));
  }

  // A picture of the gallery for people to look at (kept as a test artifact).
  void screenshot() {
    GalleryWidget gallery;
    gallery.setEntries({entry("1", "a person doing jumping jacks in a park, cinematic lighting", 1, true),
                        entry("2", "a dog jumps over a fence", 2),
                        entry("3", "a cat stretching on a sofa", 3, true)});
    gallery.setSelectedId("2");
    gallery.resize(520, 420);
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    const QString artifacts = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(artifacts);
    QVERIFY(gallery.grab().save(artifacts + "/gallery.png"));
  }
};

QTEST_MAIN(TestGallery)
#include "test_gallery.moc"
