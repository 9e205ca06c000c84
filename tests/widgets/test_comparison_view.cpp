#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QToolButton>
#include <QtTest>

#include "comparison_view.h"
#include "transport_bar.h"

namespace {
// Frame i of clip `base` is a flat colour: red = base, green = 20 * i.
QVector<QImage> flatClip(int frames, int base, QSize size = {8, 8}) {
  QVector<QImage> clip;
  for (int i = 0; i < frames; ++i) {
    QImage frame(size, QImage::Format_RGB32);
    frame.fill(QColor(base, 20 * i, 0));
    clip << frame;
  }
  return clip;
}
constexpr int kA = 50;
constexpr int kB = 200;

QRgb colour(int base, int frame) { return qRgb(base, 20 * frame, 0); }
}  // namespace

class TestComparisonView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sideBySideShowsBothClipsOnOneTimeline() {
    ComparisonView view;
    const QVector<QImage> a = flatClip(4, kA), b = flatClip(4, kB);
    view.setClips(a, b, 10, "baseline", "AICL");
    QCOMPARE(view.clipCount(), 2);
    QCOMPARE(view.frameCount(), 4);
    QCOMPARE(view.mode(), ComparisonView::SideBySide);
    QVERIFY(view.notice().isEmpty());
    QImage shown = view.currentImage();
    QCOMPARE(shown.size(), QSize(16, 8));
    QCOMPARE(shown.pixel(0, 0), colour(kA, 0));
    QCOMPARE(shown.pixel(15, 7), colour(kB, 0));

    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy frames(&view, &ComparisonView::frameChanged);
    QTest::mouseClick(view.findChild<QToolButton*>("stepForwardButton"), Qt::LeftButton);
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.currentFrame(), 2);
    QCOMPARE(frames.count(), 2);
    QCOMPARE(view.sideView(0)->image(), a[2]);
    QCOMPARE(view.sideView(1)->image(), b[2]);
    shown = view.currentImage();
    QCOMPARE(shown.pixel(7, 0), colour(kA, 2));
    QCOMPARE(shown.pixel(8, 0), colour(kB, 2));
    QVERIFY(view.findChild<QLabel*>("notice")->isHidden());
  }

  void splitModeComposesAndTheDividerDrags() {
    ComparisonView view;
    view.setClips(flatClip(3, kA), flatClip(3, kB), 10, "baseline", "AICL");
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy modes(&view, &ComparisonView::modeChanged);
    QSignalSpy positions(&view, &ComparisonView::splitPositionChanged);
    QTest::mouseClick(view.findChild<QToolButton*>("splitButton"), Qt::LeftButton);
    QCOMPARE(view.mode(), ComparisonView::Split);
    QCOMPARE(modes.count(), 1);
    QImage shown = view.currentImage();
    QCOMPARE(shown.size(), QSize(8, 8));
    QCOMPARE(shown.pixel(3, 4), colour(kA, 0));  // split at 0.5: columns 0..3 from A, 4..7 from B
    QCOMPARE(shown.pixel(4, 4), colour(kB, 0));
    QVERIFY(view.splitView()->dividerVisible());

    // Drag the divider from a quarter to three quarters of the frame.
    FrameView* split = view.splitView();
    QTRY_VERIFY(split->displayRect().width() >= 8);
    const QRect rect = split->displayRect();
    const int y = rect.center().y();
    QTest::mousePress(split, Qt::LeftButton, {}, QPoint(rect.left() + rect.width() / 4, y));
    QVERIFY(std::abs(view.splitPosition() - 0.25) < 0.02);
    QTest::mouseMove(split, QPoint(rect.left() + rect.width() * 3 / 4, y));
    QTest::mouseRelease(split, Qt::LeftButton, {}, QPoint(rect.left() + rect.width() * 3 / 4, y));
    QVERIFY2(std::abs(view.splitPosition() - 0.75) < 0.02, qPrintable(QString::number(view.splitPosition())));
    QVERIFY(positions.count() >= 2);
    QCOMPARE(view.findChild<QSlider*>("splitSlider")->value(), qRound(view.splitPosition() * 1000));
    shown = view.currentImage();
    QCOMPARE(shown.pixel(5, 4), colour(kA, 0));  // split at 6 of 8 columns
    QCOMPARE(shown.pixel(6, 4), colour(kB, 0));
    QCOMPARE(split->image(), shown);

    // The slider moves the divider too.
    auto* slider = view.findChild<QSlider*>("splitSlider");
    QTest::keyClick(slider, Qt::Key_Home);
    QCOMPARE(view.splitPosition(), 0.0);
    QCOMPARE(view.currentImage().pixel(0, 0), colour(kB, 0));  // all B

    // Both halves follow the shared timeline.
    view.setFrame(2);
    view.setSplitPosition(0.5);
    shown = view.currentImage();
    QCOMPARE(shown.pixel(0, 0), colour(kA, 2));
    QCOMPARE(shown.pixel(7, 0), colour(kB, 2));

    QTest::mouseClick(view.findChild<QToolButton*>("sideBySideButton"), Qt::LeftButton);
    QCOMPARE(view.mode(), ComparisonView::SideBySide);
    QCOMPARE(view.currentImage().size(), QSize(16, 8));
  }

  void differentLengthsPlayTheShorterOneWithANotice() {
    ComparisonView view;
    view.setClips(flatClip(6, kA), flatClip(4, kB), 10, "baseline", "AICL");
    QCOMPARE(view.frameCount(), 4);
    QVERIFY(view.notice().contains("6"));
    QVERIFY(view.notice().contains("4"));
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentFrame(), 3);
    QCOMPARE(view.transport()->frameCount(), 4);
    // Equal lengths again: the notice goes.
    view.setClips(flatClip(4, kA), flatClip(4, kB), 10, "baseline", "AICL");
    QVERIFY(view.notice().isEmpty());
  }

  void splitScalesAClipOfAnotherSize() {
    ComparisonView view;
    view.setClips(flatClip(2, kA, {8, 8}), flatClip(2, kB, {16, 16}), 10, "baseline", "AICL");
    QVERIFY(view.notice().contains("16x16"));
    view.setMode(ComparisonView::Split);
    const QImage shown = view.currentImage();
    QCOMPARE(shown.size(), QSize(8, 8));
    QCOMPARE(shown.pixel(7, 7), colour(kB, 0));
  }

  void playbackKeepsBothClipsInStep() {
    ComparisonView view;
    const QVector<QImage> a = flatClip(5, kA), b = flatClip(5, kB);
    view.setClips(a, b, 100, "baseline", "AICL");
    QSignalSpy playing(&view, &ComparisonView::playingChanged);
    QTest::keyClick(&view, Qt::Key_Space);
    QVERIFY(view.isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(view.currentFrame() >= 3, 5000);
    QTest::keyClick(&view, Qt::Key_Space);
    QVERIFY(!view.isPlaying());
    QCOMPARE(playing.count(), 2);
    const int frame = view.currentFrame();
    QCOMPARE(view.sideView(0)->image(), a[frame]);
    QCOMPARE(view.sideView(1)->image(), b[frame]);
  }

  void oneClipOrNone() {
    ComparisonView view;
    const QVector<QImage> a = flatClip(3, kA);
    view.setClips(a, {}, 10, "baseline", "AICL");
    QCOMPARE(view.clipCount(), 1);
    QCOMPARE(view.frameCount(), 3);
    QCOMPARE(view.currentImage(), a[0]);
    QVERIFY(view.notice().isEmpty());
    view.setMode(ComparisonView::Split);
    QCOMPARE(view.currentImage().pixel(7, 0), colour(kA, 0));
    QVERIFY(!view.splitView()->dividerVisible());
    view.clear();
    QCOMPARE(view.clipCount(), 0);
    QCOMPARE(view.frameCount(), 0);
    QCOMPARE(view.currentFrame(), -1);
    QVERIFY(view.currentImage().isNull());
  }
};

QTEST_MAIN(TestComparisonView)
#include "test_comparison_view.moc"
