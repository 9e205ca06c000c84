#pragma once
// A result's files: each video of a result folder (aicl.mp4, baseline.mp4) is an H.264 preview beside its
// frames kept without loss (aicl.frames/, a PNG sequence), so what is reopened or exported is what the model
// made, not a decoded H.264. These functions block: the window runs them on a thread pool.
#include <QImage>
#include <QString>
#include <QVector>

#include <vector>

namespace aicl {
struct Frame;
}

// NAME.frames beside NAME.EXT.
QString losslessFramesPath(const QString& video);
// The lossless frames when they exist (results of earlier versions have only the preview), else the video.
QString bestSourceOf(const QString& video);

// Writes the preview and the lossless frames of one video, both carrying `metadata_json`. Throws aicl::Error.
void writeResultVideo(const QString& video, const std::vector<aicl::Frame>& frames, double fps,
                      const std::string& metadata_json);

struct LoadedResult {
  QVector<QImage> frames;
  QVector<QImage> baseline;  // empty when the result has no baseline
  QString error;             // empty on success
};
// Decodes a stored result from its best sources.
LoadedResult loadResultFrames(const QString& video, const QString& baseline_video);

struct ExportRequest {
  QString path;  // .mp4, .webm, .gif, or a folder (no extension) for PNG frames
  QVector<QImage> frames;
  QVector<QImage> baseline;  // written beside as NAME.baseline.EXT when not empty
  double fps = 8.0;
  QString metadata_json;
};
// Empty on success, else the reason (naming the file).
QString exportResultFiles(const ExportRequest& request);
