#pragma once
// Draws one video frame at a zoom level: fit to the widget or a fixed integer zoom (1x..8x). Upscaling is
// nearest-neighbour, so a 32x32 frame shown at 8x keeps its square pixels; in fit mode an image smaller than
// the widget is enlarged by the largest whole factor that fits. Meant to sit in a QScrollArea (a fixed zoom
// sets the widget's minimum size to the zoomed frame).
//
// Optionally draws a vertical split divider over the frame (used by the comparison view): a press or drag on
// the frame moves it and emits dividerDragged() with the new position as a fraction of the frame's width.
#include <QImage>
#include <QString>
#include <QWidget>

class FrameView : public QWidget {
  Q_OBJECT
 public:
  // The value is the magnification; Fit scales the frame to the widget.
  enum Zoom { Fit = 0, Zoom1x = 1, Zoom2x = 2, Zoom4x = 4, Zoom8x = 8 };
  Q_ENUM(Zoom)

  explicit FrameView(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  const QImage& image() const { return image_; }
  void setZoom(Zoom zoom);
  Zoom zoom() const { return zoom_; }
  // Shown centred when there is no image.
  void setPlaceholderText(const QString& text);

  // The split divider: hidden by default; `position` is clamped to 0..1 (fraction of the frame's width).
  void setDividerVisible(bool visible);
  bool dividerVisible() const { return divider_visible_; }
  void setDividerPosition(double position);
  double dividerPosition() const { return divider_position_; }
  // Small captions drawn in the top corners of the frame (e.g. the clip names either side of the divider).
  void setCornerLabels(const QString& left, const QString& right);

  // Where the frame is drawn, in widget coordinates (empty without an image).
  QRect displayRect() const;
  // The magnification in use (for Fit the one computed from the widget's size).
  double scale() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  void dividerDragged(double position);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void updateGeometryForZoom();
  double positionAt(double x) const;
  bool nearDivider(double x) const;

  QImage image_;
  Zoom zoom_ = Fit;
  QString placeholder_;
  bool divider_visible_ = false;
  double divider_position_ = 0.5;
  bool dragging_ = false;
  QString left_label_, right_label_;
};
