#include "reference_list.h"

#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QDrag>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "text_setters.h"

namespace {
const QSize kThumbnailSize(96, 72);
constexpr double kToEnd = -1;
constexpr double kTrimStep = 0.1;
constexpr double kMaxSeconds = 24 * 3600;
constexpr int kTrimDecimals = 2;
constexpr int kMaxCount = 1024;
constexpr int kMaxStride = 256;
constexpr int kMaxPreviewFrames = 64;
constexpr int kPreviewIntervalMs = 100;  // 10 fps: smooth enough to read the motion, cheap to draw
const QColor kFailedColour(200, 40, 40);

bool isToEnd(double end) { return end < kToEnd + 0.005; }

// `image` letterboxed on black in the thumbnail's size; a plain `fill` when there is no image.
QPixmap fitted(const QImage& image, const QColor& fill = Qt::black) {
  QPixmap pixmap(kThumbnailSize);
  pixmap.fill(fill);
  if (!image.isNull()) {
    QPainter painter(&pixmap);
    const QImage scaled = image.scaled(kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    painter.drawImage((kThumbnailSize.width() - scaled.width()) / 2,
                      (kThumbnailSize.height() - scaled.height()) / 2, scaled);
  }
  return pixmap;
}

// A thumbnail that loops its preview frames while the mouse is on it and shows the still otherwise.
class PreviewLabel : public QLabel {
 public:
  explicit PreviewLabel(QWidget* parent) : QLabel(parent) {
    setFixedSize(kThumbnailSize);
    timer_.setInterval(kPreviewIntervalMs);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] {
      if (frames_.isEmpty()) return;
      frame_ = (frame_ + 1) % static_cast<int>(frames_.size());
      setPixmap(frames_[frame_]);
    });
  }

  void setStill(const QPixmap& still) {
    still_ = still;
    if (!timer_.isActive()) setPixmap(still_);
  }

  void setFrames(const QVector<QPixmap>& frames) {
    frames_ = frames;
    if (frames_.isEmpty())
      stop();
    else if (timer_.isActive())
      frame_ = std::min(frame_, static_cast<int>(frames_.size()) - 1);
    else if (underMouse())
      start();
  }

  bool hasFrames() const { return !frames_.isEmpty(); }

 protected:
  void enterEvent(QEnterEvent* event) override {
    start();
    QLabel::enterEvent(event);
  }
  void leaveEvent(QEvent* event) override {
    stop();
    QLabel::leaveEvent(event);
  }
  void hideEvent(QHideEvent* event) override {
    stop();
    QLabel::hideEvent(event);
  }

 private:
  void start() {
    if (frames_.isEmpty()) return;
    frame_ = 0;
    setPixmap(frames_[0]);
    timer_.start();
  }
  void stop() {
    timer_.stop();
    frame_ = -1;
    setPixmap(still_);
  }

  QTimer timer_;
  QPixmap still_;
  QVector<QPixmap> frames_;
  int frame_ = -1;
};
}  // namespace

bool ReferenceEntry::operator==(const ReferenceEntry& other) const {
  return path == other.path && caption == other.caption && start == other.start && end == other.end &&
         sampling == other.sampling && sampling_value == other.sampling_value;
}

// One reference: its controls and what the list knows about it. The list connects the controls.
class ReferenceListWidget::Row : public QFrame {
  Q_DECLARE_TR_FUNCTIONS(ReferenceListWidget)

 public:
  enum class State { Pending, Probed, Failed };

  Row(ReferenceListWidget* list, QWidget* parent, const QString& path)
      : QFrame(parent), path(path), list_(list) {
    setFrameShape(QFrame::StyledPanel);
    setObjectName("referenceRow");

    handle = new QLabel(QStringLiteral("\u2261"), this);
    handle->setCursor(Qt::OpenHandCursor);
    swatch = new QLabel(this);
    swatch->setObjectName("swatch");
    swatch->setFixedSize(10, kThumbnailSize.height());
    swatch->setAutoFillBackground(true);
    thumbnail = new PreviewLabel(this);
    thumbnail->setObjectName("thumbnail");
    status = new QLabel(this);
    status->setObjectName("status");
    status->setWordWrap(true);
    status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    status->setSizePolicy(QSizePolicy::Ignored,
                          QSizePolicy::Preferred);  // long names wrap, never widen the list

    move_up = toolButton("moveUpButton");
    move_up->setArrowType(Qt::UpArrow);
    move_down = toolButton("moveDownButton");
    move_down->setArrowType(Qt::DownArrow);
    remove_button = toolButton("removeButton");
    remove_button->setText(QStringLiteral("\u00d7"));

    caption = new QLineEdit(this);
    caption->setObjectName("caption");
    caption->setClearButtonEnabled(true);

    trim_start = new QDoubleSpinBox(this);
    trim_start->setObjectName("trimStart");
    trim_start->setRange(0, kMaxSeconds);
    trim_end = new QDoubleSpinBox(this);
    trim_end->setObjectName("trimEnd");
    trim_end->setRange(kToEnd, kMaxSeconds);
    for (QDoubleSpinBox* spin : {trim_start, trim_end}) {
      spin->setDecimals(kTrimDecimals);
      spin->setSingleStep(kTrimStep);
      spin->setKeyboardTracking(false);  // one change per typed value, not per keystroke
      spin->setAccelerated(true);
    }

    sampling_mode = new QComboBox(this);
    sampling_mode->setObjectName("samplingMode");
    sampling_mode->addItem(QString(), static_cast<int>(ReferenceEntry::Count));
    sampling_mode->addItem(QString(), static_cast<int>(ReferenceEntry::Stride));
    sampling_value = new QSpinBox(this);
    sampling_value->setObjectName("samplingValue");
    sampling_value->setKeyboardTracking(false);

    // The caption and spin boxes do not take drops, so a row dragged over them still lands in the list.
    for (QLineEdit* edit : findChildren<QLineEdit*>()) edit->setAcceptDrops(false);

    // Trim and sampling on one line, so a row stays short and the list shows several at once.
    auto* options = new QHBoxLayout;
    options->setContentsMargins(0, 0, 0, 0);
    options->setSpacing(3);
    trim_label = new QLabel(this);
    options->addWidget(trim_label);
    options->addWidget(trim_start, 1);
    options->addWidget(new QLabel(QStringLiteral("\u2013"), this));
    options->addWidget(trim_end, 1);
    options->addSpacing(6);
    options->addWidget(sampling_mode, 1);
    options->addWidget(sampling_value, 1);
    // The fields share the row's width instead of asking for their text's, so the row never outgrows the list.
    for (QWidget* field : {static_cast<QWidget*>(trim_start), static_cast<QWidget*>(trim_end),
                           static_cast<QWidget*>(sampling_mode), static_cast<QWidget*>(sampling_value)}) {
      field->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
      field->setMinimumWidth(36);
    }
    auto* buttons = new QVBoxLayout;
    buttons->setSpacing(0);
    buttons->addWidget(move_up);
    buttons->addWidget(move_down);
    buttons->addWidget(remove_button);
    buttons->addStretch();

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setHorizontalSpacing(6);
    layout->setVerticalSpacing(3);
    layout->addWidget(handle, 0, 0, 2, 1, Qt::AlignVCenter);
    layout->addWidget(swatch, 0, 1, 2, 1);
    layout->addWidget(thumbnail, 0, 2, 2, 1);
    layout->addWidget(status, 0, 3, Qt::AlignTop);
    layout->addWidget(caption, 1, 3, Qt::AlignBottom);
    layout->addLayout(buttons, 0, 4, 2, 1);
    layout->addLayout(options, 2, 0, 1, 5);
    layout->setColumnStretch(3, 1);
    retranslateUi();
  }

  QToolButton* toolButton(const char* name) {
    auto* button = new QToolButton(this);
    button->setObjectName(name);
    button->setAutoRaise(true);
    return button;
  }

  // Sets the row's fixed texts in the current language (the status line keeps its text until it next changes).
  void retranslateUi() {
    handle->setToolTip(tr("Drag to change the order of the references"));
    const QList<QPair<QToolButton*, QString>> tips = {{move_up, tr("Move this reference up (earlier)")},
                                                      {move_down, tr("Move this reference down (later)")},
                                                      {remove_button, tr("Remove this reference")}};
    for (const auto& [button, tip] : tips) {
      button->setToolTip(tip);
      button->setAccessibleName(tip);
    }
    caption->setPlaceholderText(tr("Caption (optional)"));
    caption->setToolTip(tr("What happens in this clip, in words; empty: no caption"));
    trim_label->setText(tr("Trim"));
    trim_start->setToolTip(tr("Use the clip from this time on (seconds)"));
    trim_end->setSpecialValueText(tr("end"));  // shown for -1
    trim_end->setToolTip(
        tr("Use the clip up to this time (seconds), after the start; \"end\" (step below the "
           "start) uses it to its end"));
    for (QDoubleSpinBox* spin : {trim_start, trim_end}) spin->setSuffix(tr(" s"));
    setItemTexts(sampling_mode, {tr("Frame count"), tr("Frame stride")});
    sampling_mode->setToolTip(
        tr("Frame count: that many frames spread evenly over the clip.\n"
           "Frame stride: every n-th frame of the clip."));
    sampling_value->setToolTip(
        tr("How many frames to take (\"as generated\": as many as the generated video "
           "has), or the step between taken frames"));
    retranslateSampling();
    updateSwatchTip();
    updateThumbnailTip();
  }

  // The sampling value's texts for the mode shown.
  void retranslateSampling() {
    const bool count = samplingMode() == ReferenceEntry::Count;
    sampling_value->setSpecialValueText(count ? tr("as generated") : QString());  // "as generated" shown for 0
    sampling_value->setPrefix(count ? QString() : tr("every "));
    sampling_value->setSuffix(count ? tr(" frames") : QString());
  }

  // The spin box's range and texts for `mode`, showing that mode's remembered value.
  void showSampling(ReferenceEntry::Sampling mode) {
    const QSignalBlocker block_mode(sampling_mode);
    const QSignalBlocker block_value(sampling_value);
    sampling_mode->setCurrentIndex(sampling_mode->findData(static_cast<int>(mode)));
    const bool count = mode == ReferenceEntry::Count;
    sampling_value->setRange(count ? 0 : 1, count ? kMaxCount : kMaxStride);
    retranslateSampling();
    sampling_value->setValue(count ? count_value : stride_value);
  }

  ReferenceEntry::Sampling samplingMode() const {
    return static_cast<ReferenceEntry::Sampling>(sampling_mode->currentData().toInt());
  }

  void setEntry(const ReferenceEntry& entry) {
    const QSignalBlocker block_caption(caption);
    const QSignalBlocker block_start(trim_start);
    const QSignalBlocker block_end(trim_end);
    caption->setText(entry.caption);
    caption->setCursorPosition(0);  // a long caption shows its beginning
    trim_start->setValue(entry.start);
    trim_end->setValue(entry.end);
    last_end = trim_end->value();
    if (entry.sampling == ReferenceEntry::Count)
      count_value = entry.sampling_value;
    else
      stride_value = entry.sampling_value;
    showSampling(entry.sampling);
  }

  ReferenceEntry entry() const {
    ReferenceEntry entry;
    entry.path = path;
    entry.caption = caption->text().trimmed();
    entry.start = trim_start->value();
    entry.end = isToEnd(trim_end->value()) ? kToEnd : trim_end->value();
    entry.sampling = samplingMode();
    entry.sampling_value = sampling_value->value();
    return entry;
  }

  void setPosition(int index, int count) {
    colour = ReferenceListWidget::colourFor(index);
    QPalette swatch_palette = swatch->palette();
    swatch_palette.setColor(QPalette::Window, colour);
    swatch->setPalette(swatch_palette);
    position = index;
    row_count = count;
    updateSwatchTip();
    move_up->setEnabled(index > 0);
    move_down->setEnabled(index + 1 < count);
  }

  void setStatus(State new_state, const QString& text) {
    state = new_state;
    const bool failed = state == State::Failed;
    status->setText(QFileInfo(path).fileName() + "\n" + text);
    status->setStyleSheet(failed ? QString("color: %1;").arg(kFailedColour.name()) : QString());
    status->setToolTip(failed ? path + "\n" + text : path);
    // A file that cannot be decoded has nothing to trim or sample; it stays listed until removed.
    for (QWidget* control :
         std::initializer_list<QWidget*>{caption, trim_start, trim_end, sampling_mode, sampling_value})
      control->setEnabled(!failed);
  }

  void updateSwatchTip() {
    if (row_count > 0)
      swatch->setToolTip(tr("Reference %1 of %2: its colour in the feature plot").arg(position + 1).arg(row_count));
  }

  void updateThumbnailTip() {
    thumbnail->setToolTip(thumbnail->hasFrames() ? tr("Point at the thumbnail to play a short preview")
                                                 : tr("The first frame of the clip"));
  }

  QString path;
  State state = State::Pending;
  QColor colour;
  double last_end = kToEnd;  // to tell "leaving 'end' upwards" from "stepping below the start"
  int count_value = 0;
  int stride_value = 1;
  int position = 0;   // in the list, from setPosition()
  int row_count = 0;  // rows in the list; 0 until setPosition()

  QLabel* handle;
  QLabel* swatch;
  PreviewLabel* thumbnail;
  QLabel* status;
  QToolButton* move_up;
  QToolButton* move_down;
  QToolButton* remove_button;
  QLineEdit* caption;
  QDoubleSpinBox* trim_start;
  QDoubleSpinBox* trim_end;
  QComboBox* sampling_mode;
  QSpinBox* sampling_value;
  QLabel* trim_label;

 protected:
  void changeEvent(QEvent* event) override {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QFrame::changeEvent(event);
  }

  // A drag starts anywhere on the row that is not a control (the handle, thumbnail, name, background).
  void mousePressEvent(QMouseEvent* event) override {
    if (event->button() == Qt::LeftButton) press_position_ = event->position().toPoint();
    QFrame::mousePressEvent(event);
  }
  void mouseMoveEvent(QMouseEvent* event) override {
    if (!(event->buttons() & Qt::LeftButton) ||
        (event->position().toPoint() - press_position_).manhattanLength() <
            QApplication::startDragDistance()) {
      QFrame::mouseMoveEvent(event);
      return;
    }
    auto* drag = new QDrag(this);
    drag->setMimeData(list_->createDragData(path));
    const QPixmap picture = grab();
    drag->setPixmap(picture.scaledToWidth(std::min(picture.width(), 240), Qt::SmoothTransformation));
    drag->exec(Qt::MoveAction);
  }

 private:
  ReferenceListWidget* list_;
  QPoint press_position_;
};

ReferenceListWidget::ReferenceListWidget(QWidget* parent)
    : QWidget(parent),
      scroll_(new QScrollArea(this)),
      container_(new QWidget),
      rows_layout_(new QVBoxLayout(container_)),
      empty_hint_(new QLabel(container_)),
      drop_indicator_(new QFrame(container_)) {
  container_->setObjectName("referenceRows");
  container_->setAcceptDrops(true);
  container_->installEventFilter(this);
  empty_hint_->setObjectName("emptyHint");
  empty_hint_->setAlignment(Qt::AlignCenter);
  empty_hint_->setWordWrap(true);
  empty_hint_->setTextFormat(Qt::RichText);
  empty_hint_->setForegroundRole(QPalette::PlaceholderText);
  connect(empty_hint_, &QLabel::linkActivated, this, [this] { Q_EMIT exampleRequested(); });
  rows_layout_->setContentsMargins(2, 2, 2, 2);
  rows_layout_->setSpacing(4);
  rows_layout_->addWidget(empty_hint_);
  rows_layout_->addStretch(1);
  drop_indicator_->setFrameShape(QFrame::NoFrame);
  drop_indicator_->setAutoFillBackground(true);
  drop_indicator_->setBackgroundRole(QPalette::Highlight);
  drop_indicator_->hide();

  scroll_->setWidget(container_);
  scroll_->setWidgetResizable(true);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll_->setFrameShape(QFrame::StyledPanel);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll_);
  retranslateUi();
}

ReferenceListWidget::~ReferenceListWidget() = default;

void ReferenceListWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();  // each row retranslates itself
  QWidget::changeEvent(event);
}

void ReferenceListWidget::retranslateUi() {
  container_->setToolTip(
      tr("Reference videos, in the order the model gets them; drag a row or use its arrows "
         "to reorder"));
  empty_hint_->setText(tr("No reference videos yet.<br>Drop some here, or <a href=\"examples\">load an example</a>."));
}

int ReferenceListWidget::paletteSize() { return 8; }

QColor ReferenceListWidget::colourFor(int index) {
  // Tableau 10's first eight: distinct on light and dark backgrounds and for the common colour deficiencies.
  static const QColor palette[] = {
      QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
      QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf)};
  const int size = paletteSize();
  return palette[((index % size) + size) % size];
}

QString ReferenceListWidget::rowMimeType() { return QStringLiteral("application/x-aicl-reference-row"); }

void ReferenceListWidget::changed() { Q_EMIT referencesChanged(); }

ReferenceListWidget::Row* ReferenceListWidget::row(const QString& path) const {
  for (Row* candidate : rows_)
    if (candidate->path == path) return candidate;
  return nullptr;
}

ReferenceListWidget::Row* ReferenceListWidget::appendRow(const ReferenceEntry& entry) {
  auto* added = new Row(this, container_, entry.path);
  added->setEntry(entry);
  added->thumbnail->setStill(fitted({}, palette().color(QPalette::Mid)));
  added->updateThumbnailTip();
  added->setStatus(Row::State::Pending, tr("probing..."));
  connectRow(added);
  rows_ << added;
  return added;
}

void ReferenceListWidget::connectRow(Row* row) {
  connect(row->caption, &QLineEdit::textEdited, this, [this] { changed(); });
  connect(row->trim_start, &QDoubleSpinBox::valueChanged, this, [this, row](double start) {
    // The end stays after the start: a start at or past it pushes it along.
    if (!isToEnd(row->trim_end->value()) && row->trim_end->value() <= start) {
      const QSignalBlocker block(row->trim_end);
      row->trim_end->setValue(start + kTrimStep);
      row->last_end = row->trim_end->value();
    }
    changed();
  });
  connect(row->trim_end, &QDoubleSpinBox::valueChanged, this, [this, row](double end) {
    const double start = row->trim_start->value();
    double fixed = end;
    if (isToEnd(end))
      fixed = kToEnd;
    else if (isToEnd(row->last_end))
      fixed = std::max(end, start + kTrimStep);  // leaving "end" upwards lands after the start
    else if (end <= start)
      fixed = kToEnd;  // stepping below the start wraps to "to the end"
    if (fixed != end) {
      const QSignalBlocker block(row->trim_end);
      row->trim_end->setValue(fixed);
    }
    row->last_end = row->trim_end->value();
    changed();
  });
  connect(row->sampling_mode, &QComboBox::currentIndexChanged, this, [this, row] {
    row->showSampling(row->samplingMode());
    changed();
  });
  connect(row->sampling_value, &QSpinBox::valueChanged, this, [this, row](int value) {
    if (row->samplingMode() == ReferenceEntry::Count)
      row->count_value = value;
    else
      row->stride_value = value;
    changed();
  });
  connect(row->move_up, &QToolButton::clicked, this,
          [this, row] { move(row->path, indexOf(row->path) - 1); });
  connect(row->move_down, &QToolButton::clicked, this,
          [this, row] { move(row->path, indexOf(row->path) + 1); });
  connect(row->remove_button, &QToolButton::clicked, this, [this, row] { remove(row->path); });
}

void ReferenceListWidget::placeRows() {
  for (Row* listed : rows_) rows_layout_->removeWidget(listed);
  const int count = static_cast<int>(rows_.size());
  for (int i = 0; i < count; ++i) {
    rows_layout_->insertWidget(i, rows_[i]);
    rows_[i]->setPosition(i, count);
    rows_[i]->show();
  }
  empty_hint_->setVisible(rows_.isEmpty());
  rows_layout_->activate();  // the rows' geometry is right now, for the next drop
}

bool ReferenceListWidget::addPending(const QString& path) {
  if (row(path)) return false;
  ReferenceEntry entry;
  entry.path = path;
  appendRow(entry);
  placeRows();
  changed();
  return true;
}

void ReferenceListWidget::setProbed(const QString& path, const QString& properties, const QImage& thumbnail) {
  Row* probed = row(path);
  if (!probed) return;
  probed->thumbnail->setStill(fitted(thumbnail));
  probed->setStatus(Row::State::Probed, properties);
  changed();
}

void ReferenceListWidget::setFailed(const QString& path, const QString& error) {
  Row* failed = row(path);
  if (!failed) return;
  failed->thumbnail->setFrames({});
  failed->thumbnail->setStill(fitted({}, QColor(120, 30, 30)));
  failed->updateThumbnailTip();
  failed->setStatus(Row::State::Failed, error);
  changed();
}

void ReferenceListWidget::setPreviewFrames(const QString& path, const QVector<QImage>& frames) {
  Row* previewed = row(path);
  if (!previewed) return;
  QVector<QPixmap> pixmaps;
  const int used = std::min(static_cast<int>(frames.size()), kMaxPreviewFrames);
  pixmaps.reserve(used);
  for (int i = 0; i < used; ++i) pixmaps << fitted(frames[i]);
  previewed->thumbnail->setFrames(pixmaps);
  previewed->updateThumbnailTip();
}

void ReferenceListWidget::removeRow(Row* removed) {
  rows_.removeOne(removed);
  rows_layout_->removeWidget(removed);
  removed->hide();
  removed->deleteLater();  // it may be in its own remove button's click
}

void ReferenceListWidget::remove(const QString& path) {
  if (Row* removed = row(path)) {
    removeRow(removed);
    placeRows();
  }
  changed();
}

bool ReferenceListWidget::move(const QString& path, int index) {
  Row* moved = row(path);
  if (!moved) return false;
  const int from = indexOf(path);
  const int to = std::clamp(index, 0, static_cast<int>(rows_.size()) - 1);
  if (from == to) return false;
  rows_.move(from, to);
  placeRows();
  changed();
  return true;
}

QVector<ReferenceEntry> ReferenceListWidget::entries() const {
  QVector<ReferenceEntry> result;
  for (const Row* listed : rows_) result << listed->entry();
  return result;
}

QVector<ReferenceEntry> ReferenceListWidget::usableEntries() const {
  QVector<ReferenceEntry> result;
  for (const Row* listed : rows_)
    if (listed->state == Row::State::Probed) result << listed->entry();
  return result;
}

void ReferenceListWidget::setEntries(const QVector<ReferenceEntry>& entries) {
  while (!rows_.isEmpty()) removeRow(rows_.last());
  for (ReferenceEntry entry : entries) {
    if (entry.path.isEmpty() || row(entry.path)) continue;
    entry.start = std::clamp(entry.start, 0.0, kMaxSeconds);
    if (isToEnd(entry.end) || entry.end <= entry.start) entry.end = kToEnd;
    entry.sampling_value = entry.sampling == ReferenceEntry::Count
                               ? std::clamp(entry.sampling_value, 0, kMaxCount)
                               : std::clamp(entry.sampling_value, 1, kMaxStride);
    appendRow(entry);
  }
  placeRows();
  changed();
}

QStringList ReferenceListWidget::paths() const {
  QStringList result;
  for (const Row* listed : rows_) result << listed->path;
  return result;
}

QStringList ReferenceListWidget::usablePaths() const {
  QStringList result;
  for (const Row* listed : rows_)
    if (listed->state == Row::State::Probed) result << listed->path;
  return result;
}

int ReferenceListWidget::count() const { return static_cast<int>(rows_.size()); }

int ReferenceListWidget::fullyVisibleRows() const {
  const QRect viewport = scroll_->viewport()->rect();
  int visible = 0;
  for (const Row* row : rows_) {
    const QRect area(row->mapTo(scroll_->viewport(), QPoint(0, 0)), row->size());
    visible += row->isVisible() && viewport.contains(area);
  }
  return visible;
}

int ReferenceListWidget::indexOf(const QString& path) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (rows_[i]->path == path) return i;
  return -1;
}

QString ReferenceListWidget::rowText(const QString& path) const {
  const Row* listed = row(path);
  return listed ? listed->status->text() : QString();
}

bool ReferenceListWidget::rowFailed(const QString& path) const {
  const Row* listed = row(path);
  return listed && listed->state == Row::State::Failed;
}

QColor ReferenceListWidget::rowColour(const QString& path) const {
  const Row* listed = row(path);
  return listed ? listed->colour : QColor();
}

QWidget* ReferenceListWidget::rowWidget(const QString& path) const { return row(path); }

QMimeData* ReferenceListWidget::createDragData(const QString& path) const {
  auto* mime = new QMimeData;
  // The list's address keeps a row from being dropped into another list.
  mime->setData(rowMimeType(), QByteArray::number(reinterpret_cast<quintptr>(this)) + '\n' + path.toUtf8());
  mime->setText(path);
  return mime;
}

QString ReferenceListWidget::draggedPath(const QMimeData* mime) const {
  if (!mime || !mime->hasFormat(rowMimeType())) return {};
  const QByteArray data = mime->data(rowMimeType());
  const int newline = data.indexOf('\n');
  if (newline < 0 || data.left(newline) != QByteArray::number(reinterpret_cast<quintptr>(this))) return {};
  const QString path = QString::fromUtf8(data.mid(newline + 1));
  return row(path) ? path : QString();
}

int ReferenceListWidget::insertionIndex(int y) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (y < rows_[i]->geometry().center().y()) return i;
  return static_cast<int>(rows_.size());
}

void ReferenceListWidget::showDropIndicator(int insertion_index) {
  if (rows_.isEmpty()) return;
  const int gap = rows_layout_->spacing();
  const int y = insertion_index < rows_.size() ? rows_[insertion_index]->geometry().top() - (gap + 2) / 2
                                               : rows_.last()->geometry().bottom() + (gap + 2) / 2;
  drop_indicator_->setGeometry(0, std::max(0, y - 1), container_->width(), 2);
  drop_indicator_->raise();
  drop_indicator_->show();
}

bool ReferenceListWidget::eventFilter(QObject* watched, QEvent* event) {
  if (watched != container_) return QWidget::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
      auto* drag = static_cast<QDragMoveEvent*>(event);
      if (draggedPath(drag->mimeData()).isEmpty()) {
        drag->ignore();
        return true;
      }
      showDropIndicator(insertionIndex(drag->position().toPoint().y()));
      drag->setDropAction(Qt::MoveAction);
      drag->accept();
      return true;
    }
    case QEvent::DragLeave:
      drop_indicator_->hide();
      return true;
    case QEvent::Drop: {
      auto* drop = static_cast<QDropEvent*>(event);
      drop_indicator_->hide();
      const QString path = draggedPath(drop->mimeData());
      if (path.isEmpty()) {
        drop->ignore();
        return true;
      }
      const int from = indexOf(path);
      int to = insertionIndex(drop->position().toPoint().y());
      if (to > from) --to;  // the row leaves its place first
      move(path, to);
      drop->setDropAction(Qt::MoveAction);
      drop->accept();
      return true;
    }
    default:
      return QWidget::eventFilter(watched, event);
  }
}
