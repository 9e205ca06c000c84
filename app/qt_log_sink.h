#pragma once
// A spdlog sink that hands each formatted message to the GUI thread as a Qt signal (queued connection), so the
// engine can log from any thread into the log panel.
#include <spdlog/sinks/base_sink.h>

#include <QObject>
#include <QString>
#include <memory>
#include <mutex>

class LogRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void message(const QString& level, const QString& text);
};

class QtLogSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  QtLogSink();
  LogRelay* relay() const { return relay_.get(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::unique_ptr<LogRelay> relay_;
};
