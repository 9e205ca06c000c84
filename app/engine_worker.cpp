#include "engine_worker.h"

#include <exception>

#include "aicl/logging.h"
#include "aicl/video_io.h"
#include "frame_image.h"

EngineWorker::EngineWorker(QObject* parent) : QObject(parent) {}

void EngineWorker::cancel() { cancel_requested_ = true; }

QString EngineWorker::describe(int width, int height, double fps, long long frames, double duration,
                               const QString& codec) {
  QString text = QString("%1x%2").arg(width).arg(height);
  if (fps > 0) text += QString(", %1 fps").arg(fps, 0, 'g', 4);
  text += QString(", %1 frames").arg(frames);
  if (duration > 0) text += QString(", %1 s").arg(duration, 0, 'f', 1);
  return text + ", " + codec;
}

void EngineWorker::probeReferences(const QStringList& paths) {
  cancel_requested_ = false;
  int done = 0;
  for (const QString& path : paths) {
    if (cancel_requested_) {
      Q_EMIT jobFinished(true);
      return;
    }
    try {
      const aicl::VideoInfo info = aicl::probeVideo(path.toStdString());
      const QImage thumbnail = toQImage(aicl::decodeThumbnail(path.toStdString(), 0.0));
      Q_EMIT referenceProbed(path, describe(info.width, info.height, info.fps, info.frame_count, info.duration,
                                            QString::fromStdString(info.codec)),
                             thumbnail);
    } catch (const std::exception& e) {
      aicl::logger()->warn("{}", e.what());
      Q_EMIT referenceFailed(path, QString::fromStdString(e.what()));
    }
    Q_EMIT progress(++done, static_cast<int>(paths.size()));
  }
  Q_EMIT jobFinished(false);
}
