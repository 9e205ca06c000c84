#include "qt_log_sink.h"

QtLogSink::QtLogSink() : relay_(std::make_unique<LogRelay>()) {
  set_pattern("[%H:%M:%S] [%l] %v");
}

void QtLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  QString text = QString::fromUtf8(formatted.data(), static_cast<int>(formatted.size())).trimmed();
  const auto level = spdlog::level::to_string_view(msg.level);
  Q_EMIT relay_->message(QString::fromUtf8(level.data(), static_cast<int>(level.size())), text);
}
