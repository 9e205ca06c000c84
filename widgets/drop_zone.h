#pragma once
// A drop target for video files: accepts local files with a video extension, by drag and drop or by a click that
// opens a file dialog.
#include <QFrame>
#include <QStringList>

class QLabel;

class DropZone : public QFrame {
  Q_OBJECT
 public:
  explicit DropZone(QWidget* parent = nullptr);

  // Lower-case extensions without the dot ("mp4", "webm", ...).
  static const QStringList& videoExtensions();
  // The local video files among `urls` (others are ignored).
  static QStringList acceptedFiles(const QList<QUrl>& urls);

 Q_SIGNALS:
  void filesDropped(const QStringList& paths);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragLeaveEvent(QDragLeaveEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  void setHighlighted(bool highlighted);
  QLabel* label_;
};
