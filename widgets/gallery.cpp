#include "gallery.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kTitleRole = Qt::UserRole + 1;
constexpr int kDetailsRole = Qt::UserRole + 2;
constexpr int kCreatedRole = Qt::UserRole + 3;
constexpr int kThumbnailRole = Qt::UserRole + 4;
constexpr int kBaselineRole = Qt::UserRole + 5;
const QSize kThumbnailSize(160, 90);
constexpr int kTitleChars = 160;  // longer prompts are elided in the list (the tooltip has all of it)

// The thumbnail letterboxed on black, with an "A|B" badge when there is a baseline to compare with.
QIcon thumbnailIcon(const QImage& thumbnail, bool has_baseline) {
  QPixmap pixmap(kThumbnailSize);
  pixmap.fill(thumbnail.isNull() ? QColor(60, 60, 60) : QColor(Qt::black));
  QPainter painter(&pixmap);
  if (!thumbnail.isNull()) {
    const QImage scaled = thumbnail.scaled(kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    painter.drawImage((kThumbnailSize.width() - scaled.width()) / 2,
                      (kThumbnailSize.height() - scaled.height()) / 2, scaled);
  }
  if (has_baseline) {
    QFont font = painter.font();
    font.setPixelSize(11);
    font.setBold(true);
    painter.setFont(font);
    const QRect badge(kThumbnailSize.width() - 30, kThumbnailSize.height() - 18, 26, 14);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 170));
    painter.drawRoundedRect(badge, 3, 3);
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, QStringLiteral("A|B"));
  }
  return QIcon(pixmap);
}
}  // namespace

GalleryWidget::GalleryWidget(QWidget* parent)
    : QWidget(parent),
      filter_(new QLineEdit(this)),
      list_(new QListWidget(this)),
      empty_hint_(new QLabel(this)),
      open_button_(new QPushButton(this)),
      reuse_button_(new QPushButton(this)),
      reveal_button_(new QPushButton(this)),
      delete_button_(new QPushButton(this)),
      open_action_(new QAction(this)),
      reuse_action_(new QAction(this)),
      reveal_action_(new QAction(this)),
      delete_action_(new QAction(this)) {
  filter_->setObjectName("filter");
  filter_->setClearButtonEnabled(true);

  list_->setObjectName("results");
  list_->setViewMode(QListView::ListMode);
  list_->setIconSize(kThumbnailSize);
  list_->setWordWrap(true);
  list_->setTextElideMode(Qt::ElideRight);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setContextMenuPolicy(Qt::CustomContextMenu);
  list_->setSpacing(2);

  empty_hint_->setObjectName("emptyHint");
  empty_hint_->setAlignment(Qt::AlignCenter);
  empty_hint_->setEnabled(false);

  open_button_->setObjectName("openButton");
  reuse_button_->setObjectName("reuseButton");
  reveal_button_->setObjectName("revealButton");
  delete_button_->setObjectName("deleteButton");
  for (const auto& [action, button] : actionButtons())
    connect(button, &QPushButton::clicked, action, &QAction::trigger);
  retranslateUi();

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(open_button_);
  buttons->addWidget(reuse_button_);
  buttons->addWidget(reveal_button_);
  buttons->addStretch();
  buttons->addWidget(delete_button_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(filter_);
  layout->addWidget(list_, 1);
  layout->addWidget(empty_hint_);
  layout->addLayout(buttons);

  connect(open_action_, &QAction::triggered, this, [this] {
    if (const QString id = selectedId(); !id.isEmpty()) Q_EMIT openRequested(id);
  });
  connect(reuse_action_, &QAction::triggered, this, [this] {
    if (const QString id = selectedId(); !id.isEmpty()) Q_EMIT reuseRequested(id);
  });
  connect(reveal_action_, &QAction::triggered, this, [this] {
    if (const QString id = selectedId(); !id.isEmpty()) Q_EMIT revealRequested(id);
  });
  connect(delete_action_, &QAction::triggered, this, &GalleryWidget::requestDelete);
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* activated) {
    if (!activated->isHidden()) Q_EMIT openRequested(activated->data(kIdRole).toString());
  });
  connect(list_, &QListWidget::itemSelectionChanged, this, [this] {
    updateActions();
    reportSelection();
  });
  connect(list_, &QListWidget::customContextMenuRequested, this, &GalleryWidget::showContextMenu);
  connect(filter_, &QLineEdit::textChanged, this, &GalleryWidget::applyFilter);
  applyFilter();
}

QList<QPair<QAction*, QPushButton*>> GalleryWidget::actionButtons() const {
  return {{open_action_, open_button_},
          {reuse_action_, reuse_button_},
          {reveal_action_, reveal_button_},
          {delete_action_, delete_button_}};
}

void GalleryWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    updateEmptyHint();
  }
  QWidget::changeEvent(event);
}

void GalleryWidget::retranslateUi() {
  filter_->setPlaceholderText(tr("Filter by prompt"));
  filter_->setToolTip(tr("Show only the results whose prompt contains these words"));
  list_->setToolTip(tr("Results, newest first; double-click one to open it"));
  open_button_->setText(tr("Open"));
  reuse_button_->setText(tr("Reuse settings"));
  reveal_button_->setText(tr("Show in folder"));
  delete_button_->setText(tr("Delete"));
  open_action_->setText(tr("Open"));
  reuse_action_->setText(tr("Reuse settings"));
  reveal_action_->setText(tr("Show in folder"));
  delete_action_->setText(tr("Delete..."));
  open_button_->setToolTip(tr("Open the selected result (double-click, Enter)"));
  reuse_button_->setToolTip(
      tr("Put the prompt, references and settings of the selected result back into the "
         "editor"));
  reveal_button_->setToolTip(tr("Show the selected result's files in the file manager"));
  delete_button_->setToolTip(tr("Delete the selected result and its files (Delete)"));
  for (const auto& [action, button] : actionButtons()) action->setToolTip(button->toolTip());
}

QListWidgetItem* GalleryWidget::item(const QString& id) const {
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->data(kIdRole).toString() == id) return list_->item(i);
  return nullptr;
}

QListWidgetItem* GalleryWidget::createItem(const GalleryEntry& entry) const {
  auto* row = new QListWidgetItem;
  row->setData(kIdRole, entry.id);
  row->setData(kTitleRole, entry.title);
  row->setData(kDetailsRole, entry.details);
  row->setData(kCreatedRole, entry.created);
  row->setData(kThumbnailRole, entry.thumbnail);
  row->setData(kBaselineRole, entry.has_baseline);
  const QString created =
      entry.created.isValid() ? QLocale().toString(entry.created, QLocale::ShortFormat) : QString();
  const QString title =
      entry.title.size() > kTitleChars ? entry.title.left(kTitleChars - 1) + QChar(0x2026) : entry.title;
  QStringList lines = {title.isEmpty() ? tr("(no prompt)") : title};
  if (!entry.details.isEmpty()) lines << entry.details;
  if (!created.isEmpty()) lines << created;
  row->setText(lines.join('\n'));
  row->setIcon(thumbnailIcon(entry.thumbnail, entry.has_baseline));
  QStringList tip = {entry.title, entry.details, created};
  if (entry.has_baseline) tip << tr("With a baseline from the same seed to compare with");
  tip.removeAll(QString());
  row->setToolTip(tip.join('\n'));
  return row;
}

int GalleryWidget::insertionRow(const QDateTime& created) const {
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->data(kCreatedRole).toDateTime() <= created) return i;
  return list_->count();
}

void GalleryWidget::setEntries(const QVector<GalleryEntry>& entries) {
  const QString selected = selectedId();
  QVector<GalleryEntry> sorted;
  QStringList ids;
  for (const GalleryEntry& entry : entries) {
    if (entry.id.isEmpty() || ids.contains(entry.id)) continue;
    ids << entry.id;
    sorted << entry;
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const GalleryEntry& a, const GalleryEntry& b) { return a.created > b.created; });
  {
    const QSignalBlocker block(list_);  // one selection change at the end, not one per row
    list_->clear();
    for (const GalleryEntry& entry : sorted) list_->addItem(createItem(entry));
    if (QListWidgetItem* reselected = item(selected)) list_->setCurrentItem(reselected);
  }
  applyFilter();
}

void GalleryWidget::addEntry(const GalleryEntry& entry) {
  if (entry.id.isEmpty()) return;
  const bool was_selected = !entry.id.isEmpty() && selectedId() == entry.id;
  if (QListWidgetItem* old = item(entry.id)) {
    const QSignalBlocker block(list_);  // the replacement keeps the selection
    delete old;
  }
  QListWidgetItem* added = createItem(entry);
  list_->insertItem(insertionRow(entry.created), added);
  if (was_selected) {
    const QSignalBlocker block(list_);
    list_->setCurrentItem(added);
  }
  applyFilter();
}

bool GalleryWidget::removeEntry(const QString& id) {
  QListWidgetItem* removed = item(id);
  if (!removed) return false;
  delete removed;
  applyFilter();
  return true;
}

QVector<GalleryEntry> GalleryWidget::entries() const {
  QVector<GalleryEntry> result;
  for (int i = 0; i < list_->count(); ++i) {
    const QListWidgetItem* row = list_->item(i);
    GalleryEntry entry;
    entry.id = row->data(kIdRole).toString();
    entry.title = row->data(kTitleRole).toString();
    entry.details = row->data(kDetailsRole).toString();
    entry.created = row->data(kCreatedRole).toDateTime();
    entry.thumbnail = row->data(kThumbnailRole).value<QImage>();
    entry.has_baseline = row->data(kBaselineRole).toBool();
    result << entry;
  }
  return result;
}

int GalleryWidget::count() const { return list_->count(); }

bool GalleryWidget::contains(const QString& id) const { return item(id) != nullptr; }

QString GalleryWidget::selectedId() const {
  const auto selected = list_->selectedItems();
  if (selected.isEmpty() || selected.first()->isHidden()) return {};
  return selected.first()->data(kIdRole).toString();
}

void GalleryWidget::setSelectedId(const QString& id) {
  if (QListWidgetItem* row = item(id); row && !row->isHidden()) {
    list_->setCurrentItem(row);
    list_->scrollToItem(row);
  } else {
    list_->clearSelection();
  }
}

void GalleryWidget::setFilterText(const QString& text) { filter_->setText(text); }

QString GalleryWidget::filterText() const { return filter_->text(); }

QStringList GalleryWidget::visibleIds() const {
  QStringList ids;
  for (int i = 0; i < list_->count(); ++i)
    if (!list_->item(i)->isHidden()) ids << list_->item(i)->data(kIdRole).toString();
  return ids;
}

bool GalleryWidget::matchesFilter(const QString& title) const {
  const QStringList words = filter_->text().split(' ', Qt::SkipEmptyParts);
  return std::all_of(words.begin(), words.end(),
                     [&](const QString& word) { return title.contains(word, Qt::CaseInsensitive); });
}

void GalleryWidget::applyFilter() {
  int visible = 0;
  for (int i = 0; i < list_->count(); ++i) {
    QListWidgetItem* row = list_->item(i);
    const bool shown = matchesFilter(row->data(kTitleRole).toString());
    row->setHidden(!shown);
    if (!shown && row->isSelected())
      row->setSelected(false);  // actions never reach a result that is not shown
    visible += shown;
  }
  updateEmptyHint();
  empty_hint_->setVisible(visible == 0);
  updateActions();
  reportSelection();
}

void GalleryWidget::updateEmptyHint() {
  if (list_->count() == 0)
    empty_hint_->setText(tr("No results yet."));
  else if (visibleIds().isEmpty())
    empty_hint_->setText(tr("No result matches the filter."));
}

void GalleryWidget::reportSelection() {
  const QString selected = selectedId();
  if (selected == reported_selection_) return;
  reported_selection_ = selected;
  Q_EMIT selectedIdChanged(selected);
}

void GalleryWidget::updateActions() {
  const bool selected = !selectedId().isEmpty();
  for (QAction* action : {open_action_, reuse_action_, reveal_action_, delete_action_})
    action->setEnabled(selected);
  for (QPushButton* button : {open_button_, reuse_button_, reveal_button_, delete_button_})
    button->setEnabled(selected);
}

void GalleryWidget::requestDelete() {
  const QString id = selectedId();
  if (id.isEmpty()) return;
  if (confirm_deletes_) {
    const QString title = item(id)->data(kTitleRole).toString();
    const auto answer =
        QMessageBox::question(this, tr("Delete result"),
                              tr("Delete the result \"%1\" and its files?")
                                  .arg(title.size() > 80 ? title.left(79) + QChar(0x2026) : title),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return;
  }
  Q_EMIT deleteRequested(id);
}

void GalleryWidget::showContextMenu(const QPoint& pos) {
  QListWidgetItem* row = list_->itemAt(pos);
  if (!row) return;
  list_->setCurrentItem(row);
  QMenu menu(this);
  menu.setToolTipsVisible(true);
  menu.addAction(open_action_);
  menu.addAction(reuse_action_);
  menu.addAction(reveal_action_);
  menu.addSeparator();
  menu.addAction(delete_action_);
  menu.exec(list_->viewport()->mapToGlobal(pos));
}

void GalleryWidget::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete && delete_action_->isEnabled()) {
    delete_action_->trigger();
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}
