#pragma once
// The worker that owns long engine jobs. It lives in the Controller's QThread; jobs are queued to it through
// queued signal/slot calls and run one after another. cancel() may be called from any thread.
#include <QImage>
#include <QObject>
#include <QStringList>

#include <atomic>

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  explicit EngineWorker(QObject* parent = nullptr);

  // Thread-safe: asks the running job to stop at its next check.
  void cancel();
  // "1280x720, 24 fps, 247 frames, 10.3 s, h264"
  static QString describe(int width, int height, double fps, long long frames, double duration, const QString& codec);

 public Q_SLOTS:
  // Probes each file and decodes its thumbnail; one referenceProbed or referenceFailed per file.
  void probeReferences(const QStringList& paths);

 Q_SIGNALS:
  void referenceProbed(const QString& path, const QString& properties, const QImage& thumbnail);
  void referenceFailed(const QString& path, const QString& error);
  void progress(int done, int total);
  void jobFinished(bool cancelled);

 private:
  std::atomic<bool> cancel_requested_{false};
};
