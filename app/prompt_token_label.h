#pragma once
// "12 / 75 tokens" under the prompt, red past the text encoder's window (the words beyond it are cut, so the
// user should know). The model's tokenizer is loaded off the GUI thread; until it is there the label is empty.
#include <QFutureWatcher>
#include <QLabel>
#include <memory>

namespace aicl {
class PromptTokenCounter;
}

class PromptTokenLabel : public QLabel {
  Q_OBJECT
 public:
  explicit PromptTokenLabel(QWidget* parent = nullptr);
  ~PromptTokenLabel() override;

  // Loads `model_folder`'s tokenizer in the background, then recounts the current prompt.
  void setModelFolder(const QString& model_folder);
  void setPrompt(const QString& prompt);
  // -1 while no tokenizer is loaded (or the folder has none).
  int tokens() const { return tokens_; }
  bool overLimit() const;

 Q_SIGNALS:
  void counted(int tokens);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void recount();

  using CounterPtr = std::shared_ptr<const aicl::PromptTokenCounter>;
  QFutureWatcher<CounterPtr> loading_;
  CounterPtr counter_;
  QString prompt_;
  int tokens_ = -1;
};
