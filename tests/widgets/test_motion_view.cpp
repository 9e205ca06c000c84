// The motion view: a synthetic clip moving right, measured by the optical flow, gives a rightward trail over
// the player and a motion plot under each clip of the comparison.
#include <QToolButton>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

#include "aicl/dense_motion.h"
#include "comparison_view.h"
#include "frame_image.h"
#include "motion_plot.h"
#include "motion_trail_overlay.h"
#include "video_player.h"

namespace {

const QSize kFrameSize(64, 48);

// A light square on a dark background moving `step` pixels right per frame.
QVector<QImage> squareMovingRight(int frames, int step = 2) {
  QVector<QImage> clip;
  for (int i = 0; i < frames; ++i) {
    QImage frame(kFrameSize, QImage::Format_RGB32);
    frame.fill(QColor(20, 20, 30));
    for (int y = 18; y < 30; ++y)
      for (int x = 8 + step * i; x < 20 + step * i; ++x) frame.setPixel(x, y, qRgb(230, 230, 230));
    clip << frame;
  }
  return clip;
}

VideoMotion measure(const QVector<QImage>& clip) {
  return toVideoMotion(aicl::denseMotion(toFrames(clip), aicl::defaultDenseMotionOptions()), "synthetic");
}

bool isTrailColour(QRgb pixel) { return qRed(pixel) > 200 && qGreen(pixel) > 160 && qBlue(pixel) < 90; }

// Trail-coloured pixels of `shot` in the rows around `y`, between x0 and x1.
int trailPixels(const QImage& shot, double x0, double x1, double y) {
  int count = 0;
  for (int row = static_cast<int>(y) - 3; row <= static_cast<int>(y) + 3; ++row)
    for (int x = static_cast<int>(x0); x <= static_cast<int>(x1); ++x)
      if (shot.rect().contains(x, row) && isTrailColour(shot.pixel(x, row))) ++count;
  return count;
}

}  // namespace

class TestMotionView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void clipMovingRightGivesRightwardTrail() {
    const QVector<QImage> clip = squareMovingRight(12);
    const VideoMotion motion = measure(clip);
    QCOMPARE(motion.trail.size(), 12);
    QCOMPARE(motion.frame_size, kFrameSize);
    for (int i = 0; i < motion.speed.size(); ++i) {
      QVERIFY2(std::abs(motion.flow[i].x() - 2.0) < 0.4, qPrintable(QString::number(motion.flow[i].x())));
      QVERIFY(std::abs(motion.flow[i].y()) < 0.3);
      QVERIFY(std::abs(motion.direction[i]) < 10.0);
    }

    VideoPlayer player;
    player.resize(420, 360);
    player.setZoom(FrameView::Zoom4x);
    player.setClip(clip, 8);
    QVERIFY(!player.motionTrailButton()->isEnabled());
    player.setMotion(motion);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    QVERIFY(player.motionTrailButton()->isEnabled());
    QVERIFY(player.motionTrailVisible());
    player.setFrame(11);
    QCOMPARE(player.motionTrail()->currentFrame(), 11);

    // What the overlay holds and where it draws it: the trail runs right, about 22 frame pixels.
    const QPointF start = player.motionTrail()->mapToView(motion.trail.first());
    const QPointF end = player.motionTrail()->mapToView(motion.trail.last());
    QVERIFY(motion.trail.last().x() - motion.trail.first().x() > 18.0);
    QVERIFY(std::abs(motion.trail.last().y() - motion.trail.first().y()) < 2.0);
    QVERIFY(end.x() - start.x() > 4 * 18.0);
    QVERIFY(player.view()->displayRect().contains(start.toPoint()));

    // The rendered view: trail-coloured pixels along the path, none once the toggle is off.
    QImage shot = player.view()->grab().toImage();
    shot = shot.scaled(player.view()->size());  // device-pixel-ratio independent coordinates
    const int along = trailPixels(shot, start.x() + 6, end.x() - 6, start.y());
    QVERIFY2(along > 40, qPrintable(QString::number(along)));
    QCOMPARE(trailPixels(shot, start.x() - 60, start.x() - 20, start.y() - 30), 0);
    player.motionTrailButton()->click();
    QVERIFY(!player.motionTrailVisible());
    shot = player.view()->grab().toImage().scaled(player.view()->size());
    QCOMPARE(trailPixels(shot, start.x() + 6, end.x() - 6, start.y()), 0);

    // A new clip drops the trail of the previous one.
    player.setClip(clip, 8);
    QVERIFY(player.motion().isEmpty());
    QVERIFY(!player.motionTrailButton()->isEnabled());
  }

  void comparisonShowsMotionPlotsUnderEachClip() {
    const QVector<QImage> moving = squareMovingRight(10);
    const QVector<QImage> still = squareMovingRight(10, 0);
    ComparisonView view;
    view.resize(700, 500);
    view.setClips(still, moving, 8, "Baseline", "AICL");
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.motionPlotsVisible());

    const VideoMotion reference = measure(squareMovingRight(10, 3));
    view.setReferenceMotions({reference});
    view.setMotion(1, measure(moving));
    QVERIFY(view.motionPlotsVisible());
    MotionPlot* aicl = view.motionPlot(1);
    QCOMPARE(aicl->referenceCount(), 1);
    QCOMPARE(aicl->motion().speed.size(), 9);
    QVERIFY(aicl->motion().speed.first() > 1.5);
    // Graphs: the reference's speed, the clip's speed, its direction.
    QCOMPARE(aicl->plot()->graphCount(), 3);
    QCOMPARE(aicl->plot()->graph(1)->data()->size(), 9);

    view.setMotion(0, measure(still));
    MotionPlot* baseline = view.motionPlot(0);
    for (double speed : baseline->motion().speed) QCOMPARE(speed, 0.0);
    for (double direction : baseline->motion().direction) QVERIFY(std::isnan(direction));
    // Both plots share one speed axis, set by the fastest motion (the 3 px/frame reference).
    QCOMPARE(baseline->plot()->yAxis->range().upper, aicl->plot()->yAxis->range().upper);
    QVERIFY(aicl->plot()->yAxis->range().upper > 3.0);

    view.setFrame(4);
    view.setClips(still, moving, 8, "Baseline", "AICL");
    QVERIFY(!view.motionPlotsVisible());
    QVERIFY(view.motionPlot(1)->motion().isEmpty());
    QCOMPARE(view.motionPlot(1)->referenceCount(), 1);
  }
};

QTEST_MAIN(TestMotionView)
#include "test_motion_view.moc"
