#include <qcustomplot.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "feature_plot.h"

namespace {
QVector<FeaturePlot::Trajectory> sampleTrajectories(int count, int frames) {
  QVector<FeaturePlot::Trajectory> trajectories(count);
  for (int t = 0; t < count; ++t) {
    trajectories[t].label = QString("video %1").arg(t);
    trajectories[t].colour = QColor::fromHsv(t * 100, 200, 200);
    trajectories[t].generated = t == count - 1;
    for (int f = 0; f < frames; ++f)
      trajectories[t].points << QPointF(f * 0.1 + t, std::sin(f * 0.4) + 3 * t);
  }
  return trajectories;
}

template <typename Item>
QList<Item*> itemsOf(QCustomPlot* plot) {
  QList<Item*> items;
  for (int i = 0; i < plot->itemCount(); ++i)
    if (auto* item = qobject_cast<Item*>(plot->item(i))) items << item;
  return items;
}
}  // namespace

class TestFeaturePlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void drawsOneCurvePerTrajectory() {
    FeaturePlot plot;
    plot.setTrajectories(sampleTrajectories(3, 16), 0.61, 0.22);
    QCOMPARE(plot.trajectoryCount(), 3);
    QCOMPARE(plot.plot()->plottableCount(), 3);
    QCOMPARE(plot.plot()->xAxis->label(), QString("PC1 (61.0 %)"));
    QCOMPARE(plot.plot()->yAxis->label(), QString("PC2 (22.0 %)"));
    auto* curve = qobject_cast<QCPCurve*>(plot.plot()->plottable(1));
    QVERIFY(curve);
    QCOMPARE(curve->data()->size(), 16);
    QCOMPARE(curve->data()->at(5)->value, std::sin(5 * 0.4) + 3);  // in frame order
    plot.showEmpty("nothing");
    QCOMPARE(plot.trajectoryCount(), 0);
    QCOMPARE(plot.plot()->plottableCount(), 0);
    QCOMPARE(plot.plot()->itemCount(), 0);
  }

  void explainedVarianceLabels() {
    FeaturePlot plot;
    QCOMPARE(plot.plot()->xAxis->label(), QString("PC1"));
    plot.setExplainedVariance(0.421, 0.1);
    QCOMPARE(plot.plot()->xAxis->label(), QString("PC1 (42.1 %)"));
    QCOMPARE(plot.plot()->yAxis->label(), QString("PC2 (10.0 %)"));
    plot.setTrajectories(sampleTrajectories(1, 4));  // keeps the variance
    QCOMPARE(plot.plot()->xAxis->label(), QString("PC1 (42.1 %)"));
    plot.setExplainedVariance(-1, -1);
    QCOMPARE(plot.plot()->yAxis->label(), QString("PC2"));
  }

  void frameOrderAndGeneratedVideosAreVisible() {
    FeaturePlot plot;
    const int frames = 6;
    plot.setTrajectories(sampleTrajectories(2, frames));
    auto* reference = qobject_cast<QCPCurve*>(plot.plot()->plottable(0));
    auto* generated = qobject_cast<QCPCurve*>(plot.plot()->plottable(1));
    QVERIFY(reference && generated);
    QCOMPARE(reference->pen().style(), Qt::SolidLine);
    QCOMPARE(generated->pen().style(), Qt::DashLine);
    QVERIFY(generated->name().contains("generated"));

    // Per trajectory: a marker for every frame but the last (the first a square, then growing circles) and an
    // arrow head ending on the last frame.
    const QList<QCPItemTracer*> markers = itemsOf<QCPItemTracer>(plot.plot());
    const QList<QCPItemLine*> arrows = itemsOf<QCPItemLine>(plot.plot());
    QCOMPARE(markers.size(), 2 * (frames - 1));
    QCOMPARE(arrows.size(), 2);
    QCOMPARE(markers[0]->style(), QCPItemTracer::tsSquare);
    QCOMPARE(markers[0]->position->coords(), plot.trajectories()[0].points[0]);
    for (int f = 2; f < frames - 1; ++f) {
      QCOMPARE(markers[f]->style(), QCPItemTracer::tsCircle);
      QVERIFY(markers[f]->size() > markers[f - 1]->size());
    }
    QCOMPARE(arrows[0]->end->coords(), plot.trajectories()[0].points[frames - 1]);
    QCOMPARE(arrows[0]->head().style(), QCPLineEnding::esSpikeArrow);
  }

  void hoverNamesTheVideoAndFrame() {
    FeaturePlot plot;
    plot.resize(600, 450);
    plot.setTrajectories(sampleTrajectories(2, 8), 0.5, 0.2);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.plot()->replot();
    QSignalSpy hovered(&plot, &FeaturePlot::pointHovered);
    const QPointF point = plot.trajectories()[1].points[3];
    const QPoint pixel(qRound(plot.plot()->xAxis->coordToPixel(point.x())),
                       qRound(plot.plot()->yAxis->coordToPixel(point.y())));
    // The move events go straight to the plot and each result is read before the event loop runs again: the window
    // system's own enter/leave and motion events carry the real pointer, which a loaded machine delivers late.
    auto moveTo = [&](const QPoint& target) {
      QMouseEvent move(QEvent::MouseMove, QPointF(target), QPointF(plot.plot()->mapToGlobal(target)), Qt::NoButton,
                       Qt::NoButton, Qt::NoModifier);
      QApplication::sendEvent(plot.plot(), &move);
    };
    moveTo(pixel + QPoint(2, -1));
    QVERIFY(!hovered.isEmpty());
    QCOMPARE(hovered.last().at(0).toInt(), 1);
    QCOMPARE(hovered.last().at(1).toInt(), 3);
    QCOMPARE(plot.hoverText(), QString("video 1, frame 4 of 8 (generated)"));
    // Far from every point: nothing.
    moveTo(QPoint(2, 2));
    QCOMPARE(hovered.last().at(0).toInt(), -1);
    QVERIFY(plot.hoverText().isEmpty());
  }

  void wheelZoomsAndDragPans() {
    FeaturePlot plot;
    plot.resize(600, 450);
    plot.setTrajectories(sampleTrajectories(2, 8));
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.plot()->replot();
    QCustomPlot* qcp = plot.plot();
    const QPoint centre = qcp->axisRect()->rect().center();
    const double width_before = qcp->xAxis->range().size();
    QWheelEvent wheel(centre, qcp->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(qcp, &wheel);
    QVERIFY(qcp->xAxis->range().size() < width_before);  // zoomed in

    const double lower_before = qcp->xAxis->range().lower;
    QTest::mousePress(qcp, Qt::LeftButton, {}, centre);
    QTest::mouseMove(qcp, centre + QPoint(60, 0));
    QTest::mouseRelease(qcp, Qt::LeftButton, {}, centre + QPoint(60, 0));
    QVERIFY(qcp->xAxis->range().lower < lower_before);  // dragged right: the view moves left
  }

  void exportsPngAndPdf() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FeaturePlot plot;
    plot.setTrajectories(sampleTrajectories(2, 5), 0.4, 0.3);
    QVERIFY(plot.exportPng(dir.filePath("features.png"), 500, 400));
    QCOMPARE(QImage(dir.filePath("features.png")).size(), QSize(500, 400));
    QVERIFY(plot.exportPdf(dir.filePath("features.pdf")));
    QFile pdf(dir.filePath("features.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(4), QByteArray("%PDF"));
  }
};

QTEST_MAIN(TestFeaturePlot)
#include "test_feature_plot.moc"
