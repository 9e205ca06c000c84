#pragma once
// The motion view's wiring: asks the controller for the optical-flow motion of the videos on screen (the
// result in the player, baseline and AICL in the comparison, the references behind them) and hands each answer
// to the widget showing that video. Answers for videos no longer shown are dropped.
#include <QHash>
#include <QObject>
#include <QStringList>

#include "video_motion.h"

class ComparisonView;
class Controller;
class VideoPlayer;

class MotionPresenter : public QObject {
  Q_OBJECT
 public:
  MotionPresenter(Controller* controller, VideoPlayer* player, ComparisonView* comparison, QObject* parent = nullptr);

  // A result was put on screen: the player's video and the comparison's baseline (clip 0; empty when the
  // comparison shows one clip). Their motion is requested (the worker's cache answers known videos at once).
  void setResult(const QString& video, const QString& baseline_video);
  // The reference videos whose motion is drawn behind the comparison's plots.
  void setReferences(const QStringList& references);

 private:
  void motionReady(const VideoMotion& motion);
  void showReferences();

  Controller* controller_;
  VideoPlayer* player_;
  ComparisonView* comparison_;
  QStringList references_;
  QString video_;
  QString baseline_video_;
  QHash<QString, VideoMotion> reference_motions_;
};
