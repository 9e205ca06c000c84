#include "motion_trail_overlay.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

#include "frame_view.h"

namespace {
const QColor kTrailColour(255, 214, 0);  // yellow: readable on the dark and on the coloured ActionWorld scenes
}  // namespace

MotionTrailOverlay::MotionTrailOverlay(FrameView* view) : QWidget(view), view_(view) {
  setObjectName("motionTrail");
  setAttribute(Qt::WA_TransparentForMouseEvents);
  setAttribute(Qt::WA_NoSystemBackground);
  setGeometry(view->rect());
  view->installEventFilter(this);
  hide();
}

void MotionTrailOverlay::setMotion(const VideoMotion& motion) {
  motion_ = motion;
  setCurrentFrame(current_frame_);
  update();
}

void MotionTrailOverlay::setCurrentFrame(int frame) {
  current_frame_ = std::clamp(frame, 0, std::max(0, static_cast<int>(motion_.trail.size()) - 1));
  update();
}

QPointF MotionTrailOverlay::mapToView(const QPointF& trail_point) const {
  const QRect target = view_->displayRect();
  if (target.isEmpty() || motion_.frame_size.isEmpty()) return trail_point;
  return {target.left() + trail_point.x() * target.width() / motion_.frame_size.width(),
          target.top() + trail_point.y() * target.height() / motion_.frame_size.height()};
}

bool MotionTrailOverlay::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_ && event->type() == QEvent::Resize) setGeometry(view_->rect());
  return QWidget::eventFilter(watched, event);
}

void MotionTrailOverlay::paintEvent(QPaintEvent*) {
  if (motion_.trail.size() < 2 || view_->image().isNull()) return;
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing, true);
  const double width = std::clamp(view_->scale(), 1.5, 4.0);
  auto pathUpTo = [this](int last) {
    QPainterPath path(mapToView(motion_.trail.first()));
    for (int i = 1; i <= last; ++i) path.lineTo(mapToView(motion_.trail[i]));
    return path;
  };
  const int last = static_cast<int>(motion_.trail.size()) - 1;
  // A dark outline under the line keeps it visible on light backgrounds.
  painter.setPen(QPen(QColor(0, 0, 0, 110), width + 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.drawPath(pathUpTo(last));
  QColor faint = kTrailColour;
  faint.setAlpha(110);
  painter.setPen(QPen(faint, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.drawPath(pathUpTo(last));
  painter.setPen(QPen(kTrailColour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.drawPath(pathUpTo(current_frame_));
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(kTrailColour);
  painter.drawEllipse(mapToView(motion_.trail[current_frame_]), width + 2, width + 2);
}
