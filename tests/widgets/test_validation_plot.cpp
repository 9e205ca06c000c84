// The validation.csv reader (validation_csv.h) and ValidationPlot following a file as a trainer writes it.
#include <qcustomplot.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "validation_csv.h"
#include "validation_plot.h"

namespace {

void writeFile(const QString& path, const QByteArray& bytes,
               QIODevice::OpenMode mode = QIODevice::WriteOnly) {
  QFile file(path);
  QVERIFY(file.open(mode));
  QCOMPARE(file.write(bytes), bytes.size());
}

const QByteArray kHeader = "step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain\n";

// Two validations of an adapter run: every split x bucket, with values that tell the columns apart (the
// backbone loss is 0.1 * bucket + step / 1000, the AICL loss 90 % of it, the gain a marker of split and
// bucket).
QByteArray adapterRows(int step) {
  QByteArray rows;
  for (const char* split : {"seen", "held_out"}) {
    for (int bucket = 0; bucket < 4; ++bucket) {
      const double backbone = 0.1 * (bucket + 1) + step / 1000.0;
      const double gain = (split[0] == 'h' ? 0.5 : 0.25) + bucket / 100.0 + step / 100000.0;
      rows += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                  .arg(step)
                  .arg(QString::fromLatin1(split))
                  .arg(bucket * 250)
                  .arg((bucket + 1) * 250)
                  .arg(backbone)
                  .arg(backbone * 0.9)
                  .arg(gain)
                  .toUtf8();
    }
  }
  return rows;
}

}  // namespace

class TestValidationPlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void parsesAnAdapterRun() {
    const ValidationTable table = parseValidationCsv(kHeader + adapterRows(100) + adapterRows(200));
    QVERIFY(table.error.isEmpty());
    QCOMPARE(table.rows.size(), 16);
    QCOMPARE(table.skipped_lines, 0);
    QVERIFY(table.hasReferenceGain());
    const ValidationRow& row = table.rows.at(7);  // step 100, held_out, 750-1000
    QCOMPARE(row.step, 100.0);
    QCOMPARE(row.split, QStringLiteral("held_out"));
    QCOMPARE(row.t_min, 750.0);
    QCOMPARE(row.t_max, 1000.0);
    QCOMPARE(row.loss_backbone, 0.5);
    QCOMPARE(row.loss_aicl, 0.45);
    QCOMPARE(row.reference_gain, 0.531);

    const QVector<ValidationSeries> gain = validationSeries(table, ValidationMetric::ReferenceGain);
    QCOMPARE(gain.size(), 8);
    // held_out first, buckets by t_min.
    for (int i = 0; i < 8; ++i) {
      QCOMPARE(gain[i].split, QString::fromLatin1(i < 4 ? "held_out" : "seen"));
      QCOMPARE(gain[i].t_min, 250.0 * (i % 4));
      QCOMPARE(gain[i].t_max, 250.0 * (i % 4 + 1));
      QCOMPARE(gain[i].steps, (QVector<double>{100, 200}));
    }
    QCOMPARE(gain[3].values, (QVector<double>{0.531, 0.532}));
    QCOMPARE(gain[4].values, (QVector<double>{0.251, 0.252}));
    const QVector<ValidationSeries> loss = validationSeries(table, ValidationMetric::BackboneLoss);
    QCOMPARE(loss.size(), 8);
    QCOMPARE(loss[3].values, (QVector<double>{0.5, 0.6}));
  }

  void parsesABackboneRunWithEmptyAiclFields() {
    const ValidationTable table = parseValidationCsv(kHeader +
                                                     "100,seen,0,250,0.1234,,\n"
                                                     "100,held_out,0,250,0.2,,\n"
                                                     "200,seen,0,250,0.1,,\n"
                                                     "200,held_out,0,250,0.15,,\n");
    QVERIFY(table.error.isEmpty());
    QCOMPARE(table.rows.size(), 4);
    QVERIFY(!table.hasReferenceGain());
    QVERIFY(std::isnan(table.rows[0].loss_aicl));
    QVERIFY(std::isnan(table.rows[0].reference_gain));
    QVERIFY(validationSeries(table, ValidationMetric::ReferenceGain).isEmpty());
    const QVector<ValidationSeries> loss = validationSeries(table, ValidationMetric::BackboneLoss);
    QCOMPARE(loss.size(), 2);
    QCOMPARE(loss[0].split, QStringLiteral("held_out"));
    QCOMPARE(loss[0].values, (QVector<double>{0.2, 0.15}));
    QCOMPARE(loss[1].split, QStringLiteral("seen"));
    QCOMPARE(loss[1].values, (QVector<double>{0.1234, 0.1}));
  }

  void toleratesPartialAndOddLines() {
    // CRLF, columns in another order plus an extra one, a line that does not parse, a step written again (the
    // later row wins), a step out of order, and a last line still being written (it would parse as 0.3).
    const ValidationTable table = parseValidationCsv(
        "split,step,t_max,t_min,reference_gain,loss_backbone,loss_aicl,seconds\r\n"
        "held_out,200,250,0,0.2,1.0,0.8,5\r\n"
        "held_out,100,250,0,0.1,1.0,0.9,5\r\n"
        "held_out,x,250,0,0.1,1.0,0.9,5\r\n"
        "\r\n"
        "held_out,200,250,0,0.25,1.0,0.75,5\r\n"
        "held_out,300,250,0,0.3");
    QVERIFY(table.error.isEmpty());
    QCOMPARE(table.rows.size(), 3);
    QCOMPARE(table.skipped_lines, 1);
    const QVector<ValidationSeries> gain = validationSeries(table, ValidationMetric::ReferenceGain);
    QCOMPARE(gain.size(), 1);
    QCOMPARE(gain[0].steps, (QVector<double>{100, 200}));
    QCOMPARE(gain[0].values, (QVector<double>{0.1, 0.25}));

    // A complete-looking last line without its line end is not used either (its last number may be cut).
    QCOMPARE(parseValidationCsv(kHeader + "100,seen,0,250,0.1234,0.12,0.0276").rows.size(), 0);
    QCOMPARE(parseValidationCsv(kHeader + "100,seen,0,250,0.1234,0.12,0.0276\n").rows.size(), 1);
    QVERIFY(parseValidationCsv("step,split,loss\n1,seen,0.5\n").error.contains("t_min"));
    QVERIFY(parseValidationCsv("").rows.isEmpty());
    QVERIFY(parseValidationCsv("step,spl").error.isEmpty());  // a header being written: nothing yet
  }

  void plotsTheGainOfAnAdapterRun() {
    const QString path = dir_.filePath("adapter.csv");
    writeFile(path, kHeader + adapterRows(100) + adapterRows(200));
    ValidationPlot plot;
    QSignalSpy updated(&plot, &ValidationPlot::updated);
    QVERIFY(plot.loadCsv(path));
    QCOMPARE(updated.count(), 1);
    QCOMPARE(plot.metric(), ValidationMetric::ReferenceGain);
    QCOMPARE(plot.graphCount(), 8);
    QCOMPARE(plot.plot()->graphCount(), 8);
    QCOMPARE(plot.plot()->graph(3)->name(), QStringLiteral("held-out t 750-1000"));
    QCOMPARE(plot.plot()->graph(4)->name(), QStringLiteral("seen t 0-250"));
    QCOMPARE(plot.plot()->graph(3)->pen().style(), Qt::SolidLine);
    QCOMPARE(plot.plot()->graph(7)->pen().style(), Qt::DashLine);
    // The same bucket has the same colour in both splits; buckets differ.
    QCOMPARE(plot.plot()->graph(0)->pen().color(), plot.plot()->graph(4)->pen().color());
    QVERIFY(plot.plot()->graph(0)->pen().color() != plot.plot()->graph(1)->pen().color());
    // The gain column, at step 200.
    QCOMPARE(plot.plot()->graph(3)->dataCount(), 2);
    QCOMPARE(plot.plot()->graph(3)->data()->at(1)->key, 200.0);
    QCOMPARE(plot.plot()->graph(3)->data()->at(1)->value, 0.532);
    QCOMPARE(plot.plot()->legend->itemCount(), 8);
    QVERIFY(plot.plot()->yAxis->label().contains("gain"));
    QVERIFY2(plot.statusText().contains("step 200: mean gain held-out 0.5170, seen 0.2670"),
             qPrintable(plot.statusText()));

    QVERIFY(!plot.loadCsv(dir_.filePath("missing.csv")));
    QCOMPARE(plot.graphCount(), 8);  // unchanged
    QVERIFY(plot.lastError().contains("missing.csv"));
  }

  void plotsTheBackboneLossOfABackboneRun() {
    const QString path = dir_.filePath("backbone.csv");
    writeFile(path, kHeader +
                        "100,seen,0,250,0.1234,,\n100,seen,250,500,0.3,,\n"
                        "100,held_out,0,250,0.2,,\n100,held_out,250,500,0.4,,\n"
                        "200,seen,0,250,0.1,,\n200,seen,250,500,0.25,,\n"
                        "200,held_out,0,250,0.15,,\n200,held_out,250,500,0.35,,\n");
    ValidationPlot plot;
    QVERIFY(plot.loadCsv(path));
    QCOMPARE(plot.metric(), ValidationMetric::BackboneLoss);
    QCOMPARE(plot.graphCount(), 4);
    QCOMPARE(plot.plot()->graph(1)->name(), QStringLiteral("held-out t 250-500"));
    QCOMPARE(plot.plot()->graph(2)->name(), QStringLiteral("seen t 0-250"));
    QCOMPARE(plot.plot()->graph(1)->data()->at(0)->value, 0.4);
    QCOMPARE(plot.plot()->graph(2)->data()->at(0)->value, 0.1234);
    QCOMPARE(plot.plot()->graph(2)->data()->at(1)->value, 0.1);
    QVERIFY(plot.plot()->yAxis->label().contains("loss"));
    QVERIFY2(plot.statusText().contains("step 200: mean loss held-out 0.2500"),
             qPrintable(plot.statusText()));
  }

  void followsAFileAsTheTrainerWritesIt() {
    const QString path = dir_.filePath("validation.csv");
    QFile::remove(path);
    ValidationPlot plot;
    QSignalSpy updated(&plot, &ValidationPlot::updated);
    plot.followCsv(path, 20);  // not written yet
    QVERIFY(plot.isFollowing());
    QCOMPARE(plot.followedPath(), path);
    QCOMPARE(plot.graphCount(), 0);
    QTest::qWait(60);
    QCOMPARE(plot.graphCount(), 0);

    writeFile(path, kHeader + adapterRows(100));
    QTRY_COMPARE(plot.graphCount(), 8);
    QCOMPARE(plot.series()[0].steps, QVector<double>{100});

    // A row being written is ignored until its line end arrives.
    writeFile(path, "200,held_out,0,250,0.3,0.2,0.3", QIODevice::Append);
    QTest::qWait(100);
    QCOMPARE(plot.series()[0].steps, QVector<double>{100});
    writeFile(path, "33\n", QIODevice::Append);
    QTRY_COMPARE(plot.series()[0].steps, (QVector<double>{100, 200}));
    QCOMPARE(plot.series()[0].values.back(), 0.333);
    QCOMPARE(plot.plot()->graph(0)->dataCount(), 2);
    QCOMPARE(plot.plot()->graph(1)->dataCount(), 1);  // the other buckets have no step 200 yet

    // A resumed run rewrites the file without the rows after its resume step.
    writeFile(path, kHeader + adapterRows(100));
    QTRY_COMPARE(plot.series()[0].steps, QVector<double>{100});
    QCOMPARE(plot.graphCount(), 8);
    QVERIFY(updated.count() >= 3);

    plot.stopFollowing();
    QVERIFY(!plot.isFollowing());
    writeFile(path, adapterRows(300), QIODevice::Append);
    QTest::qWait(100);
    QCOMPARE(plot.series()[0].steps, QVector<double>{100});
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestValidationPlot)
#include "test_validation_plot.moc"
