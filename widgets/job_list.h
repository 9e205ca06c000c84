#pragma once
// The list of jobs (generations, trainings): one row per job with its id and title, state, progress bar
// (step / steps), time left and the error message of a failed job. Cancel (queued or running jobs) and Remove
// (finished jobs) are buttons and context-menu entries; they only emit requests, the owner decides (it calls
// setState(..., Cancelled) once a job has stopped and removeJob() to drop a row). Double-click or Enter on a
// done job emits jobActivated().
#include <QString>
#include <QWidget>

#include "job_state.h"

class QAction;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

class JobListWidget : public QWidget {
  Q_OBJECT
 public:
  enum Column { IdColumn, StateColumn, ProgressColumn, EtaColumn, MessageColumn, ColumnCount };

  explicit JobListWidget(QWidget* parent = nullptr);

  // A queued job at the end of the list; returns false when `id` is listed already.
  bool addJob(int id, const QString& title);
  // Unknown ids are ignored. `message` is shown in the message column (the error of a failed job).
  void setState(int id, JobState state, const QString& message = {});
  // `eta_seconds` < 0 (or not finite) means unknown.
  void setProgress(int id, int step, int steps, double eta_seconds);
  bool removeJob(int id);
  bool contains(int id) const;
  // JobState::Queued for an unknown id.
  JobState state(int id) const;
  int count() const;
  // -1 when no job is selected.
  int selectedJobId() const;
  void setSelectedJobId(int id);
  // The displayed text of a job's cell (for tests and accessibility); empty for an unknown id.
  QString cellText(int id, Column column) const;
  QTreeWidget* tree() const { return tree_; }

  // Translated state name ("Queued", "Running", ...).
  static QString stateName(JobState state);
  // "45 s", "3:07", "1:02:03"; empty when unknown.
  static QString formatEta(double seconds);

 Q_SIGNALS:
  void cancelRequested(int id);
  void removeRequested(int id);
  void jobActivated(int id);
  void selectedJobChanged(int id);

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  QTreeWidgetItem* item(int id) const;
  void updateRow(QTreeWidgetItem* row);
  void updateActions();
  void showContextMenu(const QPoint& pos);

  QTreeWidget* tree_;
  QPushButton* cancel_button_;
  QPushButton* remove_button_;
  QAction* cancel_action_;
  QAction* remove_action_;
  QAction* open_action_;
};
