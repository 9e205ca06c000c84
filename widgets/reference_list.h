#pragma once
// The list of reference videos: a thumbnail, the file name and the probed properties per row, or an inline
// error for a file that cannot be decoded (the other rows stay). Rows are keyed by the file's path.
#include <QImage>
#include <QString>
#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;

class ReferenceListWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ReferenceListWidget(QWidget* parent = nullptr);

  // A row for `path` in its "probing..." state; returns false when the path is listed already.
  bool addPending(const QString& path);
  void setProbed(const QString& path, const QString& properties, const QImage& thumbnail);
  void setFailed(const QString& path, const QString& error);
  void remove(const QString& path);

  QStringList paths() const;         // every row, in order
  QStringList usablePaths() const;   // rows that probed successfully
  int count() const;
  QString rowText(const QString& path) const;
  bool rowFailed(const QString& path) const;

 Q_SIGNALS:
  void referencesChanged();

 private:
  QListWidgetItem* item(const QString& path) const;
  QListWidget* list_;
  QPushButton* remove_button_;
};
