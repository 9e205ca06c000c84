#include <qcustomplot.h>

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "loss_plot.h"

namespace {
void writeFile(const QString& path, const QByteArray& bytes,
               QIODevice::OpenMode mode = QIODevice::WriteOnly) {
  QFile file(path);
  QVERIFY(file.open(mode));
  QCOMPARE(file.write(bytes), bytes.size());
}
}  // namespace

class TestLossPlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void seriesAndMovingAverage() {
    LossPlot plot;
    QSignalSpy updated(&plot, &LossPlot::updated);
    plot.setSmoothing(0.5);
    plot.setSeries({0, 1, 2}, {1.0, 0.0, 0.0});
    QCOMPARE(updated.count(), 1);
    QCOMPARE(updated.at(0).at(0).toInt(), 3);
    QCOMPARE(plot.smoothedLosses(), QVector<double>({1.0, 0.5, 0.25}));
    // Not finite values are left out; the average continues from where it stopped.
    plot.appendPoints({3, 4}, {std::nan(""), 0.0});
    QCOMPARE(plot.pointCount(), 4);
    QCOMPARE(updated.count(), 2);
    QCOMPARE(updated.at(1).at(0).toInt(), 4);
    QCOMPARE(plot.smoothedLosses().back(), 0.125);
    QCOMPARE(plot.plot()->graph(0)->dataCount(), 4);
    QCOMPARE(plot.plot()->graph(1)->dataCount(), 4);
    QCOMPARE(plot.plot()->graph(1)->data()->at(3)->value, 0.125);
    plot.clear();
    QCOMPARE(plot.pointCount(), 0);
    QCOMPARE(updated.last().at(0).toInt(), 0);
  }

  void smoothingSpinBoxRecomputesTheAverage() {
    LossPlot plot;
    plot.setSeries({0, 1, 2}, {1.0, 0.0, 0.0});
    auto* box = plot.findChild<QDoubleSpinBox*>("smoothingBox");
    QVERIFY(box);
    QCOMPARE(box->value(), 0.9);
    QCOMPARE(plot.smoothedLosses()[1], 0.9);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Down);  // 0.9 - 0.05
    QCOMPARE(plot.smoothing(), 0.85);
    QVERIFY(std::abs(plot.smoothedLosses()[1] - 0.85) < 1e-12);
    QVERIFY(plot.plot()->graph(1)->name().contains("0.850"));
  }

  void logScaleCheckBox() {
    LossPlot plot;
    plot.setSeries({1, 2, 3}, {10.0, 1.0, 0.1});
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    auto* box = plot.findChild<QCheckBox*>("logScaleBox");
    QVERIFY(box);
    QVERIFY(!plot.logScale());
    QTest::mouseClick(box, Qt::LeftButton);
    QVERIFY(plot.logScale());
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(plot.plot()->yAxis->range().lower > 0);
    QTest::mouseClick(box, Qt::LeftButton);
    QVERIFY(!plot.logScale());
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLinear);
  }

  void loadsTheStepAndLossColumns() {
    const QString path = dir_.filePath("train.csv");
    // Extra columns, a line that does not parse, CRLF line ends and a partly written last line.
    writeFile(path,
              "epoch,step,loss,lr\r\n0,10,2.0,1e-4\r\n0,20,1.5,1e-4\r\nnot,a,number,row\r\n\r\n0,30,1.0,1e-"
              "4\r\n0,40,0.");
    LossPlot plot;
    QSignalSpy updated(&plot, &LossPlot::updated);
    QVERIFY(plot.loadCsv(path));
    QCOMPARE(plot.steps(), QVector<double>({10, 20, 30}));
    QCOMPARE(plot.losses(), QVector<double>({2.0, 1.5, 1.0}));
    QCOMPARE(updated.count(), 1);
    QVERIFY(plot.lastError().isEmpty());

    // A complete last line without a line end counts.
    writeFile(path, "loss;step\n0.5;1\n0.25;2");
    QVERIFY(plot.loadCsv(path));
    QCOMPARE(plot.steps(), QVector<double>({1, 2}));
    QCOMPARE(plot.losses(), QVector<double>({0.5, 0.25}));

    writeFile(path, "step,value\n1,2\n");
    QVERIFY(!plot.loadCsv(path));
    QVERIFY(plot.lastError().contains("loss"));
    QCOMPARE(plot.pointCount(), 2);  // unchanged
    QVERIFY(!plot.loadCsv(dir_.filePath("missing.csv")));
  }

  void followsAGrowingFile() {
    const QString path = dir_.filePath("growing.csv");
    QFile::remove(path);
    LossPlot plot;
    QSignalSpy updated(&plot, &LossPlot::updated);
    plot.followCsv(path, 20);  // not written yet
    QVERIFY(plot.isFollowing());
    QCOMPARE(plot.pointCount(), 0);

    writeFile(path, "step,loss,lr\n1,1.0,0.1\n2,0.9,0.1\n3,0.8");
    QTRY_COMPARE(plot.pointCount(), 2);
    QTest::qWait(80);
    QCOMPARE(plot.pointCount(), 2);  // the unterminated line waits for its end
    writeFile(path, ",0.1\n4,0.7,0.", QIODevice::Append);
    QTRY_COMPARE(plot.pointCount(), 3);
    QCOMPARE(plot.losses().back(), 0.8);
    writeFile(path, "1\n", QIODevice::Append);
    QTRY_COMPARE(plot.pointCount(), 4);
    QCOMPARE(plot.steps(), QVector<double>({1, 2, 3, 4}));
    QCOMPARE(plot.losses(), QVector<double>({1.0, 0.9, 0.8, 0.7}));
    QVERIFY(updated.count() >= 3);
    QCOMPARE(updated.last().at(0).toInt(), 4);

    // The trainer starts over: a shorter file is read from its start.
    writeFile(path, "step,loss\n1,5.0\n");
    QTRY_COMPARE(plot.pointCount(), 1);
    QCOMPARE(plot.losses().back(), 5.0);
    writeFile(path, "2,4.0\n", QIODevice::Append);
    QTRY_COMPARE(plot.pointCount(), 2);

    plot.stopFollowing();
    QVERIFY(!plot.isFollowing());
    writeFile(path, "3,3.0\n", QIODevice::Append);
    QTest::qWait(80);
    QCOMPARE(plot.pointCount(), 2);
  }

  void exportsPngAndPdf() {
    LossPlot plot;
    plot.setSeries({0, 1, 2, 3}, {1.0, 0.7, 0.6, 0.55});
    const QString png = dir_.filePath("loss.png"), pdf = dir_.filePath("loss.pdf");
    QVERIFY(plot.exportPng(png, 400, 300));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(400, 300));
    QVERIFY(plot.exportPdf(pdf));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(4), QByteArray("%PDF"));
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestLossPlot)
#include "test_loss_plot.moc"
