#include "prompt_token_label.h"

#include <QEvent>
#include <QtConcurrent>

#include "aicl/logging.h"
#include "aicl/prompt_tokens.h"

PromptTokenLabel::PromptTokenLabel(QWidget* parent) : QLabel(parent) {
  setObjectName("promptTokenCount");
  setAlignment(Qt::AlignRight);
  connect(&loading_, &QFutureWatcher<CounterPtr>::finished, this, [this] {
    counter_ = loading_.result();
    recount();
  });
}

PromptTokenLabel::~PromptTokenLabel() { loading_.waitForFinished(); }

void PromptTokenLabel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) recount();  // its text and tooltip are set there
  QLabel::changeEvent(event);
}

void PromptTokenLabel::setModelFolder(const QString& model_folder) {
  counter_.reset();
  recount();
  const std::filesystem::path folder = model_folder.toStdString();
  loading_.setFuture(QtConcurrent::run([folder]() -> CounterPtr {
    try {
      return std::make_shared<const aicl::PromptTokenCounter>(aicl::PromptTokenCounter::forModel(folder));
    } catch (const std::exception& e) {
      // The model label reports a broken folder; the count simply stays hidden.
      aicl::logger()->debug("prompt token count unavailable: {}", e.what());
      return nullptr;
    }
  }));
}

void PromptTokenLabel::setPrompt(const QString& prompt) {
  prompt_ = prompt;
  recount();
}

bool PromptTokenLabel::overLimit() const { return tokens_ > aicl::kPromptTokenLimit; }

void PromptTokenLabel::recount() {
  tokens_ = counter_ ? static_cast<int>(counter_->count(prompt_.toStdString())) : -1;
  if (tokens_ < 0) {
    clear();
    setToolTip({});
    return;
  }
  const bool over = overLimit();
  setText(tr("%1 / %2 tokens").arg(tokens_).arg(aicl::kPromptTokenLimit));
  setStyleSheet(over ? "color: #d03030; font-weight: bold;" : QString());
  setToolTip(over ? tr("The text encoder reads the first %1 tokens; the rest of the prompt is ignored")
                        .arg(aicl::kPromptTokenLimit)
                  : tr("Tokens the text encoder reads from the prompt (at most %1)").arg(aicl::kPromptTokenLimit));
  Q_EMIT counted(tokens_);
}
