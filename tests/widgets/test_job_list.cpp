#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

#include "context_menu.h"
#include "job_list.h"

namespace {
QPoint rowCentre(JobListWidget& list, int id) {
  QTreeWidget* tree = list.tree();
  for (int i = 0; i < tree->topLevelItemCount(); ++i) {
    QTreeWidgetItem* row = tree->topLevelItem(i);
    if (row->text(JobListWidget::IdColumn).startsWith(QString("#%1 ").arg(id)))
      return QPoint(20, tree->visualItemRect(row).center().y());  // on the job's title
  }
  return {-1, -1};
}
}  // namespace

class TestJobList : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rowsShowStateProgressAndErrors() {
    JobListWidget list;
    QVERIFY(list.addJob(1, "baseline, seed 7"));
    QVERIFY(list.addJob(2, "AICL, seed 7"));
    QVERIFY(!list.addJob(1, "again"));
    QCOMPARE(list.count(), 2);
    QCOMPARE(list.state(1), JobState::Queued);
    QCOMPARE(list.cellText(1, JobListWidget::StateColumn), QString("Queued"));

    list.setState(1, JobState::Running);
    list.setProgress(1, 5, 20, 75.4);
    QCOMPARE(list.state(1), JobState::Running);
    QCOMPARE(list.cellText(1, JobListWidget::ProgressColumn), QString("5 / 20"));
    QCOMPARE(list.cellText(1, JobListWidget::EtaColumn), QString("1:15"));

    list.setState(2, JobState::Failed, "CUDA out of memory");
    QCOMPARE(list.state(2), JobState::Failed);
    QCOMPARE(list.cellText(2, JobListWidget::MessageColumn), QString("CUDA out of memory"));
    QVERIFY(list.tree()->topLevelItem(1)->toolTip(0).contains("CUDA out of memory"));

    list.setState(1, JobState::Done);
    QCOMPARE(list.cellText(1, JobListWidget::ProgressColumn), QString("20 / 20"));
    QVERIFY(list.cellText(1, JobListWidget::EtaColumn).isEmpty());

    list.setState(99, JobState::Done);  // unknown: ignored
    QCOMPARE(list.count(), 2);
    QVERIFY(list.removeJob(2));
    QVERIFY(!list.removeJob(2));
    QCOMPARE(list.count(), 1);
  }

  void progressColumnDrawsABar() {
    JobListWidget list;
    list.addJob(1, "job");
    list.setState(1, JobState::Running);
    list.resize(700, 200);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QTreeWidget* tree = list.tree();
    tree->setColumnWidth(JobListWidget::ProgressColumn, 300);  // the centred text stays clear of the probes
    const QRect cell = tree->visualRect(tree->model()->index(0, JobListWidget::ProgressColumn));
    QVERIFY(cell.width() > 20);
    auto shot = [&] { return tree->viewport()->grab(cell).toImage(); };
    list.setProgress(1, 5, 20, 10);
    const QImage quarter = shot();
    list.setProgress(1, 15, 20, 3);
    const QImage three_quarters = shot();
    QVERIFY(quarter != three_quarters);
    // The bar's right part differs between 25 % and 75 % (the 75 % bar reaches it), its left part does not.
    const int y = cell.height() / 2;
    QCOMPARE(quarter.pixel(6, y), three_quarters.pixel(6, y));
    QVERIFY(quarter.pixel(cell.width() * 2 / 3, y) != three_quarters.pixel(cell.width() * 2 / 3, y));
  }

  void etaFormatting() {
    QCOMPARE(JobListWidget::formatEta(45), QString("45 s"));
    QCOMPARE(JobListWidget::formatEta(187), QString("3:07"));
    QCOMPARE(JobListWidget::formatEta(3723), QString("1:02:03"));
    QVERIFY(JobListWidget::formatEta(-1).isEmpty());
    QVERIFY(JobListWidget::formatEta(std::nan("")).isEmpty());
  }

  void buttonsFollowTheSelectedJob() {
    JobListWidget list;
    list.addJob(1, "first");
    list.addJob(2, "second");
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    auto* cancel = list.findChild<QPushButton*>("cancelButton");
    auto* remove = list.findChild<QPushButton*>("removeButton");
    QVERIFY(cancel && remove);
    QVERIFY(!cancel->isEnabled());  // nothing selected
    QCOMPARE(list.selectedJobId(), -1);

    QSignalSpy selected(&list, &JobListWidget::selectedJobChanged);
    QSignalSpy cancels(&list, &JobListWidget::cancelRequested);
    QSignalSpy removes(&list, &JobListWidget::removeRequested);
    QTest::mouseClick(list.tree()->viewport(), Qt::LeftButton, {}, rowCentre(list, 2));
    QCOMPARE(list.selectedJobId(), 2);
    QCOMPARE(selected.count(), 1);
    QVERIFY(cancel->isEnabled());
    QVERIFY(!remove->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(cancels.count(), 1);
    QCOMPARE(cancels.at(0).at(0).toInt(), 2);
    QCOMPARE(removes.count(), 0);

    // Once it stopped, the job can be removed, not cancelled.
    list.setState(2, JobState::Cancelled);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(removes.count(), 1);
    QCOMPARE(removes.at(0).at(0).toInt(), 2);
    list.tree()->setFocus();
    QTest::keyClick(list.tree(), Qt::Key_Delete);
    QCOMPARE(removes.count(), 2);
    QCOMPARE(list.count(), 2);  // the owner removes rows
    QCOMPARE(cancels.count(), 1);
  }

  void doubleClickActivatesDoneJobsOnly() {
    JobListWidget list;
    list.addJob(1, "done");
    list.addJob(2, "running");
    list.setState(1, JobState::Done);
    list.setState(2, JobState::Running);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QSignalSpy activated(&list, &JobListWidget::jobActivated);
    QSignalSpy double_clicks(list.tree(), &QTreeWidget::itemDoubleClicked);
    // A double-click as the window system delivers it: press, release, double-click, release.
    auto doubleClick = [&](int id) {
      QTest::mouseClick(list.tree()->viewport(), Qt::LeftButton, {}, rowCentre(list, id));
      QTest::mouseDClick(list.tree()->viewport(), Qt::LeftButton, {}, rowCentre(list, id));
      QTest::mouseRelease(list.tree()->viewport(), Qt::LeftButton, {}, rowCentre(list, id));
    };
    doubleClick(2);
    QCOMPARE(double_clicks.count(), 1);  // the row got it, but a running job has nothing to show
    QCOMPARE(activated.count(), 0);
    doubleClick(1);
    QCOMPARE(double_clicks.count(), 2);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), 1);
  }

  void contextMenuCancels() {
    JobListWidget list;
    list.addJob(4, "queued");
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QSignalSpy cancels(&list, &JobListWidget::cancelRequested);
    const QStringList entries = openContextMenuAndPick(list.tree()->viewport(), rowCentre(list, 4), "Cancel");
    QCOMPARE(entries, QStringList({"Show result-", "Cancel+", "Remove-"}));
    QCOMPARE(cancels.count(), 1);
    QCOMPARE(cancels.at(0).at(0).toInt(), 4);
    QCOMPARE(list.selectedJobId(), 4);
  }
};

QTEST_MAIN(TestJobList)
#include "test_job_list.moc"
