#include "job_list.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kStateRole = Qt::UserRole + 1;
constexpr int kTitleRole = Qt::UserRole + 2;
constexpr int kMessageRole = Qt::UserRole + 3;
constexpr int kStepRole = Qt::UserRole + 4;
constexpr int kStepsRole = Qt::UserRole + 5;
constexpr int kEtaRole = Qt::UserRole + 6;

// Draws the progress column as a progress bar once the number of steps is known.
class ProgressDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    const int steps = index.data(kStepsRole).toInt();
    if (steps <= 0) {
      QStyledItemDelegate::paint(painter, option, index);
      return;
    }
    // The row's selection background first, then the bar.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = steps;
    bar.progress = std::clamp(index.data(kStepRole).toInt(), 0, steps);
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state = option.state | QStyle::State_Horizontal;
    bar.palette = option.palette;
    bar.fontMetrics = option.fontMetrics;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
  }
};
}  // namespace

JobListWidget::JobListWidget(QWidget* parent)
    : QWidget(parent),
      tree_(new QTreeWidget(this)),
      cancel_button_(new QPushButton(this)),
      remove_button_(new QPushButton(this)),
      cancel_action_(new QAction(this)),
      remove_action_(new QAction(this)),
      open_action_(new QAction(this)) {
  tree_->setColumnCount(ColumnCount);
  tree_->setRootIsDecorated(false);
  tree_->setUniformRowHeights(true);
  tree_->setSelectionMode(QAbstractItemView::SingleSelection);
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  tree_->setItemDelegateForColumn(ProgressColumn, new ProgressDelegate(tree_));
  tree_->header()->setStretchLastSection(true);
  tree_->header()->setSectionResizeMode(IdColumn, QHeaderView::Interactive);
  tree_->setColumnWidth(IdColumn, 220);
  tree_->setColumnWidth(ProgressColumn, 140);

  cancel_button_->setObjectName("cancelButton");
  remove_button_->setObjectName("removeButton");
  retranslateUi();

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(cancel_button_);
  buttons->addWidget(remove_button_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(tree_, 1);
  layout->addLayout(buttons);

  connect(cancel_action_, &QAction::triggered, this, [this] {
    const int id = selectedJobId();
    if (id >= 0 && isJobCancellable(state(id))) Q_EMIT cancelRequested(id);
  });
  connect(remove_action_, &QAction::triggered, this, [this] {
    const int id = selectedJobId();
    if (id >= 0 && isJobFinished(state(id))) Q_EMIT removeRequested(id);
  });
  connect(open_action_, &QAction::triggered, this, [this] {
    const int id = selectedJobId();
    if (id >= 0 && state(id) == JobState::Done) Q_EMIT jobActivated(id);
  });
  connect(cancel_button_, &QPushButton::clicked, cancel_action_, &QAction::trigger);
  connect(remove_button_, &QPushButton::clicked, remove_action_, &QAction::trigger);
  connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* row) {
    const int id = row->data(IdColumn, kIdRole).toInt();
    if (state(id) == JobState::Done) Q_EMIT jobActivated(id);
  });
  connect(tree_, &QTreeWidget::itemSelectionChanged, this, [this] {
    updateActions();
    Q_EMIT selectedJobChanged(selectedJobId());
  });
  connect(tree_, &QTreeWidget::customContextMenuRequested, this, &JobListWidget::showContextMenu);
  updateActions();
}

QString JobListWidget::stateName(JobState state) {
  switch (state) {
    case JobState::Queued:
      return tr("Queued");
    case JobState::Running:
      return tr("Running");
    case JobState::Done:
      return tr("Done");
    case JobState::Failed:
      return tr("Failed");
    case JobState::Cancelled:
      return tr("Cancelled");
  }
  return {};
}

QString JobListWidget::formatEta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return {};
  const long long total = std::llround(seconds);
  if (total < 60) return tr("%1 s").arg(total);
  const long long hours = total / 3600, minutes = (total / 60) % 60, secs = total % 60;
  if (hours == 0) return QString("%1:%2").arg(minutes).arg(secs, 2, 10, QChar('0'));
  return QString("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QChar('0')).arg(secs, 2, 10, QChar('0'));
}

QTreeWidgetItem* JobListWidget::item(int id) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* row = tree_->topLevelItem(i);
    if (row->data(IdColumn, kIdRole).toInt() == id) return row;
  }
  return nullptr;
}

bool JobListWidget::addJob(int id, const QString& title) {
  if (item(id)) return false;
  auto* row = new QTreeWidgetItem(tree_);
  row->setData(IdColumn, kIdRole, id);
  row->setData(IdColumn, kTitleRole, title);
  row->setData(IdColumn, kStateRole, static_cast<int>(JobState::Queued));
  row->setData(ProgressColumn, kStepRole, 0);
  row->setData(ProgressColumn, kStepsRole, 0);
  row->setData(EtaColumn, kEtaRole, -1.0);
  updateRow(row);
  updateActions();
  return true;
}

void JobListWidget::setState(int id, JobState state, const QString& message) {
  QTreeWidgetItem* row = item(id);
  if (!row) return;
  row->setData(IdColumn, kStateRole, static_cast<int>(state));
  row->setData(IdColumn, kMessageRole, message);
  if (state == JobState::Done) {
    const int steps = row->data(ProgressColumn, kStepsRole).toInt();
    row->setData(ProgressColumn, kStepRole, steps);
  }
  updateRow(row);
  updateActions();
}

void JobListWidget::setProgress(int id, int step, int steps, double eta_seconds) {
  QTreeWidgetItem* row = item(id);
  if (!row) return;
  steps = std::max(0, steps);
  row->setData(ProgressColumn, kStepRole, std::clamp(step, 0, steps));
  row->setData(ProgressColumn, kStepsRole, steps);
  row->setData(EtaColumn, kEtaRole, eta_seconds);
  updateRow(row);
}

bool JobListWidget::removeJob(int id) {
  QTreeWidgetItem* row = item(id);
  if (!row) return false;
  delete row;
  updateActions();
  return true;
}

bool JobListWidget::contains(int id) const { return item(id) != nullptr; }

JobState JobListWidget::state(int id) const {
  const QTreeWidgetItem* row = item(id);
  return row ? static_cast<JobState>(row->data(IdColumn, kStateRole).toInt()) : JobState::Queued;
}

int JobListWidget::count() const { return tree_->topLevelItemCount(); }

int JobListWidget::selectedJobId() const {
  const auto selected = tree_->selectedItems();
  return selected.isEmpty() ? -1 : selected.first()->data(IdColumn, kIdRole).toInt();
}

void JobListWidget::setSelectedJobId(int id) {
  QTreeWidgetItem* row = item(id);
  if (row)
    tree_->setCurrentItem(row);
  else
    tree_->clearSelection();
}

QString JobListWidget::cellText(int id, Column column) const {
  const QTreeWidgetItem* row = item(id);
  return row && column >= 0 && column < ColumnCount ? row->text(column) : QString();
}

void JobListWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) updateRow(tree_->topLevelItem(i));  // state names
  }
  QWidget::changeEvent(event);
}

void JobListWidget::retranslateUi() {
  tree_->setHeaderLabels({tr("Job"), tr("State"), tr("Progress"), tr("Time left"), tr("Message")});
  tree_->setToolTip(tr("Jobs in the order they were queued; double-click a finished job to show its result"));
  tree_->headerItem()->setToolTip(IdColumn, tr("Job number and title"));
  tree_->headerItem()->setToolTip(StateColumn, tr("Queued, running, done, failed or cancelled"));
  tree_->headerItem()->setToolTip(ProgressColumn, tr("Steps done / steps"));
  tree_->headerItem()->setToolTip(EtaColumn, tr("Estimated time until the job is done"));
  tree_->headerItem()->setToolTip(MessageColumn, tr("Why a job failed, or other news about it"));
  cancel_button_->setText(tr("Cancel"));
  remove_button_->setText(tr("Remove"));
  cancel_action_->setText(tr("Cancel"));
  remove_action_->setText(tr("Remove"));
  open_action_->setText(tr("Show result"));
  cancel_button_->setToolTip(tr("Stop the selected queued or running job"));
  remove_button_->setToolTip(tr("Remove the selected finished job from the list (Delete)"));
  cancel_action_->setToolTip(cancel_button_->toolTip());
  remove_action_->setToolTip(remove_button_->toolTip());
  open_action_->setToolTip(tr("Show the result of the selected job"));
}

void JobListWidget::updateRow(QTreeWidgetItem* row) {
  const int id = row->data(IdColumn, kIdRole).toInt();
  const QString title = row->data(IdColumn, kTitleRole).toString();
  const auto job_state = static_cast<JobState>(row->data(IdColumn, kStateRole).toInt());
  const QString message = row->data(IdColumn, kMessageRole).toString();
  const int step = row->data(ProgressColumn, kStepRole).toInt();
  const int steps = row->data(ProgressColumn, kStepsRole).toInt();

  row->setText(IdColumn, tr("#%1 %2").arg(id).arg(title));
  row->setText(StateColumn, stateName(job_state));
  QString progress;
  if (steps > 0)
    progress = tr("%1 / %2").arg(step).arg(steps);
  else if (job_state == JobState::Running)
    progress = tr("starting...");
  row->setText(ProgressColumn, progress);
  row->setText(EtaColumn, job_state == JobState::Running
                              ? formatEta(row->data(EtaColumn, kEtaRole).toDouble())
                              : QString());
  row->setText(MessageColumn, message);
  const QBrush message_brush = job_state == JobState::Failed ? QBrush(QColor(200, 40, 40)) : QBrush();
  row->setForeground(MessageColumn, message_brush);
  row->setForeground(StateColumn, message_brush);

  QString tip = tr("Job %1: %2\n%3").arg(id).arg(title, stateName(job_state));
  if (!message.isEmpty()) tip += "\n" + message;
  for (int column = 0; column < ColumnCount; ++column) row->setToolTip(column, tip);
  if (row->isSelected()) updateActions();
}

void JobListWidget::updateActions() {
  const int id = selectedJobId();
  const bool selected = id >= 0;
  const JobState job_state = state(id);
  cancel_action_->setEnabled(selected && isJobCancellable(job_state));
  remove_action_->setEnabled(selected && isJobFinished(job_state));
  open_action_->setEnabled(selected && job_state == JobState::Done);
  cancel_button_->setEnabled(cancel_action_->isEnabled());
  remove_button_->setEnabled(remove_action_->isEnabled());
}

void JobListWidget::showContextMenu(const QPoint& pos) {
  QTreeWidgetItem* row = tree_->itemAt(pos);
  if (!row) return;
  tree_->setCurrentItem(row);
  QMenu menu(this);
  menu.setToolTipsVisible(true);
  menu.addAction(open_action_);
  menu.addSeparator();
  menu.addAction(cancel_action_);
  menu.addAction(remove_action_);
  menu.exec(tree_->viewport()->mapToGlobal(pos));
}

void JobListWidget::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete && remove_action_->isEnabled()) {
    remove_action_->trigger();
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}
