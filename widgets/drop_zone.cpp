#include "drop_zone.h"

#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QVBoxLayout>

DropZone::DropZone(QWidget* parent) : QFrame(parent), label_(new QLabel(this)) {
  setAcceptDrops(true);
  setFrameShape(QFrame::StyledPanel);
  setMinimumHeight(64);
  setCursor(Qt::PointingHandCursor);
  label_->setAlignment(Qt::AlignCenter);
  label_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(label_);
  setHighlighted(false);
  retranslateUi();
}

void DropZone::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QFrame::changeEvent(event);
}

void DropZone::retranslateUi() {
  label_->setText(tr("Drop reference videos here\nor click to choose files"));
  setToolTip(tr("Reference videos of the action: %1").arg(videoExtensions().join(", ")));
}

const QStringList& DropZone::videoExtensions() {
  static const QStringList extensions = {"mp4", "mov", "m4v", "mkv", "webm", "avi", "gif", "mpg", "mpeg", "wmv",
                                         "flv", "ts",  "3gp", "ogv"};
  return extensions;
}

QStringList DropZone::acceptedFiles(const QList<QUrl>& urls) {
  QStringList files;
  for (const QUrl& url : urls) {
    if (!url.isLocalFile()) continue;
    const QFileInfo info(url.toLocalFile());
    if (info.isFile() && videoExtensions().contains(info.suffix().toLower())) files << info.absoluteFilePath();
  }
  return files;
}

void DropZone::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !acceptedFiles(event->mimeData()->urls()).isEmpty()) {
    setHighlighted(true);
    event->acceptProposedAction();
  } else {
    event->ignore();
  }
}

void DropZone::dragLeaveEvent(QDragLeaveEvent* event) {
  setHighlighted(false);
  QFrame::dragLeaveEvent(event);
}

void DropZone::dropEvent(QDropEvent* event) {
  setHighlighted(false);
  const QStringList files = acceptedFiles(event->mimeData()->urls());
  if (files.isEmpty()) {
    event->ignore();
    return;
  }
  event->acceptProposedAction();
  Q_EMIT filesDropped(files);
}

void DropZone::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const QString filter = tr("Videos (%1)").arg("*." + videoExtensions().join(" *."));
  const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add reference videos"), QString(), filter);
  if (!files.isEmpty()) Q_EMIT filesDropped(files);
}

void DropZone::setHighlighted(bool highlighted) {
  setStyleSheet(highlighted ? "DropZone { border: 2px dashed palette(highlight); }"
                            : "DropZone { border: 2px dashed palette(mid); }");
}
