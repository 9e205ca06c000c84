#include "log_panel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QScrollBar>

LogPanel::LogPanel(QWidget* parent, int max_lines) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setMaximumBlockCount(max_lines);
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  retranslateUi();
}

void LogPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QPlainTextEdit::changeEvent(event);
}

void LogPanel::retranslateUi() { setToolTip(tr("Messages of the engine and the application")); }

void LogPanel::appendLine(const QString& level, const QString& text) {
  const bool at_bottom = verticalScrollBar()->value() == verticalScrollBar()->maximum();
  QString color;
  if (level == "warning") color = "#b8860b";
  if (level == "error" || level == "critical") color = "#c83232";
  const QString escaped = text.toHtmlEscaped();
  appendHtml(color.isEmpty() ? escaped : QString("<span style=\"color:%1\">%2</span>").arg(color, escaped));
  if (at_bottom) verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}
