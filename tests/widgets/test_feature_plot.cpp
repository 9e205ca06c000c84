#include <qcustomplot.h>

#include <QtTest>

#include "feature_plot.h"

class TestFeaturePlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void drawsOneCurvePerTrajectory() {
    FeaturePlot plot;
    QVector<FeatureTrajectory> trajectories(3);
    for (int t = 0; t < 3; ++t) {
      trajectories[t].name = QString("video %1").arg(t);
      trajectories[t].color = QColor::fromHsv(t * 100, 200, 200);
      for (int f = 0; f < 16; ++f) trajectories[t].points << QPointF(f * 0.1 + t, std::sin(f * 0.4));
    }
    plot.setTrajectories(trajectories, 0.61, 0.22);
    QCOMPARE(plot.trajectoryCount(), 3);
    QVERIFY(plot.plot()->xAxis->label().contains("61.0%"));
    auto* curve = qobject_cast<QCPCurve*>(plot.plot()->plottable(1));
    QVERIFY(curve);
    QCOMPARE(curve->data()->size(), 16);
    plot.showEmpty("nothing");
    QCOMPARE(plot.trajectoryCount(), 0);
  }
};

QTEST_MAIN(TestFeaturePlot)
#include "test_feature_plot.moc"
