#pragma once
// The history of results, newest first: a thumbnail, the title (the prompt) and the details (mode, seed,
// steps, time) per result, a filter on the title, and the actions Open (also double-click or Enter), Reuse
// settings, Show in folder and Delete as buttons and in the context menu. The actions only emit requests with
// the result's id; the owner decides (it calls removeEntry() once a result is deleted). Delete asks for
// confirmation first unless setConfirmDeletes(false).
#include <QDateTime>
#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;

struct GalleryEntry {
  QString id;
  QString title;    // the prompt
  QString details;  // mode, seed, steps, time
  QDateTime created;
  QImage thumbnail;
  bool has_baseline = false;  // a baseline video from the same seed to compare with
};

class GalleryWidget : public QWidget {
  Q_OBJECT
 public:
  explicit GalleryWidget(QWidget* parent = nullptr);

  // Replaces the history; shown newest first (by `created`). Entries without an id or with a repeated id are
  // dropped.
  void setEntries(const QVector<GalleryEntry>& entries);
  // Adds a result in its place by `created` (a new result goes first), or replaces the result with the same
  // id.
  void addEntry(const GalleryEntry& entry);
  bool removeEntry(const QString& id);
  // Every entry in display order, those the filter hides too.
  QVector<GalleryEntry> entries() const;
  int count() const;
  bool contains(const QString& id) const;
  // Empty when nothing (visible) is selected.
  QString selectedId() const;
  void setSelectedId(const QString& id);

  // Shows the results whose title contains every word of `text` (any case); empty shows all.
  void setFilterText(const QString& text);
  QString filterText() const;
  // The ids the filter lets through, in display order.
  QStringList visibleIds() const;

  void setConfirmDeletes(bool confirm) { confirm_deletes_ = confirm; }
  bool confirmDeletes() const { return confirm_deletes_; }
  QListWidget* list() const { return list_; }

 Q_SIGNALS:
  void openRequested(const QString& id);
  void reuseRequested(const QString& id);
  void revealRequested(const QString& id);
  void deleteRequested(const QString& id);
  void selectedIdChanged(const QString& id);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  // Each action and the button that triggers it.
  QList<QPair<QAction*, QPushButton*>> actionButtons() const;
  // Why the list shows nothing (no results, or none matches the filter).
  void updateEmptyHint();
  QListWidgetItem* item(const QString& id) const;
  QListWidgetItem* createItem(const GalleryEntry& entry) const;
  // Where an entry created at `created` goes: before the first older one.
  int insertionRow(const QDateTime& created) const;
  bool matchesFilter(const QString& title) const;
  void applyFilter();
  void updateActions();
  // Emits selectedIdChanged() when the selected id differs from the one last reported.
  void reportSelection();
  void requestDelete();
  void showContextMenu(const QPoint& pos);

  QLineEdit* filter_;
  QListWidget* list_;
  QLabel* empty_hint_;
  QPushButton* open_button_;
  QPushButton* reuse_button_;
  QPushButton* reveal_button_;
  QPushButton* delete_button_;
  QAction* open_action_;
  QAction* reuse_action_;
  QAction* reveal_action_;
  QAction* delete_action_;
  bool confirm_deletes_ = true;
  QString reported_selection_;
};
