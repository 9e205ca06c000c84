#pragma once
// A read-only log view that keeps the last lines only.
#include <QPlainTextEdit>

class LogPanel : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit LogPanel(QWidget* parent = nullptr, int max_lines = 5000);

 public Q_SLOTS:
  // `level` is a spdlog level name ("info", "warning", "error", ...); warnings and errors are coloured.
  void appendLine(const QString& level, const QString& text);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  // Sets the fixed texts in the current language: at construction and on QEvent::LanguageChange.
  void retranslateUi();
};
