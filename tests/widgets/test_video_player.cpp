#include <QComboBox>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QToolButton>
#include <QtTest>

#include "transport_bar.h"
#include "video_player.h"

namespace {
// Frame i is a flat colour whose red channel encodes i.
QVector<QImage> flatClip(int frames, QSize size = {16, 16}) {
  QVector<QImage> clip;
  for (int i = 0; i < frames; ++i) {
    QImage frame(size, QImage::Format_RGB32);
    frame.fill(QColor(10 * i, 100, 200));
    clip << frame;
  }
  return clip;
}

// A 32x32 frame of single-pixel black/white checks: any smoothing when it is enlarged makes greys.
QImage checkerboard() {
  QImage frame(32, 32, QImage::Format_RGB32);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) frame.setPixel(x, y, (x + y) % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0));
  return frame;
}

// Every pixel of `shot` inside `rect` shows the source pixel it enlarges, at `scale` screen pixels per pixel.
bool isCrispEnlargement(const QImage& shot, const QRect& rect, const QImage& source, int scale) {
  for (int y = 0; y < rect.height(); ++y)
    for (int x = 0; x < rect.width(); ++x)
      if (shot.pixel(rect.x() + x, rect.y() + y) != source.pixel(x / scale, y / scale)) return false;
  return true;
}
}  // namespace

class TestVideoPlayer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void newClipShowsTheFirstFramePaused() {
    VideoPlayer player;
    QSignalSpy frames(&player, &VideoPlayer::frameChanged);
    const QVector<QImage> clip = flatClip(5);
    player.setClip(clip, 10);
    QCOMPARE(player.frameCount(), 5);
    QCOMPARE(player.currentFrame(), 0);
    QVERIFY(!player.isPlaying());
    QCOMPARE(frames.count(), 1);
    QCOMPARE(frames.at(0).at(0).toInt(), 0);
    QCOMPARE(player.currentImage(), clip[0]);
    auto* counter = player.findChild<QLabel*>("frameCounter");
    QVERIFY(counter);
    QVERIFY2(counter->text().startsWith("1 / 5"), qPrintable(counter->text()));

    player.clear();
    QCOMPARE(player.frameCount(), 0);
    QCOMPARE(player.currentFrame(), -1);
    QVERIFY(player.currentImage().isNull());
    player.play();
    QVERIFY(!player.isPlaying());
  }

  void buttonsAndKeysStepFrames() {
    VideoPlayer player;
    const QVector<QImage> clip = flatClip(5);
    player.setClip(clip, 10);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    QSignalSpy frames(&player, &VideoPlayer::frameChanged);
    auto* back = player.findChild<QToolButton*>("stepBackButton");
    auto* forward = player.findChild<QToolButton*>("stepForwardButton");
    QVERIFY(back && forward);
    QVERIFY(!back->isEnabled());  // at the first frame

    QTest::mouseClick(forward, Qt::LeftButton);
    QCOMPARE(player.currentFrame(), 1);
    QCOMPARE(player.currentImage(), clip[1]);
    QTest::keyClick(&player, Qt::Key_Right);
    QCOMPARE(player.currentFrame(), 2);
    QTest::keyClick(&player, Qt::Key_Left);
    QCOMPARE(player.currentFrame(), 1);
    QVERIFY(back->isEnabled());
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(player.currentFrame(), 0);
    QTest::keyClick(&player, Qt::Key_End);
    QCOMPARE(player.currentFrame(), 4);
    QVERIFY(!forward->isEnabled());
    QTest::keyClick(&player, Qt::Key_Right);  // clamped at the last frame: no signal
    QCOMPARE(player.currentFrame(), 4);
    const QList<int> expected = {1, 2, 1, 0, 4};
    QCOMPARE(frames.count(), expected.size());
    for (int i = 0; i < expected.size(); ++i) QCOMPARE(frames.at(i).at(0).toInt(), expected[i]);
    QCOMPARE(player.findChild<QLabel*>("frameCounter")->text().left(5), QString("5 / 5"));
  }

  void playLoopsUntilSpacePauses() {
    VideoPlayer player;
    player.setClip(flatClip(4), 100);
    player.setLooping(true);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    QSignalSpy playing(&player, &VideoPlayer::playingChanged);
    QSignalSpy frames(&player, &VideoPlayer::frameChanged);
    QTest::mouseClick(player.findChild<QToolButton*>("playButton"), Qt::LeftButton);
    QVERIFY(player.isPlaying());
    QCOMPARE(playing.count(), 1);
    QCOMPARE(playing.at(0).at(0).toBool(), true);
    // Wait until playback wrapped from the last frame to the first.
    auto wrapped = [&] {
      for (int i = 1; i < frames.count(); ++i)
        if (frames.at(i - 1).at(0).toInt() == 3 && frames.at(i).at(0).toInt() == 0) return true;
      return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(wrapped(), 5000);
    QVERIFY(player.isPlaying());
    QTest::keyClick(&player, Qt::Key_Space);
    QVERIFY(!player.isPlaying());
    QCOMPARE(playing.count(), 2);
    QCOMPARE(playing.at(1).at(0).toBool(), false);
    const int paused_at = player.currentFrame();
    const int signals_at_pause = frames.count();
    QTest::qWait(100);
    QCOMPARE(player.currentFrame(), paused_at);
    QCOMPARE(frames.count(), signals_at_pause);
  }

  void withoutLoopPlaybackStopsAtTheLastFrame() {
    VideoPlayer player;
    player.setClip(flatClip(5), 100);
    player.setLooping(false);
    QSignalSpy playing(&player, &VideoPlayer::playingChanged);
    QTest::keyClick(&player, Qt::Key_Space);
    QVERIFY(player.isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 5000);
    QCOMPARE(player.currentFrame(), 4);
    QCOMPARE(playing.count(), 2);
    // Playing again starts over.
    player.play();
    QCOMPARE(player.currentFrame(), 0);
    QVERIFY(player.isPlaying());
    player.pause();
  }

  void loopButtonTogglesLooping() {
    VideoPlayer player;
    player.setClip(flatClip(3), 10);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    const bool before = player.isLooping();
    QTest::mouseClick(player.findChild<QToolButton*>("loopButton"), Qt::LeftButton);
    QCOMPARE(player.isLooping(), !before);
  }

  void sliderScrubs() {
    VideoPlayer player;
    player.setClip(flatClip(8), 10);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    QSignalSpy frames(&player, &VideoPlayer::frameChanged);
    auto* slider = player.findChild<QSlider*>("timelineSlider");
    QVERIFY(slider);
    QCOMPARE(slider->maximum(), 7);
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(player.currentFrame(), 7);
    QTest::keyClick(slider, Qt::Key_Left);
    QCOMPARE(player.currentFrame(), 6);
    QCOMPARE(frames.count(), 2);
    player.setFrame(2);
    QCOMPARE(slider->value(), 2);  // the slider follows
  }

  void zoomEnlargesWithoutSmoothing() {
    VideoPlayer player;
    const QImage frame = checkerboard();
    player.setClip({frame, frame}, 10);
    player.resize(500, 420);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    auto* zoom = player.findChild<QComboBox*>("zoomBox");
    QVERIFY(zoom);
    QCOMPARE(player.zoom(), FrameView::Fit);
    // Fit: a whole enlargement factor, crisp.
    QTRY_VERIFY(player.view()->scale() >= 2.0);
    const int fit_scale = static_cast<int>(player.view()->scale());
    QCOMPARE(player.view()->scale(), static_cast<double>(fit_scale));
    QVERIFY(
        isCrispEnlargement(player.view()->grab().toImage(), player.view()->displayRect(), frame, fit_scale));

    zoom->setFocus();
    QTest::keyClick(zoom, Qt::Key_End);  // the last choice: 8x
    QCOMPARE(player.zoom(), FrameView::Zoom8x);
    QCOMPARE(player.view()->displayRect().size(), QSize(256, 256));
    QVERIFY(player.view()->minimumSize().width() >= 256);
    QVERIFY(isCrispEnlargement(player.view()->grab().toImage(), player.view()->displayRect(), frame, 8));

    QTest::keyClick(zoom, Qt::Key_Up);  // 4x
    QCOMPARE(player.zoom(), FrameView::Zoom4x);
    QCOMPARE(player.view()->displayRect().size(), QSize(128, 128));
    QVERIFY(isCrispEnlargement(player.view()->grab().toImage(), player.view()->displayRect(), frame, 4));
  }

  void largeFramesScrollAtHighZoom() {
    VideoPlayer player;
    player.setClip(flatClip(2, {600, 450}), 10);
    player.resize(400, 300);
    player.show();
    QVERIFY(QTest::qWaitForWindowExposed(&player));
    QVERIFY(player.view()->scale() < 1.0);  // fit shrinks a frame larger than the view
    player.setZoom(FrameView::Zoom4x);
    auto* scroll = player.findChild<QScrollArea*>();
    QVERIFY(scroll);
    QTRY_VERIFY(scroll->horizontalScrollBar()->maximum() > 0);
    QCOMPARE(player.view()->displayRect().size(), QSize(2400, 1800));
    player.setZoom(FrameView::Fit);  // back to fit: no scrolling left
    QTRY_COMPARE(scroll->horizontalScrollBar()->maximum(), 0);
    QVERIFY(player.view()->scale() < 1.0);
  }
};

QTEST_MAIN(TestVideoPlayer)
#include "test_video_player.moc"
