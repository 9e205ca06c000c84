#pragma once
// What the app tests share: ActionWorld reference clips written as real MP4 files, and the engine settings of
// the tiny fixture model with its random adapter (see app.cmake).
#include <QDir>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <random>

#include "aicl/actionworld.h"
#include "aicl/video_io.h"
#include "engine_worker.h"

namespace app_test {

inline bool tinyModelAvailable() {
  return std::filesystem::exists(std::filesystem::path(AICL_TINY_MODEL_DIR) / "model_index.json") &&
         std::filesystem::exists(std::filesystem::path(AICL_TINY_ADAPTER_DIR) / "config.json");
}

inline EngineConfig tinyEngine() { return EngineConfig{AICL_TINY_MODEL_DIR, AICL_TINY_ADAPTER_DIR, 0}; }

// `count` clips of `action` (16 frames, `size` pixels) written as MP4 into `folder`; returns their paths.
inline QStringList writeReferenceClips(const QString& folder, aicl::actionworld::Action action, int count,
                                       int size = 32) {
  using namespace aicl::actionworld;
  std::mt19937_64 rng(7);
  QStringList paths;
  const Shape shapes[] = {Shape::Star, Shape::Square, Shape::Diamond};
  for (int i = 0; i < count; ++i) {
    const ClipSpec spec = randomClipSpec(action, shapes[i % 3], Colour::Yellow, Background::Navy, rng, size, 16);
    const QString path = QDir(folder).filePath(QString("reference%1.mp4").arg(i));
    aicl::encodeVideo(path.toStdString(), aicl::VideoFormat::Mp4, renderClip(spec), aicl::defaultEncodeOptions());
    paths << path;
  }
  return paths;
}

inline QVector<ReferenceEntry> entriesOf(const QStringList& paths) {
  QVector<ReferenceEntry> entries;
  for (const QString& path : paths) {
    ReferenceEntry entry;
    entry.path = path;
    entries.append(entry);
  }
  return entries;
}

}  // namespace app_test
