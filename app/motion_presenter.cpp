#include "motion_presenter.h"

#include "comparison_view.h"
#include "controller.h"
#include "video_player.h"

MotionPresenter::MotionPresenter(Controller* controller, VideoPlayer* player, ComparisonView* comparison,
                                 QObject* parent)
    : QObject(parent), controller_(controller), player_(player), comparison_(comparison) {
  connect(controller_, &Controller::motionReady, this, &MotionPresenter::motionReady);
}

void MotionPresenter::setResult(const QString& video, const QString& baseline_video) {
  video_ = video;
  baseline_video_ = baseline_video;
  QStringList wanted;
  for (const QString& path : {video_, baseline_video_})
    if (!path.isEmpty()) wanted << path;
  controller_->requestMotion(wanted);
}

void MotionPresenter::setReferences(const QStringList& references) {
  references_ = references;
  for (auto it = reference_motions_.begin(); it != reference_motions_.end();)
    it = references_.contains(it.key()) ? std::next(it) : reference_motions_.erase(it);
  showReferences();
  QStringList wanted;
  for (const QString& reference : references_)
    if (!reference_motions_.contains(reference)) wanted << reference;
  controller_->requestMotion(wanted);
}

void MotionPresenter::motionReady(const VideoMotion& motion) {
  if (references_.contains(motion.video)) {
    reference_motions_.insert(motion.video, motion);
    showReferences();
  }
  const bool both = !baseline_video_.isEmpty();
  // The player may already show another clip (a new job's live preview): a trail of other length is not its.
  if (!video_.isEmpty() && motion.video == video_ && player_->frameCount() == motion.trail.size()) {
    player_->setMotion(motion);
    if (both) comparison_->setMotion(1, motion);
  }
  if (both && motion.video == baseline_video_) comparison_->setMotion(0, motion);
}

void MotionPresenter::showReferences() {
  QVector<VideoMotion> motions;
  for (const QString& reference : references_)
    if (reference_motions_.contains(reference)) motions << reference_motions_.value(reference);
  comparison_->setReferenceMotions(motions);
}
