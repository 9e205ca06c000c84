#include "reference_list.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
constexpr int kPathRole = Qt::UserRole;
constexpr int kFailedRole = Qt::UserRole + 1;
constexpr int kUsableRole = Qt::UserRole + 2;
const QSize kThumbnailSize(96, 72);

QIcon placeholderIcon(const QColor& color) {
  QPixmap pixmap(kThumbnailSize);
  pixmap.fill(color);
  return QIcon(pixmap);
}
}  // namespace

ReferenceListWidget::ReferenceListWidget(QWidget* parent)
    : QWidget(parent), list_(new QListWidget(this)), remove_button_(new QPushButton(tr("Remove"), this)) {
  list_->setIconSize(kThumbnailSize);
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setWordWrap(true);
  list_->setToolTip(tr("Reference videos; select and press Remove (Delete) to drop them"));
  remove_button_->setToolTip(tr("Remove the selected reference videos"));
  remove_button_->setShortcut(QKeySequence::Delete);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(remove_button_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(list_);
  layout->addLayout(buttons);
  connect(remove_button_, &QPushButton::clicked, this, [this] {
    const auto selected = list_->selectedItems();
    for (QListWidgetItem* row : selected) remove(row->data(kPathRole).toString());
  });
}

QListWidgetItem* ReferenceListWidget::item(const QString& path) const {
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->data(kPathRole).toString() == path) return list_->item(i);
  return nullptr;
}

bool ReferenceListWidget::addPending(const QString& path) {
  if (item(path)) return false;
  auto* row = new QListWidgetItem(placeholderIcon(palette().color(QPalette::Mid)),
                                  QFileInfo(path).fileName() + "\n" + tr("probing..."), list_);
  row->setData(kPathRole, path);
  row->setToolTip(path);
  Q_EMIT referencesChanged();
  return true;
}

void ReferenceListWidget::setProbed(const QString& path, const QString& properties, const QImage& thumbnail) {
  QListWidgetItem* row = item(path);
  if (!row) return;
  QPixmap pixmap(kThumbnailSize);
  pixmap.fill(Qt::black);
  if (!thumbnail.isNull()) {
    QPainter painter(&pixmap);
    const QImage scaled = thumbnail.scaled(kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    painter.drawImage((kThumbnailSize.width() - scaled.width()) / 2, (kThumbnailSize.height() - scaled.height()) / 2,
                      scaled);
  }
  row->setIcon(QIcon(pixmap));
  row->setText(QFileInfo(path).fileName() + "\n" + properties);
  row->setForeground(palette().color(QPalette::Text));
  row->setData(kFailedRole, false);
  row->setData(kUsableRole, true);
  Q_EMIT referencesChanged();
}

void ReferenceListWidget::setFailed(const QString& path, const QString& error) {
  QListWidgetItem* row = item(path);
  if (!row) return;
  row->setIcon(placeholderIcon(QColor(120, 30, 30)));
  row->setText(QFileInfo(path).fileName() + "\n" + error);
  row->setForeground(QColor(200, 40, 40));
  row->setToolTip(path + "\n" + error);
  row->setData(kFailedRole, true);
  row->setData(kUsableRole, false);
  Q_EMIT referencesChanged();
}

void ReferenceListWidget::remove(const QString& path) {
  delete item(path);
  Q_EMIT referencesChanged();
}

QStringList ReferenceListWidget::paths() const {
  QStringList result;
  for (int i = 0; i < list_->count(); ++i) result << list_->item(i)->data(kPathRole).toString();
  return result;
}

QStringList ReferenceListWidget::usablePaths() const {
  QStringList result;
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->data(kUsableRole).toBool()) result << list_->item(i)->data(kPathRole).toString();
  return result;
}

int ReferenceListWidget::count() const { return list_->count(); }

QString ReferenceListWidget::rowText(const QString& path) const {
  QListWidgetItem* row = item(path);
  return row ? row->text() : QString();
}

bool ReferenceListWidget::rowFailed(const QString& path) const {
  QListWidgetItem* row = item(path);
  return row && row->data(kFailedRole).toBool();
}
