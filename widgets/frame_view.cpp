#include "frame_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace {
constexpr int kDividerGrab = 8;  // pixels either side of the divider that count as "on" it
const QColor kBackground(24, 24, 24);
}  // namespace

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setToolTip(tr("The current frame"));
}

void FrameView::setImage(const QImage& image) {
  const bool size_changed = image.size() != image_.size();
  image_ = image;
  if (size_changed) updateGeometryForZoom();
  update();
}

void FrameView::setZoom(Zoom zoom) {
  if (zoom == zoom_) return;
  zoom_ = zoom;
  updateGeometryForZoom();
  update();
}

void FrameView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

void FrameView::setDividerVisible(bool visible) {
  if (visible == divider_visible_) return;
  divider_visible_ = visible;
  dragging_ = false;
  setMouseTracking(visible);
  setToolTip(visible ? tr("Click or drag on the frame to move the divider between the two clips")
                     : tr("The current frame"));
  if (!visible) unsetCursor();
  update();
}

void FrameView::setDividerPosition(double position) {
  position = std::clamp(position, 0.0, 1.0);
  if (position == divider_position_) return;
  divider_position_ = position;
  if (divider_visible_) update();
}

void FrameView::setCornerLabels(const QString& left, const QString& right) {
  left_label_ = left;
  right_label_ = right;
  update();
}

double FrameView::scale() const {
  if (image_.isNull()) return 1.0;
  if (zoom_ != Fit) return static_cast<double>(zoom_);
  const double fit = std::min(static_cast<double>(width()) / image_.width(),
                              static_cast<double>(height()) / image_.height());
  // Enlarge by whole factors only, so every source pixel becomes the same square block.
  return fit >= 1.0 ? std::floor(fit) : fit;
}

QRect FrameView::displayRect() const {
  if (image_.isNull()) return {};
  const double s = scale();
  const QSize size(std::max(1, static_cast<int>(std::lround(image_.width() * s))),
                   std::max(1, static_cast<int>(std::lround(image_.height() * s))));
  return QRect(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

QSize FrameView::sizeHint() const {
  if (image_.isNull()) return {320, 240};
  const int factor = zoom_ == Fit ? std::max(1, 256 / std::max(image_.width(), image_.height())) : zoom_;
  return image_.size() * factor;
}

QSize FrameView::minimumSizeHint() const { return {32, 32}; }

void FrameView::updateGeometryForZoom() {
  if (zoom_ == Fit || image_.isNull())
    setMinimumSize(0, 0);
  else
    setMinimumSize(image_.size() * static_cast<int>(zoom_));
  updateGeometry();
}

void FrameView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), kBackground);
  if (image_.isNull()) {
    painter.setPen(QColor(200, 200, 200));
    painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    return;
  }
  const QRect target = displayRect();
  // Nearest-neighbour when enlarging (crisp pixels), smooth when shrinking.
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale() < 1.0);
  painter.drawImage(target, image_);

  const QFontMetrics metrics = painter.fontMetrics();
  auto drawCaption = [&](const QString& text, bool left) {
    if (text.isEmpty()) return;
    QRect box = metrics.boundingRect(text).adjusted(-4, -2, 4, 2);
    box.moveTop(target.top() + 4);
    if (left)
      box.moveLeft(target.left() + 4);
    else
      box.moveRight(target.right() - 4);
    painter.fillRect(box, QColor(0, 0, 0, 150));
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
  };
  drawCaption(left_label_, true);
  drawCaption(right_label_, false);

  if (divider_visible_) {
    const double x = target.left() + divider_position_ * target.width();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
    painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom() + 1));
    painter.setPen(QPen(Qt::white, 1));
    painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom() + 1));
    // A round handle with two arrow heads in the middle of the divider.
    const QPointF centre(x, target.center().y());
    painter.setBrush(Qt::white);
    painter.setPen(QPen(QColor(0, 0, 0, 160), 1));
    painter.drawEllipse(centre, 8, 8);
    painter.setBrush(QColor(40, 40, 40));
    painter.setPen(Qt::NoPen);
    QPainterPath arrows;
    arrows.moveTo(centre + QPointF(-6, 0));
    arrows.lineTo(centre + QPointF(-2, -4));
    arrows.lineTo(centre + QPointF(-2, 4));
    arrows.closeSubpath();
    arrows.moveTo(centre + QPointF(6, 0));
    arrows.lineTo(centre + QPointF(2, -4));
    arrows.lineTo(centre + QPointF(2, 4));
    arrows.closeSubpath();
    painter.drawPath(arrows);
  }
}

double FrameView::positionAt(double x) const {
  const QRect target = displayRect();
  if (target.width() <= 0) return divider_position_;
  return std::clamp((x - target.left()) / target.width(), 0.0, 1.0);
}

bool FrameView::nearDivider(double x) const {
  const QRect target = displayRect();
  return std::abs(x - (target.left() + divider_position_ * target.width())) <= kDividerGrab;
}

void FrameView::mousePressEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  if (!divider_visible_ || event->button() != Qt::LeftButton || image_.isNull() ||
      !(displayRect().contains(pos.toPoint()) || nearDivider(pos.x()))) {
    QWidget::mousePressEvent(event);
    return;
  }
  dragging_ = true;
  setDividerPosition(positionAt(pos.x()));
  Q_EMIT dividerDragged(divider_position_);
  event->accept();
}

void FrameView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  if (dragging_) {
    setDividerPosition(positionAt(pos.x()));
    Q_EMIT dividerDragged(divider_position_);
    event->accept();
    return;
  }
  if (divider_visible_) {
    if (displayRect().contains(pos.toPoint()) || nearDivider(pos.x()))
      setCursor(Qt::SplitHCursor);
    else
      unsetCursor();
  }
  QWidget::mouseMoveEvent(event);
}

void FrameView::mouseReleaseEvent(QMouseEvent* event) {
  if (dragging_ && event->button() == Qt::LeftButton) {
    dragging_ = false;
    event->accept();
    return;
  }
  QWidget::mouseReleaseEvent(event);
}
