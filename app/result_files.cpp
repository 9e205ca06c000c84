#include "result_files.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "aicl/video_io.h"
#include "frame_image.h"

QString losslessFramesPath(const QString& video) {
  const QFileInfo info(video);
  return QDir(info.path()).filePath(info.completeBaseName() + ".frames");
}

QString bestSourceOf(const QString& video) {
  if (video.isEmpty()) return video;
  const QString lossless = losslessFramesPath(video);
  return QFileInfo(lossless).isDir() ? lossless : video;
}

void writeResultVideo(const QString& video, const std::vector<aicl::Frame>& frames, double fps,
                      const std::string& metadata_json) {
  auto options = aicl::defaultEncodeOptions();
  options.fps = fps;
  options.metadata_json = metadata_json;
  aicl::encodeVideo(toPath(video), aicl::VideoFormat::Mp4, frames, options);
  aicl::encodeVideo(toPath(losslessFramesPath(video)), aicl::VideoFormat::PngSequence, frames, options);
}

LoadedResult loadResultFrames(const QString& video, const QString& baseline_video) {
  LoadedResult loaded;
  try {
    auto read = [](const QString& path) {
      return path.isEmpty() ? QVector<QImage>{}
                            : toImages(aicl::decodeVideo(toPath(bestSourceOf(path)), aicl::defaultDecodeOptions()));
    };
    loaded.frames = read(video);
    loaded.baseline = read(baseline_video);
  } catch (const std::exception& e) {
    loaded = {};
    loaded.error = QString::fromStdString(e.what());
  }
  return loaded;
}

QString exportResultFiles(const ExportRequest& request) {
  try {
    if (request.frames.isEmpty()) return QCoreApplication::translate("ResultFiles", "There is no result to export.");
    const auto format = aicl::videoFormatFromPath(toPath(request.path));
    if (!format)
      return QCoreApplication::translate("ResultFiles", "%1: use .mp4, .webm, .gif or a folder for PNG frames")
          .arg(request.path);
    auto options = aicl::defaultEncodeOptions();
    options.fps = request.fps;
    options.metadata_json = request.metadata_json.toStdString();
    aicl::encodeVideo(toPath(request.path), *format, toFrames(request.frames), options);
    if (!request.baseline.isEmpty()) {
      const QFileInfo info(request.path);
      const QString suffix = info.suffix().isEmpty() ? QString() : "." + info.suffix();
      const QString baseline = QDir(info.path()).filePath(info.completeBaseName() + ".baseline" + suffix);
      aicl::encodeVideo(toPath(baseline), *format, toFrames(request.baseline), options);
    }
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}
