#pragma once
// The list of reference videos, one row per video in the order the model gets them. A row shows the colour of
// the reference in the feature plot, a thumbnail (it plays a short loop while the mouse is on it), the file
// name and the probed properties (or an inline error for a file that cannot be decoded; the other rows stay),
// and edits the reference's caption, trim (the part of the clip to use) and frame sampling. Rows reorder with
// their up/down buttons or by drag and drop, and have a remove button. Rows are keyed by the file's path;
// every change of the list (add, probe, remove, order, caption, trim, sampling) emits referencesChanged().
#include <QColor>
#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QFrame;
class QLabel;
class QMimeData;
class QScrollArea;
class QVBoxLayout;

struct ReferenceEntry {
  QString path;
  QString caption;
  double start = 0;  // seconds into the clip
  double end = -1;   // seconds; -1: to the end of the clip. Otherwise end > start.
  // Count: `sampling_value` frames spread evenly over the trimmed clip, 0 = as many as the generation has.
  // Stride: every `sampling_value`-th frame (>= 1).
  enum Sampling { Count, Stride } sampling = Count;
  int sampling_value = 0;

  bool operator==(const ReferenceEntry& other) const;
  bool operator!=(const ReferenceEntry& other) const { return !(*this == other); }
};

class ReferenceListWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ReferenceListWidget(QWidget* parent = nullptr);
  ~ReferenceListWidget() override;

  // The colour of the reference at `index` (row position), here and in the feature plot; wraps around after
  // paletteSize() colours.
  static QColor colourFor(int index);
  static int paletteSize();
  // The MIME type of a row being dragged within a list.
  static QString rowMimeType();

  // A row for `path` in its "probing..." state at the end; returns false when the path is listed already.
  bool addPending(const QString& path);
  // Unknown paths are ignored (the row may have been removed while it was probed).
  void setProbed(const QString& path, const QString& properties, const QImage& thumbnail);
  void setFailed(const QString& path, const QString& error);
  // Frames that loop while the mouse is on the thumbnail; no frames: the still thumbnail only.
  void setPreviewFrames(const QString& path, const QVector<QImage>& frames);
  void remove(const QString& path);
  // Moves the row of `path` to position `index` (clamped to the list); false when the path is unknown or the
  // row is there already.
  bool move(const QString& path, int index);

  // Every row in order (failed and pending rows too), or only the rows that probed successfully.
  QVector<ReferenceEntry> entries() const;
  QVector<ReferenceEntry> usableEntries() const;
  // Replaces the list (a saved project): the rows are pending until the owner probes them again. Duplicate
  // paths are dropped, bad trims become "to the end" and sampling values are clamped.
  void setEntries(const QVector<ReferenceEntry>& entries);

  QStringList paths() const;        // every row, in order
  QStringList usablePaths() const;  // rows that probed successfully
  int count() const;
  // Rows the scroll area shows whole, without scrolling.
  int fullyVisibleRows() const;
  int indexOf(const QString& path) const;      // -1 when not listed
  QString rowText(const QString& path) const;  // file name and properties, "probing..." or the error
  bool rowFailed(const QString& path) const;
  // The colour the row shows now (it follows the position); invalid when not listed.
  QColor rowColour(const QString& path) const;
  // The row's widget (its controls are named: swatch, thumbnail, status, caption, trimStart, trimEnd,
  // samplingMode, samplingValue, moveUpButton, moveDownButton, removeButton); nullptr when not listed.
  QWidget* rowWidget(const QString& path) const;
  // What dragging the row of `path` carries (the caller owns it).
  QMimeData* createDragData(const QString& path) const;

 Q_SIGNALS:
  void referencesChanged();
  // The empty list's "load an example" link.
  void exampleRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  class Row;
  // Sets the list's fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
  Row* row(const QString& path) const;
  Row* appendRow(const ReferenceEntry& entry);
  void removeRow(Row* row);
  // Puts the rows into the layout in order; swatches and move buttons follow the positions.
  void placeRows();
  // The path a drag from this list carries; empty for anything else.
  QString draggedPath(const QMimeData* mime) const;
  // Where a drop at `y` (container coordinates) inserts: 0..count().
  int insertionIndex(int y) const;
  void showDropIndicator(int insertion_index);
  void connectRow(Row* row);
  void changed();

  QScrollArea* scroll_;
  QWidget* container_;
  QVBoxLayout* rows_layout_;
  QLabel* empty_hint_;
  QFrame* drop_indicator_;
  QVector<Row*> rows_;
};
